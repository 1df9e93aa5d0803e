"""Table recovery that finishes on changelogs written in either processing mode."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from stancewire import topic_names
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
