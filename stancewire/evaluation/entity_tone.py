"""Article-level tone toward entities, scored against SEESAW's annotators.

SEESAW gives, per article, each listed entity's overall sentiment, one label
per annotator on a seven-point scale. Each label maps to negative, neutral or
positive (``Unknown`` is dropped); the majority is the gold label, and an
entity without one (a tie, or only ``Unknown``) is left out. An entity is
found when an enriched entity of the same article has the id
``slug(gold name)``; F1m is macro F1 over the found entities, and the
entities not found are counted apart (``listed - found``), not as errors: the
entity finder's recall is not the tone's to answer for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from stancewire.evaluation.newsmtsc import ToneReport, score_tone
from stancewire.models import EnrichedArticle
from stancewire.nlp.gazetteer import slug
from stancewire.nlp.target_tone import Polarity

_SEESAW_POLARITY: dict[str, Polarity] = {
    "Very Negative": "negative",
    "Negative": "negative",
    "Slightly Negative": "negative",
    "Neutral": "neutral",
    "Slightly Positive": "positive",
    "Positive": "positive",
    "Very Positive": "positive",
}
_UNKNOWN = "Unknown"


class EntityToneScores(NamedTuple):
    """F1m and details over the found entities; ``listed`` counts every gold entity."""

    report: ToneReport | None  # None when no listed entity was found
    found: int
    listed: int

    @property
    def f1_macro(self) -> float:
        return self.report.f1_macro if self.report is not None else 0.0


def gold_entity_tones(entity_sentiments: Mapping[str, Sequence[str]]) -> dict[str, Polarity]:
    """Entity name -> the annotators' majority polarity, for the entities that have one."""
    gold: dict[str, Polarity] = {}
    for name, labels in entity_sentiments.items():
        votes = Counter(_polarity(label) for label in labels if label != _UNKNOWN).most_common()
        if votes and (len(votes) == 1 or votes[0][1] > votes[1][1]):
            gold[name] = votes[0][0]
    return gold


def _polarity(label: str) -> Polarity:
    try:
        return _SEESAW_POLARITY[label]
    except KeyError:
        raise ValueError(f"unknown SEESAW sentiment label {label!r}") from None


def score_entity_tone(
    articles: Iterable[tuple[Mapping[str, Sequence[str]], EnrichedArticle]],
) -> EntityToneScores:
    """Score ``(entity_sentiments, enriched event)`` pairs, one per article."""
    gold_labels: list[str] = []
    predicted: list[str] = []
    listed = 0
    for entity_sentiments, event in articles:
        tones = {entity.id: entity.tone.label for entity in event.entities}
        for name, polarity in gold_entity_tones(entity_sentiments).items():
            listed += 1
            if (label := tones.get(slug(name))) is not None:
                gold_labels.append(polarity)
                predicted.append(label)
    report = score_tone(gold_labels, predicted) if gold_labels else None
    return EntityToneScores(report, len(gold_labels), listed)


def format_entity_tone(scores: EntityToneScores) -> str:
    """The ``entity tone F1m: X`` line, with how many listed entities it is over."""
    return (f"entity tone F1m: {scores.f1_macro:.3f} "
            f"({scores.found} of {scores.listed} listed entities found)")
