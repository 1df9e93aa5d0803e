"""Counter agents: keep the tables in step with the fan-out topics.

Each event's table updates and its acknowledgement form one unit that a
commit never splits (see :mod:`stancewire.checkpoint.guard`).
"""

from __future__ import annotations

import faust

from stancewire.app import app, commit_guard
from stancewire.fanout import UNKNOWN_SPEAKER, stance_key
from stancewire.models import MentionEvent, QuoteEvent, StanceEvent
from stancewire.tables import (
    article_outcomes,
    entity_mentions,
    entity_mentions_window,
    entity_names,
    speaker_quotes,
    stance_pairs,
)
from stancewire.topics import dead_letters, enriched, mentions, quotes, stances


@app.agent(mentions)
async def count_mentions(stream: faust.StreamT[MentionEvent]) -> None:
    async for event in stream.events():
        mention = event.value
        async with commit_guard.unit():
            entity_mentions[mention.entity_id] += mention.count
            entity_mentions_window[mention.entity_id] += mention.count
            if entity_names[mention.entity_id] != [mention.name, mention.label]:
                entity_names[mention.entity_id] = [mention.name, mention.label]
            event.ack()


@app.agent(stances)
async def count_stances(stream: faust.StreamT[StanceEvent]) -> None:
    async for event in stream.events():
        signal = event.value.signal
        key = stance_key(signal)
        async with commit_guard.unit():
            pair = dict(stance_pairs[key]) or {"source": signal.source_name,
                                               "target": signal.target_name,
                                               "support": 0, "oppose": 0}
            polarity = -signal.polarity if signal.negated else signal.polarity
            if polarity:
                pair["support" if polarity > 0 else "oppose"] += 1
            stance_pairs[key] = pair  # reassigned: in-place changes would skip the changelog
            event.ack()


@app.agent(quotes)
async def count_quotes(stream: faust.StreamT[QuoteEvent]) -> None:
    async for event in stream.events():
        speaker = event.value.quote.speaker
        async with commit_guard.unit():
            speaker_quotes[speaker.entity_id if speaker and speaker.entity_id
                           else UNKNOWN_SPEAKER] += 1
            event.ack()


@app.agent(enriched)
async def count_processed(stream: faust.StreamT[bytes]) -> None:
    await _count_outcomes(stream, "processed")


@app.agent(dead_letters)
async def count_rejected(stream: faust.StreamT[bytes]) -> None:
    await _count_outcomes(stream, "rejected")


async def _count_outcomes(stream: faust.StreamT[bytes], outcome: str) -> None:
    async for event in stream.events():
        async with commit_guard.unit():
            article_outcomes[f"{outcome}/{event.message.partition}"] += 1
            event.ack()
