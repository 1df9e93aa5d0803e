"""Throughput of ``stancewire produce`` and ``stancewire subscribe`` on the BBC articles.

``python -m stancewire.bench.cli_throughput [--copies N]`` against the broker
at ``STANCEWIRE_BOOTSTRAP`` (``--copies`` repeats the 1,500 articles N times).
Prints records/s of plain kafka-python, then articles/s of the producing
library loop and of the whole command (process start included); then, on
real enriched events of the same texts, events/s of a plain kafka-python
consumer beside the ``subscribe`` command. Uses its own topic prefix and
deletes its topics afterwards.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson

from stancewire import topic_names
from stancewire.clients import ensure_topics, make_admin, make_consumer, make_producer
from stancewire.enrich import Enricher
from stancewire.inputs import read_inputs
from stancewire.models import Article, EnrichedArticle
from stancewire.producing import PRODUCER_OPTIONS, produce_articles
from stancewire.settings import Settings

_ENRICHED_SAMPLE = 50  # articles enriched for real; their events are repeated


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    copies = parser.parse_args().copies
    base = Settings.from_env()
    settings = base.with_(topic_prefix=f"bench-{uuid.uuid4().hex[:8]}.")
    source = base.shared_data.resolve() / "news" / "bbc_articles.jsonl"
    ensure_topics(settings)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            jsonl = Path(tmp) / "bbc.jsonl"
            jsonl.write_bytes(source.read_bytes() * copies)
            lines = jsonl.read_bytes().splitlines()
            _bench_produce(settings, jsonl, lines)
            _bench_subscribe(settings, lines)
    finally:
        admin = make_admin(settings)
        admin.delete_topics([settings.topic(name) for name in topic_names.ALL])
        admin.close()


def _bench_produce(settings: Settings, jsonl: Path, lines: list[bytes]) -> None:
    topic = settings.topic(topic_names.ARTICLES)
    producer = make_producer(settings, **PRODUCER_OPTIONS)
    producer.send(topic, b"{}").get(timeout=10)
    started = time.perf_counter()
    for number, line in enumerate(lines):
        producer.send(topic, line, key=str(number).encode())
    producer.flush()
    seconds = time.perf_counter() - started
    producer.close()
    print(f"kafka-python alone (records ready, no reading or validation): "
          f"{len(lines) / seconds:,.0f} records/s")
    summary = produce_articles(settings, read_inputs([jsonl]))
    if summary.sent != len(lines):
        raise SystemExit(f"produced {summary.sent} of {len(lines)} articles")
    print(f"produce (library): {summary.sent:,} articles, {summary.bytes / 1e6:.1f} MB in "
          f"{summary.seconds:.2f} s = {summary.articles_per_second:,.0f} articles/s")
    seconds = _timed_command(settings, ["produce", str(jsonl)])
    print(f"produce (command, startup included): {len(lines) / seconds:,.0f} articles/s "
          f"({seconds:.2f} s)")


def _bench_subscribe(settings: Settings, lines: list[bytes]) -> None:
    topic = settings.topic(topic_names.ENRICHED)
    rows = [orjson.loads(line) for line in lines[:_ENRICHED_SAMPLE]]
    sample = [Article(id=row["id"], title=row["title"], text=row["text"]) for row in rows]
    events = [result.dumps() for result in Enricher(settings).enrich_many(sample)
              if isinstance(result, EnrichedArticle)]
    producer = make_producer(settings, **PRODUCER_OPTIONS)
    for number in range(len(lines)):
        producer.send(topic, events[number % len(events)], key=str(number).encode())
    producer.flush()
    producer.close()
    consumer = make_consumer(settings, topic, auto_offset_reset="earliest")
    started, read = time.perf_counter(), 0
    while read < len(lines):
        read += sum(len(batch) for batch in consumer.poll(timeout_ms=1000).values())
    seconds = time.perf_counter() - started
    consumer.close()
    print(f"kafka-python alone (records as bytes): {read / seconds:,.0f} records/s")
    seconds = _timed_command(settings, ["subscribe", "--from-beginning", "--max",
                                        str(len(lines)), "--format", "json"])
    print(f"subscribe (command, json, startup included): {len(lines) / seconds:,.0f} events/s "
          f"({seconds:.2f} s)")


def _timed_command(settings: Settings, args: list[str]) -> float:
    env = {**os.environ, "STANCEWIRE_TOPIC_PREFIX": settings.topic_prefix,
           "STANCEWIRE_BOOTSTRAP": settings.bootstrap}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "stancewire.cli.main", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
