"""Topic records as the API shows them: the fields a reader needs, long texts cut short.

Strings pass through as data; escaping is the page's job (it only ever sets
``textContent``) and JSON's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from stancewire.web.kafka_reads import TopicRecord
from stancewire.web.snapshot import JSON

#: Characters of a dead letter's original value the API shows.
VALUE_EXCERPT = 500


def quotes(records: Iterable[TopicRecord]) -> list[JSON]:
    """QuoteEvents (topic ``quotes``)."""
    shown = []
    for record, event in _decoded(records):
        quote = event.get("quote") or {}
        speaker = quote.get("speaker") or None
        shown.append({
            **_where(record), "article_id": event.get("article_id"), "text": quote.get("text"),
            "direct": quote.get("direct"), "cue": quote.get("cue"),
            "speaker": speaker and {"name": speaker.get("name"), "text": speaker.get("text"),
                                    "entity_id": speaker.get("entity_id")},
        })
    return shown


def dead_letters(records: Iterable[TopicRecord]) -> list[JSON]:
    """DeadLetters (topic ``articles.dlq``), the original value cut to an excerpt."""
    return [{
        **_where(record), "error_code": letter.get("error_code"), "error": letter.get("error"),
        "key": letter.get("key"), "failed_at": letter.get("failed_at"),
        "source": {"topic": letter.get("topic"), "partition": letter.get("partition"),
                   "offset": letter.get("offset")},
        "value_encoding": letter.get("value_encoding"),
        "value": str(letter.get("value") or "")[:VALUE_EXCERPT],
    } for record, letter in _decoded(records)]


def articles(records: Iterable[TopicRecord]) -> list[JSON]:
    """EnrichedArticles (topic ``articles.enriched``) without their text and spans."""
    return [{
        **_where(record), "id": event.get("id"), "title": event.get("title"),
        "source": event.get("source"), "url": event.get("url"),
        "published_at": event.get("published_at"), "words": event.get("words"),
        "tone": (event.get("tone") or {}).get("score"),
        "entities": len(event.get("entities") or ()), "quotes": len(event.get("quotes") or ()),
        "stances": len(event.get("stances") or ()),
    } for record, event in _decoded(records)]


def _decoded(records: Iterable[TopicRecord]) -> Iterable[tuple[TopicRecord, dict[str, Any]]]:
    for record in records:
        try:
            value = orjson.loads(record.value or b"null")
        except orjson.JSONDecodeError:
            continue  # not ours: only our agents write these topics, as JSON
        if isinstance(value, dict):
            yield record, value


def _where(record: TopicRecord) -> JSON:
    return {"partition": record.partition, "offset": record.offset,
            "timestamp": record.timestamp}
