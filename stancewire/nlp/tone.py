"""Tone per mention and its aggregates, with VADER as the baseline scorer.

Scorers share one interface, ``predict(items) -> [(label, score)]`` over
``(sentence, target_start, target_end)`` items, where ``score`` in [0, 1]
is the strength of ``label``. VADER ignores the target and scores the
sentence; a learned target-dependent model (``stancewire.nlp.target_tone``)
has the same signature and can be passed instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# VADER's own thresholds on its compound score (Hutto & Gilbert, 2014).
_NEUTRAL_BAND = 0.05
_SIGN = {"positive": 1.0, "negative": -1.0, "neutral": 0.0}

ToneItem = tuple[str, int, int]


class ToneScorer(Protocol):
    """Anything that scores the tone toward targets in sentences."""

    def predict(self, items: Sequence[ToneItem]) -> list[tuple[str, float]]: ...


class VaderTone:
    """The sentence's VADER compound score, for every target in it."""

    def __init__(self) -> None:
        self._analyzer = SentimentIntensityAnalyzer()

    def predict(self, items: Sequence[ToneItem]) -> list[tuple[str, float]]:
        scores: dict[str, float] = {}
        results = []
        for sentence, _, _ in items:
            if sentence not in scores:
                scores[sentence] = self._analyzer.polarity_scores(sentence)["compound"]
            results.append((label_of(scores[sentence]), abs(scores[sentence])))
        return results


def label_of(score: float) -> str:
    """negative, neutral or positive for a signed score in [-1, 1]."""
    if score >= _NEUTRAL_BAND:
        return "positive"
    if score <= -_NEUTRAL_BAND:
        return "negative"
    return "neutral"


def mean_tone(predictions: Sequence[tuple[str, float]]) -> float:
    """The mean signed tone of several predictions (0 for none)."""
    if not predictions:
        return 0.0
    return sum(_SIGN.get(label, 0.0) * score for label, score in predictions) / len(predictions)
