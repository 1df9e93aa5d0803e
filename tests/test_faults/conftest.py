"""The fault suite (marked ``faults`` and ``kafka``). ``soak`` tests are skipped unless
asked for with ``-m soak``: they run for many minutes."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    asked_for_soak = "soak" in (config.getoption("markexpr") or "").replace("not soak", "")
    for item in items:
        if item.get_closest_marker("soak") and not asked_for_soak:
            item.add_marker(pytest.mark.skip(reason="soak test: run it with -m soak"))
