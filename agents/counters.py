"""Counter agents: keep the tables in step with the fan-out topics.

Each agent takes its events in batches and writes each table key once per
batch with the batch's sum: one table write and one changelog message for a
key however often it came up. A unit of work, table writes and changelog
messages for every event took about a third of the worker's event loop
(docs/performance.md, session 6). A batch's table writes and its
acknowledgements form one unit that a commit never splits (see
:mod:`stancewire.transactions`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar, cast

import faust
from faust.types import EventT
from faust.types.windows import WindowRange, WindowT

from models import MentionEvent, QuoteEvent, StanceEvent, StanceSignal
from stancewire.app import app, commit_guard
from stancewire.fanout import UNKNOWN_SPEAKER, stance_key
from stancewire.tables import (
    article_outcomes,
    entity_mentions,
    entity_mentions_window,
    entity_names,
    for_event,
    speaker_quotes,
    stance_pairs,
)
from stancewire.topics import dead_letters, enriched, mentions, quotes, stances

#: Most events a counter agent takes in one batch.
BATCH_SIZE = 1000
#: Seconds a counter agent waits to fill a batch: how far the tables may lag.
BATCH_TIMEOUT = 0.25

K = TypeVar("K", bound=Hashable)


@app.agent(mentions)
async def count_mentions(stream: faust.StreamT[MentionEvent]) -> None:
    await _count(stream, _count_mentions)


@app.agent(stances)
async def count_stances(stream: faust.StreamT[StanceEvent]) -> None:
    await _count(stream, _count_stances)


@app.agent(quotes)
async def count_quotes(stream: faust.StreamT[QuoteEvent]) -> None:
    await _count(stream, _count_quotes)


@app.agent(enriched)
async def count_processed(stream: faust.StreamT[bytes]) -> None:
    await _count(stream, lambda batch: _count_outcomes(batch, "processed"))


@app.agent(dead_letters)
async def count_rejected(stream: faust.StreamT[bytes]) -> None:
    await _count(stream, lambda batch: _count_outcomes(batch, "rejected"))


Events = Sequence[EventT[Any]]


async def _count(stream: faust.StreamT[Any], count: Callable[[Events], None]) -> None:
    """Hand the stream's events to ``count`` a batch at a time; the batch's table writes
    and acknowledgements form one unit."""
    commit_guard.install()
    # take_events is on faust.Stream but missing from the StreamT interface
    batches = stream.take_events(BATCH_SIZE, within=BATCH_TIMEOUT)  # type: ignore[attr-defined]
    async for batch in batches:
        async with commit_guard.unit():
            count(batch)
            for event in batch:
                event.ack()


def _count_mentions(batch: Events) -> None:
    for entity_id, events in _grouped(batch, lambda event: _mention(event).entity_id).items():
        last = _mention(events[-1])
        with for_event(events[-1]):
            entity_mentions[entity_id] += sum(_mention(event).count for event in events)
            if entity_names[entity_id] != [last.name, last.label]:
                entity_names[entity_id] = [last.name, last.label]
        for in_window in _grouped(events, _windows).values():
            with for_event(in_window[-1]):
                entity_mentions_window[entity_id] += sum(
                    _mention(event).count for event in in_window)


def _count_stances(batch: Events) -> None:
    for key, events in _grouped(batch, lambda event: stance_key(_signal(event))).items():
        first = _signal(events[0])
        with for_event(events[-1]):
            pair = dict(stance_pairs[key]) or {"source": first.source_name,
                                               "target": first.target_name,
                                               "support": 0, "oppose": 0}
            for event in events:
                signal = _signal(event)
                polarity = -signal.polarity if signal.negated else signal.polarity
                if polarity:
                    pair["support" if polarity > 0 else "oppose"] += 1
            stance_pairs[key] = pair  # reassigned: in-place changes would skip the changelog


def _count_quotes(batch: Events) -> None:
    for speaker, events in _grouped(batch, _speaker).items():
        with for_event(events[-1]):
            speaker_quotes[speaker] += len(events)


def _count_outcomes(batch: Events, outcome: str) -> None:
    for partition, events in _grouped(batch, lambda event: event.message.partition).items():
        with for_event(events[-1]):
            article_outcomes[f"{outcome}/{partition}"] += len(events)


def _grouped(events: Events, key: Callable[[EventT[Any]], K]) -> dict[K, list[EventT[Any]]]:
    """``events`` by ``key``, each group in the order of the stream."""
    groups: dict[K, list[EventT[Any]]] = {}
    for event in events:
        groups.setdefault(key(event), []).append(event)
    return groups


def _windows(event: EventT[Any]) -> tuple[WindowRange, ...]:
    """The windows of ``entity_mentions_window`` that ``event`` counts in."""
    window = cast(WindowT, entity_mentions_window.table.window)
    return tuple(window.ranges(entity_mentions_window.get_timestamp(event)))


def _mention(event: EventT[Any]) -> MentionEvent:
    return cast(MentionEvent, event.value)


def _signal(event: EventT[Any]) -> StanceSignal:
    return cast(StanceEvent, event.value).signal


def _speaker(event: EventT[Any]) -> str:
    speaker = cast(QuoteEvent, event.value).quote.speaker
    return speaker.entity_id if speaker and speaker.entity_id else UNKNOWN_SPEAKER
