"""Fit the stance model on SEESAW: candidate pairs labelled by the gold triples.

Each article is cleaned and analysed as the enrichment does, its candidate
pairs (:func:`stancewire.nlp.stance_pairs.candidates`) are labelled positive,
negative or none from the gold triples of the sentences they stand in. A
found entity stands for a gold name when ``slug(name)`` is its id, or, for
labelling only, when its id's words are part of the name's ("obama" for
"Barack Obama", "republicans" for "Republican Party"); scoring is strict.
The regularisation and the decision threshold are chosen by cross-validation
over stories (the three articles of one story stay in one fold), by
article-level F0.5. The article-level model
(:mod:`stancewire.nlp.stance_article`) is then fitted on the sentence model's
out-of-fold scores of each article's pairs (what it will see on new articles),
labelled by the gold triples of the whole article, and its regularisation and
per-polarity thresholds chosen the same way, over the same folds.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from spacy.language import Language

from stancewire.evaluation.seesaw import (
    POLARITIES,
    FoundStance,
    GoldStance,
    Polarity,
    SeesawArticle,
    counted,
    figures,
    score,
)
from stancewire.nlp.annotate import attributed_quotes, quote_spans
from stancewire.nlp.attribution import AttributionTagger
from stancewire.nlp.clean import CleanText, clean_text
from stancewire.nlp.gazetteer import Gazetteer, slug
from stancewire.nlp.lexicon import Lexicon
from stancewire.nlp.pipeline import Analysis, analyse
from stancewire.nlp.stance_article import ArticlePair, article_pairs, decided
from stancewire.nlp.stance_model import LABELS, FloatArray, StanceLabel, StanceModel, decide
from stancewire.nlp.stance_pairs import Candidate, candidates
from stancewire.nlp.stance_rules import lexicon_stances

_REGULARISATION = (0.1, 0.3, 1.0)
_THRESHOLDS = (0.03, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
# The settings are chosen by F0.5, precision weighted twice recall: an analyst
# reads every triple, and the F1-best thresholds give more wrong triples than right.
_BETA = 0.5
_FOLDS = 5
_ARTICLE_REGULARISATION = (0.3, 1.0)


class LabelledArticle(NamedTuple):
    """An article's candidate pairs, their labels and where each pair's sentence starts."""

    article: SeesawArticle
    candidates: list[Candidate]
    labels: list[StanceLabel]
    starts: list[int]  # raw-text offset of each candidate's sentence
    reachable: tuple[int, int, int]  # counted gold triples; with a candidate; strictly named
    mentions: dict[str, int]  # entity id -> its mentions in the article
    rules: list[FoundStance]  # the lexicon rules' stances between two entities


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
    quotes = quote_spans(attributed)
    found = list(candidates(analysis.parsed, analysis.mentions, resolver, lexicon, quotes))
    speakers = {(q.start, q.end): q.speaker for q in quotes if q.speaker is not None}
    rules = [FoundStance(s.source_entity.id, POLARITIES[0] if s.polarity > 0 else POLARITIES[1],
                         s.target_entity.id, cleaned.to_original(s.evidence.start))
             for s in lexicon_stances(analysis.parsed, resolver, lexicon, speakers)
             if s.source_entity and s.target_entity and s.source_entity != s.target_entity]
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
        matching = [g for g in here if _stands_for(source.id, g.source)
                    and _stands_for(target.id, g.target)]
        reached.update(matching)
        strict.update(g for g in matching if slug(g.source) == source.id
                      and slug(g.target) == target.id)
        polarities = {g.polarity for g in matching}
        # Both polarities in one sentence are rare (annotators disagreeing): negative wins.
        labels.append("none" if not polarities else
                      "negative" if "negative" in polarities else "positive")
    distinct = set(gold)
    mentions = Counter(m.canonical.id for m in analysis.mentions)
    return LabelledArticle(article, found, labels, starts,
                           (len(distinct), len(reached), len(strict)), dict(mentions), rules)


def _stands_for(entity: str, name: str) -> bool:
    gold = slug(name)
    if entity == gold:
        return True
    words, gold_words = entity.split("-"), gold.split("-")
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
    """The sentence model: L2 logistic regression over the candidates' features."""
    return _fit([c.features for a in articles for c in a.candidates],
                [y for a in articles for y in a.labels], regularisation=regularisation)


def _fit(rows: Sequence[dict[str, float]], labels: Sequence[StanceLabel], *,
         regularisation: float) -> StanceModel:
    """L2 logistic regression (lbfgs, deterministic) over named features."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

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
    per_threshold: dict[float, list[dict[str, float]]] = {t: [] for t in _THRESHOLDS}
    for fit_on, held in _folds(articles, folds):
        model = fit([articles[i] for i in fit_on], regularisation=regularisation)
        held_out = [articles[i] for i in held]
        probabilities = [model.probabilities([c.features for c in a.candidates])
                         for a in held_out]
        for threshold in _THRESHOLDS:
            pairs = [(a.article, found_stances(a, p, threshold))
                     for a, p in zip(held_out, probabilities, strict=True)]
            per_threshold[threshold].append(figures(score(pairs)))
    return per_threshold


def _folds(articles: Sequence[LabelledArticle], folds: int = _FOLDS
           ) -> list[tuple[list[int], list[int]]]:
    """(fit on, held out) article indices of each fold; a story's articles in one fold."""
    from sklearn.model_selection import GroupKFold

    groups = [a.article.story_id for a in articles]
    return [(list(fit_on), list(held)) for fit_on, held in
            GroupKFold(n_splits=folds).split(articles, groups=groups)]


def select(articles: Sequence[LabelledArticle], *, log: Any = print
           ) -> tuple[float, float, dict[str, str]]:
    """(regularisation, threshold, CV figures as "mean ± sd") with the best mean CV F0.5."""
    best: tuple[float, float, float, list[dict[str, float]]] | None = None
    for regularisation in _REGULARISATION:
        for threshold, folds in cross_validate(articles, regularisation=regularisation).items():
            folds = [_with_f_beta(fold) for fold in folds]
            chosen_by = statistics.mean(f["stance F0.5"] for f in folds)
            log(f"C={regularisation} threshold={threshold}: CV F0.5 {chosen_by:.3f}, "
                f"F1 {statistics.mean(f['stance F1'] for f in folds):.3f}")
            if best is None or chosen_by > best[0]:
                best = (chosen_by, regularisation, threshold, folds)
    if best is None:
        raise ValueError("no articles to cross-validate on")
    _, regularisation, threshold, folds = best
    return regularisation, threshold, _summary(folds)


def _summary(folds: Sequence[dict[str, float]]) -> dict[str, str]:
    return {name: f"{statistics.mean(f[name] for f in folds):.3f} ± "
                  f"{statistics.stdev(f[name] for f in folds):.3f}" for name in folds[0]}


def _with_f_beta(fold: dict[str, float]) -> dict[str, float]:
    precision, recall = fold["stance precision"], fold["stance recall"]
    weighted = _BETA**2 * precision + recall
    return fold | {"stance F0.5": (1 + _BETA**2) * precision * recall / weighted
                   if weighted else 0.0}


class ArticleExamples(NamedTuple):
    """An article's ordered entity pairs and, for each, the gold polarities it holds."""

    labelled: LabelledArticle
    pairs: list[ArticlePair]
    gold: list[set[Polarity]]


def out_of_fold(articles: Sequence[LabelledArticle], *, regularisation: float
                ) -> list[FloatArray]:
    """Each article's candidates scored by the sentence model fitted on the other folds,
    as the article-level model will see them on new articles."""
    scored: list[FloatArray] = [np.zeros((0, len(LABELS)))] * len(articles)
    for fit_on, held in _folds(articles):
        model = fit([articles[i] for i in fit_on], regularisation=regularisation)
        for i in held:
            scored[i] = model.probabilities([c.features for c in articles[i].candidates])
    return scored


def article_examples(labelled: LabelledArticle, probabilities: FloatArray, *, floor: float
                     ) -> ArticleExamples:
    """The article's pairs with the gold polarities whose names both stand for them."""
    pairs = article_pairs(labelled.candidates, probabilities, labelled.mentions, floor=floor)
    gold = counted(labelled.article.stances)
    return ArticleExamples(labelled, pairs, [
        {g.polarity for g in gold if _stands_for(p.source, g.source)
         and _stands_for(p.target, g.target)} for p in pairs])


def fit_article(examples: Sequence[ArticleExamples], *, regularisation: float) -> StanceModel:
    """The article-level model; a pair holding both polarities gives one row for each."""
    rows: list[dict[str, float]] = []
    labels: list[StanceLabel] = []
    for example in examples:
        for pair, polarities in zip(example.pairs, example.gold, strict=True):
            held: list[StanceLabel] = [*sorted(polarities)] or ["none"]
            for label_ in held:
                rows.append(pair.features)
                labels.append(label_)
    return _fit(rows, labels, regularisation=regularisation)


def article_found(example: ArticleExamples, probabilities: FloatArray,
                  thresholds: dict[str, float]) -> list[FoundStance]:
    """The stances the article-level ``probabilities`` give at ``thresholds``, for the
    scorer."""
    labelled = example.labelled
    return [FoundStance(labelled.candidates[k].source.entity.id,
                        POLARITIES[0] if polarity > 0 else POLARITIES[1],
                        labelled.candidates[k].target.entity.id, labelled.starts[k])
            for k, polarity in decided(example.pairs, probabilities, thresholds)]


def select_article(examples: Sequence[ArticleExamples], *, log: Any = print
                   ) -> tuple[float, dict[str, float], dict[str, str]]:
    """(regularisation, thresholds per polarity, CV figures) with the best mean CV F0.5."""
    best: tuple[float, float, dict[str, float], list[dict[str, float]]] | None = None
    folds_of = _folds([e.labelled for e in examples])
    scored: dict[float, list[list[FloatArray]]] = {}
    for regularisation in _ARTICLE_REGULARISATION:
        per_setting: dict[tuple[float, float], list[dict[str, float]]] = {}
        scored[regularisation] = []
        for fit_on, held in folds_of:
            model = fit_article([examples[i] for i in fit_on], regularisation=regularisation)
            scored[regularisation].append(
                [model.probabilities([p.features for p in examples[i].pairs]) for i in held])
            for negative in _THRESHOLDS:
                for positive in _THRESHOLDS:
                    thresholds = {"negative": negative, "positive": positive}
                    pairs = [(examples[i].labelled.article,
                              article_found(examples[i], rows, thresholds))
                             for i, rows in zip(held, scored[regularisation][-1],
                                                strict=True)]
                    per_setting.setdefault((negative, positive), []).append(
                        _with_f_beta(figures(score(pairs))))
        for (negative, positive), folds in per_setting.items():
            chosen_by = statistics.mean(f["stance F0.5"] for f in folds)
            if best is None or chosen_by > best[0]:
                best = (chosen_by, regularisation,
                        {"negative": negative, "positive": positive}, folds)
            log(f"article C={regularisation} thresholds {negative}/{positive}: "
                f"CV F0.5 {chosen_by:.3f}, "
                f"F1 {statistics.mean(f['stance F1'] for f in folds):.3f}")
    if best is None:
        raise ValueError("no articles to cross-validate on")
    _, regularisation, thresholds, folds = best
    summary = _summary(folds)
    # What the enrichment ships: the model's triples and the rules' between two entities.
    with_rules = [figures(score([(examples[i].labelled.article,
                                  article_found(examples[i], rows, thresholds)
                                  + examples[i].labelled.rules)
                                 for i, rows in zip(held, fold, strict=True)]))
                  for (_, held), fold in zip(folds_of, scored[regularisation], strict=True)]
    summary |= {f"with rules, {name}": value for name, value in _summary(with_rules).items()}
    rules_alone = [figures(score([(examples[i].labelled.article, examples[i].labelled.rules)
                                  for i in held])) for _, held in folds_of]
    summary |= {f"rules alone, {name}": value
                for name, value in _summary(rules_alone).items()}
    return regularisation, thresholds, summary


def train(articles: Sequence[LabelledArticle], *, spacy_model: str, log: Any = print
          ) -> StanceModel:
    """Choose the sentence model's settings by cross-validation and fit it on every
    article; then the article-level model's, over the sentence model's out-of-fold scores."""
    started = time.perf_counter()
    regularisation, threshold, summary = select(articles, log=log)
    model = fit(articles, regularisation=regularisation)
    gold, reached, strict = (sum(a.reachable[i] for a in articles) for i in range(3))
    model.meta |= {
        "spacy_model": spacy_model, "threshold": threshold, "articles": len(articles),
        "cv": summary, "cv_folds": _FOLDS, "chosen_by": f"article-level F{_BETA}",
        "reachable": {"gold_triples": gold, "with_candidate": reached,
                      "with_candidate_strict_names": strict},
    }
    scored = out_of_fold(articles, regularisation=regularisation)
    examples = [article_examples(a, p, floor=threshold)
                for a, p in zip(articles, scored, strict=True)]
    article_c, thresholds, article_summary = select_article(examples, log=log)
    model.article = fit_article(examples, regularisation=article_c)
    model.article.meta |= {"thresholds": thresholds, "cv": article_summary,
                           "cv_folds": _FOLDS, "chosen_by": f"article-level F{_BETA}",
                           "pairs": sum(len(e.pairs) for e in examples)}
    model.meta["training_seconds"] = round(time.perf_counter() - started, 1)
    return model
