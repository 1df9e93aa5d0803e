"""Throughput of ``stancewire produce`` and ``subscribe`` on the BBC articles.

Run: ``STANCEWIRE_BOOTSTRAP=127.0.0.1:9092 .venv/bin/python -m tests.test_cli.bench_cli``
(``--copies N`` repeats the 1,500 articles N times). Prints articles/s for the
library loop and for the whole command (process start included), then
events/s for subscribe on enriched-shaped events built from the same texts.
Uses its own topic prefix and deletes its topics afterwards.
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
from stancewire.cli.inputs import read_inputs
from stancewire.cli.produce import PRODUCER_OPTIONS, produce_articles
from stancewire.cli.render import render_json
from stancewire.cli.subscribe import open_consumer, read_events
from stancewire.clients import ensure_topics, make_admin, make_producer
from stancewire.settings import Settings
from stancewire.topic_names import ARTICLES, ENRICHED
from tests.kafka_helpers import produce
from tests.test_cli.events import enriched, entity, quote, stance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    copies = parser.parse_args().copies
    base = Settings.from_env()
    settings = base.with_(topic_prefix=f"bench-{uuid.uuid4().hex[:8]}.")
    source = _resolve(base.shared_data) / "news" / "bbc_articles.jsonl"
    ensure_topics(settings)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            jsonl = Path(tmp) / "bbc.jsonl"
            jsonl.write_bytes(source.read_bytes() * copies)
            count = 1500 * copies
            _bench_produce(settings, jsonl, count)
            _bench_subscribe(settings, source, count)
    finally:
        admin = make_admin(settings)
        admin.delete_topics([settings.topic(name) for name in topic_names.ALL])
        admin.close()


def _bench_produce(settings: Settings, jsonl: Path, count: int) -> None:
    lines = jsonl.read_bytes().splitlines()
    producer = make_producer(settings, **PRODUCER_OPTIONS)
    producer.send(settings.topic(ARTICLES), b"{}").get(timeout=10)
    started = time.perf_counter()
    for number, line in enumerate(lines):
        producer.send(settings.topic(ARTICLES), line, key=str(number).encode())
    producer.flush()
    seconds = time.perf_counter() - started
    producer.close()
    print(f"kafka-python alone (records ready, no reading or validation): "
          f"{len(lines) / seconds:,.0f} records/s")
    summary = produce_articles(settings, read_inputs([jsonl]))
    assert summary.sent == count, summary
    print(f"produce (library): {summary.sent:,} articles, {summary.bytes / 1e6:.1f} MB in "
          f"{summary.seconds:.2f} s = {summary.articles_per_second:,.0f} articles/s")
    seconds = _timed_cli(settings, ["produce", str(jsonl)])
    print(f"produce (command, startup included): {count / seconds:,.0f} articles/s "
          f"({seconds:.2f} s)")


def _bench_subscribe(settings: Settings, source: Path, count: int) -> None:
    articles = [orjson.loads(line) for line in source.read_bytes().splitlines()]
    template = [(a, _enriched_like(a)) for a in articles]
    produce(settings, ENRICHED, ((f"{a['id']}-{n}".encode(), event)
                                 for n in range(count // len(articles))
                                 for a, event in template))
    consumer = open_consumer(settings, settings.topic(ENRICHED), from_beginning=True, group=None)
    started = time.perf_counter()
    size = shown = 0
    for batch in read_events(consumer, max_events=count):
        for event in batch:
            size += len(render_json(event))
        shown += len(batch)
    seconds = time.perf_counter() - started
    consumer.close()
    print(f"subscribe (library, json): {shown:,} events, {size / 1e6:.1f} MB in {seconds:.2f} s "
          f"= {shown / seconds:,.0f} events/s")
    seconds = _timed_cli(settings, ["subscribe", "--from-beginning", "--max", str(count),
                                    "--format", "json"])
    print(f"subscribe (command, startup included): {count / seconds:,.0f} events/s "
          f"({seconds:.2f} s)")


def _enriched_like(article: dict[str, str]) -> bytes:
    event = enriched(article["id"], article["title"], source="BBC",
                     entities=[entity("NATO", "ORG", "the Atlantic Alliance"),
                               entity("Turkey", "GPE", "Ankara"), entity("Ana Example", "PERSON")],
                     quotes=[quote("We will keep talking", "Ana Example")] * 3,
                     stances=[stance("Turkey", "oppose", "the accession")] * 2)
    event["text"] = article["text"]
    return orjson.dumps(event)


def _timed_cli(settings: Settings, args: list[str]) -> float:
    env = {**os.environ, "STANCEWIRE_TOPIC_PREFIX": settings.topic_prefix,
           "STANCEWIRE_BOOTSTRAP": settings.bootstrap}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "stancewire.cli.main", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _resolve(path: Path) -> Path:
    return path if path.is_absolute() else (Path(__file__).resolve().parents[2] / path).resolve()


if __name__ == "__main__":
    main()
