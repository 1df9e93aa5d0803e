"""The consumer's commit bookkeeping: what may be committed, from what was processed.

Faust 0.15.3 committed over an unprocessed record right after the committed
offset and over anything when it had no committed offset; these cases lost
articles in the fault tests (docs/reliability.md, bug 3). The broker-level
proof is in tests/test_faults and tests/test_topology.py.
"""

from __future__ import annotations

from collections import defaultdict

from faust.types import TP
from intervaltree import IntervalTree

from stancewire.consumer import Consumer

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
