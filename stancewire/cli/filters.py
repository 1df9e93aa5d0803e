"""Which events ``stancewire subscribe`` shows: --entity, --speaker, --relation, --source.

Names match whole, ignoring case: ``--entity NATO`` matches an entity whose
canonical name, id or any mention's text is "NATO" (so also an article that
only says "the Atlantic Alliance", when the enrichment merged it into NATO),
not "Senator". Several values of one option match any of them; different
options must all match. An event without the field a filter asks about (a
dead letter asked for a speaker) does not match.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EventFilter:
    """The filters of one ``subscribe`` run; empty filters let everything through."""

    entities: frozenset[str] = frozenset()
    speakers: frozenset[str] = frozenset()
    relations: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *, entities: tuple[str, ...] = (), speakers: tuple[str, ...] = (),
           relations: tuple[str, ...] = (), sources: tuple[str, ...] = ()) -> EventFilter:
        def fold(values: tuple[str, ...]) -> frozenset[str]:
            return frozenset(value.strip().casefold() for value in values)

        return cls(fold(entities), fold(speakers), fold(relations), fold(sources))

    def matches(self, event: dict[str, Any]) -> bool:
        return all(not wanted or _any_in(found, wanted) for wanted, found in (
            (self.entities, _entity_names(event)),
            (self.speakers, _speaker_names(event)),
            (self.relations, _relations(event)),
            (self.sources, iter([event.get("source")])),
        ))


def _any_in(found: Iterator[Any], wanted: frozenset[str]) -> bool:
    return any(isinstance(name, str) and name.casefold() in wanted for name in found)


def _entity_names(event: dict[str, Any]) -> Iterator[Any]:
    for entity in event.get("entities") or ():
        yield entity.get("name")
        yield entity.get("id")
        for mention in entity.get("mentions") or ():
            yield mention.get("text")
    if "entity_id" in event:  # entities.mentions
        yield event.get("name")
        yield event.get("entity_id")
    signal = event.get("signal")  # stance.signals
    if isinstance(signal, dict):
        yield from (signal.get(name) for name in
                    ("source_name", "source_id", "target_name", "target_id"))
    yield from _speaker_names(event)


def _speaker_names(event: dict[str, Any]) -> Iterator[Any]:
    quotes = event.get("quotes") or [event.get("quote")]
    for quote in quotes:
        speaker = quote.get("speaker") if isinstance(quote, dict) else None
        if isinstance(speaker, dict):
            yield from (speaker.get(name) for name in ("name", "entity_id", "text"))


def _relations(event: dict[str, Any]) -> Iterator[Any]:
    signals = event.get("stances") or [event.get("signal")]
    for signal in signals:
        if isinstance(signal, dict):
            yield signal.get("relation")
