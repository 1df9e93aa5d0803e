"""An article's tone toward one entity, judged from its mentions' tones and roles.

The mention scorer says how each sentence treats the entity; whether the
article as a whole is negative, neutral or positive toward it also depends on
how much the article is about it and what others say of it. A small
multinomial logistic regression over :class:`EntityEvidence` decides, fitted
on SEESAW's per-article entity sentiments (``stancewire train entity-tone``);
the score stays the mean of the mentions' signed scores.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

Prediction = tuple[str, float]
LABELS = ("negative", "neutral", "positive")
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP")  # one indicator each; others none

#: The file, inside a tone model's folder, holding the weights of :class:`EntityToneModel`.
FILE_NAME = "entity_tone.json"

FloatArray = npt.NDArray[np.float64]

_ARRAYS = ("weights", "bias", "mean", "scale")

# VADER's own thresholds on its compound score (Hutto & Gilbert, 2014).
_NEUTRAL_BAND = 0.05
#: Standardised features are clipped to this many standard deviations: a short text's
#: entity (half of its mentions, say) lies far outside the articles the weights saw.
CLIP = 2.0


class EntityEvidence(NamedTuple):
    """What one article says of one entity."""

    predictions: list[Prediction]  # the tone of each scored mention, in text order
    sentence_tones: list[float]  # VADER's compound score of each scored mention's sentence
    mentions: int  # all its mentions, scored or not
    first: float  # where it is first named: 0 at the start of the text, 1 at the end
    share: float  # its mentions over all entity mentions of the article
    label: str  # PERSON, ORG, GPE, ...
    opposed: int  # stance signals against it
    supported: int  # stance signals for it
    opposes: int  # stance signals it takes against others
    supports: int  # stance signals it takes for others
    quoted: int  # quotes attributed to it


FEATURES = ("mean", "lowest", "highest", "negative", "neutral", "positive",
            "negative_mentions", "positive_mentions",
            "sentence_mean", "sentence_lowest", "sentence_highest", "mentions", "first",
            "share", *(f"is_{label}" for label in ENTITY_LABELS),
            "opposed", "supported", "opposes", "supports", "quoted")


def evidence_features(evidence: EntityEvidence) -> list[float]:
    """:data:`FEATURES` of ``evidence``, in that order; counts on a log scale."""
    scores = [score for _, score in evidence.predictions] or [0.0]
    sentences = evidence.sentence_tones or [0.0]
    labels = Counter(label for label, _ in evidence.predictions)
    scored = max(1, len(evidence.predictions))
    log = math.log1p
    return [
        sum(scores) / len(scores), min(scores), max(scores),
        *(labels[label] / scored for label in LABELS),
        log(labels["negative"]), log(labels["positive"]),
        sum(sentences) / len(sentences), min(sentences), max(sentences),
        log(evidence.mentions), evidence.first, evidence.share,
        *(float(evidence.label == label) for label in ENTITY_LABELS),
        log(evidence.opposed), log(evidence.supported), log(evidence.opposes),
        log(evidence.supports), log(evidence.quoted),
    ]


def standardise(features: FloatArray, mean: FloatArray, scale: FloatArray) -> FloatArray:
    """``(features - mean) / scale``, clipped to ±:data:`CLIP`."""
    result: FloatArray = np.clip((features - mean) / scale, -CLIP, CLIP)
    return result


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


def entity_tone_of(model: EntityToneModel | None, evidence: EntityEvidence) -> Prediction:
    """The article's tone toward one entity: ``model``'s, else its mentions' majority."""
    return aggregate(evidence.predictions) if model is None else model.predict(evidence)


@dataclass(eq=False)
class EntityToneModel:
    """``LABELS`` scored as ``standardise(features) @ weights + bias``.

    The bias holds the class offsets training chose for macro F1 (``meta["offsets"]``).
    """

    weights: FloatArray  # (len(FEATURES), 3)
    bias: FloatArray  # (3,)
    mean: FloatArray  # (len(FEATURES),)
    scale: FloatArray  # (len(FEATURES),)
    meta: dict[str, object] = field(default_factory=dict)  # how it was made, and its figures

    def predict(self, evidence: EntityEvidence) -> Prediction:
        """The article's label toward the entity, and its mentions' mean score."""
        return LABELS[int(np.argmax(self.scores(evidence)))], mean_tone(evidence.predictions)

    def scores(self, evidence: EntityEvidence) -> FloatArray:
        """Each of ``LABELS``'s linear score for ``evidence``; the label is the highest."""
        features = standardise(np.asarray(evidence_features(evidence)), self.mean, self.scale)
        result: FloatArray = features @ self.weights + self.bias
        return result

    @classmethod
    def load(cls, path: Path) -> EntityToneModel:
        """The model saved as ``path`` (a JSON file written by :meth:`save`)."""
        saved = json.loads(path.read_text(encoding="utf-8"))
        if tuple(saved["features"]) != FEATURES:
            raise ValueError(f"{path} was saved for other features: {saved['features']}")
        weights, bias, mean, scale = (np.asarray(saved[key], dtype=np.float64)
                                      for key in _ARRAYS)
        return cls(weights, bias, mean, scale, saved.get("meta", {}))

    def save(self, path: Path) -> None:
        """Write the weights and :attr:`meta` as JSON."""
        saved = {"features": FEATURES, "meta": self.meta,
                 **{key: np.round(getattr(self, key), 6).tolist() for key in _ARRAYS}}
        path.write_text(json.dumps(saved, indent=1) + "\n", encoding="utf-8")
