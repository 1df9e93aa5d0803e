"""The enriched event (topic ``articles.enriched``), schema ``stancewire.enriched/1``.

Offsets are character offsets into ``EnrichedArticle.text`` (the cleaned
text the event carries), end exclusive.
"""

from __future__ import annotations

import faust

ENRICHED_SCHEMA = "stancewire.enriched/1"


class Mention(faust.Record, include_metadata=False):
    """One place an entity is named: the text as written and where."""

    text: str
    start: int
    end: int


class Tone(faust.Record, include_metadata=False):
    """Tone from -1 (negative) to +1 (positive), and its label."""

    score: float
    label: str  # negative | neutral | positive


class Entity(faust.Record, include_metadata=False):
    """A canonical entity of one article with all its mentions."""

    id: str  # stable across articles: slug of the canonical name ("jens-stoltenberg")
    name: str
    label: str  # spaCy-style label: PERSON, ORG, GPE, NORP, LOC, EVENT, ...
    mentions: list[Mention]
    count: int
    tone: Tone


class Speaker(faust.Record, include_metadata=False):
    """Who a quote is attributed to: the mention in the text and who it resolves to."""

    text: str
    start: int
    end: int
    entity_id: str | None = None
    name: str | None = None


class Quote(faust.Record, include_metadata=False):
    """A direct quote, or reported speech when ``direct`` is false."""

    text: str
    start: int
    end: int
    direct: bool
    cue: str | None = None
    speaker: Speaker | None = None


class StanceSignal(faust.Record, include_metadata=False):
    """Source takes a stance toward target, with the sentence that says so."""

    source_id: str | None
    source_name: str
    relation: str  # support | oppose | accuse | reject | praise | criticise | ... | hopeful
    target_id: str | None
    target_name: str
    polarity: int  # +1 for, -1 against
    negated: bool
    hedged: bool
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float


class EnrichedArticle(faust.Record, serializer="json", include_metadata=False):
    """One annotated event per input article, keyed by article id."""

    id: str
    text: str
    entities: list[Entity]
    quotes: list[Quote]
    stances: list[StanceSignal]
    tone: Tone
    truncated: bool = False
    words: int = 0
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    language: str | None = None
    author: str | None = None
    model: str = ""
    schema: str = ENRICHED_SCHEMA
