"""People's names: one canonical full name per person, the same in every article.

A written name is reduced to its first name and surname ("Joseph R. Biden
Jr." -> Joseph / Biden, "Trump, Donald" -> Donald / Trump), keeping its
middle initials and generation ("Jr.") aside; two first names
are the same when equal or one is a nickname of the other ("Chuck" /
"Charles", from the ``nicknames`` package). The people gazetteer
(``data/people.tsv``) gives well-known people's canonical names and how many
training articles name them, so that "Charles E. Schumer" and "Chuck
Schumer" are "Chuck Schumer" everywhere, and "President Obama", in an
article that never gives his first name, is still "Barack Obama". Members
of the United States Congress (``data/legislators.tsv``) join it, each as
if one training article named them: held-out news names lawmakers that no
training article does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import NamedTuple

from nicknames import NickNamer

from stancewire.nlp.datafiles import read_rows, slug

# Generational suffixes, as the canonical name writes them ("Donald Trump Jr.").
_SUFFIXES = {"Jr": "Jr.", "Jr.": "Jr.", "Sr": "Sr.", "Sr.": "Sr.", "II": "II", "III": "III",
             "IV": "IV"}
_INITIAL = re.compile(r"^(?:[A-Z]\.)+$|^[A-Z]$")
# Lower-case particles belong to the surname: "Beto O'Rourke", "Bill de Blasio".
_PARTICLES = frozenset({"de", "De", "van", "Van", "von", "Von", "da", "di", "Di", "del", "Del",
                        "bin", "al", "La", "Le", "St."})
_INVERTED = re.compile(r"^([^\s,]+),\s+([^\s,]+(?:\s+[A-Z]\.)?)$")
# Arabic names are written with and without their article: "Bashar al-Assad", "Assad".
_ARTICLE = re.compile(r"^(?:[Aa]l|[Ee]l)[-\u2010\u2011]")
# A surname alone stands for the gazetteer's person named most often with it
# only when that person has this share of the surname's articles.
_DOMINANT = 0.75
# From this many articles on, the dominant person's surname alone is them even in an
# article naming a namesake (5-fold CV on SEESAW train: the same figures from 10 to 30).
_FAMOUS = 20
# A legislator no training article names weighs as one article: enough to own a
# surname no one else has, never enough to take one from a person the articles name.
_LEGISLATOR_ARTICLES = 1


class PersonName(NamedTuple):
    """A name reduced to what identifies the person."""

    first: str | None  # None for a surname alone ("Stoltenberg")
    surname: str
    full: str  # as written, without initials and suffixes ("Hillary Rodham Clinton")
    key: str  # the surname's slug, without an Arabic article: what the gazetteer indexes
    initials: str  # the middle initials' letters ("HW" for "George H. W. Bush"), or ""
    generation: str = ""  # "Jr.", "Sr.", "II", "III", "IV", or ""


def parse_name(name: str) -> PersonName | None:
    """First name and surname of a written person's name, or None if it holds no word."""
    if inverted := _INVERTED.match(name):
        name = f"{inverted.group(2)} {inverted.group(1)}"
    words = [w.rstrip(",") for w in name.split()]
    generation = ""
    while len(words) > 1 and (words[-1] in _SUFFIXES or not words[-1]):
        generation = _SUFFIXES.get(words.pop(), generation)
    if not words:
        return None
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in _PARTICLES:
        cut -= 1
    surname = " ".join(words[cut:])
    # Initials are dropped unless there is nothing else ("H. R. McMaster").
    firsts = [w for w in words[:cut] if not _INITIAL.match(w)]
    initials = "".join(c for w in words[1:cut] if _INITIAL.match(w) for c in w if c != ".")
    if not firsts:
        firsts, initials = words[:cut], ""
    return PersonName(firsts[0] if firsts else None, surname, " ".join([*firsts, surname]),
                      slug(_ARTICLE.sub("", surname)), initials, generation)


@cache
def _nicknames() -> NickNamer:
    return NickNamer()


def same_first_name(first: str, other: str) -> bool:
    """True when ``first`` and ``other`` name the same person's first name."""
    a, b = first.lower(), other.lower()
    if a == b:
        return True
    if _INITIAL.match(first) or _INITIAL.match(other):  # "V. Putin" is Vladimir Putin
        return a[0] == b[0]
    names = _nicknames()
    return b in names.nicknames_of(a) or a in names.nicknames_of(b)


def same_person(name: PersonName, known: PersonName) -> bool:
    """True when two full names are one person's: same surname, same first name or a
    nickname of it, and no other middle initials ("George H. W. Bush" is not
    "George W. Bush", "George Bush" may be either)."""
    return (name.key == known.key and name.first is not None and known.first is not None
            and same_first_name(name.first, known.first)
            and _initials_agree(name.initials, known.initials))


def _initials_agree(initials: str, other: str) -> bool:
    return initials == other or not initials or not other


def with_legislators(rows: list[tuple[str, int]], legislators: list[str]
                     ) -> list[tuple[str, int]]:
    """``rows`` (canonical name, training articles) plus each legislator they do not
    hold already, weighing one article."""
    known: dict[str, list[PersonName]] = defaultdict(list)
    for name, _ in rows:
        if (parsed := parse_name(name)) is not None:
            known[parsed.key].append(parsed)
    added = []
    for name in legislators:
        parsed = parse_name(name)
        if parsed is None or parsed.first is None or any(
                same_person(parsed, other) for other in known[parsed.key]):
            continue
        known[parsed.key].append(parsed)
        added.append((name, _LEGISLATOR_ARTICLES))
    return [*rows, *added]


class _Known(NamedTuple):
    name: str
    parsed: PersonName
    articles: int


class People:
    """The people gazetteer: canonical names by surname."""

    def __init__(self, rows: list[tuple[str, int]] | None = None) -> None:
        """``rows``: (canonical name, training articles naming the person); default
        ``data/people.tsv`` with ``data/legislators.tsv``."""
        if rows is None:
            rows = with_legislators(
                [(name, int(count)) for name, count, *_ in read_rows("people.tsv")],
                [name for name, *_ in read_rows("legislators.tsv")])
        self._by_surname: dict[str, list[_Known]] = defaultdict(list)
        for name, articles in rows:
            parsed = parse_name(name)
            if parsed is not None:
                self._by_surname[parsed.key].append(_Known(name, parsed, articles))
        for known in self._by_surname.values():
            known.sort(key=lambda k: -k.articles)
        self.names = [name for name, _ in rows]

    def canonical(self, name: PersonName, *, same_generation: bool = False) -> str | None:
        """The canonical name of a known person, or None.

        With a first name: the person of that surname with the same first name
        or a nickname of it (see :func:`same_person`), one of the same generation
        ("Jr.") first; with ``same_generation``, only such a one. A surname
        alone: the surname's dominant person.
        """
        known = self._by_surname.get(name.key, [])
        if name.first is not None:
            matches = [k for k in known if same_person(name, k.parsed)]
            exact = [k for k in matches if k.parsed.generation == name.generation]
            found = exact if same_generation else exact or matches
            return found[0].name if found else None
        total = sum(k.articles for k in known)
        if known and known[0].articles >= _DOMINANT * total:
            return known[0].name
        return None

    def famous(self, canonical: str) -> bool:
        """True for a person named in so many training articles that their surname alone
        is them even beside a namesake ("Trump" beside "Ivanka Trump")."""
        parsed = parse_name(canonical)
        known = self._by_surname.get(parsed.key, []) if parsed else []
        return any(k.name == canonical and k.articles >= _FAMOUS for k in known)
