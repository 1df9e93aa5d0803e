"""The broker stopped and started (the launcher's stop and start) during a stream: the
worker reconnects by itself and nothing is lost.

The test runs its own broker, on free ports with its data in the test's tmp dir, so
that stopping it disturbs no other test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stancewire import topic_names
from stancewire.broker.launcher import LocalBroker
from stancewire.clients import ensure_topics
from tests.conftest import SettingsFactory
from tests.kafka_helpers import produce_json, wait_for
from tests.tables_helpers import table_totals
from tests.test_faults.probes import output_count, short_articles, wait_accounted
from tests.test_topology import assert_tables_match_topics

pytestmark = [pytest.mark.faults, pytest.mark.kafka]

BEFORE, AFTER = 400, 100


def test_broker_restart_mid_stream_loses_nothing(own_broker: LocalBroker,
                                                 make_settings: SettingsFactory,
                                                 start_worker, shared_data: Path,
                                                 report_scenario):
    settings = make_settings(bootstrap=own_broker.settings.bootstrap,
                             processing_guarantee="exactly_once")
    ensure_topics(settings)
    articles = short_articles(shared_data, BEFORE + AFTER)
    worker = start_worker(settings, STANCEWIRE_BATCH_SIZE="16")
    worker.wait_ready()
    produce_json(settings, topic_names.ARTICLES, articles[:BEFORE])
    wait_for(lambda: output_count(settings) >= BEFORE // 4, timeout=300,
             what="the stream under way", interval=0.2)
    own_broker.stop()
    assert worker.alive(), worker.tail()
    own_broker.start(timeout=180)
    produce_json(settings, topic_names.ARTICLES, articles[BEFORE:])
    report = wait_accounted(settings, timeout=600)
    report_scenario(f"broker restart: {report.summary()}")
    assert worker.alive(), worker.tail()
    assert (report.inputs, report.enriched, report.missing) == (BEFORE + AFTER,
                                                                 BEFORE + AFTER, [])
    try:
        counts = assert_tables_match_topics(settings)
    except AssertionError as exc:
        # the worker's own account, less the lines of the broker's absence
        lines = [line for line in worker.log.read_text(errors="replace").splitlines()
                 if "Unable connect" not in line and "Unable to update metadata" not in line]
        raise AssertionError(f"{exc}\nworker log:\n" + "\n".join(lines[-150:])) from None
    report_scenario(f"broker restart: {table_totals(counts)}")
