"""Score found quotes against gold attribution relations (PolNeAR's format).

Offsets on both sides are into the same (raw) article text. A gold relation
is found when a found quote overlaps its content; its speaker is right when
the found speaker mention overlaps the gold source, or resolves to the same
entity as the gold source does (the entity of a mention or of a found
speaker at the gold source's place).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

Spans = tuple[tuple[int, int], ...]


class GoldAttribution(NamedTuple):
    content: Spans
    source: Spans  # empty for 'Attribution-no-source'
    direct: bool  # the content holds quotation marks


class FoundQuote(NamedTuple):
    start: int
    end: int
    direct: bool
    speaker: tuple[int, int] | None
    speaker_entity: str | None


class Scores(NamedTuple):
    gold: int
    found: int
    recall: float
    speaker_accuracy: float
    precision: float


def score(gold: Sequence[GoldAttribution], found: Sequence[FoundQuote],
          entity_mentions: Iterable[tuple[str, int, int]]) -> tuple[int, int, int, int, int]:
    """Counts for one article: (gold, gold found, speakers right, found, found in gold)."""
    mentions = list(entity_mentions)
    hits = right = 0
    for relation in gold:
        overlapping = [(_overlap(relation.content, ((q.start, q.end),)), q) for q in found]
        overlapping = [(size, q) for size, q in overlapping if size > 0]
        if not overlapping:
            continue
        hits += 1
        best = max(overlapping, key=lambda item: item[0])[1]
        right += _speaker_right(relation, best, found, mentions)
    relevant = sum(
        any(_overlap(g.content, ((q.start, q.end),)) for g in gold) for q in found
    )
    return len(gold), hits, right, len(found), relevant


def summarise(counts: Iterable[tuple[int, int, int, int, int]]) -> Scores:
    """Micro-averaged scores over articles."""
    totals = [sum(column) for column in zip(*counts, strict=True)] or [0] * 5
    gold, hits, right, found, relevant = totals
    return Scores(gold, found, _ratio(hits, gold), _ratio(right, hits), _ratio(relevant, found))


def _speaker_right(relation: GoldAttribution, quote: FoundQuote, found: Sequence[FoundQuote],
                   mentions: list[tuple[str, int, int]]) -> bool:
    if quote.speaker is None or not relation.source:
        return False
    if _overlap(relation.source, (quote.speaker,)):
        return True
    gold_entities = {entity for entity, start, end in mentions
                     if _overlap(relation.source, ((start, end),))}
    gold_entities |= {q.speaker_entity for q in found if q.speaker is not None
                      and q.speaker_entity and _overlap(relation.source, (q.speaker,))}
    return quote.speaker_entity is not None and quote.speaker_entity in gold_entities


def _overlap(spans: Spans, others: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in spans for s2, e2 in others)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
