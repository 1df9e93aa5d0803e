"""Turn one input record (key and value bytes) into an :class:`~models.Article`.

The rules users see: a JSON object with at least ``text``; a
value that is not JSON is plain text whose first line is the title; the key,
if any, is the article id, else the object's ``id``, else a stable hash of the
text. Anything else raises :class:`InputError` with a code that the agent
puts on the dead letter.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from stancewire.errors import InputError
from stancewire.models import Article

#: Optional string fields of an input article.
OPTIONAL_FIELDS = ("title", "url", "source", "published_at", "language", "author")

# Error codes (the DLQ's ``error_code``), one per reason a record is refused.
NULL_VALUE = "null_value"
INVALID_UTF8 = "invalid_utf8"
INVALID_JSON = "invalid_json"
NOT_AN_OBJECT = "not_an_object"
MISSING_TEXT = "missing_text"
WRONG_TYPE = "wrong_type"
EMPTY_TEXT = "empty_text"
TEXT_TOO_LONG = "text_too_long"
ENRICHMENT_FAILED = "enrichment_failed"


def article_id(text: str) -> str:
    """The stable id of an article that came without one."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def decode_article(key: bytes | None, value: bytes | None, *, max_text_chars: int) -> Article:
    """Decode and validate one input record, or raise :class:`InputError`."""
    if value is None:
        raise InputError(NULL_VALUE, "the record has no value (a tombstone?)")
    try:
        raw = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(INVALID_UTF8, f"the value is not valid UTF-8: {exc.reason} "
                                       f"at byte {exc.start}") from None
    fields = _json_fields(raw) if raw.lstrip()[:1] in ("{", "[") else _text_fields(raw)
    return Article(id=checked_id(key, fields, max_text_chars=max_text_chars), **fields)


def article_fields(obj: Any) -> dict[str, Any]:
    """The article fields of a parsed JSON value, or :class:`InputError`.

    ``text`` and the optional string fields; ``id`` (as a string) when the
    object has one. :func:`checked_id` then checks the length and gives the id.
    """
    if not isinstance(obj, dict):
        raise InputError(NOT_AN_OBJECT, f"expected a JSON object, got a {type(obj).__name__}")
    if "text" not in obj or obj["text"] is None:
        raise InputError(MISSING_TEXT, "the JSON object has no 'text' field")
    text = obj["text"]
    if not isinstance(text, str):
        raise InputError(WRONG_TYPE, f"'text' must be a string, not {_json_type(text)}")
    if not text.strip():
        raise InputError(EMPTY_TEXT, "'text' is empty")
    fields: dict[str, Any] = {"text": text}
    for name in OPTIONAL_FIELDS:
        item = obj.get(name)
        if item is not None and not isinstance(item, str):
            raise InputError(WRONG_TYPE, f"'{name}' must be a string, not {_json_type(item)}")
        fields[name] = item
    if "id" in obj and obj["id"] is not None:
        if isinstance(obj["id"], bool) or not isinstance(obj["id"], str | int):
            raise InputError(WRONG_TYPE, f"'id' must be a string or an integer, "
                                         f"not {_json_type(obj['id'])}")
        fields["id"] = str(obj["id"])
    return fields


def checked_id(key: bytes | None, fields: dict[str, Any], *, max_text_chars: int) -> str:
    """Check the text's length and pop the body's ``id``; the article's id, or :class:`InputError`.

    The id is the key, else the body's ``id``, else the hash of the text.
    """
    text: str = fields["text"]
    if len(text) > max_text_chars:
        raise InputError(TEXT_TOO_LONG, f"text has {len(text):,} characters; the limit is "
                                        f"{max_text_chars:,} (STANCEWIRE_MAX_TEXT_CHARS)")
    from_body = fields.pop("id", None)
    if key:
        try:
            return key.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(INVALID_UTF8, "the record key is not valid UTF-8") from None
    return str(from_body) if from_body else article_id(text)


def _json_fields(raw: str) -> dict[str, Any]:
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InputError(INVALID_JSON, f"the value looks like JSON but does not parse: {exc}"
                         ) from None
    return article_fields(obj)


def _text_fields(raw: str) -> dict[str, Any]:
    if not raw.strip():
        raise InputError(EMPTY_TEXT, "the value is empty")
    first_line = raw.strip().split("\n", 1)[0].strip()
    return {"text": raw, "title": first_line[:300]}


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)
