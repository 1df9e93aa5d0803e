"""Fitting how an article's tone toward an entity follows from its mentions, on SEESAW.

Each listed entity of a SEESAW article that the enrichment finds (its id is
the slug of the gold name) gives one sample: the :class:`EntityEvidence` the
enrichment gathered and the annotators' majority polarity. Folds keep the
articles of one story (the same events told by several publishers) together.

Balanced class weights make the regression predict the rare classes too
often for macro F1 (most found entities are neutral); an offset added to the
negative and the positive score, chosen on held-out folds, corrects that.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from stancewire.evaluation.entity_tone import gold_entity_tones
from stancewire.evaluation.newsmtsc import score_tone
from stancewire.nlp.annotate import Annotation, annotate
from stancewire.nlp.attribution import AttributionTagger
from stancewire.nlp.clean import clean_text
from stancewire.nlp.entity_tone import (
    LABELS,
    EntityEvidence,
    EntityToneModel,
    evidence_features,
    standardise,
)
from stancewire.nlp.gazetteer import Gazetteer, slug
from stancewire.nlp.lexicon import load_lexicon
from stancewire.nlp.pipeline import analyse, load_pipeline
from stancewire.nlp.target_tone import Polarity
from stancewire.nlp.tone import ToneScorer
from stancewire.training.tone import CrossValidation

FloatArray = npt.NDArray[np.float64]

#: scikit-learn's ``C``, chosen by :func:`cross_validate` on SEESAW train.
DEFAULT_REGULARISATION = 0.1
#: The offsets tried for the negative and the positive score (neutral's stays 0).
OFFSET_GRID = tuple(round(0.1 * step, 1) for step in range(-10, 11))


class EntitySample(NamedTuple):
    """One found entity of one article: what the article says of it, and the gold tone."""

    story: str  # articles of one story share it: folds keep them together
    gold: Polarity
    evidence: EntityEvidence


def read_seesaw(path: Path) -> list[dict[str, Any]]:
    """The articles of a SEESAW JSONL file, as rows."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def annotate_articles(texts: Sequence[str], model: ToneScorer, *, spacy_model: str,
                      batch_size: int = 32) -> list[Annotation]:
    """Each text cleaned, analysed and annotated as the enrichment does, ``model`` scoring."""
    nlp, lexicon, gazetteer = load_pipeline(spacy_model), load_lexicon(), Gazetteer()
    attribution = AttributionTagger()
    annotations = []
    for first in range(0, len(texts), batch_size):
        cleaned = [clean_text(text).text for text in texts[first : first + batch_size]]
        for analysis in analyse(nlp, cleaned, lexicon, gazetteer, parse_mentions=True):
            annotations.append(annotate(analysis, lexicon, model, attribution))
    return annotations


def entity_samples(rows: Iterable[dict[str, Any]], annotations: Iterable[Annotation]
                   ) -> list[EntitySample]:
    """The samples of each SEESAW row (``story_id``, ``entity_sentiments``) and its annotation."""
    samples = []
    for row, annotation in zip(rows, annotations, strict=True):
        for name, polarity in gold_entity_tones(row["entity_sentiments"]).items():
            if (evidence := annotation.entity_evidence.get(slug(name))) is not None:
                samples.append(EntitySample(str(row["story_id"]), polarity, evidence))
    return samples


class EntityCrossValidation(NamedTuple):
    """Held-out macro F1 without and with class offsets, and the offsets for the final fit."""

    plain: CrossValidation  # the regression's argmax
    offset: CrossValidation  # with the offsets chosen on the other folds' held-out scores
    offsets: FloatArray  # chosen on every fold's held-out scores


def fit(samples: Sequence[EntitySample], *, regularisation: float = DEFAULT_REGULARISATION,
        offsets: FloatArray | None = None) -> EntityToneModel:
    """Multinomial logistic regression over standardised, clipped features, classes balanced;
    ``offsets`` (one per label, from :func:`cross_validate`) are added to its bias."""
    from sklearn.linear_model import LogisticRegression

    matrix = np.array([evidence_features(sample.evidence) for sample in samples])
    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    scale[scale == 0] = 1.0  # a feature constant in training carries no weight anyway
    classifier = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=2000)
    classifier.fit(standardise(matrix, mean, scale), [sample.gold for sample in samples])
    if tuple(classifier.classes_) != LABELS:
        raise ValueError(f"training data must hold all of {LABELS}, not {classifier.classes_}")
    shift = np.zeros(len(LABELS)) if offsets is None else offsets
    return EntityToneModel(classifier.coef_.T.astype(np.float64),
                           classifier.intercept_.astype(np.float64) + shift, mean, scale,
                           {"regularisation": regularisation, "samples": len(samples),
                            "offsets": shift.round(2).tolist()})


def class_offsets(scores: FloatArray, gold: Sequence[str]) -> FloatArray:
    """The offsets (negative, 0, positive) from :data:`OFFSET_GRID` whose argmax over
    ``scores + offsets`` has the best macro F1 on ``gold``; ties go to the smallest."""
    best, chosen = -1.0, np.zeros(len(LABELS))
    for negative, positive in sorted(itertools.product(OFFSET_GRID, repeat=2),
                                     key=lambda pair: abs(pair[0]) + abs(pair[1])):
        offsets = np.array([negative, 0.0, positive])
        f1 = score_tone(gold, _labels(scores + offsets)).f1_macro
        if f1 > best:
            best, chosen = f1, offsets
    return chosen


def _labels(scores: FloatArray) -> list[str]:
    return [LABELS[i] for i in scores.argmax(axis=1)]


def cross_validate(samples: Sequence[EntitySample], *, folds: int = 5,
                   regularisation: float = DEFAULT_REGULARISATION) -> EntityCrossValidation:
    """Macro F1 over ``folds`` folds, the articles of one story always in one fold.

    Each fold's offsets are chosen on the other folds' held-out scores, so its
    figure with offsets never saw its own labels.
    """
    from sklearn.model_selection import GroupKFold

    gold = [sample.gold for sample in samples]
    scores = np.zeros((len(samples), len(LABELS)))
    split = list(GroupKFold(folds).split(samples, groups=[sample.story for sample in samples]))
    for train_rows, test_rows in split:
        model = fit([samples[i] for i in train_rows], regularisation=regularisation)
        scores[test_rows] = [model.scores(samples[i].evidence) for i in test_rows]
    plain, offset = [], []
    for train_rows, test_rows in split:
        held_out = [gold[i] for i in test_rows]
        offsets = class_offsets(scores[train_rows], [gold[i] for i in train_rows])
        plain.append(score_tone(held_out, _labels(scores[test_rows])).f1_macro)
        offset.append(score_tone(held_out, _labels(scores[test_rows] + offsets)).f1_macro)
    return EntityCrossValidation(CrossValidation(plain), CrossValidation(offset),
                                 class_offsets(scores, gold))
