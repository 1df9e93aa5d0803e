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
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson
from spacy.tokens import Doc

from stancewire.nlp.clean import clean_text
from stancewire.nlp.entities import entity_mentions
from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.people import People, parse_name, same_person
from stancewire.nlp.pipeline import load_pipeline

DEFAULT_PATH = Path(__file__).parent.parent / "nlp" / "data" / "people.tsv"

_HEADER = ("# canonical name\ttraining articles naming the person (SEESAW and PolNeAR "
           "train)\n# Rebuilt by `stancewire train people`; see README.md.\n")


def build(seesaw: Path, polnear: Path, spacy_model: str, *, min_articles: int = 2
          ) -> list[tuple[str, int]]:
    """The gazetteer's rows from SEESAW and PolNeAR JSONL files (the texts cleaned
    and run through NER as the enrichment does)."""
    gazetteer = Gazetteer(people=People([]))
    listed = seesaw_people(_jsonl(seesaw), gazetteer)
    texts = [clean_text(row["text"]).text for row in _jsonl(polnear)]
    nlp = load_pipeline(spacy_model)
    # Pass 1 of the enrichment only: sentences and entities, no parse.
    docs = list(nlp.pipe(texts, disable=[p for p in nlp.pipe_names
                                         if p not in ("sentencizer", "ner")]))
    return merge(listed, text_people(texts, docs), min_articles=min_articles)


def seesaw_people(rows: Iterable[dict[str, Any]], gazetteer: Gazetteer) -> Counter[str]:
    """Listed people per article: proper names of two words or more holding no
    gazetteer name ("House Democrats" is a group), whose surname the text holds."""
    counts: Counter[str] = Counter()
    for row in rows:
        for entity in row["entities"]:
            name = entity["name"].strip()
            parsed = parse_name(name)
            if (entity["type"] == "People" and parsed is not None and parsed.first is not None
                    and all(w[:1].isupper() for w in name.split())
                    and not any(gazetteer.lookup(w) for w in name.split())
                    and not any(gazetteer.matches(name))
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


def merge(listed: Counter[str], seen: Counter[str], *, min_articles: int = 2
          ) -> list[tuple[str, int]]:
    """The gazetteer's rows: ``listed`` names first, ``seen`` ones joined to them or
    kept from ``min_articles`` on; most named first."""
    people: dict[str, int] = dict(listed)
    parsed = {name: p for name in listed if (p := parse_name(name)) is not None}
    for name, count in seen.most_common():
        found = parse_name(name)
        if found is None or found.first is None:
            continue
        same = next((known for known, p in parsed.items() if same_person(found, p)), None)
        if same is not None:
            people[same] += count
        elif count >= min_articles:
            people[name] = count
            parsed[name] = found
    return sorted(people.items(), key=lambda item: (-item[1], item[0]))


def write(rows: Iterable[tuple[str, int]], path: Path) -> None:
    lines = [f"{name}\t{count}\n" for name, count in rows]
    path.write_text(_HEADER + "".join(lines), encoding="utf-8")


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as lines:
        yield from (orjson.loads(line) for line in lines if line.strip())

