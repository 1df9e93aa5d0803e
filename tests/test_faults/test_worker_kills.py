"""A worker SIGKILLed at three points of a 1,000-article stream, restarted each time."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import psutil
import pytest

from stancewire import topic_names
from stancewire.clients import ensure_topics
from tests.conftest import SettingsFactory
from tests.kafka_helpers import produce_json, wait_for
from tests.tables_helpers import table_totals
from tests.test_faults.probes import output_count, short_articles, wait_accounted
from tests.test_topology import assert_tables_match_topics

pytestmark = [pytest.mark.faults, pytest.mark.kafka]

ARTICLES = 1_000
#: Outputs seen before each kill: early (first batches), mid-stream, near the end.
KILL_POINTS = (60, 450, 850)


@pytest.mark.parametrize(("guarantee", "fresh_tables"), [
    ("exactly_once", False), ("exactly_once", True), ("at_least_once", False)])
def test_sigkill_at_three_points_loses_nothing(make_settings: SettingsFactory, start_worker,
                                               shared_data: Path, guarantee: str,
                                               fresh_tables: bool, report_scenario):
    settings = make_settings(processing_guarantee=guarantee)
    ensure_topics(settings)
    worker = start_worker(settings, STANCEWIRE_BATCH_SIZE="16")
    worker.wait_ready()
    produce_json(settings, topic_names.ARTICLES, short_articles(shared_data, ARTICLES))
    for point in KILL_POINTS:
        wait_for(lambda point=point: output_count(settings) >= point, timeout=300,
                 what=f"{point} outputs before the kill", interval=0.2)
        worker.kill()
        if fresh_tables:  # a restart on another machine: the tables come from changelogs alone
            shutil.rmtree(worker.home / "worker", ignore_errors=True)
        # else the same data dir: a restart on the same machine, RocksDB as the kill left it
        worker = start_worker(settings, STANCEWIRE_BATCH_SIZE="16")
    report = wait_accounted(settings, timeout=600, allow_duplicates=guarantee != "exactly_once")
    scenario = f"kill x3 {guarantee}{', fresh tables' if fresh_tables else ''}"
    report_scenario(f"{scenario}: {report.summary()}")
    assert worker.alive(), worker.tail()
    assert (report.inputs, report.dead_letters, report.missing) == (ARTICLES, 0, [])
    if guarantee == "exactly_once":
        assert report.duplicated == {}
        report_scenario(f"{scenario}: {table_totals(assert_tables_match_topics(settings))}")


def test_sigkill_of_the_main_process_alone_leaves_no_process_behind(
        make_settings: SettingsFactory, start_worker):
    # As the OOM killer or `kill -9 PID` does: the signal reaches the worker alone.
    settings = make_settings()
    ensure_topics(settings)
    worker = start_worker(settings)
    worker.wait_ready()
    family = psutil.Process(worker.process.pid).children(recursive=True)
    assert len(family) >= 2, "expected the forkserver and an NLP process"
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.wait(10)
    _, alive = psutil.wait_procs(family, timeout=10)
    assert alive == [], [process.cmdline() for process in alive]
