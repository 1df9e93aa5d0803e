"""The fault suite (marked ``faults`` and ``kafka``). ``soak`` tests are skipped unless
asked for with ``-m soak``: they run for many minutes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from stancewire.broker.launcher import LocalBroker
from stancewire.settings import Settings
from stancewire.workers import free_port

_SCENARIOS = pytest.StashKey[list[str]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    asked_for_soak = "soak" in (config.getoption("markexpr") or "").replace("not soak", "")
    for item in items:
        if item.get_closest_marker("soak") and not asked_for_soak:
            item.add_marker(pytest.mark.skip(reason="soak test: run it with -m soak"))


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[LocalBroker]:
    """A broker of the test's own, on free ports with its data in the test's tmp dir."""
    broker = LocalBroker(Settings.from_env(bootstrap=f"127.0.0.1:{free_port(pair=True)}",
                                           data_dir=tmp_path / "kafka"))
    broker.start(timeout=180)
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def report_scenario(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Records a scenario's figures for the run's summary: a passing test's own output is
    not shown, and the figures (in, enriched, dead letters, lost, duplicated, tables) are
    what a run of the suite is for."""
    return request.config.stash.setdefault(_SCENARIOS, []).append


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter,
                            config: pytest.Config) -> None:
    if lines := config.stash.get(_SCENARIOS, []):
        terminalreporter.section("fault scenarios")
        for line in lines:
            terminalreporter.write_line(line)
