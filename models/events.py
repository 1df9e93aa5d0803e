"""Fan-out events: one per item of an enriched article.

``entities.mentions`` is keyed by entity id, ``stance.signals`` by
``source_id|target_id``, ``quotes`` by speaker id, so that consumers and
tables can partition by what they count.
"""

from __future__ import annotations

import faust

from stancewire.models.enriched import Quote, StanceSignal

MENTION_SCHEMA = "stancewire.mention/1"
STANCE_SCHEMA = "stancewire.stance/1"
QUOTE_SCHEMA = "stancewire.quote/1"


class MentionEvent(faust.Record, serializer="json", include_metadata=False):
    """An entity named ``count`` times in one article."""

    article_id: str
    entity_id: str
    name: str
    label: str
    count: int
    tone: float


class StanceEvent(faust.Record, serializer="json", include_metadata=False):
    """A stance signal of one article."""

    article_id: str
    signal: StanceSignal


class QuoteEvent(faust.Record, serializer="json", include_metadata=False):
    """A quote of one article."""

    article_id: str
    quote: Quote
