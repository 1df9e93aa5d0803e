"""The fault suite: every test here is marked ``faults`` and ``kafka``; ``soak`` tests run
only when asked for with ``-m soak``."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    asked_for_soak = "soak" in (config.getoption("markexpr") or "").replace("not soak", "")
    for item in items:
        if "test_faults" not in item.nodeid:
            continue
        item.add_marker(pytest.mark.faults)
        item.add_marker(pytest.mark.kafka)
        if item.get_closest_marker("soak") and not asked_for_soak:
            item.add_marker(pytest.mark.skip(reason="soak test: run it with -m soak"))
