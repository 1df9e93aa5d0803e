"""Tone per mention and its aggregates: the learned target model, or VADER.

Scorers share one interface, ``predict(items, parsed=...) -> [(label, score)]``
over ``(sentence, target_start, target_end)`` items, where ``score`` in
[-1, 1] is signed (negative to positive). VADER ignores the target and the
parses and scores the sentence. The learned target-dependent model
(:class:`~stancewire.nlp.target_tone.TargetToneModel`) reads each target in
its parsed sentence: the enrichment hands it the parses (``needs_parses``).
The fine-tuned transformer
(:class:`~stancewire.nlp.transformer_tone.TransformerTone`) reads the text alone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from spacy.tokens import Doc, Span

from stancewire.nlp.entity_tone import EntityEvidence, Prediction, aggregate, label_of
from stancewire.nlp.target_tone import TargetToneModel, sentence_vader
from stancewire.nlp.transformer_tone import TransformerTone
from stancewire.settings import ToneChoice

__all__ = ["Prediction", "ToneItem", "ToneScorer", "VaderTone", "compound", "label_of",
           "load_tone"]

ToneItem = tuple[str, int, int]

log = logging.getLogger(__name__)


class ToneScorer(Protocol):
    """Anything that scores the tone toward targets in sentences."""

    @property
    def needs_parses(self) -> bool:
        """Whether :meth:`predict` needs ``parsed``: each item's sentence parsed."""

    def predict(self, items: Sequence[ToneItem], *,
                parsed: Sequence[Span | Doc] | None = None) -> list[Prediction]: ...

    def entity_tone(self, evidence: EntityEvidence) -> Prediction:
        """The article's tone toward one entity, from its mentions' predictions and roles."""


class VaderTone:
    """The sentence's VADER compound score, for every target in it."""

    needs_parses = False

    def predict(self, items: Sequence[ToneItem], *,
                parsed: Sequence[Span | Doc] | None = None) -> list[Prediction]:
        return [(label_of(score), score) for score in (compound(s) for s, _, _ in items)]

    def entity_tone(self, evidence: EntityEvidence) -> Prediction:
        """Its mentions' most frequent label and mean score."""
        return aggregate(evidence.predictions)


def compound(sentence: str) -> float:
    """VADER's compound score of ``sentence``, from the cache the tone model fills too."""
    return dict(sentence_vader(sentence))["compound"]


def load_tone(choice: ToneChoice) -> ToneScorer:
    """The entity tone scorer for ``STANCEWIRE_TONE``: the shipped linear model unless it is
    missing, the transformer only when chosen (its files and packages must be there)."""
    if choice == "transformer":
        return TransformerTone.load()
    if choice == "model":
        try:
            return TargetToneModel.load()
        except OSError as exc:
            log.warning("tone model unavailable (%s): entity tone falls back to the lexicon",
                        exc)
    return VaderTone()
