"""The learned stance model: weights over named sparse features, in numpy arrays.

Predicting imports neither scikit-learn nor pickle: ``model.npz`` holds the
feature names, one weight row per feature (columns :data:`LABELS`) and the
bias; ``meta.json`` the decision threshold, training settings and figures.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

StanceLabel = Literal["negative", "none", "positive"]
LABELS: tuple[StanceLabel, ...] = ("negative", "none", "positive")

#: The shipped model (derived from SEESAW: see its README for the licence).
DEFAULT_PATH = Path(__file__).parent / "data" / "stance"
_DEFAULT_THRESHOLD = 0.5
_ARTICLE = "article"

FloatArray = npt.NDArray[np.float64]


@dataclass(eq=False)
class StanceModel:
    """``weights[i]`` scores :data:`LABELS` for ``features[i]``; a pair holds a stance when
    P(positive) or P(negative) reaches ``meta["threshold"]``. ``article`` is the
    article-level model over the pairs' aggregated scores
    (:mod:`stancewire.nlp.stance_article`), saved in the folder ``article``, with one
    threshold per polarity in its ``meta["thresholds"]``."""

    features: list[str]
    weights: FloatArray  # (n_features, 3)
    bias: FloatArray  # (3,)
    meta: dict[str, Any] = field(default_factory=dict)
    article: StanceModel | None = None
    _index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {name: i for i, name in enumerate(self.features)}

    @property
    def threshold(self) -> float:
        return float(self.meta.get("threshold", _DEFAULT_THRESHOLD))

    @classmethod
    def load(cls, path: Path | None = None) -> StanceModel:
        """The model saved in folder ``path``; default the shipped one (:data:`DEFAULT_PATH`)."""
        folder = DEFAULT_PATH if path is None else path
        with np.load(folder / "model.npz") as arrays:
            names, weights, bias = arrays["features"], arrays["weights"], arrays["bias"]
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        article = cls.load(folder / _ARTICLE) if (folder / _ARTICLE).is_dir() else None
        return cls(names.tolist(), weights.astype(np.float64), bias.astype(np.float64), meta,
                   article)

    def save(self, path: Path) -> None:
        """Write ``model.npz`` and ``meta.json`` into folder ``path``."""
        path.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path / "model.npz", features=np.array(self.features),
                            weights=self.weights.astype(np.float32),
                            bias=self.bias.astype(np.float32))
        meta = json.dumps(self.meta, indent=2, sort_keys=True) + "\n"
        (path / "meta.json").write_text(meta, encoding="utf-8")
        if self.article is not None:
            self.article.save(path / _ARTICLE)

    def probabilities(self, candidates: Sequence[Mapping[str, float]]) -> FloatArray:
        """P(:data:`LABELS`) of each candidate's features, one row each, in one numpy pass."""
        index = self._index
        rows: list[int] = []
        values: list[float] = []
        starts: list[int] = []
        for features in candidates:
            starts.append(len(rows))
            for name, value in features.items():
                row = index.get(name)
                if row is not None:
                    rows.append(row)
                    values.append(value)
        scores = np.tile(self.bias, (len(candidates), 1))
        if rows:
            weighted = self.weights[rows] * np.asarray(values)[:, None]
            # reduceat sums each candidate's rows; an empty one would take its neighbour's.
            filled = [i for i, start in enumerate(starts)
                      if start < (starts[i + 1] if i + 1 < len(starts) else len(rows))]
            scores[filled] += np.add.reduceat(weighted, [starts[i] for i in filled], axis=0)
        exp = np.exp(scores - scores.max(axis=1, keepdims=True))
        result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
        return result

    def decide(self, probabilities: FloatArray) -> tuple[int, float]:
        """(+1 for, -1 against, 0 none) and its probability, at the model's threshold."""
        return decide(probabilities, self.threshold)


@cache
def shipped_model() -> StanceModel:
    """The shipped model (:data:`DEFAULT_PATH`), loaded once per process."""
    return StanceModel.load()


def decide(probabilities: FloatArray, threshold: float) -> tuple[int, float]:
    """(+1 for, -1 against, 0 none) and its probability, from one row of P(:data:`LABELS`):
    the likelier polarity when its probability reaches ``threshold``."""
    negative, _, positive = (float(p) for p in probabilities)
    best = max(negative, positive)
    if best < threshold:
        return 0, 1 - best
    return (1 if positive >= negative else -1), best
