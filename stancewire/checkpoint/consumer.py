"""Faust's Kafka consumer with offset bookkeeping that loses nothing across rebalances.

Faust 0.15.3 commits, for each partition, the end of the run of acknowledged
offsets. Three things in its bookkeeping let that run jump over a record that
was never processed, and the record is then lost (docs/reliability.md):

1. ``_new_offset`` accepts a run that starts one offset after the committed
   one (room for a transaction marker, but it may be a record), and any run at
   all when it has no committed offset for the partition, which is the case
   after every revocation and for offset 0.
2. The fetch loop drops every record below the highest offset it delivered. A
   delivery that waits on a full stream buffer across a rebalance finishes
   after the seek back to the committed offset and moves that mark past
   records that are fetched again: they are dropped, never processed.
3. Revocation forgets the acknowledgements and committed offsets of the
   revoked partitions before the streams finish the events they hold, so
   what they finish then is committed against no known position.

And one thing duplicates articles: after a recovery Faust resumes the stream
partitions, then seeks them back to their committed offsets; what the streams
took in between comes again (in exactly-once, twice in the open transaction).
One loses table counts: in exactly-once, recovery takes the changelogs' end
offsets from the fetcher, which does not know them for a partition it has not
fetched yet, so a partition taken over in a failover was not recovered.
And one stalls a partition: the fetch reads Faust's live set of
active partitions, an emptied set is "all partitions" to aiokafka, records of
paused partitions are dropped, and the seek after recovery does not move a
partition that has no committed offset back to them.

This consumer keeps the bookkeeping exact instead:

- a commit covers the records from the committed position onwards that were
  processed, plus the offsets that hold no record for us (transaction
  markers, aborted or compacted records): the offsets passed over between a
  seek and the next record delivered, or between two records delivered;
- each fetch asks for the partitions active when it starts, and the seek
  after a recovery moves every stream partition (to its earliest offset when
  it has no commit);
- records aiokafka handed over before their partition's latest seek are not
  delivered (they are fetched again from the new position), stream partitions
  resumed after a recovery fetch nothing until they are sought, and the fetch
  loop's own high-water filter is switched off;
- on revocation the streams finish their events and what they finished is
  committed before the bookkeeping of the revoked partitions is dropped;
- a message a stream skipped during a rebalance is never counted as done;
- recovery reads each changelog up to its last record that a read delivers,
  from the end offsets the broker gives (a transaction marker at the end is
  no record to wait for).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from faust.transport.consumer import CONSUMER_PARTITIONS_REVOKED
from faust.transport.drivers import aiokafka
from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth, server_list
from faust.types import TP, Message
from faust.types.tuples import ack_lock
from faust.utils.functional import consecutive_numbers
from mode import Service
from mode.utils.futures import notify

# How far back from a changelog partition's end its last record is looked for,
# in offsets and in seconds for all partitions together.
_TAIL_OFFSETS = 500
_TAIL_SECONDS = 10.0
_KAFKA_PORT = 9092  # where a broker URL names none


class Consumer(aiokafka.Consumer):
    """``faust.transport.drivers.aiokafka.Consumer`` with exact offset bookkeeping."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._seeks = 0  # seeks so far, all partitions
        self._seek_number: dict[TP, int] = {}  # the number of each partition's latest seek
        self._seeks_before_fetch = 0  # seeks done when the records being delivered came
        self._expected: dict[TP, int] = {}  # next offset each partition should fetch
        self._resume_after_seek: set[TP] = set()  # stream partitions held until seek

    # -- seeks and deliveries ---------------------------------------------

    def _sought(self, offsets: Mapping[TP, int]) -> None:
        """Note where these partitions now fetch from."""
        self._seeks += 1
        for tp, offset in offsets.items():
            self._seek_number[tp] = self._seeks
            self._expected[tp] = offset

    async def seek(self, partition: TP, offset: int) -> None:
        await super().seek(partition, offset)
        self._sought({partition: offset})

    def resume_partitions(self, tps: Iterable[TP]) -> None:
        """Resume changelogs now, stream partitions only once they are sought.

        After recovery Faust resumes the stream partitions and then seeks them
        to their committed offsets; records fetched in between would reach
        the streams and be fetched again after the seek (exactly-once: their
        outputs twice in the open transaction).
        """
        tps = set(tps)
        streams = set(self._streams(tps))
        self._resume_after_seek.update(streams)
        super().resume_partitions(tps - streams)

    def _streams(self, tps: Iterable[TP]) -> list[TP]:
        """The partitions of ``tps`` that streams consume (acknowledged, committed)."""
        return [tp for tp in tps if self.app.topics.acks_enabled_for(tp.topic)]

    async def perform_seek(self) -> None:
        """Seek every stream partition to its committed offset, or its earliest without one.

        Faust's own seek leaves a partition without a commit (or with a commit
        of 0) where the fetcher is. Records fetched for a partition while it
        is paused are dropped by Faust's fetch loop, so such a partition never
        delivered them: it stalled, or lost them once later records came
        (docs/reliability.md).
        """
        thread = self._thread
        bases: dict[TP, int] = await thread.call_thread(
            self._seek_to_bases, thread._ensure_consumer(), self._streams(self.assignment()))
        # no await from here on: the fetches that return after the seeks are
        # delivered, the ones returned before are stale (see getmany)
        self._committed_offset.update(bases)
        self._sought(bases)
        held, self._resume_after_seek = self._resume_after_seek, set()
        super().resume_partitions(held)

    @staticmethod
    async def _seek_to_bases(consumer: AIOKafkaConsumer, partitions: list[TP]) -> dict[TP, int]:
        """In the consumer thread: seek ``partitions`` to their committed or earliest offsets."""
        committed = await asyncio.gather(*map(consumer.committed, partitions))
        bases = {tp: offset for tp, offset in zip(partitions, committed, strict=True) if offset}
        unknown = [tp for tp in partitions if tp not in bases]
        if unknown:
            bases.update(await consumer.beginning_offsets(unknown))
        for tp, offset in bases.items():
            consumer.seek(tp, offset)
        return bases

    async def _getmany(self, active_partitions: set[TP] | None, timeout: float) -> Any:
        # aiokafka reads the set during the whole wait, and an empty one as
        # "every partition": a set emptied by a pause meanwhile fetched all
        # assigned partitions, records Faust's fetch loop then dropped
        frozen = None if active_partitions is None else set(active_partitions)
        return await super()._getmany(frozen, timeout)

    async def _wait_next_records(self, timeout: float) -> Any:
        # aiokafka hands over only records that match the positions at this
        # moment; a later seek makes the rest of them stale
        records = await super()._wait_next_records(timeout)
        self._seeks_before_fetch = self._seeks
        return records

    async def getmany(self, timeout: float) -> AsyncIterator[tuple[TP, Message]]:
        async for tp, message in super().getmany(timeout):
            if self._seek_number.get(tp, 0) > self._seeks_before_fetch:
                continue  # fetched before the seek: it comes again from the new position
            offset = message.offset
            expected = self._expected.get(tp)
            if expected is not None and offset > expected:
                # no record for us in between: markers, aborted or compacted records
                self._gap[tp].addi(expected, offset)
            self._expected[tp] = offset + 1
            yield tp, message
            # Faust's fetch loop drops records below the highest offset it
            # delivered, a mark that a delivery across a rebalance moves too
            # far; deliveries are exact here, so the mark is not needed
            self._read_offset.pop(tp, None)

    async def highwaters(self, *partitions: TP) -> Mapping[TP, int]:
        """One past the last record a read of each partition delivers, asked of the broker.

        Faust recovers a changelog partition until it has applied the record
        at ``highwater - 1``. In exactly-once it reads the fetcher's last
        stable offsets, unknown (-1) for a partition this consumer has not
        fetched yet: the recovery of a table partition taken over in a
        failover was skipped. And where a transaction marker is the last
        offset (changelogs written in exactly-once, read in either mode), no
        record is ever delivered there: recovery waited for it forever.
        """
        thread = self._thread
        ends: Mapping[TP, int] = await thread.call_thread(
            thread._ensure_consumer().end_offsets, list(partitions))
        readable: dict[TP, int] = await thread.call_thread(self._readable_ends, ends)
        return readable

    async def _readable_ends(self, ends: Mapping[TP, int]) -> dict[TP, int]:
        readable = dict(ends)
        tails = {tp: end for tp, end in ends.items() if end > 0}
        if not tails:
            return readable
        conf = self.app.conf
        reader = AIOKafkaConsumer(
            bootstrap_servers=server_list(self.transport.url, _KAFKA_PORT),
            enable_auto_commit=False,
            isolation_level="read_committed" if self.in_transaction else "read_uncommitted",
            **credentials_to_aiokafka_auth(conf.broker_credentials, conf.ssl_context))
        await reader.start()
        try:
            ours = {TopicPartition(tp.topic, tp.partition): tp for tp in tails}
            reader.assign(list(ours))
            begins = await reader.beginning_offsets(list(ours))
            for theirs, tp in ours.items():
                readable[tp] = begins[theirs]  # no record read yet: nothing to recover
                reader.seek(theirs, max(begins[theirs], tails[tp] - _TAIL_OFFSETS))
            reading = set(ours)
            deadline = asyncio.get_running_loop().time() + _TAIL_SECONDS
            while reading and asyncio.get_running_loop().time() < deadline:
                for theirs, records in (await reader.getmany(timeout_ms=200)).items():
                    tp = ours[theirs]
                    readable[tp] = max(readable[tp], records[-1].offset + 1)
                reading = {theirs for theirs in reading
                           if await reader.position(theirs) < tails[ours[theirs]]}
            for theirs in reading:  # not read to the end in time: Faust's own target
                readable[ours[theirs]] = tails[ours[theirs]]
        finally:
            await reader.stop()
        return readable

    # -- acknowledgements and commits ---------------------------------------

    def ack(self, message: Message) -> bool:
        """Count ``message`` as done if a stream took it in the current generation."""
        if message.tracked and message.generation_id == self.app.consumer_generation_id:
            return bool(super().ack(message))
        # skipped by a stream in a rebalance, or started before one: it is
        # fetched again from the committed offset, so it does not count as done
        with ack_lock:
            message.acked = True
            self._unacked_messages.discard(message)
            notify(self._waiting_for_ack)
        return False

    def _new_offset(self, tp: TP) -> int | None:
        """The offset after the records processed from the committed position on, if any."""
        base = self._committed_offset[tp]
        acked = self._acked[tp]
        if base is None or not acked:
            return None
        top = max(acked)
        gaps = self._gap[tp]
        done = {offset for offset in acked if offset >= base}
        for gap in gaps.overlap(base, top):
            done.update(range(max(gap.begin, base), min(gap.end, top)))
        gaps.chop(0, top)
        pending = sorted(done)
        if not pending or pending[0] != base:
            acked[:] = pending
            self._acked_index[tp] = set(pending)
            return None
        run = next(consecutive_numbers(pending))
        acked[:] = pending[len(run):]
        self._acked_index[tp] = set(acked)
        return int(run[-1]) + 1

    @Service.transitions_to(CONSUMER_PARTITIONS_REVOKED)
    async def on_partitions_revoked(self, revoked: set[TP]) -> None:
        """Let the streams finish, commit what they finished, then forget the partitions."""
        if self._active_partitions is not None:
            self._active_partitions.difference_update(revoked)
        self._paused_partitions.difference_update(revoked)
        await self._on_partitions_revoked(revoked)  # the app waits for the streams
        if not self.app.should_stop:  # a stopping app commits in its own on_stop
            await self.maybe_wait_for_commit_to_finish()
            await self.commit()
        self._resume_after_seek.difference_update(revoked)
        for tp in revoked:
            for bookkeeping in (self._gap, self._acked, self._acked_index, self._read_offset,
                                self._committed_offset, self._expected, self._seek_number):
                bookkeeping.pop(tp, None)


class Transport(aiokafka.Transport):
    """Faust's aiokafka transport with :class:`Consumer`."""

    Consumer = Consumer
