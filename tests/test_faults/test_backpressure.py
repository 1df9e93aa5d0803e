"""Backpressure: 5,000 articles produced at once. The worker's memory (its process and
its NLP processes) stays under a stated bound and the lag drains."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from stancewire import topic_names
from stancewire.settings import Settings
from tests.kafka_helpers import produce_json
from tests.test_faults.probes import input_lag, short_articles, tree_rss, wait_accounted

pytestmark = [pytest.mark.faults, pytest.mark.kafka]

ARTICLES = 5_000
#: The stated bound: the Faust worker, the forkserver and one NLP process together
#: (about 350 MiB at rest, 375 MiB at the peak measured; see docs/reliability.md).
RSS_BOUND = 800 * 1024 * 1024


def test_5000_articles_at_once_memory_bounded_and_lag_drains(settings: Settings, start_worker,
                                                             shared_data: Path,
                                                             report_scenario):
    worker = start_worker(settings)
    worker.wait_ready()
    at_rest = tree_rss(worker.process.pid)
    peak = at_rest
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.5):
            peak = max(peak, tree_rss(worker.process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        produce_json(settings, topic_names.ARTICLES, short_articles(shared_data, ARTICLES))
        lag_after_produce = input_lag(settings)
        report = wait_accounted(settings, timeout=900)
    finally:
        done.set()
        sampler.join()
    report_scenario(f"backpressure: {report.summary()}; RSS at rest {at_rest >> 20} MiB, "
                    f"peak {peak >> 20} MiB; lag after producing {lag_after_produce}")
    assert worker.alive(), worker.tail()
    assert (report.inputs, report.enriched, report.missing) == (ARTICLES, ARTICLES, [])
    assert lag_after_produce > 0  # the load did queue up, so the drain was tested
    assert peak < RSS_BOUND, f"peak RSS {peak >> 20} MiB"
