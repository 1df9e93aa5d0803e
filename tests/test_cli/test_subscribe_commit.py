"""The last commit of ``stancewire subscribe --group`` waits out a rebalance.

A consumer whose commit meets a rebalance has to poll until the group settles,
which lasts until a member that went away silently times out. These tests
drive the retry with a consumer that refuses a given number of commits; the
commits themselves are tested against the real broker in
``test_subscribe_cli.py``.
"""

from __future__ import annotations

import pytest
from kafka.errors import RebalanceInProgressError
from kafka.structs import OffsetAndMetadata, TopicPartition

from stancewire.cli import subscribe

OFFSETS = {TopicPartition("enriched", 0): OffsetAndMetadata(3, "", -1)}


class RebalancingConsumer:
    """Refuses the first ``refusals`` commits as a broker does mid-rebalance."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.polls = 0
        self.committed: list[dict[TopicPartition, OffsetAndMetadata]] = []

    def commit(self, offsets: dict[TopicPartition, OffsetAndMetadata]) -> None:
        if self.refusals:
            self.refusals -= 1
            raise RebalanceInProgressError("the group is rebalancing")
        self.committed.append(offsets)

    def poll(self, timeout_ms: int, max_records: int) -> dict[TopicPartition, list[object]]:
        self.polls += 1
        return {}


def test_the_commit_waits_for_a_rebalance_longer_than_a_few_polls() -> None:
    # ten refusals, ten polls of up to a second each: a rebalance of several seconds
    consumer = RebalancingConsumer(refusals=10)
    subscribe._commit(consumer, OFFSETS)  # type: ignore[arg-type]
    assert consumer.committed == [OFFSETS] and consumer.polls == 10


def test_a_rebalance_that_never_ends_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subscribe, "_COMMIT_SECONDS", 0.0)
    consumer = RebalancingConsumer(refusals=1_000)
    with pytest.raises(RebalanceInProgressError):
        subscribe._commit(consumer, OFFSETS)  # type: ignore[arg-type]
    assert consumer.committed == []
