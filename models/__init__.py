"""faust.Record schemas of every event stancewire reads or writes."""

from stancewire.models.article import Article
from stancewire.models.dlq import DeadLetter
from stancewire.models.enriched import (
    ENRICHED_SCHEMA,
    EnrichedArticle,
    Entity,
    Mention,
    Quote,
    Speaker,
    StanceSignal,
    Tone,
)
from stancewire.models.events import MentionEvent, QuoteEvent, StanceEvent

__all__ = [
    "ENRICHED_SCHEMA",
    "Article",
    "DeadLetter",
    "EnrichedArticle",
    "Entity",
    "Mention",
    "MentionEvent",
    "Quote",
    "QuoteEvent",
    "Speaker",
    "StanceEvent",
    "StanceSignal",
    "Tone",
]
