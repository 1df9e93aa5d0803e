"""``stancewire train``: rebuild the models shipped in ``stancewire/nlp/data``."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import click
import orjson
import spacy
from spacy.language import Language

from stancewire.enrich import Enricher
from stancewire.evaluation.entity_tone import gold_entity_tones
from stancewire.evaluation.newsmtsc import (
    evaluate_scorer,
    format_report,
    read_newsmtsc,
)
from stancewire.evaluation.polnear import read_polnear
from stancewire.evaluation.seesaw import read_seesaw
from stancewire.inputs import InputProblem, read_inputs
from stancewire.nlp.attribution import default_path as attribution_path
from stancewire.nlp.clean import clean_text
from stancewire.nlp.entity_tone import FILE_NAME as ENTITY_TONE_FILE
from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.lexicon import load_lexicon
from stancewire.nlp.pipeline import load_pipeline
from stancewire.nlp.stance_model import DEFAULT_PATH as STANCE_PATH
from stancewire.nlp.target_tone import DEFAULT_PATH, TargetToneModel
from stancewire.nlp.tone import ToneScorer
from stancewire.nlp.transformer_tone import DEFAULT_PATH as TRANSFORMER_PATH
from stancewire.nlp.transformer_tone import TransformerTone
from stancewire.settings import Settings
from stancewire.training import attribution as attribution_training
from stancewire.training import entity_tone as entity_training
from stancewire.training import legislators as legislators_list
from stancewire.training import people as people_gazetteer
from stancewire.training import transformer_tone as transformer_training
from stancewire.training.stance import prepare
from stancewire.training.stance import train as train_stance
from stancewire.training.tone import (
    DEFAULT_REGULARISATION,
    Taught,
    article_targets,
    cross_validate,
    parse_sentences,
    teach,
)
from stancewire.training.tone import train as train_model

_DATA_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_CRF = attribution_training.Params()  # the attribution tagger's defaults
TRANSFORMER = transformer_training.Params()  # the transformer tone backend's defaults


@click.group()
def train() -> None:
    """Train a model from the shared data."""


@train.command()
@click.option("--train", "train_file", type=_DATA_FILE, required=True,
              help="NewsMTSC JSONL to fit on (newsmtsc/train.jsonl).")
@click.option("--folds", type=click.IntRange(min=0), default=5, show_default=True,
              help="Grouped cross-validation folds on the training file first; 0: none.")
@click.option("--dev", "dev_files", type=_DATA_FILE, multiple=True,
              help="NewsMTSC JSONL to report figures on; repeat for dev_rw and dev_mt.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_PATH,
              show_default=True, help="Folder to write model.npz and meta.json to.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--regularisation", type=float, default=DEFAULT_REGULARISATION,
              show_default=True, help="Inverse L2 strength (scikit-learn's C).")
@click.option("--backend", type=click.Choice(["model", "transformer"]), default="model",
              show_default=True, help="The linear model over the parse, or the transformer "
              "(needs the transformer-train extra; --out then defaults to its folder).")
@click.option("--epochs", type=click.IntRange(min=1), default=TRANSFORMER.epochs,
              show_default=True, help="Transformer: passes over the training folds.")
@click.option("--learning-rate", type=float, default=TRANSFORMER.learning_rate,
              show_default=True, help="Transformer: AdamW's peak learning rate.")
@click.option("--teach", "teach_files", type=_DATA_FILE, multiple=True,
              help="Articles (JSONL, a text field each) whose entity mentions the "
              "transformer backend labels for the linear model to learn from too; repeat.")
def tone(train_file: Path, folds: int, dev_files: tuple[Path, ...], out: Path, seed: int,
         regularisation: float, backend: str, epochs: int, learning_rate: float,
         teach_files: tuple[Path, ...]) -> None:
    """Fit the target tone model on NewsMTSC and save it with its figures.

    Cross-validates on the training file (folds keep a sentence's targets
    together), fits on all of it, then scores each --dev file once.
    Parses with STANCEWIRE_SPACY_MODEL, the pipeline the enrichment runs.

    With --teach: the shipped transformer backend labels the entity mentions
    of those articles, and the fit learns from its probabilities beside
    NewsMTSC's labels; only the first fold, which the transformer held out,
    is cross-validated.

    With --backend transformer: fine-tunes all-MiniLM-L6-v2's six layers on
    all folds of the training file but the first, scores the first, and
    exports that model to int8 ONNX (about 15 minutes of two CPU cores).
    """
    if backend == "transformer":
        params = transformer_training.Params(epochs=epochs, learning_rate=learning_rate,
                                             seed=seed)
        _tone_transformer(train_file, max(folds, 2), dev_files,
                          TRANSFORMER_PATH if out == DEFAULT_PATH else out, params)
        return
    spacy_model = Settings.from_env().spacy_model
    nlp = spacy.load(spacy_model)
    examples = read_newsmtsc(train_file)
    docs = parse_sentences(nlp, examples)
    taught = _taught(nlp, teach_files) if teach_files else None
    figures: dict[str, object] = {}
    if folds > 1:
        cv = cross_validate(examples, docs, folds=folds, regularisation=regularisation,
                            taught=taught, only_first=taught is not None)
        if taught is not None:
            click.echo(f"cross-validation, the first of {folds} folds: F1m {cv.mean:.3f}")
        else:
            click.echo(f"cross-validation, {folds} folds: F1m {cv.mean:.3f} ± {cv.sd:.3f} "
                       f"({' '.join(f'{f1:.3f}' for f1 in cv.f1_macro)})")
        figures["cross_validation"] = {"folds": folds, "scored": len(cv.f1_macro),
                                       "f1_macro_mean": round(cv.mean, 4),
                                       "f1_macro_sd": round(cv.sd, 4)}
    model = train_model(examples, docs, spacy_model=spacy_model,
                         regularisation=regularisation, seed=seed, taught=taught)
    click.echo(f"trained on {model.meta['examples']} targets in "
               f"{model.meta['training_seconds']} s; {len(model.features)} features")
    dev = {}
    for path in dev_files:
        report = evaluate_scorer(model, read_newsmtsc(path))
        dev[path.stem] = {"f1_macro": round(report.f1_macro, 4),
                          "accuracy": round(report.accuracy, 4)}
        click.echo(f"-- {path.name}\n{format_report(report)}")
    model.meta.update(figures)
    if dev:
        model.meta["dev"] = dev
    model.save(out)
    click.echo(f"saved to {out}")


def _taught(nlp: Language, paths: tuple[Path, ...]) -> Taught:
    texts = []
    for item in read_inputs(paths, input_format="jsonl"):
        if isinstance(item, InputProblem):
            raise click.ClickException(str(item))
        if not isinstance(item.value, dict) or not isinstance(item.value.get("text"), str):
            raise click.ClickException(f"{item.location}: no text field")
        texts.append(item.value["text"])
    items, docs = article_targets(nlp, texts)
    click.echo(f"{len(items)} entity mentions in {len(texts)} articles to learn from; "
               "the transformer labels them")
    return Taught(items, docs, teach(TransformerTone.load(threads=TRANSFORMER.threads), items))


def _tone_transformer(train_file: Path, folds: int, dev_files: tuple[Path, ...], out: Path,
                      params: transformer_training.Params) -> None:
    meta, held = transformer_training.train(read_newsmtsc(train_file), out, params,
                                            folds=folds, log=click.echo)
    scorer = TransformerTone.load(out, threads=params.threads)
    quantised = evaluate_scorer(scorer, held)
    click.echo(f"the same, int8 ONNX: F1m {quantised.f1_macro:.3f}")
    meta["held_out"]["f1_macro_int8"] = round(quantised.f1_macro, 4)
    for path in dev_files:
        report = evaluate_scorer(scorer, read_newsmtsc(path))
        meta.setdefault("dev", {})[path.stem] = {"f1_macro": round(report.f1_macro, 4),
                                                 "accuracy": round(report.accuracy, 4)}
        click.echo(f"-- {path.name}\n{format_report(report)}")
    transformer_training.write_meta(out, meta)
    click.echo(f"saved to {out}")


@train.command()
@click.option("--seesaw", type=_DATA_FILE, required=True,
              help="SEESAW JSONL whose entity lists give canonical names (seesaw/train.jsonl).")
@click.option("--polnear", type=_DATA_FILE, required=True,
              help="PolNeAR articles JSONL to find full names in (polnear/train_articles.jsonl).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=people_gazetteer.DEFAULT_PATH, show_default=True)
@click.option("--min-articles", type=int, default=2, show_default=True,
              help="Articles a name SEESAW does not list must be found in.")
def people(seesaw: Path, polnear: Path, out: Path, min_articles: int) -> None:
    """Rebuild the people gazetteer from SEESAW's lists and PolNeAR's full names."""
    rows = people_gazetteer.build(seesaw, polnear, Settings.from_env().spacy_model,
                                  min_articles=min_articles)
    people_gazetteer.write(rows, out)
    click.echo(f"{len(rows)} people written to {out}")


@train.command()
@click.argument("files", type=_DATA_FILE, nargs=-1, required=True)
@click.option("--since", type=int, default=2009, show_default=True,
              help="Keep members whose last term ends in this year or later.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=legislators_list.DEFAULT_PATH, show_default=True)
def legislators(files: tuple[Path, ...], since: int, out: Path) -> None:
    """Rebuild the legislators list from congress-legislators YAML files.

    FILES are `legislators-current.yaml` files of the unitedstates/congress-legislators
    project (public domain), one per Congress to cover (from its git history); each
    member's English Wikipedia title is their canonical name.
    """
    try:
        rows = legislators_list.build(files, since=since)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    legislators_list.write(rows, out)
    click.echo(f"{len(rows)} legislators written to {out}")


@train.command("entity-tone")
@click.option("--train", "train_file", type=_DATA_FILE, required=True,
              help="SEESAW JSONL to fit on (seesaw/train.jsonl).")
@click.option("--folds", type=click.IntRange(min=0), default=5, show_default=True,
              help="Cross-validation folds (a story's articles together) first; 0: none.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_PATH, show_default=True,
              help="Tone model whose mention tones it reads; its entity tone is saved there.")
@click.option("--regularisation", type=float, default=entity_training.DEFAULT_REGULARISATION,
              show_default=True, help="Inverse L2 strength (scikit-learn's C).")
@click.option("--backend", type=click.Choice(["model", "transformer"]), default="model",
              show_default=True, help="The tone model --model holds: the linear one or the "
              "transformer (--model then defaults to its folder).")
def entity_tone(train_file: Path, folds: int, model_dir: Path, regularisation: float,
                backend: str) -> None:
    """Fit how an article's tone toward an entity follows from its mentions, on SEESAW.

    Runs the enrichment's pipeline (STANCEWIRE_SPACY_MODEL) over the
    articles, keeps the listed entities it finds and fits on the annotators'
    majority polarity, with the class offsets the folds choose (none without
    folds); writes entity_tone.json into the tone model's folder.
    """
    model: ToneScorer
    if backend == "transformer":
        model_dir = TRANSFORMER_PATH if model_dir == DEFAULT_PATH else model_dir
        model = TransformerTone.load(model_dir)
    else:
        model = TargetToneModel.load(model_dir)
    rows = entity_training.read_seesaw(train_file)
    annotations = entity_training.annotate_articles(
        [row["text"] for row in rows], model, spacy_model=Settings.from_env().spacy_model)
    samples = entity_training.entity_samples(rows, annotations)
    listed = sum(len(gold_entity_tones(row["entity_sentiments"])) for row in rows)
    click.echo(f"{len(samples)} entities found of {listed} listed in {len(rows)} articles")
    meta: dict[str, object] = {}
    offsets = None
    if folds > 1:
        cv = entity_training.cross_validate(samples, folds=folds, regularisation=regularisation)
        for name, figures in (("", cv.plain), (" with class offsets", cv.offset)):
            click.echo(f"cross-validation, {folds} folds{name}: F1m {figures.mean:.3f} ± "
                       f"{figures.sd:.3f} ({' '.join(f'{f1:.3f}' for f1 in figures.f1_macro)})")
        meta["cross_validation"] = {"folds": folds, "f1_macro_mean": round(cv.offset.mean, 4),
                                    "f1_macro_sd": round(cv.offset.sd, 4),
                                    "without_offsets_mean": round(cv.plain.mean, 4)}
        offsets = cv.offsets
    fitted = entity_training.fit(samples, regularisation=regularisation, offsets=offsets)
    fitted.meta.update(meta)
    fitted.save(model_dir / ENTITY_TONE_FILE)
    click.echo(f"saved to {model_dir / 'entity_tone.json'}")


@train.command()
@click.option("--articles", type=_DATA_FILE, required=True,
              help="PolNeAR articles to fit on (polnear/train_articles.jsonl).")
@click.option("--attributions", type=_DATA_FILE, required=True,
              help="Their relations (polnear/train_attributions.jsonl).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=attribution_path(), show_default=True,
              help="Folder to write model.crfsuite and meta.json to.")
@click.option("--folds", type=int, default=5, show_default=True,
              help="Cross-validation folds, grouped by article; 0 skips it.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--c1", type=float, default=_CRF.c1, show_default=True, help="L1 strength.")
@click.option("--c2", type=float, default=_CRF.c2, show_default=True, help="L2 strength.")
@click.option("--iterations", type=int, default=_CRF.iterations, show_default=True)
def attribution(articles: Path, attributions: Path, out: Path, folds: int, seed: int,
                c1: float, c2: float, iterations: int) -> None:
    """Fit the reported-speech tagger on PolNeAR, after cross-validating it on the same
    articles (mean and standard deviation of the eval's figures over the folds).

    Parses with STANCEWIRE_SPACY_MODEL as the enrichment does.
    """
    enricher = Enricher(Settings.from_env())
    data = read_polnear(articles, attributions)
    cleaned = [clean_text(a.text[: enricher.settings.max_text_chars]) for a in data]
    analyses = enricher.analyse([c.text for c in cleaned])
    training = [attribution_training.TrainingArticle(a.id, a.text, c, analysis, a.gold)
                for a, c, analysis in zip(data, cleaned, analyses, strict=True)]
    params = attribution_training.Params(c1, c2, iterations)
    meta: dict[str, object] = {"articles": len(training), "params": params._asdict(),
                               "spacy_model": enricher.settings.spacy_model}
    if folds > 1:
        with TemporaryDirectory() as workdir:
            cv = attribution_training.cross_validate(
                training, enricher.lexicon, params, k=folds, seed=seed, workdir=Path(workdir))
        for name, (mean, sd) in cv.items():
            click.echo(f"{name}: {mean:.3f} \u00b1 {sd:.3f}")
        meta["cross_validation"] = {name: [round(mean, 4), round(sd, 4)]
                                    for name, (mean, sd) in cv.items()}
    sentences, seconds = attribution_training.train_model(
        training, enricher.lexicon.speech_verbs, params, out)
    meta |= {"sentences": sentences, "training_seconds": round(seconds, 1)}
    (out / "meta.json").write_bytes(orjson.dumps(meta, option=orjson.OPT_INDENT_2))
    click.echo(f"trained on {sentences} sentences in {seconds:.0f} s; saved to {out}")


@train.command()
@click.option("--train", "train_file", type=_DATA_FILE, required=True,
              help="SEESAW JSONL to fit on (seesaw/train.jsonl), or other data in its format.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=STANCE_PATH,
              show_default=True,
              help="Folder to write model.npz and meta.json to (the article model's in article/).")
def stance(train_file: Path, out: Path) -> None:
    """Fit the stance models (per sentence, then per article) on SEESAW triples, choosing
    their settings by cross-validation.

    Parses with STANCEWIRE_SPACY_MODEL, as the enrichment does. Check the result
    on held-out data with `stancewire eval seesaw`.
    """
    spacy_model = Settings.from_env().spacy_model
    articles = prepare(list(read_seesaw(train_file)), nlp=load_pipeline(spacy_model),
                       lexicon=load_lexicon(), gazetteer=Gazetteer())
    model = train_stance(articles, spacy_model=spacy_model, log=click.echo)
    for name, value in model.meta["cv"].items():
        click.echo(f"CV, sentence model: {name}: {value}")
    if model.article is not None:
        for name, value in model.article.meta["cv"].items():
            click.echo(f"CV, article model: {name}: {value}")
    model.save(out)
    click.echo(f"saved to {out}")
