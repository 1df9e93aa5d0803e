"""PolNeAR's attribution relations: read them, and score found quotes against them.

Offsets on both sides are into the same (raw) article text.

Quote scores: a gold relation is found when a found quote overlaps its
content; its speaker is right when the found speaker mention overlaps the
gold source, or resolves to the same entity as the gold source does (the
entity of a mention or of a found speaker at the gold source's place).

Span scores, per role (source, cue, content), as CofeNet defines them: a
found span is right when its start and end match a gold span of the same
role in the same article; with overlap, when it shares a word with one.
Gold spans may be discontinuous ("the plan, he said, is dead"): a span is
taken from its first start to its last end. Found quotes are grouped into
relations the same way: quotes of one paragraph with the same cue ("“We
won,” he said. “They lost.”", reported speech around a partial quote) are
one relation, whose content runs from the first quote's start to the last
one's end; a direct quote inside a reported content is part of it. Before
comparing, both sides are trimmed of the spaces, punctuation and quotation
marks at their ends, so that a content with or without its closing mark is
the same span. Each
side counts distinct spans (one "he" heading three relations is one source).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from stancewire.evaluation import read_jsonl
from stancewire.nlp.annotate import Annotation
from stancewire.nlp.clean import CleanText

Span = tuple[int, int]
Spans = tuple[Span, ...]
ROLES = ("source", "cue", "content")
_TRIM = "\"“”„«»‘’'.,;:!?()[]—–-"  # and any space (PolNeAR's texts hold no-break spaces)


class GoldAttribution(NamedTuple):
    content: Spans
    source: Spans  # empty for 'Attribution-no-source'
    direct: bool  # the content holds quotation marks
    cue: Spans = ()


class FoundQuote(NamedTuple):
    start: int
    end: int
    direct: bool
    speaker: Span | None
    speaker_entity: str | None
    cue: Span | None = None


class Scores(NamedTuple):
    gold: int
    found: int
    recall: float
    speaker_accuracy: float
    precision: float


class SpanCounts(NamedTuple):
    """Counts of one role in one or more articles."""

    gold: int
    found: int
    exact: int  # found spans equal to a gold span
    found_overlapping: int  # found spans sharing a word with a gold span
    gold_overlapped: int  # gold spans sharing a word with a found span


class SpanScores(NamedTuple):
    gold: int
    found: int
    exact_precision: float
    exact_recall: float
    exact_f1: float
    overlap_precision: float
    overlap_recall: float
    overlap_f1: float


class PolnearArticle(NamedTuple):
    id: str
    text: str
    gold: list[GoldAttribution]


def read_polnear(articles: Path, attributions: Path) -> list[PolnearArticle]:
    """The articles of ``articles`` with their relations from ``attributions`` (JSONL files)."""
    texts = {row["id"]: row["text"] for row in read_jsonl(articles)}
    gold: dict[str, list[GoldAttribution]] = {article_id: [] for article_id in texts}
    for row in read_jsonl(attributions):
        if row["article_id"] in gold:
            gold[row["article_id"]].append(_gold(row))
    return [PolnearArticle(article_id, text, gold[article_id])
            for article_id, text in texts.items()]


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


def span_counts(text: str, gold: Sequence[GoldAttribution], found: Sequence[FoundQuote]
                ) -> dict[str, SpanCounts]:
    """Counts per role for one article (see the module's note on how spans compare)."""
    found_spans: dict[str, list[Span | None]] = {
        "source": [q.speaker for q in found], "cue": [q.cue for q in found],
        "content": list(_relation_contents(text, found)),
    }
    counts = {}
    for role in ROLES:
        golds = _distinct(text, (_hull(getattr(g, role)) for g in gold))
        founds = _distinct(text, found_spans[role])
        counts[role] = SpanCounts(
            len(golds), len(founds), len(set(golds) & set(founds)),
            sum(any(_overlap((f,), (g,)) for g in golds) for f in founds),
            sum(any(_overlap((g,), (f,)) for f in founds) for g in golds),
        )
    return counts


def summarise_spans(counts: Iterable[SpanCounts]) -> SpanScores:
    """Micro-averaged span scores of one role over articles."""
    totals = [sum(column) for column in zip(*counts, strict=True)] or [0] * 5
    gold, found, exact, found_overlapping, gold_overlapped = totals
    precision, recall = _ratio(exact, found), _ratio(exact, gold)
    overlap_precision, overlap_recall = _ratio(found_overlapping, found), _ratio(
        gold_overlapped, gold)
    return SpanScores(gold, found, precision, recall, _f1(precision, recall),
                      overlap_precision, overlap_recall, _f1(overlap_precision, overlap_recall))


def found_quotes(annotation: Annotation, cleaned: CleanText
                 ) -> tuple[list[FoundQuote], list[tuple[str, int, int]]]:
    """The quotes and entity mentions of an annotation, with offsets into the raw text."""
    back = cleaned.to_original
    quotes = []
    for quote, entity in annotation.quotes:
        speaker, cue = quote.speaker, quote.cue
        quotes.append(FoundQuote(
            back(quote.start), back(quote.end), quote.direct,
            (back(speaker.start), back(speaker.end)) if speaker else None,
            entity.id if speaker and entity else None,
            (back(cue.start), back(cue.end)) if cue else None,
        ))
    mentions = [(m.canonical.id, back(m.start), back(m.end)) for m in annotation.mentions]
    return quotes, mentions


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


def _relation_contents(text: str, found: Sequence[FoundQuote]) -> Iterator[Span]:
    """The content of each found relation: quotes that share a cue within a paragraph
    make one, from the first start to the last end."""
    reported = [(q.start, q.end) for q in found if not q.direct]
    by_cue: dict[Span, list[Span]] = {}
    for quote in found:
        if quote.direct and any(s <= quote.start and quote.end <= e for s, e in reported):
            continue  # a partial quote inside reported speech: one relation
        if quote.cue is None:
            yield quote.start, quote.end
        else:
            by_cue.setdefault(quote.cue, []).append((quote.start, quote.end))
    for contents in by_cue.values():
        contents.sort()
        start, end = contents[0]
        for next_start, next_end in contents[1:]:
            if next_start < end or "\n" not in text[end:next_start]:
                end = max(end, next_end)
                continue
            yield start, end
            start, end = next_start, next_end
        yield start, end


def _hull(spans: Spans) -> Span | None:
    return (spans[0][0], spans[-1][1]) if spans else None


def _distinct(text: str, spans: Iterable[Span | None]) -> list[Span]:
    trimmed = (_trimmed(text, span) for span in spans if span is not None)
    return sorted({span for span in trimmed if span is not None})


def _trimmed(text: str, span: Span) -> Span | None:
    start, end = span
    while start < end and (text[start] in _TRIM or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1].isspace()):
        end -= 1
    return (start, end) if end > start else None


def _overlap(spans: Spans, others: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in spans for s2, e2 in others)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _gold(row: dict[str, Any]) -> GoldAttribution:
    def spans(role: str) -> Spans:
        part = row.get(role) or {}
        return tuple(sorted((start, end) for start, end in part.get("spans") or ()))

    return GoldAttribution(
        content=spans("content"),
        source=spans("source") if row["type"] == "Attribution" else (),
        direct=bool(row.get("content_has_quote_marks")),
        cue=spans("cue"),
    )
