"""Evaluation: readers of the gold data sets and pure scorers of the enrichment against them."""
