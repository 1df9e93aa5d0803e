"""Account for every input record: enriched, dead-lettered, missing or duplicated.

The promise is that every input article ends as one enriched
event or one dead letter. The audit checks it from the topics alone, read
``read_committed``: each input record in a range is matched either to a dead
letter by its position (a dead letter names the topic, partition and offset
it came from) or, when it has none, to enriched events by its article id.
An id that came in twice is expected twice. The outputs are read from the
earliest input timestamp of the range (less a margin for clock skew) to
their current end, since an output is always written after its input.

:func:`account` is the pure rule; :func:`audit` reads the topics and applies it.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import orjson
from kafka import KafkaConsumer, TopicPartition

from stancewire import topic_names
from stancewire.articles import decode_article
from stancewire.clients import make_consumer
from stancewire.errors import InputError, StancewireError
from stancewire.settings import Settings

#: partition -> offset
Offsets = Mapping[int, int]

#: Seconds by which outputs are read from before the earliest input timestamp.
CLOCK_SKEW = 60.0

# A read that makes no progress for this long means the broker stopped answering.
_STALL_SECONDS = 60.0


class InputRecord(NamedTuple):
    """One record of the input topic, where it sits and what it holds."""

    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


def position(partition: int, offset: int) -> str:
    """How a record without a readable id is named in a report: ``<partition>@<offset>``."""
    return f"{partition}@{offset}"


@dataclass
class AuditReport:
    """What became of the input records of a range.

    ``missing`` lists article ids (or positions of undecodable records) once
    per copy that has no output; ``duplicated`` maps an id (or a position, for
    dead letters) to the number of copies beyond the expected ones.
    """

    inputs: int = 0
    enriched: int = 0
    dead_letters: int = 0
    missing: list[str] = field(default_factory=list)
    duplicated: dict[str, int] = field(default_factory=dict)

    @property
    def accounted(self) -> int:
        """Input records with an output: enriched or dead-lettered."""
        return self.enriched + self.dead_letters

    @property
    def duplicates(self) -> int:
        """Output copies beyond one per input record."""
        return sum(self.duplicated.values())

    def ok(self, *, allow_duplicates: bool = False) -> bool:
        """True when nothing is missing (and nothing duplicated, unless allowed)."""
        return not self.missing and (allow_duplicates or not self.duplicated)

    def as_dict(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "enriched": self.enriched,
                "dead_letters": self.dead_letters, "accounted": self.accounted,
                "missing": self.missing, "duplicates": self.duplicates,
                "duplicated": self.duplicated}

    def summary(self) -> str:
        return (f"{self.inputs} in, {self.enriched} enriched, {self.dead_letters} dead letters, "
                f"{len(self.missing)} missing, {self.duplicates} duplicated")


def account(inputs: Iterable[InputRecord], enriched_ids: Iterable[str],
            dead_letter_positions: Iterable[tuple[int, int]]) -> AuditReport:
    """Match ``inputs`` to the enriched events' ids and the dead letters' positions."""
    letters = Counter(dead_letter_positions)
    expected: Counter[str] = Counter()
    report = AuditReport()
    for record in inputs:
        report.inputs += 1
        copies = letters.get((record.partition, record.offset), 0)
        if copies:
            report.dead_letters += 1
            if copies > 1:
                report.duplicated[position(record.partition, record.offset)] = copies - 1
            continue
        try:
            article = decode_article(record.key, record.value, max_text_chars=sys.maxsize)
        except InputError:
            report.missing.append(position(record.partition, record.offset))
            continue
        expected[article.id] += 1
    produced = Counter(enriched_ids)
    for article_id, wanted in expected.items():
        got = produced.get(article_id, 0)
        report.enriched += min(wanted, got)
        report.missing.extend([article_id] * (wanted - got))
        if got > wanted:
            report.duplicated[article_id] = got - wanted
    return report


def audit(settings: Settings, *, since: float | None = None, until: float | None = None,
          start: Offsets | None = None, end: Offsets | None = None,
          clock_skew: float = CLOCK_SKEW) -> AuditReport:
    """Audit the input records in a range against the enriched and dead-letter topics.

    The range is a time window (``since``/``until``, epoch seconds, either
    open) and/or offsets per partition (``start`` inclusive, ``end``
    exclusive); by default the whole input topic up to its current end.
    Outputs are read from ``clock_skew`` seconds before the earliest input
    timestamp, for producers whose clocks run ahead of the workers'.
    """
    source = settings.topic(topic_names.ARTICLES)
    consumer = make_consumer(settings, fetch_max_bytes=64 * 1024 * 1024,
                             max_partition_fetch_bytes=32 * 1024 * 1024)
    try:
        bounds = input_bounds(consumer, source, since=since, until=until, start=start, end=end)
        records = list(read_range(consumer, bounds))
        inputs = [InputRecord(r.partition, r.offset, r.key, r.value) for r in records]
        outputs_since = (min(r.timestamp for r in records) - int(clock_skew * 1000)
                         if records else None)
        enriched_ids = [record.key.decode("utf-8", errors="replace")
                        for record in read_outputs(consumer, settings.topic(topic_names.ENRICHED),
                                                   outputs_since) if record.key is not None]
        letters = []
        for record in read_outputs(consumer, settings.topic(topic_names.DLQ), outputs_since):
            letter = orjson.loads(record.value)
            if letter.get("topic") == source:
                letters.append((letter["partition"], letter["offset"]))
        return account(inputs, enriched_ids, letters)
    finally:
        consumer.close()


def input_bounds(consumer: KafkaConsumer, topic: str, *, since: float | None,
                 until: float | None, start: Offsets | None, end: Offsets | None
                 ) -> dict[TopicPartition, tuple[int, int]]:
    """``[first, last)`` offsets per partition of ``topic`` for the range."""
    partitions = _partitions(consumer, topic)
    first = consumer.beginning_offsets(partitions)
    last = consumer.end_offsets(partitions)
    for bound, moment in ((first, since), (last, until)):
        if moment is not None:
            found = consumer.offsets_for_times({tp: int(moment * 1000) for tp in partitions})
            # no record at or after the moment: the range ends (or starts) at the end
            bound.update({tp: at.offset if at else last[tp] for tp, at in found.items()})
    bounds = {}
    for tp in partitions:
        low = max(first[tp], (start or {}).get(tp.partition, 0))
        high = min(last[tp], (end or {}).get(tp.partition, last[tp]))
        bounds[tp] = (low, max(low, high))
    return bounds


def read_outputs(consumer: KafkaConsumer, topic: str, since_ms: int | None) -> Iterator[Any]:
    """Every record of ``topic`` from the timestamp ``since_ms`` to the current end
    (none when ``since_ms`` is None: there were no inputs)."""
    if since_ms is None:
        return iter(())
    partitions = _partitions(consumer, topic)
    last = consumer.end_offsets(partitions)
    found = consumer.offsets_for_times(dict.fromkeys(partitions, max(since_ms, 0)))
    return read_range(consumer, {tp: (found[tp].offset if found[tp] else last[tp], last[tp])
                                 for tp in partitions})


def read_range(consumer: KafkaConsumer, bounds: Mapping[TopicPartition, tuple[int, int]]
               ) -> Iterator[Any]:
    """The records of each partition between its bounds, ``[first, last)``."""
    todo = {tp: span for tp, span in bounds.items() if span[0] < span[1]}
    consumer.assign(list(todo))
    for tp, (first, _) in todo.items():
        consumer.seek(tp, first)
    progress = time.monotonic()
    while todo:
        fetched = consumer.poll(timeout_ms=500)
        for tp, batch in fetched.items():
            last = todo.get(tp, (0, 0))[1]
            yield from (record for record in batch if record.offset < last)
        for tp in [tp for tp, (_, last) in todo.items() if consumer.position(tp) >= last]:
            del todo[tp]
            consumer.pause(tp)
        if fetched:
            progress = time.monotonic()
        elif time.monotonic() - progress > _STALL_SECONDS:
            raise StancewireError(f"reading {sorted(str(tp) for tp in todo)} made no progress "
                                  f"for {_STALL_SECONDS:.0f} s")
    consumer.assign([])


def _partitions(consumer: KafkaConsumer, topic: str) -> list[TopicPartition]:
    ids = consumer.partitions_for_topic(topic)
    if not ids:
        raise StancewireError(f"topic {topic!r} does not exist (is STANCEWIRE_TOPIC_PREFIX "
                              "right?)")
    return [TopicPartition(topic, partition) for partition in sorted(ids)]
