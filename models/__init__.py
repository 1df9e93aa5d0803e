"""faust.Record schemas of every event stancewire reads or writes."""

from models.article import Article
from models.dlq import DeadLetter
from models.enriched import (
    ENRICHED_SCHEMA,
    EnrichedArticle,
    Entity,
    Mention,
    Quote,
    Speaker,
    StanceSignal,
    Tone,
)
from models.events import MentionEvent, QuoteEvent, StanceEvent

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
