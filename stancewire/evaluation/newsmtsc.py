"""NewsMTSC: target-dependent tone in news sentences, read and scored.

Each row is one target mention in one sentence with the polarity the sentence
expresses toward it; the metric is macro F1 over the three classes (F1m).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from stancewire.nlp.target_tone import LABELS, Polarity
from stancewire.nlp.tone import ToneScorer


@dataclass(frozen=True, slots=True)
class ToneExample:
    """One NewsMTSC row: the tone a sentence takes toward ``sentence[start:end]``."""

    sentence: str
    start: int
    end: int
    polarity: Polarity
    sentence_id: str = ""  # rows of one sentence share it: folds keep them together


def read_newsmtsc(path: Path) -> list[ToneExample]:
    """The rows of a NewsMTSC JSONL file (fields ``sentence``, ``from``, ``to``, ``polarity``)."""
    examples = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            row = json.loads(line)
            if row["polarity"] not in LABELS:
                raise ValueError(f"{path}:{number}: unknown polarity {row['polarity']!r}")
            examples.append(ToneExample(row["sentence"], row["from"], row["to"],
                                        row["polarity"], str(row.get("sentence_id", number))))
    return examples


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


def evaluate_scorer(scorer: ToneScorer, examples: Sequence[ToneExample]) -> ToneReport:
    """Score ``scorer`` on ``examples`` (it parses the sentences itself)."""
    predictions = scorer.predict([(e.sentence, e.start, e.end) for e in examples])
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
