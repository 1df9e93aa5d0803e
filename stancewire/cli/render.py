"""How ``stancewire subscribe`` shows events: pretty blocks, JSON lines, picked fields.

Event text comes from untrusted articles: everything shown on a terminal
goes through :func:`terminal_safe`, so that no title or quote can move the
cursor, recolour the screen or reorder text with bidi controls.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import click
import orjson

_TOP_ENTITIES = 8
_TOP_QUOTES = 5
_QUOTE_CHARS = 160

# C0/C1 controls (ESC among them) and bidi overrides/isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]+")

#: Relations that read as a state, not a verb: "Stoltenberg —is hopeful about→ ...".
_STATES = {"hopeful", "confident", "concerned", "sceptical", "skeptical", "optimistic"}


def terminal_safe(text: str) -> str:
    """``text`` on one line with every control and bidi character replaced by a space."""
    return _UNSAFE.sub(" ", text)


def render_pretty(event: dict[str, Any], *, color: bool) -> str:
    """A compact block for an enriched article, one line for the other events."""
    if "entities" in event and "stances" in event:
        return _enriched(event, color)
    if "signal" in event:
        return f"{stance_line(event['signal'], color=color)}  {_dim(event, color)}"
    if "quote" in event:
        return f"{_quote_line(event['quote'], color)}  {_dim(event, color)}"
    if "entity_id" in event and "count" in event:
        name = _style(event.get("name"), color, bold=True)
        return (f"● {name} ({_safe(event.get('label'))}, {event.get('count')})  "
                f"tone {_number(event.get('tone'))}  {_dim(event, color)}")
    if "error_code" in event:
        where = f"{event.get('topic')}[{event.get('partition')}]@{event.get('offset')}"
        return (f"{_style('✗ ' + _safe(event.get('error_code')), color, fg='red')}: "
                f"{_safe(event.get('error'))}  {_style(where, color, dim=True)}")
    return terminal_safe(orjson.dumps(_without_metadata(event)).decode())


def render_json(event: dict[str, Any]) -> str:
    """One line of JSON, without Faust's ``__faust`` metadata."""
    return orjson.dumps(_without_metadata(event)).decode()


def render_fields(event: dict[str, Any], fields: Sequence[str], *, as_json: bool) -> str:
    """The dotted ``fields`` of ``event`` (``entities.name`` maps over the list).

    As a JSON object keyed by the field names, or else tab-separated with
    list values joined by ``", "``.
    """
    values = [pick(event, name) for name in fields]
    if as_json:
        return orjson.dumps(dict(zip(fields, values, strict=True))).decode()
    return "\t".join(_cell(value) for value in values)


def pick(value: Any, path: str) -> Any:
    """The value at a dotted path; lists are mapped over; None where absent."""
    for part in path.split("."):
        if isinstance(value, list):
            value = [item.get(part) for item in value if isinstance(item, dict)]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def stance_line(signal: dict[str, Any], *, color: bool) -> str:
    """``Turkey —opposes→ accession of Sweden and Finland``, green for, red against."""
    verb = _verb(str(signal.get("relation", "")), negated=bool(signal.get("negated")),
                 hedged=bool(signal.get("hedged")))
    arrow = _style(f"—{verb}→", color, fg="green" if signal.get("polarity", 0) > 0 else "red")
    return (f"{_style(signal.get('source_name'), color, bold=True)} {arrow} "
            f"{_safe(signal.get('target_name'))}")


def _enriched(event: dict[str, Any], color: bool) -> str:
    about = [_safe(event.get(name)) for name in ("source", "published_at", "id")
             if event.get(name)]
    lines = [f"{_style('▌ ' + _safe(event.get('title') or '(no title)'), color, bold=True)}"
             f"  {_style(' · '.join(about), color, dim=True)}"]
    entities = sorted(event.get("entities") or [], key=lambda e: -int(e.get("count") or 0))
    if entities:
        names = [f"{_style(e.get('name'), color, fg='cyan')} ({_safe(e.get('label'))}, "
                 f"{e.get('count')})" for e in entities[:_TOP_ENTITIES]]
        more = f" +{len(entities) - _TOP_ENTITIES}" if len(entities) > _TOP_ENTITIES else ""
        lines.append(f"  entities  {', '.join(names)}{more}")
    quotes = event.get("quotes") or []
    for quote in quotes[:_TOP_QUOTES]:
        lines.append(f"  quote     {_quote_line(quote, color)}")
    if len(quotes) > _TOP_QUOTES:
        lines.append(f"            +{len(quotes) - _TOP_QUOTES} more quotes")
    for signal in event.get("stances") or []:
        lines.append(f"  stance    {stance_line(signal, color=color)}")
    tone = event.get("tone") or {}
    lines.append(f"  tone      {_number(tone.get('score'))} {_safe(tone.get('label'))}")
    return "\n".join(lines)


def _quote_line(quote: dict[str, Any], color: bool) -> str:
    text = _safe(quote.get("text"))
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1] + "…"
    speaker = quote.get("speaker") or {}
    who = speaker.get("name") or speaker.get("text")
    said = f"“{text}”" if quote.get("direct") else text
    return f"{said} — {_style(who, color, fg='yellow') if who else '(unattributed)'}"


def _verb(relation: str, *, negated: bool, hedged: bool) -> str:
    """The relation as a verb phrase: ``opposes``, ``does not oppose``, ``may be hopeful about``."""
    if relation in _STATES:
        verb, relation = ("be", f"{relation} about")
        if not hedged:
            return f"is not {relation}" if negated else f"is {relation}"
        return f"may {'not ' if negated else ''}{verb} {relation}"
    if hedged:
        return f"may {'not ' if negated else ''}{relation}"
    if negated:
        return f"does not {relation}"
    if relation.endswith(("s", "sh", "ch", "x", "z")):
        return relation + "es"
    if relation.endswith("y") and relation[-2:-1] not in "aeiou":
        return relation[:-1] + "ies"
    return relation + "s"


def _dim(event: dict[str, Any], color: bool) -> str:
    return _style(f"[{event.get('article_id')}]", color, dim=True)


def _style(value: Any, color: bool, **style: Any) -> str:
    text = _safe(value)
    return click.style(text, **style) if color else text


def _safe(value: Any) -> str:
    return "" if value is None else terminal_safe(str(value))


def _number(value: Any) -> str:
    return f"{value:+.2f}" if isinstance(value, int | float) else "?"


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return terminal_safe(render_json(value))
    return _safe(value)


def _without_metadata(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_metadata(v) for k, v in value.items() if k != "__faust"}
    if isinstance(value, list):
        return [_without_metadata(item) for item in value]
    return value
