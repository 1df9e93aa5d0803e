"""Fitting how an article's tone toward an entity follows from its mentions, on SEESAW.

Each listed entity of a SEESAW article that the enrichment finds (its id is
the slug of the gold name) gives one sample: the :class:`EntityEvidence` the
enrichment gathered and the annotators' majority polarity. Folds keep the
articles of one story (the same events told by several publishers) together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from stancewire.evaluation.entity_tone import gold_entity_tones
from stancewire.evaluation.newsmtsc import score_tone
from stancewire.nlp.annotate import Annotation, annotate
from stancewire.nlp.attribution import AttributionTagger
from stancewire.nlp.clean import clean_text
from stancewire.nlp.entity_tone import LABELS, EntityEvidence, EntityToneModel, evidence_features
from stancewire.nlp.gazetteer import Gazetteer, slug
from stancewire.nlp.lexicon import load_lexicon
from stancewire.nlp.pipeline import analyse, load_pipeline
from stancewire.nlp.target_tone import Polarity, TargetToneModel
from stancewire.training.tone import CrossValidation

#: scikit-learn's ``C``, chosen by :func:`cross_validate` on SEESAW train.
DEFAULT_REGULARISATION = 0.3


class EntitySample(NamedTuple):
    """One found entity of one article: what the article says of it, and the gold tone."""

    story: str  # articles of one story share it: folds keep them together
    gold: Polarity
    evidence: EntityEvidence


def read_seesaw(path: Path) -> list[dict[str, Any]]:
    """The articles of a SEESAW JSONL file, as rows."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def annotate_articles(texts: Sequence[str], model: TargetToneModel, *, spacy_model: str,
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


def fit(samples: Sequence[EntitySample], *,
        regularisation: float = DEFAULT_REGULARISATION) -> EntityToneModel:
    """Multinomial logistic regression over standardised features, classes balanced."""
    from sklearn.linear_model import LogisticRegression

    matrix = np.array([evidence_features(sample.evidence) for sample in samples])
    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    scale[scale == 0] = 1.0  # a feature constant in training carries no weight anyway
    classifier = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=2000)
    classifier.fit((matrix - mean) / scale, [sample.gold for sample in samples])
    if tuple(classifier.classes_) != LABELS:
        raise ValueError(f"training data must hold all of {LABELS}, not {classifier.classes_}")
    return EntityToneModel(classifier.coef_.T.astype(np.float64),
                           classifier.intercept_.astype(np.float64), mean, scale,
                           {"regularisation": regularisation, "samples": len(samples)})


def cross_validate(samples: Sequence[EntitySample], *, folds: int = 5,
                   regularisation: float = DEFAULT_REGULARISATION) -> CrossValidation:
    """Macro F1 over ``folds`` folds, the articles of one story always in one fold."""
    from sklearn.model_selection import GroupKFold

    scores = []
    for train_rows, test_rows in GroupKFold(folds).split(
            samples, groups=[sample.story for sample in samples]):
        model = fit([samples[i] for i in train_rows], regularisation=regularisation)
        held_out = [samples[i] for i in test_rows]
        predicted = [model.predict(sample.evidence)[0] for sample in held_out]
        scores.append(score_tone([sample.gold for sample in held_out], predicted).f1_macro)
    return CrossValidation(scores)
