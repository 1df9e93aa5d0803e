"""Enriched events written by hand, built with the real models so they keep their shape."""

from __future__ import annotations

from typing import Any

import orjson

from stancewire.models import EnrichedArticle, Entity, Mention, Quote, Speaker, StanceSignal, Tone


def entity(name: str, label: str, *aliases: str, tone: float = 0.0) -> Entity:
    texts = (name, *aliases)
    mentions = [Mention(text=text, start=10 * i, end=10 * i + len(text))
                for i, text in enumerate(texts)]
    return Entity(id=name.lower().replace(" ", "-"), name=name, label=label, mentions=mentions,
                  count=len(texts), tone=Tone(score=tone, label="neutral"))


def quote(text: str, speaker: str | None, *, said_as: str | None = None) -> Quote:
    who = None if speaker is None else Speaker(
        text=said_as or speaker, start=0, end=len(said_as or speaker),
        entity_id=speaker.lower().replace(" ", "-"), name=speaker)
    return Quote(text=text, start=0, end=len(text), direct=True, cue="said", speaker=who)


def stance(source: str, relation: str, target: str, *, polarity: int = -1,
           negated: bool = False, hedged: bool = False) -> StanceSignal:
    return StanceSignal(source_id=source.lower(), source_name=source, relation=relation,
                        target_id=None, target_name=target, polarity=polarity,
                        negated=negated, hedged=hedged, evidence=f"{source} {relation}s it.",
                        evidence_start=0, evidence_end=10, confidence=0.8)


def enriched(article_id: str, title: str, *, entities: list[Entity] | None = None,
             quotes: list[Quote] | None = None, stances: list[StanceSignal] | None = None,
             source: str = "Test Wire", tone: float = 0.0) -> dict[str, Any]:
    """The JSON of one ``articles.enriched`` event, as the worker writes it."""
    record = EnrichedArticle(
        id=article_id, text=f"{title}\n\nBody of {article_id}.", entities=entities or [],
        quotes=quotes or [], stances=stances or [], tone=Tone(score=tone, label="neutral"),
        words=42, title=title, source=source, published_at="2026-11-27T10:00:00Z",
        model="hand-written")
    event: dict[str, Any] = orjson.loads(record.dumps())
    return event


def alliance_article() -> dict[str, Any]:
    """An article about the alliance, naming it once by name and once by an alias."""
    return enriched(
        "alliance-1", "Alliance talks stall over two applications",
        entities=[entity("NATO", "ORG", "the Atlantic Alliance"),
                  entity("Turkey", "GPE", "Ankara", "Turkish", tone=-0.4),
                  entity("Sweden", "GPE"), entity("Ana Example", "PERSON", "Example")],
        quotes=[quote("We will keep talking until it is done", "Ana Example", said_as="she")],
        stances=[stance("Turkey", "oppose", "accession of Sweden and Finland"),
                 stance("Ana Example", "hopeful", "a way forward", polarity=1)],
        source="Example Herald", tone=-0.1)


def unrelated_article(number: int) -> dict[str, Any]:
    """An article that names no alliance at all."""
    return enriched(f"other-{number}", f"Harvest festival number {number} draws crowds",
                    entities=[entity("Lisbon", "GPE"), entity("Senator Bloggs", "PERSON")],
                    quotes=[quote("It was a fine day", "Senator Bloggs")],
                    stances=[stance("Senator Bloggs", "praise", "the organisers", polarity=1)])
