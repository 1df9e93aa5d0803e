"""The topics of stancewire, declared on the app (names in PRODUCT.md)."""

from __future__ import annotations

from models import Article, DeadLetter, EnrichedArticle, MentionEvent, QuoteEvent, StanceEvent
from stancewire import settings as names
from stancewire.app import app, settings

# Raw bytes: decoding and validation happen in the agent so that a bad
# record becomes a dead letter instead of a crash in the deserializer.
articles = app.topic(settings.topic(names.ARTICLES), key_type=bytes, value_type=bytes,
                     key_serializer="raw", value_serializer="raw")
enriched = app.topic(settings.topic(names.ENRICHED), key_type=str, value_type=EnrichedArticle)
mentions = app.topic(settings.topic(names.MENTIONS), key_type=str, value_type=MentionEvent)
stances = app.topic(settings.topic(names.STANCES), key_type=str, value_type=StanceEvent)
quotes = app.topic(settings.topic(names.QUOTES), key_type=str, value_type=QuoteEvent)
dead_letters = app.topic(settings.topic(names.DLQ), key_type=str, value_type=DeadLetter)

__all__ = ["Article", "articles", "dead_letters", "enriched", "mentions", "quotes", "stances"]
