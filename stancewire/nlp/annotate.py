"""One analysed text -> its annotation: entities, attributed quotes, stances, tone."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from typing import NamedTuple

from stancewire.nlp.coref import Resolver
from stancewire.nlp.entities import EntityMention
from stancewire.nlp.gazetteer import Canonical
from stancewire.nlp.lexicon import Lexicon
from stancewire.nlp.pipeline import Analysis
from stancewire.nlp.quotes import QuoteFound, quotes
from stancewire.nlp.spans import PRONOUNS, TextSpan
from stancewire.nlp.stance import Stance, stance_signals
from stancewire.nlp.tone import Prediction, ToneScorer, aggregate, compound


class AttributedQuote(NamedTuple):
    """A quote and the entity its speaker resolves to."""

    quote: QuoteFound
    speaker: Canonical | None


class Annotation(NamedTuple):
    """Everything the enrichment extracts from one text."""

    mentions: list[EntityMention]
    quotes: list[AttributedQuote]
    stances: list[Stance]
    tone: float  # mean sentence tone, -1 to +1
    entity_tone: dict[str, Prediction]  # canonical id -> (label, score) where it is named


def annotate(analysis: Analysis, lexicon: Lexicon, tone: ToneScorer) -> Annotation:
    """Extract everything from one analysed text; ``tone`` scores the entities, VADER the text."""
    text = analysis.text
    mentions = analysis.mentions
    resolver = Resolver(text, mentions)
    found = list(quotes(text, analysis.parsed, lexicon.speech_verbs))
    for quote in found:
        if quote.speaker is not None and (named := resolver.named(quote.speaker)):
            resolver.add_named_speaker(quote.speaker.start, named)
    attributed = [
        AttributedQuote(q, resolver.resolve(q.speaker) if q.speaker is not None else None)
        for q in found
    ]
    stances = list(stance_signals(analysis.parsed, resolver, lexicon,
                                  _speaker_at(attributed)))
    mentions = _with_role_mentions(mentions, [
        *((q.speaker, speaker) for q, speaker in attributed if q.speaker is not None),
        *((s.source, s.source_entity) for s in stances),
    ])
    sentence_starts, sentences = _sentences(analysis)
    entity_tone = _entity_tone(analysis, mentions, sentence_starts, sentences, tone)
    article_tone = sum(map(compound, sentences)) / len(sentences) if sentences else 0.0
    return Annotation(mentions, attributed, stances, article_tone, entity_tone)


def _entity_tone(analysis: Analysis, mentions: list[EntityMention], sentence_starts: list[int],
                 sentences: list[str], tone: ToneScorer) -> dict[str, Prediction]:
    """Each entity's tone over the sentences naming it, scored in one call.

    A scorer that needs parses gets the pass-2 parse of each mention's
    sentence; a mention whose sentence was not parsed is left out.
    """
    parses = {sentence.offset: sentence.doc for sentence in analysis.parsed}
    items, parsed, scored = [], [], []
    for mention in mentions:
        i = bisect_right(sentence_starts, mention.start) - 1
        if tone.needs_parses:
            if (doc := parses.get(sentence_starts[i])) is None:
                continue
            parsed.append(doc)
        items.append((sentences[i], mention.start - sentence_starts[i],
                      mention.end - sentence_starts[i]))
        scored.append(mention)
    predictions = tone.predict(items, parsed=parsed if tone.needs_parses else None)
    by_entity: dict[str, list[Prediction]] = defaultdict(list)
    for mention, prediction in zip(scored, predictions, strict=True):
        by_entity[mention.canonical.id].append(prediction)
    return {entity: aggregate(predictions) for entity, predictions in by_entity.items()}


def _with_role_mentions(mentions: list[EntityMention],
                        resolved: list[tuple[TextSpan, Canonical | None]]) -> list[EntityMention]:
    # "the NATO chief" who speaks, or holds a stance, is a mention of Jens Stoltenberg too.
    extra = {}
    for span, entity in resolved:
        if entity is None or entity.label != "PERSON" or span.text.lower() in PRONOUNS:
            continue
        if not any(m.canonical == entity and span.overlaps(m.start, m.end) for m in mentions):
            extra[span.start] = EntityMention(entity, span.text, span.start, span.end)
    return sorted([*mentions, *extra.values()], key=lambda m: m.start)


def _speaker_at(attributed: list[AttributedQuote]) -> dict[tuple[int, int], Canonical]:
    """(start, end) of each direct quote -> its resolved speaker, for "I" inside it."""
    return {(q.start, q.end): s for q, s in attributed if q.direct and s is not None}


def _sentences(analysis: Analysis) -> tuple[list[int], list[str]]:
    starts, texts = [], []
    for sent in analysis.doc.sents:
        starts.append(sent.start_char)
        texts.append(analysis.text[sent.start_char : sent.end_char])  # Span.text rebuilds it
    return starts or [0], texts or [""]
