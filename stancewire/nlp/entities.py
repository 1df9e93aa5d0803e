"""Canonical entity mentions: the model's entities, corrected and merged.

Within one article: possessives, leading articles and titles are stripped;
surnames ("Stoltenberg", "Mr. Stoltenberg") merge into the full name;
gazetteer names (countries, demonyms, capitals as governments, organisation
aliases) override the model's label and give the canonical name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Doc

from stancewire.nlp.gazetteer import Canonical, Gazetteer, GazetteerMatch, slug

_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
_LEADING = re.compile(
    r"(?:(?:the|The)\s+|(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Rev|Gen|Col|Capt|Sgt|Sen|"
    r"Rep|Gov|Pres)\.?\s+|(?:President|Prime Minister|Chancellor|Minister|Senator|"
    r"Secretary|General|King|Queen|Prince|Princess|Pope|Judge|Governor|Mayor)\s+(?=[A-Z]))+"
)
_POSSESSIVE = re.compile("['\u2019]s?$")
# "State" in "Secretary of State" is part of a title, not an organisation.
_IN_TITLE = re.compile(
    r"\b(?:Secretary|Secretaries|Minister|Ministers|Ministry)\s+of\s+(?:the\s+)?$"
)


class EntityMention(NamedTuple):
    """One mention of a canonical entity in the text."""

    canonical: Canonical
    text: str  # as written in the text, possessive and title stripped
    start: int
    end: int


class _Span(NamedTuple):
    start: int
    end: int
    label: str


def entity_mentions(text: str, doc: Doc, gazetteer: Gazetteer) -> Iterator[EntityMention]:
    """The canonical entity mentions of ``doc`` (of ``text``), in text order."""
    found = list(gazetteer.matches(text))
    spans = [span for ent in doc.ents if (span := _clean_span(text, ent.start_char,
                                                              ent.end_char, ent.label_))]
    kept = [span for span in spans if not any(_gazetteer_wins(m, span) for m in found)]
    found = [m for m in found if not any(_inside_name(m, span) for span in kept)]
    named_ids = {m.canonical.id for m in found if not m.contextual}
    full_names = _full_names(text, kept)
    mentions = [
        EntityMention(m.canonical, text[m.start : m.end], m.start, m.end)
        for m in found if not m.contextual or m.canonical.id in named_ids
    ]
    for span in kept:
        name = text[span.start : span.end]
        canonical = full_names.get(name) or gazetteer.lookup(name)
        if canonical is None:
            canonical = Canonical(slug(name), name, span.label)
        if canonical.id:
            mentions.append(EntityMention(canonical, name, span.start, span.end))
    mentions.sort(key=lambda m: m.start)
    yield from mentions


def _clean_span(text: str, start: int, end: int, label: str) -> _Span | None:
    if label not in _LABELS:
        return None
    name = text[start:end]
    if (stripped := _POSSESSIVE.search(name)) and len(name) > stripped.end() - stripped.start():
        end -= stripped.end() - stripped.start()
    if leading := _LEADING.match(text, start, end):
        start = leading.end()
    name = text[start:end]
    if not any(c.isupper() for c in name) or _IN_TITLE.search(text, 0, start):
        return None
    return _Span(start, end, label) if end > start else None


def _gazetteer_wins(match: GazetteerMatch, span: _Span) -> bool:
    overlaps = match.start < span.end and span.start < match.end
    # A person's name that holds a place name stays a person ("Michael Jordan").
    return overlaps and not (span.label == "PERSON" and span.end - span.start
                             > match.end - match.start)


def _inside_name(match: GazetteerMatch, span: _Span) -> bool:
    return span.start <= match.start and match.end <= span.end


def _full_names(text: str, spans: list[_Span]) -> dict[str, Canonical]:
    """Each person name as written -> the longest full name it is part of."""
    people = sorted({text[s.start : s.end] for s in spans if s.label == "PERSON"},
                    key=lambda name: (-len(name.split()), name))
    canonical: dict[str, Canonical] = {}
    for name in people:
        words = name.split()
        full = next((c for known, c in canonical.items()
                     if len(known.split()) > len(words) and _is_part(words, known.split())),
                    None)
        canonical[name] = full or Canonical(slug(name), name, "PERSON")
    # A surname the model labelled ORG or GPE is still the person.
    for span in spans:
        name = text[span.start : span.end]
        if name not in canonical:
            for known, person in list(canonical.items()):
                if _is_part(name.split(), known.split()) and len(known.split()) > 1:
                    canonical[name] = person
                    break
    return canonical


def _is_part(words: list[str], full: list[str]) -> bool:
    # "Stoltenberg" or "Jens" is part of "Jens Stoltenberg"; "Smith Jones" is not.
    n = len(words)
    return words == full[-n:] or (n == 1 and words[0] in full)
