"""``stancewire eval``: measure the enrichment against gold data sets."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any, get_args

import click
import orjson

from stancewire.enrich import Enricher
from stancewire.errors import EnrichmentError
from stancewire.evaluation import read_jsonl
from stancewire.evaluation.entities import FoundEntity, GoldEntity, scored
from stancewire.evaluation.entities import score as score_entities
from stancewire.evaluation.entity_tone import format_entity_tone, score_entity_tone
from stancewire.evaluation.newsmtsc import evaluate_scorer, format_report, read_newsmtsc
from stancewire.evaluation.polnear import (
    ROLES,
    Scores,
    SpanScores,
    found_quotes,
    read_polnear,
    score,
    span_counts,
    summarise,
    summarise_spans,
)
from stancewire.evaluation.seesaw import FoundStance, figures, read_seesaw
from stancewire.evaluation.seesaw import score as score_stances
from stancewire.models import Article, EnrichedArticle
from stancewire.nlp.clean import CleanText, clean_text
from stancewire.nlp.target_tone import TargetToneModel
from stancewire.nlp.tone import ToneScorer, load_tone
from stancewire.nlp.transformer_tone import TransformerTone
from stancewire.settings import Settings, ToneChoice


@click.group()
def evaluate() -> None:
    """Evaluate the enrichment on a gold data set."""


@evaluate.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of a saved tone model; default the shipped one.")
@click.option("--backend", type=click.Choice(get_args(ToneChoice)),
              help="The tone scorer: default STANCEWIRE_TONE's (model).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead.")
def newsmtsc(file: Path, model_dir: Path | None, backend: ToneChoice | None,
             as_json: bool) -> None:
    """Macro F1 of the tone model on FILE, a NewsMTSC JSONL file.

    Prints F1m first, then accuracy, per-class F1 and the confusion matrix.
    """
    try:
        examples = read_newsmtsc(file)
    except (ValueError, KeyError) as exc:
        raise click.ClickException(f"{file} is not NewsMTSC JSONL: {exc}") from exc
    if not examples:
        raise click.ClickException(f"{file} holds no rows")
    backend = backend or Settings.from_env().tone
    scorer: ToneScorer
    if backend == "transformer":
        scorer = TransformerTone.load(model_dir)
    elif backend == "model" and model_dir is not None:
        scorer = TargetToneModel.load(model_dir)
    else:
        scorer = load_tone(backend)
    report = evaluate_scorer(scorer, examples)
    if as_json:
        click.echo(orjson.dumps(asdict(report)).decode())
    else:
        click.echo(format_report(report))


@evaluate.command()
@click.argument("articles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("attributions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead.")
def polnear(articles: Path, attributions: Path, as_json: bool) -> None:
    """Quote recall, speaker accuracy, quote precision and span F1 on PolNeAR.

    Quote scores first over the gold direct quotes that have a source, then
    over all attributions: a gold relation is found when a quote overlaps its
    content. Span scores over all attributions, per role (source, cue,
    content): exact, a span is right when its start and end match a gold
    span of the same role (CofeNet's definition); overlap, when it shares a
    word with one. A discontinuous gold span counts from its first start to
    its last end, and so do found quotes of one paragraph sharing a cue;
    both sides are trimmed of spaces, punctuation and quotation marks at
    their ends first. ARTICLES and ATTRIBUTIONS are PolNeAR JSONL files.
    """
    data = read_polnear(articles, attributions)
    enricher = Enricher(Settings.from_env())
    cleaned = [clean_text(article.text[: enricher.settings.max_text_chars]) for article in data]
    annotations = enricher.annotate_many([c.text for c in cleaned])
    direct, every = [], []
    spans: dict[str, list[Any]] = {role: [] for role in ROLES}
    for article, clean, annotation in zip(data, cleaned, annotations, strict=True):
        if isinstance(annotation, Exception):
            raise click.ClickException(f"article {article.id}: {annotation}")
        found, mentions = found_quotes(annotation, clean)
        relations = article.gold
        direct.append(score([g for g in relations if g.direct and g.source],
                            [q for q in found if q.direct], mentions))
        every.append(score(relations, found, mentions))
        for role, counts in span_counts(article.text, relations, found).items():
            spans[role].append(counts)
    sections = {"direct": summarise(direct), "all": summarise(every)}
    span_scores = {role: summarise_spans(counts) for role, counts in spans.items()}
    if as_json:
        click.echo(orjson.dumps({
            "articles": len(data), **{k: v._asdict() for k, v in sections.items()},
            "spans": {role: v._asdict() for role, v in span_scores.items()},
        }).decode())
        return
    _print(sections["direct"])
    click.echo("over all attributions:")
    _print(sections["all"])
    click.echo("spans over all attributions (precision / recall / F1):")
    for role, scores in span_scores.items():
        _print_spans(role, scores)


@evaluate.command()
@click.argument("articles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead.")
def entities(articles: Path, as_json: bool) -> None:
    """Canonical entities on SEESAW: found, split within an article, split across.

    ARTICLES is a SEESAW JSONL file. Over the listed People, Organization and
    GPE entities that are proper names: the share found under their canonical
    name (an entity of the article whose id is slug(listed name), e.g.
    "Donald Trump" -> donald-trump); the article's entities naming one listed
    entity (1.0 when none is split); distinct ids per listed entity over the
    articles naming it (those named in two or more).
    """
    rows = list(read_jsonl(articles))
    enricher = Enricher(Settings.from_env())
    results = enricher.enrich_many([Article(id=str(row["id"]), text=row["text"]) for row in rows])
    scored_articles = []
    for row, result in zip(rows, results, strict=True):
        if isinstance(result, EnrichmentError):
            raise click.ClickException(str(result))
        gold = scored([GoldEntity(e["name"], e["type"]) for e in row["entities"]], row["text"])
        found = [FoundEntity(e.id, e.name, e.label, e.count) for e in result.entities]
        scored_articles.append((gold, found))
    scores = score_entities(scored_articles)
    if as_json:
        click.echo(orjson.dumps({"articles": len(rows), **scores._asdict()}).decode())
        return
    click.echo(f"listed entities: {scores.listed} in {len(rows)} articles")
    click.echo(f"found under their canonical name: {scores.found:.3f}")
    click.echo(f"entities per listed entity within an article: {scores.per_article:.3f}")
    click.echo(f"distinct ids per entity across articles: {scores.across_articles:.3f} "
               f"({scores.across_entities} entities named in two articles or more)")


@evaluate.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead.")
def seesaw(file: Path, as_json: bool) -> None:
    """Stance triples against SEESAW's, per article and per sentence; entity tone.

    FILE is a SEESAW JSONL file (one article a line with its gold triples).
    A found stance (source, polarity, target) is right when the found source
    and target entity ids equal slug() of the gold subject and object names
    (stancewire.nlp.gazetteer.slug: ASCII, lower case, every run of other
    characters one hyphen; "Barack Obama" -> "barack-obama") of a gold triple
    of the same article, and the polarity agrees. Per sentence, the found
    stance's evidence must also start in the gold triple's sentence. Gold
    triples whose subject is the author ("None") or "Not in the list" are not
    counted (an object "Not in the list" is counted, and never found), nor
    found stances without a source or target entity. Each
    distinct triple counts once per article (once per sentence per sentence);
    figures are micro-averaged over articles. Pair recall: source and target
    right, polarity ignored. Entity tone: each listed entity's article-level
    tone (its annotators' majority: Slightly/Very Negative are negative, and so
    on) against the found entity's tone, F1m over the entities found.
    """
    articles = list(read_seesaw(file))
    results = Enricher(Settings.from_env()).enrich_many(
        [Article(id=a.id, text=a.text) for a in articles])
    pairs, tones = [], []
    for article, result in zip(articles, results, strict=True):
        if isinstance(result, EnrichmentError):
            raise click.ClickException(str(result))
        pairs.append((article, _found_stances(result, clean_text(article.text))))
        tones.append((article.entity_sentiments, result))
    named = figures(score_stances(pairs))
    tone = score_entity_tone(tones)
    named["entity tone F1m"] = tone.f1_macro
    if as_json:
        click.echo(orjson.dumps({"articles": len(articles), **named,
                                 "entity tone found": tone.found,
                                 "entity tone listed": tone.listed}).decode())
        return
    for name, value in named.items():
        if name != "entity tone F1m":
            click.echo(f"{name}: {value:.3f}")
    click.echo(format_entity_tone(tone))


def _found_stances(result: EnrichedArticle, cleaned: CleanText) -> list[FoundStance]:
    """The entity-to-entity stances of an event, with raw-text evidence offsets."""
    return [FoundStance(s.source_id, "positive" if s.polarity > 0 else "negative", s.target_id,
                        cleaned.to_original(s.evidence_start))
            for s in result.stances if s.source_id and s.target_id]


def _print(scores: Scores) -> None:
    click.echo(f"quote recall: {scores.recall:.3f}")
    click.echo(f"speaker accuracy: {scores.speaker_accuracy:.3f}")
    click.echo(f"quote precision: {scores.precision:.3f}")


def _print_spans(role: str, scores: SpanScores) -> None:
    click.echo(f"{role} exact: {scores.exact_precision:.3f} / {scores.exact_recall:.3f} / "
               f"{scores.exact_f1:.3f}; overlap: {scores.overlap_precision:.3f} / "
               f"{scores.overlap_recall:.3f} / {scores.overlap_f1:.3f}")
