"""The topics of stancewire, declared on the app (names in PRODUCT.md).

Declared ``internal`` so that the worker creates any that are missing with
the configured partitions and replication before it subscribes.
"""

from __future__ import annotations

from typing import Any

import faust

from models import MentionEvent, QuoteEvent, StanceEvent
from stancewire import settings as names
from stancewire.app import app, settings


def _topic(name: str, **options: Any) -> faust.TopicT:
    return app.topic(settings.topic(name), key_type=str, internal=True,
                     partitions=settings.partitions, replicas=settings.replication, **options)


# Input and the enriched/dead-letter outputs stay bytes here: the enrich agent
# decodes each input itself (a bad record becomes a dead letter, not a crashed
# stream) and publishes events that the NLP processes already serialized.
articles = _topic(names.ARTICLES, key_serializer="raw", value_serializer="raw")
enriched = _topic(names.ENRICHED, value_serializer="raw")
dead_letters = _topic(names.DLQ, value_serializer="raw")
mentions = _topic(names.MENTIONS, value_type=MentionEvent)
stances = _topic(names.STANCES, value_type=StanceEvent)
quotes = _topic(names.QUOTES, value_type=QuoteEvent)
