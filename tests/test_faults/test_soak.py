"""Soak: 10 minutes at 70% of the measured maximum throughput, printing RSS drift, lag
and the audit. Marked ``soak``: it runs only with ``-m soak``
(``pytest -m soak -s tests/test_faults/test_soak.py``)."""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import pytest

from stancewire import topic_names
from stancewire.clients import make_producer
from stancewire.settings import Settings
from tests.kafka_helpers import produce_json
from tests.test_faults.probes import input_lag, short_articles, tree_rss, wait_accounted

pytestmark = [pytest.mark.faults, pytest.mark.kafka]

SOAK_SECONDS = 600
LOAD = 0.7
PROBE_ARTICLES = 1_000
REPORT_EVERY = 30.0
#: RSS may grow this much over the soak (caches filling) before it counts as a leak.
RSS_DRIFT_BOUND = 0.25


@pytest.mark.soak
def test_soak_at_70_percent_of_max_throughput(settings: Settings, start_worker,
                                              shared_data: Path):
    worker = start_worker(settings)
    worker.wait_ready()
    began = time.monotonic()
    produce_json(settings, topic_names.ARTICLES, short_articles(shared_data, PROBE_ARTICLES,
                                                          tag="probe-"))
    wait_accounted(settings, timeout=900)
    rate = LOAD * PROBE_ARTICLES / (time.monotonic() - began)
    print(f"\nmax ~{PROBE_ARTICLES / (time.monotonic() - began):.1f} articles/s; "
          f"soaking at {rate:.1f}/s for {SOAK_SECONDS} s")
    articles = short_articles(shared_data, int(rate * SOAK_SECONDS) + 1, tag="soak-")
    producer = make_producer(settings)
    baseline = tree_rss(worker.process.pid)
    start = time.monotonic()
    sent = 0
    next_report = start + REPORT_EVERY
    while (now := time.monotonic()) - start < SOAK_SECONDS:
        due = min(int((now - start) * rate), len(articles))
        for article in articles[sent:due]:
            producer.send(settings.topic(topic_names.ARTICLES), key=article["id"].encode(),
                          value=orjson.dumps(article))
        sent = due
        if now >= next_report:
            rss = tree_rss(worker.process.pid)
            print(f"{now - start:5.0f} s  sent {sent:6d}  RSS {rss >> 20} MiB "
                  f"(drift {100 * (rss - baseline) / baseline:+.1f}%)  lag {input_lag(settings)}")
            next_report += REPORT_EVERY
        time.sleep(0.1)
    producer.flush()
    producer.close()
    report = wait_accounted(settings, timeout=900)
    drift = (tree_rss(worker.process.pid) - baseline) / baseline
    print(f"audit: {report.summary()}; RSS drift {100 * drift:+.1f}%")
    assert worker.alive(), worker.tail()
    assert not report.missing
    assert drift < RSS_DRIFT_BOUND
