"""Build the people gazetteer (``nlp/data/people.tsv``) from training articles.

Two sources, train splits only. SEESAW's entity lists give the canonical
(Wikipedia) names of the people each article is about; a name counts for an
article when its surname is in the text. The full names the enrichment finds
in PolNeAR's articles (first name and surname, titles stripped) add the
people SEESAW does not list; one of them joins a SEESAW name with the same
surname and first name or nickname, else it is kept from ``min_articles``
articles on. Each row: canonical name, articles naming the person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from stancewire.nlp.entities import entity_mentions
from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.people import People, PersonName, parse_name, same_first_name

_HEADER = ("# canonical name\ttraining articles naming the person (SEESAW and PolNeAR "
           "train)\n# Rebuilt by `stancewire train people`; see README.md.\n")


def seesaw_people(rows: Iterable[dict[str, Any]], gazetteer: Gazetteer) -> Counter[str]:
    """Listed people per article: proper names of two words or more, none of them a
    gazetteer name ("House Democrats" is a group), whose surname the text holds."""
    counts: Counter[str] = Counter()
    for row in rows:
        for entity in row["entities"]:
            name = entity["name"].strip()
            parsed = parse_name(name)
            if (entity["type"] == "People" and parsed is not None and parsed.first is not None
                    and all(w[:1].isupper() for w in name.split())
                    and not any(gazetteer.lookup(w) for w in name.split())
                    and parsed.surname in row["text"]):
                counts[name] += 1
    return counts


def text_people(texts: Sequence[str], docs: Sequence[Doc]) -> Counter[str]:
    """Full names of people per article, as the enrichment merges them (no people
    gazetteer: the name as written, initials and suffixes dropped)."""
    gazetteer = Gazetteer(people=People([]))
    counts: Counter[str] = Counter()
    for text, doc in zip(texts, docs, strict=True):
        counts.update({m.canonical.name for m in entity_mentions(text, doc, gazetteer)
                       if m.canonical.label == "PERSON" and " " in m.canonical.name})
    return counts


def merge(listed: Counter[str], seen: Counter[str], *, min_articles: int = 3
          ) -> list[tuple[str, int]]:
    """The gazetteer's rows: ``listed`` names first, ``seen`` ones joined to them or
    kept from ``min_articles`` on; most named first."""
    people: dict[str, int] = dict(listed)
    parsed = {name: p for name in listed if (p := parse_name(name)) is not None}
    for name, count in seen.most_common():
        found = parse_name(name)
        if found is None or found.first is None:
            continue
        same = next((known for known, p in parsed.items() if _same_person(found, p)), None)
        if same is not None:
            people[same] += count
        elif count >= min_articles:
            people[name] = count
            parsed[name] = found
    return sorted(people.items(), key=lambda item: (-item[1], item[0]))


def write(rows: Iterable[tuple[str, int]], path: Path) -> None:
    lines = [f"{name}\t{count}\n" for name, count in rows]
    path.write_text(_HEADER + "".join(lines), encoding="utf-8")


def _same_person(name: PersonName, known: PersonName) -> bool:
    return (name.key == known.key and name.first is not None and known.first is not None
            and same_first_name(name.first, known.first))
