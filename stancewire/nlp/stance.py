"""Stance signals: who is for or against whom, sentence by sentence.

Between two entities the learned model decides (:mod:`stancewire.nlp.stance_model`
over the candidate pairs of :mod:`stancewire.nlp.stance_pairs`); its probability
is the signal's confidence. The lexicon rules of :mod:`stancewire.nlp.stance_rules`
add the pairs they find that the model leaves out (on SEESAW train, across
folds, their triples are more often right than the model's, precision 0.410
against 0.257, and with them F1 is 0.131 instead of 0.121) and name the
relation where both find one; they alone speak of
stances toward what is not an entity ("rejected the claims"), never with a
bare pronoun at either end. One signal per source, polarity, target and sentence.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from stancewire.nlp.coref import Resolver
from stancewire.nlp.lexicon import Lexicon
from stancewire.nlp.pipeline import Analysis
from stancewire.nlp.spans import PRONOUNS, TextSpan
from stancewire.nlp.stance_model import LABELS, StanceModel
from stancewire.nlp.stance_pairs import QuoteSpan, candidates
from stancewire.nlp.stance_rules import Stance, lexicon_stances

__all__ = ["Stance", "stance_signals"]

_Key = tuple[str, str, int]  # source, target (entity id, else the words), sentence start


def stance_signals(analysis: Analysis, resolver: Resolver, lexicon: Lexicon,
                   quotes: Sequence[QuoteSpan], model: StanceModel) -> Iterator[Stance]:
    """The stance signals of one analysed text, in text order."""
    found = list(candidates(analysis.parsed, analysis.mentions, resolver, lexicon, quotes))
    probabilities: dict[_Key, dict[int, float]] = {}
    signals: dict[tuple[_Key, int], Stance] = {}
    for candidate, row in zip(found, model.probabilities([c.features for c in found]),
                              strict=True):
        sentence = candidate.sentence
        key = (candidate.source.entity.id, candidate.target.entity.id, sentence.offset)
        probabilities[key] = {-1: float(row[LABELS.index("negative")]),
                              1: float(row[LABELS.index("positive")])}
        polarity, probability = model.decide(row)
        if polarity != 0:
            text = sentence.text.rstrip()
            signals[key, polarity] = Stance(
                candidate.source.span, candidate.source.entity, candidate.relation,
                candidate.target.span, candidate.target.entity, polarity, candidate.negated,
                candidate.hedged, TextSpan(text, sentence.offset, sentence.offset + len(text)),
                round(probability, 3))
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


def _bare_pronoun(stance: Stance) -> bool:
    return any(entity is None and span.text.lower() in PRONOUNS
               for span, entity in ((stance.source, stance.source_entity),
                                    (stance.target, stance.target_entity)))
