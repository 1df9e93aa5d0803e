"""The topics of stancewire, declared on the app (names in :mod:`stancewire.topic_names`).

Declared ``internal`` so that the worker creates any that are missing with
the configured partitions and replication before it subscribes.
"""

from __future__ import annotations

from typing import Any

import faust

from stancewire import topic_names as names
from stancewire.app import app, settings
from stancewire.models import MentionEvent, QuoteEvent, StanceEvent


def _topic(name: str, **options: Any) -> faust.TopicT:
    return app.topic(settings.topic(name), internal=True, partitions=settings.partitions,
                     replicas=settings.replication, **options)


# Input and the enriched/dead-letter outputs stay bytes here: the enrich agent
# decodes each input itself (a bad record becomes a dead letter, not a crashed
# stream) and publishes events that the NLP processes already serialized.
# Keys stay bytes too: a key that is not UTF-8 would otherwise fail in Faust's
# decoder and stall the partition instead of reaching the dead-letter topic.
articles = _topic(names.ARTICLES, key_type=bytes, key_serializer="raw", value_serializer="raw")
enriched = _topic(names.ENRICHED, key_type=bytes, key_serializer="raw", value_serializer="raw")
dead_letters = _topic(names.DLQ, key_type=bytes, key_serializer="raw", value_serializer="raw")
mentions = _topic(names.MENTIONS, key_type=str, key_serializer="raw", value_type=MentionEvent)
stances = _topic(names.STANCES, key_type=str, key_serializer="raw", value_type=StanceEvent)
quotes = _topic(names.QUOTES, key_type=str, key_serializer="raw", value_type=QuoteEvent)
