"""One analysed text -> its annotation: entities, attributed quotes, stances, tone."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from typing import NamedTuple

from stancewire.nlp.attribution import AttributionTagger
from stancewire.nlp.coref import Resolver
from stancewire.nlp.entities import EntityMention
from stancewire.nlp.entity_tone import EntityEvidence
from stancewire.nlp.gazetteer import Canonical
from stancewire.nlp.lexicon import Lexicon
from stancewire.nlp.pipeline import Analysis
from stancewire.nlp.quotes import QuoteFound, quotes
from stancewire.nlp.spans import PRONOUNS, TextSpan
from stancewire.nlp.stance import Stance, stance_signals
from stancewire.nlp.stance_model import StanceModel, shipped_model
from stancewire.nlp.stance_pairs import QuoteSpan
from stancewire.nlp.tone import Prediction, ToneScorer, compound

_STANCE_EVIDENCE = 0.5


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
    entity_evidence: dict[str, EntityEvidence]  # what the tone above was judged from


def annotate(analysis: Analysis, lexicon: Lexicon, tone: ToneScorer,
             attribution: AttributionTagger, stance_model: StanceModel | None = None
             ) -> Annotation:
    """Extract everything from one analysed text; ``tone`` scores the entities, VADER the
    text, ``attribution`` tags reported speech, ``stance_model`` (default the shipped one)
    the entity pairs."""
    resolver, attributed = attributed_quotes(analysis, lexicon, attribution)
    stances = list(stance_signals(analysis, resolver, lexicon, quote_spans(attributed),
                                  stance_model or shipped_model()))
    mentions = _with_role_mentions(analysis.mentions, [
        *((q.speaker.name(), speaker) for q, speaker in attributed if q.speaker is not None),
        *((s.source, s.source_entity) for s in stances),
    ])
    sentence_starts, sentences = _sentences(analysis)
    predictions = _mention_tones(analysis, mentions, sentence_starts, sentences, tone)
    evidence = _entity_evidence(len(analysis.text), mentions, predictions, attributed, stances)
    entity_tone = {entity: tone.entity_tone(found) for entity, found in evidence.items()}
    article_tone = sum(map(compound, sentences)) / len(sentences) if sentences else 0.0
    return Annotation(mentions, attributed, stances, article_tone, entity_tone, evidence)


def attributed_quotes(analysis: Analysis, lexicon: Lexicon, attribution: AttributionTagger
                      ) -> tuple[Resolver, list[AttributedQuote]]:
    """The article's quotes, direct and reported, with their speakers resolved, and the
    resolver that knows those speakers (the pronouns after a named speaker resolve to them)."""
    resolver = Resolver(analysis.text, analysis.mentions)
    found = list(quotes(analysis.text, analysis.parsed, lexicon.speech_verbs, attribution))
    for quote in found:
        if quote.speaker is not None and (named := resolver.named(quote.speaker)):
            resolver.add_named_speaker(quote.speaker.start, named)
    return resolver, [AttributedQuote(q, _speaker_entity(q, resolver, analysis.mentions))
                      for q in found]


def quote_spans(attributed: list[AttributedQuote]) -> list[QuoteSpan]:
    """Each direct quote and its resolved speaker: the source of what it says, the "I" in it."""
    return [QuoteSpan(q.start, q.end, s, q.speaker.name() if q.speaker else None)
            for q, s in attributed if q.direct]


def _mention_tones(analysis: Analysis, mentions: list[EntityMention],
                   sentence_starts: list[int], sentences: list[str], tone: ToneScorer
                   ) -> dict[str, list[tuple[Prediction, str]]]:
    """Each entity's mention tones, with their sentences, scored in one call.

    A scorer that needs parses gets the pass-2 parse of each mention's
    sentence; a mention whose sentence was not parsed is left out.
    """
    parses = {sentence.offset: sentence.doc for sentence in analysis.parsed}
    items, parsed, scored = [], [], []
    for mention in mentions:
        i = bisect_right(sentence_starts, mention.start) - 1
        if mention.end - sentence_starts[i] > len(sentences[i]):
            continue  # a name the sentencizer cut in two has no one sentence to be scored in
        if tone.needs_parses:
            if (doc := parses.get(sentence_starts[i])) is None:
                continue
            parsed.append(doc)
        items.append((sentences[i], mention.start - sentence_starts[i],
                      mention.end - sentence_starts[i]))
        scored.append(mention)
    predictions = tone.predict(items, parsed=parsed if tone.needs_parses else None)
    by_entity: dict[str, list[tuple[Prediction, str]]] = defaultdict(list)
    for mention, prediction, (sentence, _, _) in zip(scored, predictions, items, strict=True):
        by_entity[mention.canonical.id].append((prediction, sentence))
    return by_entity


def _entity_evidence(length: int, mentions: list[EntityMention],
                     predictions: dict[str, list[tuple[Prediction, str]]],
                     attributed: list[AttributedQuote],
                     stances: list[Stance]) -> dict[str, EntityEvidence]:
    """What the article says of each entity with a scored mention."""
    counts = Counter(mention.canonical.id for mention in mentions)
    first: dict[str, EntityMention] = {}
    for mention in mentions:
        first.setdefault(mention.canonical.id, mention)
    signals: Counter[tuple[str, str, int]] = Counter()
    # The stance model emits triples from P = 0.12 up (its threshold is chosen for the
    # triples' own precision); as tone evidence only those it holds likelier than not count.
    for stance in (s for s in stances if s.confidence >= _STANCE_EVIDENCE):
        for role, entity in (("target", stance.target_entity), ("source", stance.source_entity)):
            if entity is not None:
                signals[role, entity.id, stance.polarity] += 1
    quoted = Counter(speaker.id for _, speaker in attributed if speaker is not None)
    total = sum(counts.values())
    return {entity: EntityEvidence(
        predictions=[prediction for prediction, _ in found],
        sentence_tones=[compound(sentence) for _, sentence in found],
        mentions=counts[entity],
        first=first[entity].start / max(1, length),
        share=counts[entity] / total,
        label=first[entity].canonical.label,
        opposed=signals["target", entity, -1],
        supported=signals["target", entity, 1],
        opposes=signals["source", entity, -1],
        supports=signals["source", entity, 1],
        quoted=quoted[entity],
    ) for entity, found in predictions.items()}


def _speaker_entity(quote: QuoteFound, resolver: Resolver, mentions: list[EntityMention]
                    ) -> Canonical | None:
    # Reported speech is often said by a group or a document ("officials", "the
    # report"): such a speaker resolves only through an entity named in it, never
    # to the last speaker.
    if quote.speaker is None:
        return None
    speaker = quote.speaker.name()
    if quote.direct or speaker.text.lower() in PRONOUNS or any(
            speaker.overlaps(m.start, m.end) for m in mentions):
        return resolver.resolve(speaker)
    return None


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


def _sentences(analysis: Analysis) -> tuple[list[int], list[str]]:
    starts, texts = [], []
    for sent in analysis.doc.sents:
        starts.append(sent.start_char)
        texts.append(analysis.text[sent.start_char : sent.end_char])  # Span.text rebuilds it
    return starts or [0], texts or [""]
