"""Resolve a speaker or stance-holder mention to a canonical entity.

Names resolve to themselves. "he"/"she" resolve to the last named speaker
before them (on the reference article right 10 times in 11, where the last
PERSON named is right 2 times in 6); "I"/"we" inside a quote to its speaker; role nouns
("the NATO chief", "the American Secretary of State") to the person most
closely associated in the article with the organisation or country they
name, else to the last named speaker; "who"/"which"/"that" to the name right
before them ("Jason Ervin, who said ...").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from stancewire.nlp.entities import EntityMention
from stancewire.nlp.gazetteer import Canonical
from stancewire.nlp.spans import TextSpan

_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
_COLLECTIVE = frozenset({"it", "they", "them", "its", "their"})
_RELATIVE = frozenset({"who", "which", "that"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_JOINED = re.compile(r"\s*(?:,|,? and|&)\s*")
_BEFORE_RELATIVE = re.compile(r"\s*,?\s*")
_DETERMINERS = ("the ", "a ", "an ", "this ", "that ")


class Resolver:
    """Resolves mentions within one article."""

    def __init__(self, text: str, mentions: Sequence[EntityMention]) -> None:
        self._text = text
        self._mentions = list(mentions)
        self._starts = [m.start for m in self._mentions]
        self._speakers: list[tuple[int, Canonical]] = []

    def add_named_speaker(self, at: int, canonical: Canonical) -> None:
        """Record a speaker named at ``at``, for the pronouns after it."""
        self._speakers.append((at, canonical))
        self._speakers.sort(key=lambda item: item[0])

    def named(self, span: TextSpan) -> Canonical | None:
        """The entity a span names outright (a person in it first), or None; a source
        that runs on over an apposition is read up to its :meth:`~TextSpan.name`."""
        span = span.name()
        inside = self._inside(span)
        people = [m for m in inside if m.canonical.label == "PERSON"]
        if people:
            return people[-1].canonical
        for mention in inside:
            # "The New York Post" names the Post; "the boss of the alliance" does not.
            before = span.text[: mention.start - span.start].lower().split()
            if mention.end == span.end and len(before) <= 2 and "of" not in before:
                return mention.canonical
        return None

    def resolve(self, span: TextSpan, *, quote_speaker: Canonical | None = None
                ) -> Canonical | None:
        """The entity ``span`` refers to, or None when unsure."""
        span = span.name()
        named = self.named(span)
        if named is not None:
            return named
        word = span.text.lower()
        if word in _FIRST_PERSON:
            return quote_speaker
        if word in _RELATIVE:
            return self._antecedent(span, word)
        if word in _PERSONAL:
            return self._last_speaker(span.start) or self._last_of(span.start, {"PERSON"})
        if word in _COLLECTIVE:
            return self._last_of(span.start, {"ORG", "GPE", "NORP"})
        if not word.startswith(_DETERMINERS) or word.endswith("s"):
            return None  # "officials", "sources": a group, not one person
        return self._affiliated_person(span) or self._last_speaker(span.start)

    def covering(self, start: int, end: int) -> Canonical | None:
        """The entity of a mention covering ``start:end`` ("Stoltenberg" in "Jens Stoltenberg")."""
        for mention in self._mentions[: bisect_right(self._starts, start)][-3:]:
            if mention.start <= start and end <= mention.end:
                return mention.canonical
        return None

    def recent_countries(self, before: int, count: int, *, exclude: set[str]
                         ) -> list[Canonical]:
        """The ``count`` countries of "the two countries": the last ones named together
        ("Sweden and Finland"), else simply the last ones named; never those in ``exclude``."""
        groups: list[list[Canonical]] = []
        previous: EntityMention | None = None
        for mention in self._mentions[: bisect_left(self._starts, before)]:
            if mention.canonical.label != "GPE":
                continue
            joined = previous is not None and _JOINED.fullmatch(
                self._text[previous.end : mention.start]) is not None
            if not joined:
                groups.append([])
            groups[-1].append(mention.canonical)
            previous = mention
        for group in [*reversed(groups), [c for g in groups for c in g]]:
            wanted = list(dict.fromkeys(c for c in group if c.id not in exclude))
            if len(wanted) >= count:
                return wanted[-count:]
        return []

    def _inside(self, span: TextSpan) -> list[EntityMention]:
        first = bisect_left(self._starts, span.start)
        last = bisect_right(self._starts, span.end)
        return [m for m in self._mentions[first:last] if m.end <= span.end]

    def _antecedent(self, span: TextSpan, word: str) -> Canonical | None:
        # only a name that ends at the comma before the pronoun: in "Ervin's
        # campaign, which said" the campaign speaks, not Ervin; and "who" is no
        # place ("a voter from Texas, who"), "which" no person
        index = bisect_left(self._starts, span.start)
        if not index:
            return None
        mention = self._mentions[index - 1]
        label = mention.canonical.label
        fits = label not in _PLACES if word == "who" else label != "PERSON"
        between = self._text[mention.end : span.start]
        return mention.canonical if fits and _BEFORE_RELATIVE.fullmatch(between) else None

    def _last_speaker(self, before: int) -> Canonical | None:
        earlier = [c for at, c in self._speakers if at < before]
        if earlier:
            return earlier[-1]
        return self._speakers[0][1] if self._speakers else None

    def _last_of(self, before: int, labels: set[str]) -> Canonical | None:
        index = bisect_left(self._starts, before)
        for mention in reversed(self._mentions[:index]):
            if mention.canonical.label in labels:
                return mention.canonical
        return None

    def _affiliated_person(self, span: TextSpan) -> Canonical | None:
        # Each other mention of the organisation or country the role names votes
        # for the person named nearest to it; ties go to the nearest of all.
        ids = {m.canonical.id for m in self._inside(span) if m.canonical.label != "PERSON"}
        places = [m.start for m in self._mentions
                  if m.canonical.id in ids and not span.overlaps(m.start, m.end)]
        people = [m for m in self._mentions if m.canonical.label == "PERSON"]
        if not places or not people:
            return None
        votes: dict[Canonical, list[int]] = {}
        for at in places:
            nearest = min(people, key=lambda m: abs(m.start - at))
            votes.setdefault(nearest.canonical, []).append(abs(nearest.start - at))
        return min(votes, key=lambda c: (-len(votes[c]), min(votes[c])))
