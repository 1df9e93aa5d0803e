"""``stancewire train``: rebuild the models shipped in ``stancewire/nlp/data``."""

from __future__ import annotations

from pathlib import Path

import click
import spacy

from stancewire.cli.evaluate_tone import evaluate_model, format_report
from stancewire.nlp.target_tone import DEFAULT_PATH, read_newsmtsc
from stancewire.nlp.target_tone import train as train_tone
from stancewire.settings import Settings
from stancewire.training import people as people_gazetteer

_DATA_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group()
def train() -> None:
    """Train a model from the shared data."""


@train.command()
@click.option("--train", "train_file", type=_DATA_FILE, required=True,
              help="NewsMTSC JSONL to fit on (newsmtsc/train.jsonl).")
@click.option("--dev", "dev_files", type=_DATA_FILE, multiple=True, required=True,
              help="NewsMTSC JSONL to report figures on; repeat for dev_rw and dev_mt.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_PATH,
              show_default=True, help="Folder to write model.npz and meta.json to.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--regularisation", type=float, default=0.3, show_default=True,
              help="Inverse L2 strength (scikit-learn's C).")
def tone(train_file: Path, dev_files: tuple[Path, ...], out: Path, seed: int,
         regularisation: float) -> None:
    """Fit the target tone model on NewsMTSC and save it with its dev figures.

    Parses with STANCEWIRE_SPACY_MODEL, the pipeline the enrichment runs.
    """
    spacy_model = Settings.from_env().spacy_model
    model = train_tone(read_newsmtsc(train_file), nlp=spacy.load(spacy_model),
                       spacy_model=spacy_model, regularisation=regularisation, seed=seed)
    click.echo(f"trained on {model.meta['examples']} targets in "
               f"{model.meta['training_seconds']} s; {len(model.features)} features")
    dev = {}
    for path in dev_files:
        report = evaluate_model(model, read_newsmtsc(path))
        dev[path.stem] = {"f1_macro": round(report.f1_macro, 4),
                          "accuracy": round(report.accuracy, 4)}
        click.echo(f"-- {path.name}\n{format_report(report)}")
    model.meta["dev"] = dev
    model.save(out)
    click.echo(f"saved to {out}")


@train.command()
@click.option("--seesaw", type=_DATA_FILE, required=True,
              help="SEESAW JSONL whose entity lists give canonical names (seesaw/train.jsonl).")
@click.option("--polnear", type=_DATA_FILE, required=True,
              help="PolNeAR articles JSONL to find full names in (polnear/train_articles.jsonl).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=people_gazetteer.DEFAULT_PATH, show_default=True)
@click.option("--min-articles", type=int, default=3, show_default=True,
              help="Articles a name SEESAW does not list must be found in.")
def people(seesaw: Path, polnear: Path, out: Path, min_articles: int) -> None:
    """Rebuild the people gazetteer from SEESAW's lists and PolNeAR's full names."""
    rows = people_gazetteer.build(seesaw, polnear, Settings.from_env().spacy_model,
                                  min_articles=min_articles)
    people_gazetteer.write(rows, out)
    click.echo(f"{len(rows)} people written to {out}")
