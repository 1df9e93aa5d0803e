"""The consumer's bookkeeping: what may be committed, and where a seek goes back to.

Faust 0.15.3 committed over an unprocessed record right after the committed
offset and over anything when it had no committed offset; these cases lost
articles in the fault tests (docs/reliability.md, bug 3). Its seek left a
partition without a commit where the fetcher was, past records it had
dropped: the partition stalled (bug 5). The proof with workers is in
tests/test_faults and tests/test_topology.py.
"""

from __future__ import annotations

import time
from collections import defaultdict

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from faust.types import TP
from intervaltree import IntervalTree

from stancewire.checkpoint.consumer import Consumer
from stancewire.settings import Settings
from tests.kafka_helpers import produce

PARTITION = TP("articles", 0)


def bookkeeping(committed: int | None, acked: list[int],
                gaps: tuple[tuple[int, int], ...] = ()) -> Consumer:
    """A consumer holding only the state ``_new_offset`` reads."""
    consumer = Consumer.__new__(Consumer)
    consumer._committed_offset = defaultdict(lambda: None)
    if committed is not None:
        consumer._committed_offset[PARTITION] = committed
    consumer._acked = defaultdict(list, {PARTITION: list(acked)})
    consumer._acked_index = defaultdict(set, {PARTITION: set(acked)})
    consumer._gap = defaultdict(IntervalTree)
    for begin, end in gaps:
        consumer._gap[PARTITION].addi(begin, end)
    return consumer


def test_the_run_from_the_committed_offset_is_committed() -> None:
    consumer = bookkeeping(10, [12, 10, 11])
    assert consumer._new_offset(PARTITION) == 13
    assert consumer._acked[PARTITION] == []


def test_an_unprocessed_record_right_after_the_committed_offset_holds_the_commit() -> None:
    # Faust committed 13 here: offset 10 was never processed
    consumer = bookkeeping(10, [11, 12])
    assert consumer._new_offset(PARTITION) is None
    consumer._acked[PARTITION].append(10)
    assert consumer._new_offset(PARTITION) == 13


def test_nothing_is_committed_without_a_known_position() -> None:
    assert bookkeeping(None, [3, 4, 5])._new_offset(PARTITION) is None


def test_a_hole_in_the_middle_stops_the_commit_there() -> None:
    consumer = bookkeeping(0, [0, 1, 2, 4, 5])
    assert consumer._new_offset(PARTITION) == 3
    assert consumer._acked[PARTITION] == [4, 5]


def test_offsets_without_records_are_passed_over() -> None:
    # a transaction marker at 10, and at 13-14 an aborted transaction
    consumer = bookkeeping(10, [11, 12, 15], gaps=((10, 11), (13, 15)))
    assert consumer._new_offset(PARTITION) == 16


def test_acknowledgements_below_the_committed_offset_are_dropped() -> None:
    consumer = bookkeeping(20, [18, 19, 20, 21])
    assert consumer._new_offset(PARTITION) == 22
    assert consumer._acked[PARTITION] == []


async def fetch_to_end(consumer: AIOKafkaConsumer, partitions: list[TopicPartition]
                       ) -> list[tuple[int, int]]:
    """(partition, offset) of every record from the consumer's positions to the end."""
    end = await consumer.end_offsets(partitions)
    fetched: list[tuple[int, int]] = []
    deadline = time.monotonic() + 60
    while [tp for tp in partitions if await consumer.position(tp) < end[tp]]:
        assert time.monotonic() < deadline, f"stuck before the end offsets {end}"
        batches = await consumer.getmany(*partitions, timeout_ms=500)
        fetched += [(r.partition, r.offset) for records in batches.values() for r in records]
    return sorted(fetched)


@pytest.mark.kafka
async def test_the_seek_goes_back_on_every_partition_committed_or_not(settings: Settings) -> None:
    """Records fetched past come again after the seek: from the commit, or the earliest offset."""
    produce(settings, "articles", ((str(n).encode(), b"{}") for n in range(60)))
    topic = settings.topic("articles")
    partitions = [TopicPartition(topic, p) for p in range(settings.partitions)]
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap, group_id=settings.app_id,
                                enable_auto_commit=False, auto_offset_reset="earliest")
    await consumer.start()
    try:
        consumer.assign(partitions)
        everything = await fetch_to_end(consumer, partitions)
        await consumer.commit({partitions[0]: 3, partitions[1]: 0})
        bases = await Consumer._seek_to_bases(consumer, [TP(*tp) for tp in partitions])
        again = await fetch_to_end(consumer, partitions)
    finally:
        await consumer.stop()
    assert bases == {partitions[0]: 3, **{tp: 0 for tp in partitions[1:]}}
    assert len(everything) == 60
    assert again == [(p, offset) for p, offset in everything if p != 0 or offset >= 3]
