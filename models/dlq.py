"""Dead letters (topic ``articles.dlq``): inputs that could not be processed."""

from __future__ import annotations

import faust

DEAD_LETTER_SCHEMA = "stancewire.dlq/1"


class DeadLetter(faust.Record, serializer="json", include_metadata=False):
    """The original input, why it failed and where it came from.

    ``value`` is the original bytes as text when they are UTF-8, else base64
    (``value_encoding`` says which).
    """

    error_code: str
    error: str
    value: str
    value_encoding: str  # utf-8 | base64
    key: str | None
    topic: str
    partition: int
    offset: int
    timestamp: float
    failed_at: float

