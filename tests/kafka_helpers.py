"""Produce to and read from the test broker with kafka-python (a client the worker does not use).

Every record read from one of our output topics is validated against its
event's JSON Schema, so that each end-to-end and fault test checks the
published schemas on what it sees.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable
from typing import Any

import orjson
from jsonschema import Draft202012Validator
from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from stancewire.clients import make_consumer, make_producer
from stancewire.schemas import json_schema, schema_of_topic
from stancewire.settings import Settings
from stancewire.topic_names import ARTICLES


def produce(settings: Settings, topic: str, records: Iterable[tuple[bytes | None, bytes | None]]
            ) -> int:
    """Send (key, value) pairs to ``topic`` (unprefixed name); return how many."""
    producer = make_producer(settings)
    count = 0
    for key, value in records:
        producer.send(settings.topic(topic), key=key, value=value)
        count += 1
    producer.flush()
    producer.close()
    return count


def produce_json(settings: Settings, topic: str, articles: Iterable[dict[str, Any]]) -> int:
    return produce(settings, topic, ((str(a["id"]).encode() if "id" in a else None,
                                      orjson.dumps(a)) for a in articles))


def read_all(settings: Settings, topic: str) -> list[Any]:
    """Every record of ``topic`` up to its current end (read_committed)."""
    consumer = make_consumer(settings)
    name = settings.topic(topic)
    records = []
    try:
        partitions = _partitions(consumer, name)
        consumer.assign(partitions)
        consumer.seek_to_beginning()
        end = consumer.end_offsets(partitions)
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
    finally:
        consumer.close()
    check_schema(topic, records)
    return records


def end_offsets(settings: Settings, topic: str, *,
                isolation_level: str = "read_committed") -> dict[int, int]:
    """The current end offset of each partition of ``topic``: read_committed, the last
    stable offset (an open transaction holds it back); read_uncommitted, the log end."""
    consumer = make_consumer(settings, isolation_level=isolation_level)
    try:
        partitions = _partitions(consumer, settings.topic(topic))
        return {tp.partition: offset for tp, offset in consumer.end_offsets(partitions).items()}
    finally:
        consumer.close()


def _partitions(consumer: KafkaConsumer, name: str) -> list[TopicPartition]:
    # an empty answer is a metadata read that failed or is not done yet, or no such
    # topic: either way it must not be read as "no records"
    known = wait_for(lambda: consumer.partitions_for_topic(name), timeout=30,
                     what=f"the broker to know topic {name}")
    return [TopicPartition(name, p) for p in sorted(known)]


@functools.cache
def _validator(topic: str) -> Draft202012Validator | None:
    spec = schema_of_topic(topic)
    if spec is None or topic == ARTICLES:  # tests put bad input on the input topic on purpose
        return None
    return Draft202012Validator(json_schema(spec.name))


# (topic, partition, offset) of records already validated: polling loops read a topic often.
_checked: set[tuple[str, int, int]] = set()


def check_schema(topic: str, records: Iterable[ConsumerRecord]) -> None:
    """Fail when a record of ``topic`` (unprefixed) does not match its event's schema."""
    validator = _validator(topic)
    if validator is None:
        return
    for record in records:
        where = (record.topic, record.partition, record.offset)
        if where in _checked:
            continue
        error = next(validator.iter_errors(orjson.loads(record.value)), None)
        assert error is None, (f"{record.topic}[{record.partition}]@{record.offset} breaks "
                               f"{validator.schema['$id']}: {error.message} at {error.json_path}")
        _checked.add(where)


def wait_for(condition: Callable[[], Any], *, timeout: float, what: str,
             interval: float = 0.5) -> Any:
    """Poll ``condition`` until it returns something truthy; fail with ``what`` after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def wait_for_values(settings: Settings, topic: str, count: int, *, timeout: float
                    ) -> list[dict[str, Any]]:
    """Wait until ``topic`` holds at least ``count`` records; return their JSON values."""
    records = wait_for(lambda: (r if len(r := read_all(settings, topic)) >= count else None),
                       timeout=timeout, what=f"{count} records on {topic}", interval=1.0)
    return [orjson.loads(record.value) for record in records]
