"""From one enriched article, every message stancewire publishes for it.

The enriched event first, then one event per item on the fan-out topics,
each keyed by what downstream tables count.
"""

from __future__ import annotations

from typing import NamedTuple

from stancewire import topic_names
from stancewire.models import EnrichedArticle, MentionEvent, QuoteEvent, StanceEvent, StanceSignal

#: Key of quotes whose speaker was not resolved to an entity.
UNKNOWN_SPEAKER = "unknown"


class Output(NamedTuple):
    """One message to publish: unprefixed topic name, key and serialized value."""

    topic: str
    key: str
    value: bytes


def stance_key(signal: StanceSignal) -> str:
    """The key of a stance signal and of its counters: ``source|target``.

    Entity ids where the side resolved to an entity, else its lower-cased text.
    """
    source = signal.source_id or signal.source_name.lower()
    target = signal.target_id or signal.target_name.lower()
    return f"{source}|{target}"


def outputs_for(event: EnrichedArticle) -> list[Output]:
    """The enriched event and its fan-out events, ready to send."""
    outputs = [Output(topic_names.ENRICHED, event.id, event.dumps())]
    for entity in event.entities:
        mention = MentionEvent(article_id=event.id, entity_id=entity.id, name=entity.name,
                               label=entity.label, count=entity.count, tone=entity.tone.score)
        outputs.append(Output(topic_names.MENTIONS, entity.id, mention.dumps()))
    for signal in event.stances:
        key = stance_key(signal)
        outputs.append(Output(topic_names.STANCES, key,
                              StanceEvent(article_id=event.id, signal=signal).dumps()))
    for quote in event.quotes:
        speaker = quote.speaker.entity_id if quote.speaker and quote.speaker.entity_id else None
        outputs.append(Output(topic_names.QUOTES, speaker or UNKNOWN_SPEAKER,
                              QuoteEvent(article_id=event.id, quote=quote).dumps()))
    return outputs
