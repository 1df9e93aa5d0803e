# One target per habit. `make demo` and `make test` do all set-up themselves.
VENV := .venv/bin

.PHONY: install demo test lint format faults

install:
	scripts/install.sh

demo: install
	$(VENV)/stancewire demo

test: install
	$(VENV)/pytest

lint:
	$(VENV)/ruff check .
	$(VENV)/mypy

format:
	$(VENV)/ruff format .
	$(VENV)/ruff check --fix .
