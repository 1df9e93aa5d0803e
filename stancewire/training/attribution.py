"""Fit the attribution tagger (:mod:`stancewire.nlp.attribution`) on PolNeAR.

Each parsed sentence of a training article becomes one sequence: its tokens'
features and their gold labels (begin / inside of a source, cue or content).
Gold spans are in raw-text offsets; tokens are mapped back through the
cleaning. A discontinuous content is labelled from its first start to its
last end, and sources and cues are labelled over contents, so that nested
relations keep their inner cue and source.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pycrfsuite

from stancewire.evaluation.polnear import (
    ROLES,
    GoldAttribution,
    SpanCounts,
    found_quotes,
    score,
    span_counts,
    summarise,
    summarise_spans,
)
from stancewire.nlp.annotate import annotate
from stancewire.nlp.attribution import (
    CLUSTERS_FILE,
    CUE_WORDS_FILE,
    MODEL_FILE,
    AttributionTagger,
    TokenClusters,
    token_features,
)
from stancewire.nlp.clean import CleanText
from stancewire.nlp.lexicon import Lexicon
from stancewire.nlp.pipeline import Analysis
from stancewire.nlp.quotes import quoted_offsets
from stancewire.nlp.tone import load_tone

# Later roles overwrite earlier ones where relations nest.
_LABEL_ORDER = (("CON", "content"), ("SRC", "source"), ("CUE", "cue"))


class TrainingArticle(NamedTuple):
    """One analysed article and its gold relations (raw-text offsets)."""

    id: str
    raw: str
    cleaned: CleanText
    analysis: Analysis
    gold: list[GoldAttribution]


class Sequence_(NamedTuple):
    features: list[list[str]]
    labels: list[str]


class Params(NamedTuple):
    c1: float = 0.5
    c2: float = 2.0
    iterations: int = 100
    clusters: tuple[int, ...] = (64, 512)  # k-means sizes over the tok2vec rows
    cluster_rows: int = 200_000  # tokens sampled to fit them


def fit_clusters(articles: Sequence[TrainingArticle], params: Params, seed: int = 0
                 ) -> TokenClusters:
    """k-means centroids of the tok2vec rows of the parsed sentences of ``articles``, at
    each of ``params.clusters`` sizes, over a sample of ``params.cluster_rows`` tokens."""
    from sklearn.cluster import MiniBatchKMeans

    rows = np.concatenate([sentence.doc.tensor for article in articles
                           for sentence in article.analysis.parsed]).astype(np.float32)
    sample = rows[np.random.default_rng(seed).permutation(len(rows))[: params.cluster_rows]]
    return TokenClusters([
        MiniBatchKMeans(size, random_state=seed, batch_size=4096, n_init=3)
        .fit(sample).cluster_centers_ for size in params.clusters])


def sequences(article: TrainingArticle, cue_words: frozenset[str], clusters: TokenClusters
              ) -> list[Sequence_]:
    """The features and gold labels of each parsed sentence of ``article``."""
    quoted = quoted_offsets(article.analysis.text)
    return [Sequence_(token_features(sentence.doc, cue_words, clusters, quoted, sentence.offset),
                      labels)
            for sentence, labels in zip(article.analysis.parsed, gold_labels(article),
                                        strict=True)]


def gold_labels(article: TrainingArticle) -> list[list[str]]:
    """The gold label of each token of each parsed sentence of ``article``."""
    back = article.cleaned.to_original
    result = []
    for sentence in article.analysis.parsed:
        offset = sentence.offset
        tokens = [(back(offset + t.idx), back(offset + t.idx + len(t))) for t in sentence.doc]
        first, last = tokens[0][0], tokens[-1][1]
        roles = ["O"] * len(tokens)
        for role, field in _LABEL_ORDER:
            for relation in article.gold:
                spans = getattr(relation, field)
                if not spans or spans[-1][1] <= first or last <= spans[0][0]:
                    continue
                hull = [(spans[0][0], spans[-1][1])] if field == "content" else spans
                for i, (start, end) in enumerate(tokens):
                    if any(start < e and s < end for s, e in hull):
                        roles[i] = role
        result.append([
            "O" if role == "O" else ("I-" if i and roles[i - 1] == role else "B-") + role
            for i, role in enumerate(roles)
        ])
    return result


def learn_cue_words(articles: Sequence[TrainingArticle], speech_verbs: frozenset[str],
                    *, min_count: int = 5, min_share: float = 0.2) -> frozenset[str]:
    """The speech verbs and the lemmas that are part of a gold cue at least ``min_count``
    times and in at least ``min_share`` of their uses."""
    in_cue: Counter[str] = Counter()
    used: Counter[str] = Counter()
    for article in articles:
        for sentence, labels in zip(article.analysis.parsed, gold_labels(article),
                                    strict=True):
            for token, label in zip(sentence.doc, labels, strict=True):
                lemma = token.lemma_.lower()
                used[lemma] += 1
                in_cue[lemma] += label.endswith("CUE")
    learned = {lemma for lemma, count in in_cue.items() if count >= min_count
               and count / used[lemma] >= min_share and lemma.isalpha()}
    return frozenset(speech_verbs | learned)


def save_cue_words(cue_words: frozenset[str], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / CUE_WORDS_FILE).write_text(
        "# Lemmas that often head a cue, learned with the model; see README.md.\n"
        + "".join(f"{lemma}\n" for lemma in sorted(cue_words)), "utf-8")


def fit(data: Sequence[Sequence_], out: Path, params: Params) -> float:
    """Fit a CRF on ``data`` and write it to ``out``/model.crfsuite; the seconds it took."""
    began = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for sequence in data:
        trainer.append(sequence.features, sequence.labels)
    trainer.set_params({"c1": params.c1, "c2": params.c2,
                        "max_iterations": params.iterations,
                        "feature.possible_transitions": True})
    out.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out / MODEL_FILE))
    return time.perf_counter() - began


def figures(articles: Sequence[TrainingArticle], lexicon: Lexicon, tagger: AttributionTagger
            ) -> dict[str, float]:
    """The eval's figures on ``articles`` with ``tagger``: quote recall, speaker accuracy and
    precision (direct quotes, then all), exact and overlap span F1 per role."""
    tone = load_tone("lexicon")  # tone plays no part in quotes: the cheapest scorer
    direct, every = [], []
    spans: dict[str, list[SpanCounts]] = {role: [] for role in ROLES}
    for article in articles:
        annotation = annotate(article.analysis, lexicon, tone, tagger)
        found, mentions = found_quotes(annotation, article.cleaned)
        direct.append(score([g for g in article.gold if g.direct and g.source],
                            [q for q in found if q.direct], mentions))
        every.append(score(article.gold, found, mentions))
        for role, role_count in span_counts(article.raw, article.gold, found).items():
            spans[role].append(role_count)
    result: dict[str, float] = {}
    for name, counts in (("direct", direct), ("all", every)):
        scores = summarise(counts)
        result |= {f"{name}_recall": scores.recall,
                   f"{name}_speaker_accuracy": scores.speaker_accuracy,
                   f"{name}_precision": scores.precision}
    for role, role_counts in spans.items():
        span_scores = summarise_spans(role_counts)
        result |= {f"{role}_exact_f1": span_scores.exact_f1,
                   f"{role}_overlap_f1": span_scores.overlap_f1}
    return result


def folds(ids: Sequence[str], k: int, seed: int) -> list[set[str]]:
    """``k`` disjoint groups of article ids, shuffled with ``seed``."""
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    return [set(shuffled[i::k]) for i in range(k)]


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    return statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else 0.0


def train_model(articles: Sequence[TrainingArticle], speech_verbs: frozenset[str],
                params: Params, out: Path) -> tuple[int, float]:
    """Learn the cue words and the token clusters and fit the tagger on ``articles`` into
    ``out``; the number of sentences and the seconds the fit took."""
    cue_words = learn_cue_words(articles, speech_verbs)
    clusters = fit_clusters(articles, params)
    data = [s for article in articles for s in sequences(article, cue_words, clusters)]
    seconds = fit(data, out, params)
    save_cue_words(cue_words, out)
    clusters.save(out / CLUSTERS_FILE)
    return len(data), seconds


def cross_validate(articles: Sequence[TrainingArticle], lexicon: Lexicon, params: Params,
                   *, k: int, seed: int, workdir: Path) -> dict[str, tuple[float, float]]:
    """Mean and standard deviation of :func:`figures` over ``k`` folds grouped by article."""
    per_fold: dict[str, list[float]] = {}
    for i, held_out in enumerate(folds([a.id for a in articles], k, seed)):
        model = workdir / f"fold{i}"
        train_model([a for a in articles if a.id not in held_out], lexicon.speech_verbs,
                    params, model)
        held = [a for a in articles if a.id in held_out]
        for name, value in figures(held, lexicon, AttributionTagger(model)).items():
            per_fold.setdefault(name, []).append(value)
    return {name: mean_sd(values) for name, values in per_fold.items()}
