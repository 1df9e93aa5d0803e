"""The input article (topic ``articles``)."""

from __future__ import annotations

import faust

ARTICLE_SCHEMA = "stancewire.article/1"


class Article(faust.Record, serializer="json", include_metadata=False):
    """One news article as accepted from the input topic.

    Only ``text`` is required on the wire; ``id`` is the message key, or a
    stable hash of the text when there is none.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    language: str | None = None
    author: str | None = None
