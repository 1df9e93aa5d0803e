"""SEESAW (entity-to-entity stance in news): the reader and the triple scorer.

A gold triple is (subject, polarity, object) in one sentence, with canonical
entity names. A found triple matches one when ``slug(name)`` of both gold
names equals the found source and target entity ids and the polarity agrees.
Gold triples whose subject is the author (``None``) or an entity outside the
article's list (``Not in the list``) are not counted (such an object is
counted, and never found); nor are found triples without a source or target
entity. Scores are micro-averaged over articles:
at article level each distinct triple counts once per article, at sentence
level once per sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

import orjson

from stancewire.nlp.gazetteer import slug

Polarity = Literal["positive", "negative"]
POLARITIES: tuple[Polarity, ...] = ("positive", "negative")
_UNCOUNTED_SUBJECTS = frozenset({"None", "Not in the list"})


class GoldStance(NamedTuple):
    """One annotated stance: who, for or against, toward whom, in which sentence."""

    sentence: int
    source: str  # canonical name
    polarity: Polarity
    target: str


class SeesawArticle(NamedTuple):
    """One article with its sentences (character offsets into ``text``) and stances."""

    id: str
    story_id: str
    text: str
    sentences: tuple[tuple[int, int], ...]
    stances: tuple[GoldStance, ...]
    entity_sentiments: dict[str, list[str]]  # name -> one label per annotator

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence holding ``offset`` (the last one starting before it)."""
        return max(bisect_right([start for start, _ in self.sentences], offset) - 1, 0)


class FoundStance(NamedTuple):
    """A stance the enrichment found: entity ids and where its evidence starts in ``text``."""

    source_id: str
    polarity: Polarity
    target_id: str
    start: int


class Counts(NamedTuple):
    gold: int
    found: int
    right: int


class PRF(NamedTuple):
    precision: float
    recall: float
    f1: float


class SeesawScores(NamedTuple):
    article: PRF
    sentence: PRF
    by_polarity: dict[Polarity, PRF]  # article level
    pair_recall: float  # article level, polarity ignored


def read_seesaw(path: Path) -> Iterator[SeesawArticle]:
    """The articles of a SEESAW JSONL file, in file order."""
    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                yield _article(orjson.loads(line))


def _article(row: dict[str, Any]) -> SeesawArticle:
    sentences = tuple((s["start"], s["end"]) for s in row["sentences"])
    stances = tuple(GoldStance(s["sentence_id"], s["subject"], s["polarity"], s["object"])
                    for s in row["stances"])
    return SeesawArticle(row["id"], row["story_id"], row["text"], sentences, stances,
                         dict(row.get("entity_sentiments") or {}))


def counted(stances: Iterable[GoldStance]) -> list[GoldStance]:
    """The gold stances that are scored: not the author's, not an unlisted entity's."""
    return [s for s in stances if s.source not in _UNCOUNTED_SUBJECTS]


def score(pairs: Sequence[tuple[SeesawArticle, Sequence[FoundStance]]]) -> SeesawScores:
    """Micro-averaged scores of the found stances of each article against its gold ones."""
    article = sentence = Counts(0, 0, 0)
    polar = dict.fromkeys(POLARITIES, Counts(0, 0, 0))
    pairs_gold = pairs_right = 0
    for gold_article, found in pairs:
        gold = counted(gold_article.stances)
        gold_sentence = {(g.sentence, slug(g.source), g.polarity, slug(g.target)) for g in gold}
        found_sentence = {(gold_article.sentence_at(f.start), f.source_id, f.polarity,
                           f.target_id) for f in found}
        gold_triples = {triple[1:] for triple in gold_sentence}
        found_triples = {triple[1:] for triple in found_sentence}
        article = _add(article, gold_triples, found_triples)
        sentence = _add(sentence, gold_sentence, found_sentence)
        for polarity in POLARITIES:
            polar[polarity] = _add(polar[polarity],
                                   {t for t in gold_triples if t[1] == polarity},
                                   {t for t in found_triples if t[1] == polarity})
        gold_pairs = {(source, target) for source, _, target in gold_triples}
        pairs_gold += len(gold_pairs)
        pairs_right += len(gold_pairs & {(s, t) for s, _, t in found_triples})
    return SeesawScores(_prf(article), _prf(sentence),
                        {p: _prf(c) for p, c in polar.items()},
                        pairs_right / pairs_gold if pairs_gold else 0.0)


def figures(scores: SeesawScores) -> dict[str, float]:
    """The named figures of ``stancewire eval seesaw``, in the order it prints them."""
    named = {
        "stance precision": scores.article.precision,
        "stance recall": scores.article.recall,
        "stance F1": scores.article.f1,
        "sentence stance precision": scores.sentence.precision,
        "sentence stance recall": scores.sentence.recall,
        "sentence stance F1": scores.sentence.f1,
    }
    for polarity, prf in scores.by_polarity.items():
        named |= {f"{polarity} stance precision": prf.precision,
                  f"{polarity} stance recall": prf.recall, f"{polarity} stance F1": prf.f1}
    named["pair recall"] = scores.pair_recall
    return named


def _add(counts: Counts, gold: set[Any], found: set[Any]) -> Counts:
    return Counts(counts.gold + len(gold), counts.found + len(found),
                  counts.right + len(gold & found))


def _prf(counts: Counts) -> PRF:
    precision = counts.right / counts.found if counts.found else 0.0
    recall = counts.right / counts.gold if counts.gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)
