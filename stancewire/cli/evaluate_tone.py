"""``stancewire eval newsmtsc``: the tone model against NewsMTSC gold polarities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import click
import orjson

from stancewire.nlp.target_tone import LABELS, TargetToneModel, ToneExample, read_newsmtsc


@dataclass(frozen=True, slots=True)
class ToneReport:
    """Macro F1 over ``LABELS``, accuracy, per-class F1 and ``confusion[gold][predicted]``."""

    f1_macro: float
    accuracy: float
    f1: dict[str, float]
    confusion: list[list[int]]
    targets: int


def score_tone(gold: Sequence[str], predicted: Sequence[str]) -> ToneReport:
    """Compare predicted polarities (each one of ``LABELS``) with gold ones, in order."""
    if len(gold) != len(predicted) or not gold:
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} gold labels")
    confusion = [[0] * len(LABELS) for _ in LABELS]
    for truth, guess in zip(gold, predicted, strict=True):
        confusion[LABELS.index(truth)][LABELS.index(guess)] += 1
    f1: dict[str, float] = {}
    for i, label in enumerate(LABELS):
        hits = confusion[i][i]
        gold_count = sum(confusion[i])
        predicted_count = sum(row[i] for row in confusion)
        f1[label] = 2 * hits / (gold_count + predicted_count) if hits else 0.0
    return ToneReport(
        f1_macro=sum(f1.values()) / len(LABELS),
        accuracy=sum(confusion[i][i] for i in range(len(LABELS))) / len(gold),
        f1=f1,
        confusion=confusion,
        targets=len(gold),
    )


def evaluate_model(model: TargetToneModel, examples: Sequence[ToneExample]) -> ToneReport:
    """Score ``model`` on ``examples``."""
    predictions = model.predict([(e.sentence, e.start, e.end) for e in examples])
    return score_tone([e.polarity for e in examples], [label for label, _ in predictions])


def format_report(report: ToneReport) -> str:
    """Human-readable lines, ``F1m: X`` first."""
    width = max(map(len, LABELS))
    lines = [
        f"F1m: {report.f1_macro:.3f}",
        f"accuracy: {report.accuracy:.3f}",
        *(f"F1 {label}: {report.f1[label]:.3f}" for label in LABELS),
        f"confusion (rows gold, columns predicted; {report.targets} targets):",
        " " * width + "".join(f" {label:>{width}}" for label in LABELS),
    ]
    for label, row in zip(LABELS, report.confusion, strict=True):
        lines.append(f"{label:>{width}}" + "".join(f" {count:>{width}}" for count in row))
    return "\n".join(lines)


@click.command()
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
    report = evaluate_model(TargetToneModel.load(model_dir), examples)
    if as_json:
        click.echo(orjson.dumps(asdict(report)).decode())
    else:
        click.echo(format_report(report))
