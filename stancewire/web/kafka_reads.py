"""Reads the web view makes from Kafka itself: the newest records of a topic and the group lag.

Topics hold what no table does (quote texts, dead letters, article titles),
and every worker can read every partition of a topic, so these answers are
right on any worker without asking the others. One consumer (no group, no
commits, read_committed) and one admin client per worker are started on
first use and reused; answers are cached for ``ttl`` seconds so that many
open dashboards cost the broker no more than one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.partitioner import DefaultPartitioner

T = TypeVar("T")

#: How long one read may take before it answers with what it has.
READ_TIMEOUT = 3.0


class TopicRecord(NamedTuple):
    """One record of a topic, as read."""

    partition: int
    offset: int
    timestamp: float  # seconds
    key: bytes | None
    value: bytes | None


class KafkaReads:
    """Tails of ``topics`` and their consumer lag, over clients started on first use.

    The consumer keeps every partition of ``topics`` assigned and paused, so
    that their metadata stays known (a new assignment waits for a metadata
    round, ~0.5 s); a read resumes the partitions it needs, seeks and reads.
    """

    def __init__(self, *, bootstrap: Sequence[str], auth: Mapping[str, Any],
                 topics: Sequence[str], ttl: float = 1.0) -> None:
        self._config: dict[str, Any] = {"bootstrap_servers": list(bootstrap), **auth}
        self._topics = list(topics)
        self._ttl = ttl
        self._lock = asyncio.Lock()
        self._consumer: AIOKafkaConsumer | None = None
        self._admin: AIOKafkaAdminClient | None = None
        self._cache: dict[tuple[Any, ...], tuple[float, Any]] = {}

    async def latest(self, topic: str, limit: int, *, key: str | None = None,
                     scan: int = 1000) -> list[TopicRecord]:
        """The newest ``limit`` records of ``topic`` (one of ``topics``), newest first.

        With ``key``, only records with that key, among the last ``scan``
        records of the partition the key hashes to.
        """
        return await self._cached(("latest", topic, limit, key, scan),
                                  lambda: self._latest(topic, limit, key, scan))

    async def lag(self, group: str) -> dict[str, int]:
        """Records of each of ``topics`` that ``group`` has not committed yet."""
        return await self._cached(("lag", group), lambda: self._lag(group))

    async def close(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()
        if self._admin is not None:
            await self._admin.close()
        self._consumer = self._admin = None

    async def _cached(self, key: tuple[Any, ...], read: Callable[[], Awaitable[T]]) -> T:
        async with self._lock:  # one read at a time: they share the consumer
            hit = self._cache.get(key)
            if hit is not None and time.monotonic() - hit[0] < self._ttl:
                answer: T = hit[1]
                return answer
            answer = await read()
            self._cache[key] = (time.monotonic(), answer)
            return answer

    async def _assigned(self) -> tuple[AIOKafkaConsumer, AIOKafkaAdminClient,
                                       list[TopicPartition]]:
        """The started clients and every partition of ``topics`` (assigned, paused)."""
        if self._consumer is None or self._admin is None:
            consumer = AIOKafkaConsumer(enable_auto_commit=False,
                                        isolation_level="read_committed", **self._config)
            admin = AIOKafkaAdminClient(**self._config)
            await consumer.start()
            await admin.start()
            self._consumer, self._admin = consumer, admin
        described = await self._admin.describe_topics(self._topics)
        partitions = sorted(TopicPartition(topic["topic"], partition["partition"])
                            for topic in described if not topic["error_code"]
                            for partition in topic["partitions"])
        if set(partitions) != self._consumer.assignment():  # first use, or partitions added
            self._consumer.assign(partitions)
            self._consumer.pause(*partitions)
        return self._consumer, self._admin, partitions

    async def _latest(self, topic: str, limit: int, key: str | None,
                      scan: int) -> list[TopicRecord]:
        consumer, _, assigned = await self._assigned()
        partitions = [tp for tp in assigned if tp.topic == topic]
        if not partitions:
            return []
        wanted = key.encode() if key is not None else None
        if wanted is not None:
            chosen = DefaultPartitioner()(wanted, [tp.partition for tp in partitions], [])
            partitions = [TopicPartition(topic, chosen)]
        depth = scan if wanted is not None else limit
        starts = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
        for tp in partitions:
            consumer.seek(tp, max(starts[tp], ends[tp] - depth))
        consumer.resume(*partitions)
        try:
            records = await _read_until(consumer, ends)
        finally:
            consumer.pause(*partitions)
        if wanted is not None:
            records = [record for record in records if record.key == wanted]
        records.sort(key=lambda record: (record.timestamp, record.offset), reverse=True)
        return records[:limit]

    async def _lag(self, group: str) -> dict[str, int]:
        consumer, admin, partitions = await self._assigned()
        lag = dict.fromkeys(self._topics, 0)
        if not partitions:
            return lag
        committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
        starts = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
        for tp in partitions:
            done = committed.get(tp)
            position = done.offset if done is not None and done.offset >= 0 else starts[tp]
            lag[tp.topic] += max(0, ends[tp] - position)
        return lag


async def _read_until(consumer: AIOKafkaConsumer,
                      ends: Mapping[TopicPartition, int]) -> list[TopicRecord]:
    """Read the assigned partitions from their positions up to ``ends``."""
    records: list[TopicRecord] = []
    deadline = time.monotonic() + READ_TIMEOUT
    pending = {tp for tp, end in ends.items() if await consumer.position(tp) < end}
    while pending and time.monotonic() < deadline:
        batches = await consumer.getmany(*pending, timeout_ms=100)
        for tp, batch in batches.items():
            records.extend(TopicRecord(tp.partition, record.offset, record.timestamp / 1000,
                                       record.key, record.value)
                           for record in batch if record.offset < ends[tp])
        pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
    return records
