"""Training: fitting the shipped models from the gold data sets (the worker only predicts)."""
