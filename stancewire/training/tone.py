"""Fitting the target tone model on NewsMTSC, and its grouped cross-validation.

The features are the prediction code's (:func:`~stancewire.nlp.target_tone.target_features`);
here they are fitted by scikit-learn, which the worker never imports.

Beside NewsMTSC's gold targets the fit can learn from a teacher (distillation):
entity mentions in news articles without labels, each weighted by the
transformer backend's probabilities for the three tones. The linear model then
sees many more sentences and wordings than NewsMTSC's, labelled by a model that
reads them better than it does, and keeps its own cost per target.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Protocol

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from stancewire.evaluation.newsmtsc import ToneExample, score_tone
from stancewire.nlp import word_embeddings
from stancewire.nlp.target_tone import (
    DEFAULT_SPACY_MODEL,
    LABELS,
    TargetToneModel,
    target_features,
    target_vector,
)

#: scikit-learn's ``C``, chosen by :func:`cross_validate` on NewsMTSC train, with a teacher
#: and without, together with :data:`DENSE_SCALE`.
DEFAULT_REGULARISATION = 0.1
#: The dense features' standard deviation in the fit, against 1 for a present sparse feature.
DENSE_SCALE = 0.1
#: Weight of a teacher-labelled target in the fit, against 1 for a NewsMTSC target.
TEACHER_WEIGHT = 0.3
#: A teacher's probability below which its class is left out of a target's rows.
_LEAST_PROBABILITY = 0.02
#: A sparse feature whose weights all stay below this in size is left out of the model.
PRUNE_BELOW = 0.02
#: Entity types whose mentions become teacher-labelled targets: those the enrichment scores.
TARGET_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Sentences of this many tokens (inclusive) give teacher-labelled targets.
_SENTENCE_TOKENS = (6, 70)
_TEACHER_BATCH = 32


class Teacher(Protocol):
    """A tone model that gives P(negative, neutral, positive) for ``(sentence, start, end)``."""

    def probabilities(self, items: Sequence[tuple[str, int, int]]) -> Any: ...


class Taught(NamedTuple):
    """Targets without gold labels: their parsed sentences and a teacher's probabilities."""

    items: list[tuple[str, int, int]]
    docs: list[Doc]
    probabilities: Any  # (len(items), 3) array, LABELS' order


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


def article_targets(nlp: Language, texts: Iterable[str]) -> tuple[list[tuple[str, int, int]],
                                                                   list[Doc]]:
    """The entity mentions (:data:`TARGET_LABELS`) of the sentences of ``texts``, as
    ``(sentence, start, end)``, and each one's sentence parsed alone, as NewsMTSC's are.

    A sentence is kept once, and only when it has 6 to 70 tokens and no line
    break (headlines and captions run into the next line).
    """
    found: dict[str, list[tuple[int, int]]] = {}
    least, most = _SENTENCE_TOKENS
    for doc in nlp.pipe(texts, batch_size=8):
        for sentence in doc.sents:
            # A paragraph's break opens its first sentence: the text starts after it.
            start = sentence.start_char + len(sentence.text) - len(sentence.text.lstrip())
            text = sentence.text.strip()
            if least <= len(sentence) <= most and "\n" not in text and text not in found:
                found[text] = [(ent.start_char - start, ent.end_char - start)
                               for ent in sentence.ents if ent.label_ in TARGET_LABELS]
    sentences = [text for text, spans in found.items() if spans]
    items, docs = [], []
    for text, doc in zip(sentences, nlp.pipe(sentences, batch_size=128), strict=True):
        for start, end in found[text]:
            if doc.char_span(start, end) is not None:
                items.append((text, start, end))
                docs.append(doc)
    return items, docs


def teach(teacher: Teacher, items: Sequence[tuple[str, int, int]]) -> Any:
    """The teacher's probabilities for each item (rows in ``items``' order), batched by length."""
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    probabilities = np.zeros((len(items), len(LABELS)))
    for first in range(0, len(order), _TEACHER_BATCH):
        batch = order[first : first + _TEACHER_BATCH]
        probabilities[batch] = teacher.probabilities([items[i] for i in batch])
    return probabilities


def train(
    examples: Sequence[ToneExample],
    docs: Sequence[Doc],
    *,
    spacy_model: str = DEFAULT_SPACY_MODEL,
    regularisation: float = DEFAULT_REGULARISATION,
    seed: int = 0,
    taught: Taught | None = None,
) -> TargetToneModel:
    """Fit the model on ``examples``, their sentences parsed by ``spacy_model`` in ``docs``,
    and on the ``taught`` targets if given (see :func:`fit`).

    L2-regularised logistic regression with lbfgs, classes weighted by their
    inverse frequency (positive is the rarest); lbfgs is deterministic and
    ``seed`` is passed on for completeness. ``regularisation`` is scikit-learn's ``C``.
    """
    started = time.perf_counter()
    model = fit(examples, docs, regularisation=regularisation, seed=seed, taught=taught)
    model.meta.update({
        "spacy_model": spacy_model,
        "regularisation": regularisation,
        "seed": seed,
        "examples": len(examples),
        "word_embeddings": word_embeddings.SOURCE,
        "training_seconds": round(time.perf_counter() - started, 1),
    })
    if taught is not None:
        model.meta["teacher_targets"] = len(taught.items)
        model.meta["teacher_weight"] = TEACHER_WEIGHT
    return model


def fit(examples: Sequence[ToneExample], docs: Sequence[Doc], *, regularisation: float,
        seed: int = 0, taught: Taught | None = None) -> TargetToneModel:
    """The model fitted on ``examples`` whose sentences ``docs`` holds parsed, in order.

    Each gold target weighs the inverse of its class's frequency (scikit-learn's
    balanced weights). Each ``taught`` target adds one row per class, weighing
    :data:`TEACHER_WEIGHT` times the teacher's probability of that class.
    The dense features are standardised and shrunk by :data:`DENSE_SCALE` for
    the fit, so that one ``C`` suits both kinds; the scaling is then folded
    into their weights and the bias, and the model reads the raw vectors.
    Sparse features whose weights stay below :data:`PRUNE_BELOW` are dropped.
    """
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    labels = [example.polarity for example in examples]
    if set(labels) != set(LABELS):
        raise ValueError(f"training data must hold all of {LABELS}, not {sorted(set(labels))}")
    balanced = {label: len(labels) / (len(LABELS) * labels.count(label)) for label in LABELS}
    rows, vectors, weights = [], [], [balanced[label] for label in labels]
    for doc, example in zip(docs, examples, strict=True):
        rows.append(target_features(doc[:], example.start, example.end))
        vectors.append(target_vector(doc[:], example.start, example.end))
    if taught is not None:
        for doc, (_, start, end), probabilities in zip(taught.docs, taught.items,
                                                      taught.probabilities, strict=True):
            features = target_features(doc[:], start, end)
            vector = target_vector(doc[:], start, end)
            for label, probability in zip(LABELS, probabilities, strict=True):
                if probability >= _LEAST_PROBABILITY:
                    rows.append(features)
                    vectors.append(vector)
                    labels.append(label)
                    weights.append(TEACHER_WEIGHT * float(probability))
    vectorizer = DictVectorizer()
    dense = np.array(vectors)
    mean = dense.mean(axis=0)
    scale = DENSE_SCALE / np.where(dense.std(axis=0) > 0, dense.std(axis=0), 1.0)
    matrix = sparse.hstack([vectorizer.fit_transform(rows),
                            sparse.csr_matrix((dense - mean) * scale)]).tocsr()
    classifier = LogisticRegression(C=regularisation, max_iter=3000, random_state=seed)
    classifier.fit(matrix, labels, sample_weight=np.array(weights))
    names = list(vectorizer.get_feature_names_out())
    coefficients = classifier.coef_.T.astype(np.float64)
    dense_weights = coefficients[len(names):] * scale[:, None]
    kept = np.flatnonzero(np.abs(coefficients[: len(names)]).max(axis=1) >= PRUNE_BELOW)
    return TargetToneModel([names[i] for i in kept], coefficients[kept], dense_weights,
                           classifier.intercept_ - mean @ dense_weights)


def cross_validate(examples: Sequence[ToneExample], docs: Sequence[Doc], *, folds: int = 5,
                   regularisation: float = DEFAULT_REGULARISATION,
                   taught: Taught | None = None, only_first: bool = False) -> CrossValidation:
    """Macro F1 over ``folds`` folds, the rows of one sentence always in one fold.

    Rows are grouped by the sentence's text: NewsMTSC gives a few sentences
    under several ids. ``only_first``: score the first fold alone (the one the
    transformer backend held out, so the only one a fit it teaches never saw).
    """
    from sklearn.model_selection import GroupKFold

    groups = [example.sentence for example in examples]
    scores = []
    splits = list(GroupKFold(folds).split(examples, groups=groups))
    for train_rows, test_rows in splits[:1] if only_first else splits:
        model = fit([examples[i] for i in train_rows], [docs[i] for i in train_rows],
                    regularisation=regularisation, taught=taught)
        held_out = [examples[i] for i in test_rows]
        predicted = model.predict([(e.sentence, e.start, e.end) for e in held_out],
                                  parsed=[docs[i] for i in test_rows])
        scores.append(score_tone([e.polarity for e in held_out],
                                 [label for label, _ in predicted]).f1_macro)
    return CrossValidation(scores)
