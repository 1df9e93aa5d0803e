"""Tone per mention and its aggregates: the learned target model, or VADER.

Scorers share one interface, ``predict(items, parsed=...) -> [(label, score)]``
over ``(sentence, target_start, target_end)`` items, where ``score`` in
[-1, 1] is signed (negative to positive). VADER ignores the target and the
parses and scores the sentence. The learned target-dependent model
(:class:`~stancewire.nlp.target_tone.TargetToneModel`) reads each target in
its parsed sentence: the enrichment hands it the parses (``needs_parses``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from spacy.tokens import Doc, Span

from stancewire.nlp.target_tone import TargetToneModel, sentence_vader
from stancewire.settings import ToneChoice

ToneItem = tuple[str, int, int]
Prediction = tuple[str, float]

# VADER's own thresholds on its compound score (Hutto & Gilbert, 2014).
_NEUTRAL_BAND = 0.05

log = logging.getLogger(__name__)


class ToneScorer(Protocol):
    """Anything that scores the tone toward targets in sentences."""

    @property
    def needs_parses(self) -> bool:
        """Whether :meth:`predict` needs ``parsed``: each item's sentence parsed."""

    def predict(self, items: Sequence[ToneItem], *,
                parsed: Sequence[Span | Doc] | None = None) -> list[Prediction]: ...


class VaderTone:
    """The sentence's VADER compound score, for every target in it."""

    needs_parses = False

    def predict(self, items: Sequence[ToneItem], *,
                parsed: Sequence[Span | Doc] | None = None) -> list[Prediction]:
        return [(label_of(score), score) for score in (compound(s) for s, _, _ in items)]


def compound(sentence: str) -> float:
    """VADER's compound score of ``sentence``, from the cache the tone model fills too."""
    return dict(sentence_vader(sentence))["compound"]


def load_tone(choice: ToneChoice) -> ToneScorer:
    """The entity tone scorer for ``STANCEWIRE_TONE``: the shipped model unless it is missing."""
    if choice == "model":
        try:
            return TargetToneModel.load()
        except OSError as exc:
            log.warning("tone model unavailable (%s): entity tone falls back to the lexicon",
                        exc)
    return VaderTone()


def label_of(score: float) -> str:
    """negative, neutral or positive for a signed score in [-1, 1]."""
    if score >= _NEUTRAL_BAND:
        return "positive"
    if score <= -_NEUTRAL_BAND:
        return "negative"
    return "neutral"


def mean_tone(predictions: Sequence[Prediction]) -> float:
    """The mean signed score of several predictions (0 for none)."""
    if not predictions:
        return 0.0
    return sum(score for _, score in predictions) / len(predictions)


def aggregate(predictions: Sequence[Prediction]) -> Prediction:
    """One label and score for several mentions: the most frequent label, the mean score.

    A tie between labels goes to the label of the mean score.
    """
    score = mean_tone(predictions)
    votes = Counter(label for label, _ in predictions).most_common()
    if not votes or (len(votes) > 1 and votes[0][1] == votes[1][1]):
        return label_of(score), score
    return votes[0][0], score
