"""faust.Record schemas of every event stancewire reads or writes."""

from stancewire.models.article import ARTICLE_SCHEMA, Article
from stancewire.models.dlq import DEAD_LETTER_SCHEMA, DeadLetter
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
from stancewire.models.events import (
    MENTION_SCHEMA,
    QUOTE_SCHEMA,
    STANCE_SCHEMA,
    MentionEvent,
    QuoteEvent,
    StanceEvent,
)

__all__ = [
    "ARTICLE_SCHEMA",
    "DEAD_LETTER_SCHEMA",
    "ENRICHED_SCHEMA",
    "MENTION_SCHEMA",
    "QUOTE_SCHEMA",
    "STANCE_SCHEMA",
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
