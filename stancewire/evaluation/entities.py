"""Score canonical entities against an article-level entity list (SEESAW's format).

Each gold entity has a canonical (Wikipedia) name. Three figures:

- found: the share of listed people, organisations and places whose
  ``slug(name)`` is the id of one of the article's entities;
- per article: how many of the article's entities name one listed entity
  (1.0 when nothing is split; "Trump" beside "Donald Trump" makes 2);
- across articles: how many distinct ids one listed entity gets over the
  articles naming it, for entities named in two articles or more.

An entity *names* a listed one when its id is the listed name's slug, or,
its id not being the slug of another listed entity and both or neither being
places, when its name's words fit
the listed name: for people the same surname and no other first initial
("Trump", "Chuck Schumer" for "Charles Schumer"); for others every word of
the shorter name in the longer one, compared on their first five letters
("Republicans" for "Republican Party"). Aliases sharing no word with the
listed name ("GOP") are not seen as splits.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from stancewire.nlp.gazetteer import slug

SCORED_TYPES = frozenset({"People", "Organization", "GPE"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Words that do not tell one organisation from another (cut to the stem length).
_GENERIC = frozenset({"party", "department", "administration", "committee", "agency",
                      "association", "union", "office"})
_STOP = frozenset({"of", "the", "and", "for", "on", "in"})
_POSSESSIVE = re.compile("['\u2019]s$")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


class GoldEntity(NamedTuple):
    name: str
    type: str  # People | Organization | GPE | ...


class FoundEntity(NamedTuple):
    id: str
    name: str
    label: str  # PERSON, ORG, GPE, NORP, ...
    mentions: int  # in the article


class EntityScores(NamedTuple):
    listed: int  # scored gold entities over all articles
    found: float  # share found under their canonical id
    per_article: float  # entities naming one listed entity, mean over those named
    across_articles: float  # distinct ids per listed entity named in >= 2 articles
    across_entities: int  # how many listed entities the last figure is over


def scored(gold: Iterable[GoldEntity], text: str) -> list[GoldEntity]:
    """The listed people, organisations and places that are proper names.

    SEESAW lists groups too ("voter", "conservatives"); a lower-case name counts
    only when the text writes it capitalised ("esteban santiago").
    """
    return [g for g in gold if g.type in SCORED_TYPES
            and (g.name != g.name.lower() or g.name.title() in text)]


def score(articles: Sequence[tuple[Sequence[GoldEntity], Sequence[FoundEntity]]]
          ) -> EntityScores:
    """The three figures over ``articles``: (scored gold entities, found entities) each."""
    listed = hits = 0
    splits: list[int] = []
    # Listed name -> the id it got in each article naming it (its most mentioned entity).
    ids: dict[str, list[str]] = defaultdict(list)
    for gold, found in articles:
        found_ids = {f.id for f in found}
        listed_ids = {slug(g.name) for g in gold}
        for entity in gold:
            listed += 1
            hits += slug(entity.name) in found_ids
            naming = [f for f in found if _names(f, entity, listed_ids)]
            if naming:
                splits.append(len(naming))
                ids[entity.name].append(max(naming, key=lambda f: (f.mentions, f.id)).id)
    across = [len(set(got)) for got in ids.values() if len(got) >= 2]
    return EntityScores(listed, hits / listed if listed else 0.0,
                        sum(splits) / len(splits) if splits else 0.0,
                        sum(across) / len(across) if across else 0.0, len(across))


def _names(found: FoundEntity, gold: GoldEntity, listed_ids: set[str]) -> bool:
    wanted = slug(gold.name)
    if found.id == wanted:
        return True
    if found.id in listed_ids or (found.label == "GPE") != (gold.type == "GPE"):
        return False
    words, gold_words = _words(found.name), _words(gold.name)
    if not words or not gold_words:
        return False
    if found.label == "PERSON":
        # Same surname; a first name, if given, starts with the same letter.
        return words[-1] == gold_words[-1] and (len(words) == 1 or words[0][0] == gold_words[0][0])
    # "Republicans" names the Republican Party, "United States" not its Senate.
    key = next((w for w in reversed(gold_words) if w not in _GENERIC), gold_words[-1])
    return key in words and set(words) <= set(gold_words)


def _words(name: str) -> list[str]:
    """Lower-case word stems; possessives, initials and suffixes dropped."""
    words = [_POSSESSIVE.sub("", w.lower()) for w in _WORD.findall(name)]
    return [_stem(w) for w in words if len(w) > 1 and w not in _SUFFIXES and w not in _STOP]


def _stem(word: str) -> str:
    # "Republicans" / "Republican", "Democrats" / "Democratic", "Russians" / "Russia";
    # "Republic" and "Obamacare" stay apart.
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 6 and word.endswith("ic"):
        return word[:-2]
    return word[:-1] if len(word) > 5 and word.endswith("n") else word
