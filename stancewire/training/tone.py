"""Fitting the target tone model on NewsMTSC, and its grouped cross-validation.

The features are the prediction code's (:func:`~stancewire.nlp.target_tone.target_features`);
here they are fitted by scikit-learn, which the worker never imports.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from stancewire.evaluation.newsmtsc import ToneExample, score_tone
from stancewire.nlp.target_tone import (
    DEFAULT_SPACY_MODEL,
    LABELS,
    TargetToneModel,
    target_features,
    target_vector,
)

#: scikit-learn's ``C``, chosen by :func:`cross_validate` on NewsMTSC train.
DEFAULT_REGULARISATION = 0.1
#: The dense features' standard deviation in the fit, against 1 for a present sparse feature.
DENSE_SCALE = 0.3


class CrossValidation(NamedTuple):
    """Macro F1 of each held-out fold, and their mean and sample standard deviation."""

    f1_macro: list[float]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.f1_macro)

    @property
    def sd(self) -> float:
        return statistics.stdev(self.f1_macro) if len(self.f1_macro) > 1 else 0.0


def parse_sentences(nlp: Language, examples: Sequence[ToneExample]) -> list[Doc]:
    """Each example's sentence parsed once by ``nlp``, in example order."""
    unique = list(dict.fromkeys(example.sentence for example in examples))
    docs = dict(zip(unique, nlp.pipe(unique, batch_size=128), strict=True))
    return [docs[example.sentence] for example in examples]


def train(
    examples: Sequence[ToneExample],
    docs: Sequence[Doc],
    *,
    spacy_model: str = DEFAULT_SPACY_MODEL,
    regularisation: float = DEFAULT_REGULARISATION,
    seed: int = 0,
) -> TargetToneModel:
    """Fit the model on ``examples``, their sentences parsed by ``spacy_model`` in ``docs``.

    L2-regularised logistic regression with lbfgs, classes weighted by their
    inverse frequency (positive is the rarest); lbfgs is deterministic and
    ``seed`` is passed on for completeness. ``regularisation`` is scikit-learn's ``C``.
    """
    started = time.perf_counter()
    model = fit(examples, docs, regularisation=regularisation, seed=seed)
    model.meta.update({
        "spacy_model": spacy_model,
        "regularisation": regularisation,
        "seed": seed,
        "examples": len(examples),
        "training_seconds": round(time.perf_counter() - started, 1),
    })
    return model


def fit(examples: Sequence[ToneExample], docs: Sequence[Doc], *, regularisation: float,
        seed: int = 0) -> TargetToneModel:
    """The model fitted on ``examples`` whose sentences ``docs`` holds parsed, in order.

    The dense features are standardised and shrunk by :data:`DENSE_SCALE` for
    the fit, so that one ``C`` suits both kinds; the scaling is then folded
    into their weights and the bias, and the model reads the raw vectors.
    """
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, vectors = [], []
    for doc, example in zip(docs, examples, strict=True):
        rows.append(target_features(doc[:], example.start, example.end))
        vectors.append(target_vector(doc[:], example.start, example.end))
    vectorizer = DictVectorizer()
    dense = np.array(vectors)
    mean = dense.mean(axis=0)
    scale = DENSE_SCALE / np.where(dense.std(axis=0) > 0, dense.std(axis=0), 1.0)
    matrix = sparse.hstack([vectorizer.fit_transform(rows),
                            sparse.csr_matrix((dense - mean) * scale)]).tocsr()
    classifier = LogisticRegression(
        C=regularisation, class_weight="balanced", max_iter=3000, random_state=seed
    )
    classifier.fit(matrix, [example.polarity for example in examples])
    if tuple(classifier.classes_) != LABELS:
        raise ValueError(f"training data must hold all of {LABELS}, not {classifier.classes_}")
    names = list(vectorizer.get_feature_names_out())
    weights = classifier.coef_.T.astype(np.float64)
    dense_weights = weights[len(names):] * scale[:, None]
    return TargetToneModel(names, weights[: len(names)], dense_weights,
                           classifier.intercept_ - mean @ dense_weights)


def cross_validate(examples: Sequence[ToneExample], docs: Sequence[Doc], *, folds: int = 5,
                   regularisation: float = DEFAULT_REGULARISATION) -> CrossValidation:
    """Macro F1 over ``folds`` folds, the rows of one sentence always in one fold.

    Rows are grouped by the sentence's text: NewsMTSC gives a few sentences
    under several ids.
    """
    from sklearn.model_selection import GroupKFold

    groups = [example.sentence for example in examples]
    scores = []
    for train_rows, test_rows in GroupKFold(folds).split(examples, groups=groups):
        model = fit([examples[i] for i in train_rows], [docs[i] for i in train_rows],
                    regularisation=regularisation)
        held_out = [examples[i] for i in test_rows]
        predicted = model.predict([(e.sentence, e.start, e.end) for e in held_out],
                                  parsed=[docs[i] for i in test_rows])
        scores.append(score_tone([e.polarity for e in held_out],
                                 [label for label, _ in predicted]).f1_macro)
    return CrossValidation(scores)
