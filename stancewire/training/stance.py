"""Fit the stance model on SEESAW: candidate pairs labelled by the gold triples.

Each article is cleaned and analysed as the enrichment does, its candidate
pairs (:func:`stancewire.nlp.stance_pairs.candidates`) are labelled positive,
negative or none from the gold triples of the sentences they stand in. A
found entity stands for a gold name when ``slug(name)`` is its id, or, for
labelling only, when its id's words are part of the name's ("obama" for
"Barack Obama", "republicans" for "Republican Party"); scoring is strict.
The regularisation and the decision threshold are chosen by cross-validation
over stories (the three articles of one story stay in one fold), by
article-level F0.5.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from spacy.language import Language

from stancewire.evaluation.seesaw import (
    POLARITIES,
    FoundStance,
    GoldStance,
    SeesawArticle,
    counted,
    figures,
    score,
)
from stancewire.nlp.annotate import attributed_quotes, quote_spans
from stancewire.nlp.attribution import AttributionTagger
from stancewire.nlp.clean import CleanText, clean_text
from stancewire.nlp.gazetteer import Canonical, Gazetteer, slug
from stancewire.nlp.lexicon import Lexicon
from stancewire.nlp.pipeline import Analysis, analyse
from stancewire.nlp.stance_model import LABELS, FloatArray, StanceLabel, StanceModel, decide
from stancewire.nlp.stance_pairs import Candidate, candidates

_REGULARISATION = (0.1, 0.3, 1.0)
_THRESHOLDS = (0.03, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
# The settings are chosen by F0.5, precision weighted twice recall: an analyst
# reads every triple, and the F1-best thresholds give more wrong triples than right.
_BETA = 0.5
_FOLDS = 5


class LabelledArticle(NamedTuple):
    """An article's candidate pairs, their labels and where each pair's sentence starts."""

    article: SeesawArticle
    candidates: list[Candidate]
    labels: list[StanceLabel]
    starts: list[int]  # raw-text offset of each candidate's sentence
    reachable: tuple[int, int, int]  # counted gold triples; with a candidate; strictly named


def prepare(articles: Sequence[SeesawArticle], *, nlp: Language, lexicon: Lexicon,
            gazetteer: Gazetteer) -> list[LabelledArticle]:
    """Clean and analyse the articles as the enrichment does, then label their candidates."""
    cleaned = [clean_text(article.text) for article in articles]
    analyses = analyse(nlp, [c.text for c in cleaned], lexicon, gazetteer, parse_mentions=True)
    tagger = AttributionTagger()
    return [label(*parts, lexicon, tagger)
            for parts in zip(articles, cleaned, analyses, strict=True)]


def label(article: SeesawArticle, cleaned: CleanText, analysis: Analysis, lexicon: Lexicon,
          attribution: AttributionTagger) -> LabelledArticle:
    """The candidates of one analysed article with labels from its gold triples."""
    resolver, attributed = attributed_quotes(analysis, lexicon, attribution)
    found = list(candidates(analysis.parsed, analysis.mentions, resolver, lexicon,
                            quote_spans(attributed)))
    gold = counted(article.stances)
    by_sentence: dict[int, list[GoldStance]] = {}
    for stance in gold:
        by_sentence.setdefault(stance.sentence, []).append(stance)
    labels: list[StanceLabel] = []
    starts = []
    reached: set[GoldStance] = set()
    strict: set[GoldStance] = set()
    for candidate in found:
        sentence = candidate.sentence
        start = cleaned.to_original(sentence.offset)
        end = cleaned.to_original(sentence.offset + len(sentence.text.rstrip()))
        starts.append(start)
        here = [g for i in range(article.sentence_at(start), article.sentence_at(end) + 1)
                for g in by_sentence.get(i, ())]
        source, target = candidate.source.entity, candidate.target.entity
        matching = [g for g in here if _stands_for(source, g.source)
                    and _stands_for(target, g.target)]
        reached.update(matching)
        strict.update(g for g in matching if slug(g.source) == source.id
                      and slug(g.target) == target.id)
        polarities = {g.polarity for g in matching}
        # Both polarities in one sentence are rare (annotators disagreeing): negative wins.
        labels.append("none" if not polarities else
                      "negative" if "negative" in polarities else "positive")
    distinct = set(gold)
    return LabelledArticle(article, found, labels, starts,
                           (len(distinct), len(reached), len(strict)))


def _stands_for(entity: Canonical, name: str) -> bool:
    gold = slug(name)
    if entity.id == gold:
        return True
    words, gold_words = entity.id.split("-"), gold.split("-")
    stems = [w[:-1] if w.endswith("s") else w for w in words]
    return all(len(w) > 2 for w in words) and (
        set(words) <= set(gold_words) or stems == gold_words[: len(stems)])


def found_stances(labelled: LabelledArticle, probabilities: FloatArray, threshold: float
                  ) -> list[FoundStance]:
    """The stances the model's ``probabilities`` give at ``threshold``, for the scorer."""
    found = []
    for candidate, start, row in zip(labelled.candidates, labelled.starts, probabilities,
                                     strict=True):
        polarity, _ = decide(row, threshold)
        if polarity:
            found.append(FoundStance(candidate.source.entity.id,
                                     POLARITIES[0] if polarity > 0 else POLARITIES[1],
                                     candidate.target.entity.id, start))
    return found


def fit(articles: Sequence[LabelledArticle], *, regularisation: float) -> StanceModel:
    """L2 logistic regression (lbfgs, deterministic) over the candidates' features."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [c.features for a in articles for c in a.candidates]
    labels = [y for a in articles for y in a.labels]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    classifier = LogisticRegression(C=regularisation, max_iter=3000)
    classifier.fit(matrix, labels)
    if tuple(classifier.classes_) != LABELS:
        raise ValueError(f"training data must hold all of {LABELS}, not {classifier.classes_}")
    return StanceModel(list(vectorizer.get_feature_names_out()),
                       classifier.coef_.T.astype(np.float64),
                       classifier.intercept_.astype(np.float64),
                       {"regularisation": regularisation, "examples": len(rows)})


def cross_validate(articles: Sequence[LabelledArticle], *, regularisation: float,
                   folds: int = _FOLDS) -> dict[float, list[dict[str, float]]]:
    """Per threshold, the figures of each fold (folds grouped by story)."""
    from sklearn.model_selection import GroupKFold

    groups = [a.article.story_id for a in articles]
    per_threshold: dict[float, list[dict[str, float]]] = {t: [] for t in _THRESHOLDS}
    for fit_on, held in GroupKFold(n_splits=folds).split(articles, groups=groups):
        model = fit([articles[i] for i in fit_on], regularisation=regularisation)
        held_out = [articles[i] for i in held]
        probabilities = [model.probabilities([c.features for c in a.candidates])
                         for a in held_out]
        for threshold in _THRESHOLDS:
            pairs = [(a.article, found_stances(a, p, threshold))
                     for a, p in zip(held_out, probabilities, strict=True)]
            per_threshold[threshold].append(figures(score(pairs)))
    return per_threshold


def select(articles: Sequence[LabelledArticle], *, log: Any = print
           ) -> tuple[float, float, dict[str, str]]:
    """(regularisation, threshold, CV figures as "mean ± sd") with the best mean CV F0.5."""
    best: tuple[float, float, float, list[dict[str, float]]] | None = None
    for regularisation in _REGULARISATION:
        for threshold, folds in cross_validate(articles, regularisation=regularisation).items():
            for fold in folds:
                fold["stance F0.5"] = _f_beta(fold["stance precision"], fold["stance recall"])
            chosen_by = statistics.mean(f["stance F0.5"] for f in folds)
            log(f"C={regularisation} threshold={threshold}: CV F0.5 {chosen_by:.3f}, "
                f"F1 {statistics.mean(f['stance F1'] for f in folds):.3f}")
            if best is None or chosen_by > best[0]:
                best = (chosen_by, regularisation, threshold, folds)
    if best is None:
        raise ValueError("no articles to cross-validate on")
    _, regularisation, threshold, folds = best
    summary = {name: f"{statistics.mean(f[name] for f in folds):.3f} ± "
                     f"{statistics.stdev(f[name] for f in folds):.3f}" for name in folds[0]}
    return regularisation, threshold, summary


def _f_beta(precision: float, recall: float) -> float:
    weighted = _BETA**2 * precision + recall
    return (1 + _BETA**2) * precision * recall / weighted if weighted else 0.0


def train(articles: Sequence[LabelledArticle], *, spacy_model: str, log: Any = print
          ) -> StanceModel:
    """Choose the settings by cross-validation, then fit on every article."""
    started = time.perf_counter()
    regularisation, threshold, summary = select(articles, log=log)
    model = fit(articles, regularisation=regularisation)
    gold, reached, strict = (sum(a.reachable[i] for a in articles) for i in range(3))
    model.meta |= {
        "spacy_model": spacy_model, "threshold": threshold, "articles": len(articles),
        "cv": summary, "cv_folds": _FOLDS, "chosen_by": f"article-level F{_BETA}",
        "reachable": {"gold_triples": gold, "with_candidate": reached,
                      "with_candidate_strict_names": strict},
        "training_seconds": round(time.perf_counter() - started, 1),
    }
    return model
