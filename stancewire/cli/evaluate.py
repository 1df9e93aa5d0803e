"""``stancewire eval``: measure the enrichment against gold data sets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
import orjson

from stancewire.enrich import Enricher
from stancewire.errors import EnrichmentError
from stancewire.evaluation.entities import FoundEntity, GoldEntity, scored
from stancewire.evaluation.entities import score as score_entities
from stancewire.evaluation.newsmtsc import evaluate_scorer, format_report, read_newsmtsc
from stancewire.evaluation.seesaw import FoundStance, figures, read_seesaw
from stancewire.evaluation.seesaw import score as score_stances
from stancewire.models import Article, EnrichedArticle
from stancewire.nlp.attribution_score import (
    FoundQuote,
    GoldAttribution,
    Scores,
    score,
    summarise,
)
from stancewire.nlp.clean import CleanText, clean_text
from stancewire.nlp.target_tone import TargetToneModel
from stancewire.settings import Settings


@click.group()
def evaluate() -> None:
    """Evaluate the enrichment on a gold data set."""


@evaluate.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of a saved tone model; default the shipped one.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead.")
def newsmtsc(file: Path, model_dir: Path | None, as_json: bool) -> None:
    """Macro F1 of the tone model on FILE, a NewsMTSC JSONL file.

    Prints F1m first, then accuracy, per-class F1 and the confusion matrix.
    """
    try:
        examples = read_newsmtsc(file)
    except (ValueError, KeyError) as exc:
        raise click.ClickException(f"{file} is not NewsMTSC JSONL: {exc}") from exc
    if not examples:
        raise click.ClickException(f"{file} holds no rows")
    report = evaluate_scorer(TargetToneModel.load(model_dir), examples)
    if as_json:
        click.echo(orjson.dumps(asdict(report)).decode())
    else:
        click.echo(format_report(report))


@evaluate.command()
@click.argument("articles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("attributions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead.")
def polnear(articles: Path, attributions: Path, as_json: bool) -> None:
    """Quote recall, speaker accuracy and quote precision on PolNeAR.

    First over the gold direct quotes that have a source, then over all
    attributions. ARTICLES and ATTRIBUTIONS are PolNeAR JSONL files.
    """
    texts = {row["id"]: row["text"] for row in _jsonl(articles)}
    gold: dict[str, list[GoldAttribution]] = defaultdict(list)
    for row in _jsonl(attributions):
        if row["article_id"] in texts:
            gold[row["article_id"]].append(_gold(row))
    enricher = Enricher(Settings.from_env())
    ids = list(texts)
    results = enricher.enrich_many([Article(id=i, text=texts[i]) for i in ids])
    direct, every = [], []
    for article_id, result in zip(ids, results, strict=True):
        if isinstance(result, EnrichmentError):
            raise click.ClickException(str(result))
        found, mentions = _found(result, clean_text(texts[article_id]))
        relations = gold[article_id]
        direct.append(score([g for g in relations if g.direct and g.source],
                            [q for q in found if q.direct], mentions))
        every.append(score(relations, found, mentions))
    sections = {"direct": summarise(direct), "all": summarise(every)}
    if as_json:
        click.echo(orjson.dumps({"articles": len(ids), **{k: v._asdict() for k, v in
                                                         sections.items()}}).decode())
        return
    _print(sections["direct"])
    click.echo("over all attributions:")
    _print(sections["all"])


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
    rows = list(_jsonl(articles))
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
    """Stance triples against SEESAW's, per article and per sentence.

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
    right, polarity ignored.
    """
    articles = list(read_seesaw(file))
    results = Enricher(Settings.from_env()).enrich_many(
        [Article(id=a.id, text=a.text) for a in articles])
    pairs = []
    for article, result in zip(articles, results, strict=True):
        if isinstance(result, EnrichmentError):
            raise click.ClickException(str(result))
        pairs.append((article, _found_stances(result, clean_text(article.text))))
    named = figures(score_stances(pairs))
    # Scorers of other views of the same enriched articles (entity tone) add their lines here.
    if as_json:
        click.echo(orjson.dumps({"articles": len(articles), **named}).decode())
        return
    for name, value in named.items():
        click.echo(f"{name}: {value:.3f}")


def _found_stances(result: EnrichedArticle, cleaned: CleanText) -> list[FoundStance]:
    """The entity-to-entity stances of an event, with raw-text evidence offsets."""
    return [FoundStance(s.source_id, "positive" if s.polarity > 0 else "negative", s.target_id,
                        cleaned.to_original(s.evidence_start))
            for s in result.stances if s.source_id and s.target_id]


def _print(scores: Scores) -> None:
    click.echo(f"quote recall: {scores.recall:.3f}")
    click.echo(f"speaker accuracy: {scores.speaker_accuracy:.3f}")
    click.echo(f"quote precision: {scores.precision:.3f}")


def _found(result: EnrichedArticle, cleaned: CleanText
           ) -> tuple[list[FoundQuote], list[tuple[str, int, int]]]:
    """Found quotes and entity mentions with offsets into the raw text."""
    back = cleaned.to_original
    quotes = []
    for quote in result.quotes:
        speaker = quote.speaker
        quotes.append(FoundQuote(
            back(quote.start), back(quote.end), quote.direct,
            (back(speaker.start), back(speaker.end)) if speaker else None,
            speaker.entity_id if speaker else None,
        ))
    mentions = [(entity.id, back(m.start), back(m.end))
                for entity in result.entities for m in entity.mentions]
    return quotes, mentions


def _gold(row: dict[str, Any]) -> GoldAttribution:
    source = row.get("source") or {}
    content = row.get("content") or {}
    return GoldAttribution(
        content=tuple((s, e) for s, e in content.get("spans", ())),
        source=tuple((s, e) for s, e in source.get("spans", ()))
        if row["type"] == "Attribution" else (),
        direct=bool(row.get("content_has_quote_marks")),
    )


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                yield orjson.loads(line)
