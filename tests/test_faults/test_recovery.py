"""Table recovery that finishes: changelogs of either processing mode, stale local state."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from stancewire import topic_names
from stancewire.broker.launcher import LocalBroker
from stancewire.clients import ensure_topics
from tests.conftest import SettingsFactory
from tests.kafka_helpers import produce_json, wait_for_values
from tests.test_faults.probes import short_articles

pytestmark = [pytest.mark.faults, pytest.mark.kafka]

FIRST, THEN = 40, 10


@pytest.mark.parametrize(("first", "then"), [("exactly_once", "at_least_once"),
                                             ("at_least_once", "exactly_once")])
def test_a_fresh_worker_recovers_changelogs_of_the_other_mode(
        make_settings: SettingsFactory, start_worker, shared_data: Path, first: str, then: str):
    settings = make_settings(processing_guarantee=first)
    ensure_topics(settings)
    worker = start_worker(settings, name="first")
    worker.wait_ready()
    produce_json(settings, topic_names.ARTICLES, short_articles(shared_data, FIRST))
    wait_for_values(settings, topic_names.ENRICHED, FIRST, timeout=300)
    worker.stop()
    # a new machine: a fresh data dir, so every table is recovered from its changelog
    switched = settings.with_(processing_guarantee=then)
    started = time.monotonic()
    worker = start_worker(switched, name="second")
    produce_json(switched, topic_names.ARTICLES,
                 short_articles(shared_data, THEN, tag="after-switch-"))
    events = wait_for_values(switched, topic_names.ENRICHED, FIRST + THEN, timeout=90)
    waited = time.monotonic() - started
    assert worker.alive(), worker.tail()
    assert b"Recovery complete" in worker.log.read_bytes(), worker.tail()
    assert sum(event["id"].startswith("after-switch-") for event in events) == THEN
    assert waited < 60, f"enriched events came {waited:.0f} s after the worker started"


def test_table_state_from_another_cluster_is_set_aside_and_rebuilt(
        own_broker: LocalBroker, make_settings: SettingsFactory, start_worker,
        shared_data: Path):
    settings = make_settings()
    ensure_topics(settings)
    worker = start_worker(settings, name="w")
    worker.wait_ready()
    produce_json(settings, topic_names.ARTICLES, short_articles(shared_data, FIRST))
    wait_for_values(settings, topic_names.ENRICHED, FIRST, timeout=300)
    worker.stop()
    # the same data dir, app id and topic names, on another cluster
    other = settings.with_(bootstrap=own_broker.settings.bootstrap)
    ensure_topics(other)
    started = time.monotonic()
    worker = start_worker(other, name="w")
    produce_json(other, topic_names.ARTICLES, short_articles(shared_data, THEN))
    wait_for_values(other, topic_names.ENRICHED, THEN, timeout=90)
    waited = time.monotonic() - started
    log = worker.log.read_text()
    assert worker.alive(), worker.tail()
    assert "local table state set aside in" in log and "built from cluster" in log, log
    assert "ConsistencyError" not in log
    assert any(p.name.startswith("worker.set-aside-") for p in worker.home.iterdir())
    assert waited < 60, f"enriched events came {waited:.0f} s after the worker started"
