"""JSON Schemas (draft 2020-12) of every event, generated from the records in ``models``.

The records are the one source of truth: a schema is built by walking a
record's fields and their type hints, nested records going under ``$defs``.
``$id`` is the event's schema version (``stancewire.enriched/1``). A change
to a record that changes its schema needs a new version; :func:`fingerprint`
gives what a version stands for, descriptions left out, so that a test can
hold every published version to it.

Output events always carry every field of their record (``null`` where a
value is missing) and nothing else. The input article needs only ``text``,
may name its ``id`` with an integer, and may carry fields stancewire ignores.
"""

from __future__ import annotations

import hashlib
import inspect
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin

import faust
import orjson

from stancewire.models import (
    ARTICLE_SCHEMA,
    DEAD_LETTER_SCHEMA,
    ENRICHED_SCHEMA,
    MENTION_SCHEMA,
    QUOTE_SCHEMA,
    STANCE_SCHEMA,
    Article,
    DeadLetter,
    EnrichedArticle,
    MentionEvent,
    QuoteEvent,
    StanceEvent,
)
from stancewire.topic_names import ARTICLES, DLQ, ENRICHED, MENTIONS, QUOTES, STANCES

#: The JSON Schema dialect of every schema here.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The field of an event that names its schema version (a constant in the schema).
VERSION_FIELD = "schema"

_SCALARS: dict[type, str] = {str: "string", bool: "boolean", int: "integer", float: "number"}
# Keywords that annotate and do not constrain: left out of fingerprints.
_PROSE = ("description", "title")
# Keywords whose keys are names (a property may well be called "title").
_NAMED = ("properties", "$defs")


@dataclass(frozen=True, kw_only=True)
class EventSchema:
    """One kind of event: its record, version and topic, and how the wire differs."""

    #: The name ``stancewire schema NAME`` takes.
    name: str
    record: type[faust.Record]
    version: str
    #: Unprefixed name of the topic that carries it.
    topic: str
    #: Fields an event must have; None for every field of the record.
    required: tuple[str, ...] | None = None
    #: Whether an event may carry fields the record does not know.
    open: bool = False
    #: Field types on the wire where they are wider than the record's.
    wire_types: Mapping[str, Any] = field(default_factory=dict)


#: Every event stancewire reads or writes, by name.
EVENTS: dict[str, EventSchema] = {spec.name: spec for spec in (
    EventSchema(name="article", record=Article, version=ARTICLE_SCHEMA, topic=ARTICLES,
                required=("text",), open=True, wire_types={"id": str | int | None}),
    EventSchema(name="enriched", record=EnrichedArticle, version=ENRICHED_SCHEMA,
                topic=ENRICHED),
    EventSchema(name="mention", record=MentionEvent, version=MENTION_SCHEMA, topic=MENTIONS),
    EventSchema(name="stance", record=StanceEvent, version=STANCE_SCHEMA, topic=STANCES),
    EventSchema(name="quote", record=QuoteEvent, version=QUOTE_SCHEMA, topic=QUOTES),
    EventSchema(name="dlq", record=DeadLetter, version=DEAD_LETTER_SCHEMA, topic=DLQ),
)}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the event ``name`` (a key of :data:`EVENTS`)."""
    spec = EVENTS[name]
    defs: dict[str, dict[str, Any]] = {}
    schema: dict[str, Any] = {"$schema": DIALECT, "$id": spec.version}
    schema.update(_record_schema(spec.record, defs, required=spec.required, open=spec.open,
                                 wire_types=spec.wire_types, version=spec.version))
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


def schema_of_topic(topic: str) -> EventSchema | None:
    """The event a topic (unprefixed name) carries, if it is one of ours."""
    return next((spec for spec in EVENTS.values() if spec.topic == topic), None)


def fingerprint(schema: Mapping[str, Any]) -> str:
    """A digest of what a schema accepts: descriptions and titles do not count."""
    return hashlib.sha256(orjson.dumps(_without_prose(schema), option=orjson.OPT_SORT_KEYS)
                          ).hexdigest()[:16]


def _record_schema(record: type[faust.Record], defs: dict[str, dict[str, Any]], *,
                   required: tuple[str, ...] | None = None, open: bool = False,
                   wire_types: Mapping[str, Any] | None = None, version: str | None = None,
                   ) -> dict[str, Any]:
    fields: dict[str, Any] = dict(record._options.fields)
    fields.update(wire_types or {})
    properties = {
        name: {"const": version} if name == VERSION_FIELD and version else _type(hint, defs)
        for name, hint in fields.items()
    }
    schema: dict[str, Any] = {"title": record.__name__}
    if description := _description(record):
        schema["description"] = description
    schema.update(type="object", properties=properties,
                  required=list(fields if required is None else required),
                  additionalProperties=open)
    return schema


def _type(hint: Any, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The schema of one type hint; nested records are added to ``defs`` once."""
    if hint in _SCALARS:
        return {"type": _SCALARS[hint]}
    if inspect.isclass(hint) and issubclass(hint, faust.Record):
        if hint.__name__ not in defs:
            defs[hint.__name__] = {}  # taken before recursing: a record may nest itself
            defs[hint.__name__] = _record_schema(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    origin = get_origin(hint)
    if origin is list:
        return {"type": "array", "items": _type(get_args(hint)[0], defs)}
    if origin in (Union, types.UnionType):
        choices = [_type(arg, defs) for arg in get_args(hint) if arg is not type(None)]
        if type(None) in get_args(hint):
            choices.append({"type": "null"})
        if all(set(choice) == {"type"} for choice in choices):
            return {"type": [choice["type"] for choice in choices]}
        return {"anyOf": choices}
    raise TypeError(f"no JSON Schema for the type {hint!r}: add it to stancewire.schemas")


def _description(record: type[faust.Record]) -> str | None:
    """The record's own docstring (not one it inherits), as one paragraph."""
    doc = record.__dict__.get("__doc__")
    return " ".join(inspect.cleandoc(doc).split()) if doc else None


def _without_prose(value: Any, *, names: bool = False) -> Any:
    """``value`` without its annotations; ``names``: a mapping of names to schemas."""
    if isinstance(value, Mapping):
        return {key: _without_prose(item, names=key in _NAMED and not names)
                for key, item in value.items() if names or key not in _PROSE}
    if isinstance(value, list):
        return [_without_prose(item) for item in value]
    return value
