"""A worker that SIGKILLs itself at each named fail point of the commit path.

Deterministic where a kill from outside is luck of timing: each restart
starts with its table store deleted, so the tables come from the changelogs
alone (read committed), and must equal the counts the fan-out topics imply,
with every article on ``articles.enriched`` exactly once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stancewire import topic_names
from stancewire.checkpoint.failpoints import NAMES
from stancewire.clients import ensure_topics
from tests.conftest import SettingsFactory
from tests.kafka_helpers import produce_json
from tests.tables_helpers import table_totals
from tests.test_faults.probes import short_articles, wait_accounted
from tests.test_topology import assert_tables_match_topics

pytestmark = [pytest.mark.faults, pytest.mark.kafka]

ARTICLES = 200
# The visit a fail point fires on. Mid-batch: the third batch, so two are committed
# before. A commit point counts only commits covering table writes, and how many
# there are depends on the machine's speed (one per 2.8 s commit interval): the first.
VISIT = {"mid-batch": 3, "before-commit": 1, "after-commit": 1}


@pytest.mark.parametrize("failpoint", NAMES)
def test_a_kill_at_each_fail_point_leaves_exact_topics_and_tables(
        make_settings: SettingsFactory, start_worker, shared_data: Path, failpoint: str,
        report_scenario):
    settings = make_settings(processing_guarantee="exactly_once")
    ensure_topics(settings)
    armed = start_worker(settings, STANCEWIRE_BATCH_SIZE="8",
                         STANCEWIRE_TEST_FAILPOINT=f"{failpoint}:{VISIT[failpoint]}")
    armed.wait_ready()
    produce_json(settings, topic_names.ARTICLES, short_articles(shared_data, ARTICLES))
    assert armed.process.wait(300) == -9, armed.tail()  # it killed itself, at the point
    shutil.rmtree(armed.home / "worker", ignore_errors=True)  # recovery from changelogs only
    worker = start_worker(settings, STANCEWIRE_BATCH_SIZE="8")
    report = wait_accounted(settings, timeout=300)
    report_scenario(f"fail point {failpoint}: {report.summary()}")
    assert worker.alive(), worker.tail()
    assert (report.inputs, report.enriched, report.dead_letters, report.missing,
            report.duplicated) == (ARTICLES, ARTICLES, 0, [], {})
    report_scenario(f"fail point {failpoint}: {table_totals(assert_tables_match_topics(settings))}")
