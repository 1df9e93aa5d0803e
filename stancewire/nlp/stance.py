"""Stance signals: who is for or against whom, in an article and the sentence that says so.

The learned sentence model (:mod:`stancewire.nlp.stance_model`) scores the
candidate pairs of each sentence (:mod:`stancewire.nlp.stance_pairs`); the
article-level model (:mod:`stancewire.nlp.stance_article`) decides each
ordered pair of entities from all its sentences together, and the signal
cites the sentence the sentence model is surest of, with that sentence's
probability as its confidence. The lexicon rules of
:mod:`stancewire.nlp.stance_rules` add the pairs they find that the models
leave out (measured in cross-validation: see the model's README) and name the
relation where both find one; they alone speak of stances toward what is not
an entity ("rejected the claims"), never with a bare pronoun at either end.
One signal per source, polarity, target and sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from stancewire.nlp.coref import Resolver
from stancewire.nlp.lexicon import Lexicon
from stancewire.nlp.pipeline import Analysis
from stancewire.nlp.spans import PRONOUNS, TextSpan
from stancewire.nlp.stance_article import article_pairs, pair_stances
from stancewire.nlp.stance_model import LABELS, FloatArray, StanceModel
from stancewire.nlp.stance_pairs import Candidate, QuoteSpan, candidates
from stancewire.nlp.stance_rules import Stance, lexicon_stances

__all__ = ["Stance", "stance_signals"]

_Key = tuple[str, str, int]  # source, target (entity id, else the words), sentence start


def stance_signals(analysis: Analysis, resolver: Resolver, lexicon: Lexicon,
                   quotes: Sequence[QuoteSpan], model: StanceModel) -> Iterator[Stance]:
    """The stance signals of one analysed text, in text order."""
    found = list(candidates(analysis.parsed, analysis.mentions, resolver, lexicon, quotes))
    rows = model.probabilities([c.features for c in found])
    probabilities: dict[_Key, dict[int, float]] = {}
    for candidate, row in zip(found, rows, strict=True):
        key = (candidate.source.entity.id, candidate.target.entity.id,
               candidate.sentence.offset)
        probabilities[key] = {-1: float(row[LABELS.index("negative")]),
                              1: float(row[LABELS.index("positive")])}
    signals: dict[tuple[_Key, int], Stance] = {}
    for k, polarity in _decided(found, rows, analysis, model):
        candidate = found[k]
        sentence = candidate.sentence
        text = sentence.text.rstrip()
        key = (candidate.source.entity.id, candidate.target.entity.id, sentence.offset)
        signals[key, polarity] = Stance(
            candidate.source.span, candidate.source.entity, candidate.relation,
            candidate.target.span, candidate.target.entity, polarity, candidate.negated,
            candidate.hedged, TextSpan(text, sentence.offset, sentence.offset + len(text)),
            round(probabilities[key][polarity], 3))
    speakers = {(q.start, q.end): q.speaker for q in quotes if q.speaker is not None}
    for stance in lexicon_stances(analysis.parsed, resolver, lexicon, speakers):
        if _bare_pronoun(stance) or stance.source_entity == stance.target_entity:
            continue
        key = (stance.source_entity.id if stance.source_entity else stance.source.text,
               stance.target_entity.id if stance.target_entity else stance.target.text,
               stance.evidence.start)
        if (key, stance.polarity) in signals:  # the model's, named by the stance word
            signals[key, stance.polarity] = signals[key, stance.polarity]._replace(
                relation=stance.relation)
            continue
        scored = probabilities.get(key)
        if scored is not None:
            stance = stance._replace(confidence=round(scored[stance.polarity], 3))
        signals[key, stance.polarity] = stance
    yield from sorted(signals.values(), key=lambda s: (s.evidence.start, s.source.start))


def _decided(found: Sequence[Candidate], rows: FloatArray, analysis: Analysis,
             model: StanceModel) -> Iterator[tuple[int, int]]:
    """(candidate index, polarity) of each stance the article holds: by the article-level
    model when the model has one, else sentence by sentence."""
    if model.article is None:
        for k, row in enumerate(rows):
            polarity, _ = model.decide(row)
            if polarity != 0:
                yield k, polarity
        return
    mentions = Counter(m.canonical.id for m in analysis.mentions)
    pairs = article_pairs(found, rows, mentions, floor=model.threshold)
    yield from pair_stances(pairs, model.article, model.article.meta["thresholds"])


def _bare_pronoun(stance: Stance) -> bool:
    return any(entity is None and span.text.lower() in PRONOUNS
               for span, entity in ((stance.source, stance.source_entity),
                                    (stance.target, stance.target_entity)))
