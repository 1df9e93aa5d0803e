"""Tone toward one target in one sentence from a fine-tuned small transformer.

The accurate, slower tone backend (``STANCEWIRE_TONE=transformer``):
all-MiniLM-L6-v2 (6 layers, 384 wide) fine-tuned on NewsMTSC with a
classification head over its mean-pooled tokens, run by ONNX Runtime on the
CPU from an int8 ONNX file. The input is a sentence pair: the sentence with
the target marked, then the target alone. Reads no parse: the enrichment
does not need to hand it one. Needs the ``transformer`` extra
(``onnxruntime``, ``tokenizers``); ``stancewire train tone --backend
transformer`` builds the model (see ``data/tone/transformer/README.md``).
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span

from stancewire.errors import ConfigError
from stancewire.nlp.entity_tone import FILE_NAME as ENTITY_TONE_FILE
from stancewire.nlp.entity_tone import (
    EntityEvidence,
    EntityToneModel,
    Prediction,
    entity_tone_of,
)
from stancewire.nlp.target_tone import DEFAULT_PATH as TONE_PATH
from stancewire.nlp.target_tone import LABELS

#: The shipped model: ``model.onnx.gz``, ``tokenizer.json`` and the entity tone model
#: fitted on its mention tones (``meta.json`` records how it was made).
DEFAULT_PATH = TONE_PATH / "transformer"
MODEL_FILE = "model.onnx.gz"  # gzip: a fifth smaller, and under the repository's file limit
MAX_TOKENS = 128  # the pair is cut to this many word pieces
_BATCH = 32
_OPEN, _CLOSE = "<t> ", " </t>"


def marked_pair(sentence: str, start: int, end: int) -> tuple[str, str]:
    """The model's input for ``sentence[start:end]``: the sentence with the target
    between marks, and the target."""
    target = sentence[start:end]
    return f"{sentence[:start]}{_OPEN}{target}{_CLOSE}{sentence[end:]}", target


class MissingExtra(ConfigError):
    """``STANCEWIRE_TONE=transformer`` without the backend's packages."""


@dataclass(eq=False)
class TransformerTone:
    """A :class:`~stancewire.nlp.tone.ToneScorer` over an ONNX model and its tokenizer."""

    folder: Path
    threads: int = 1
    needs_parses = False

    def __post_init__(self) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise MissingExtra(
                "STANCEWIRE_TONE=transformer needs the transformer extra: "
                "pip install 'stancewire[transformer]'") from exc
        self._tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding()  # to the batch's longest, not the file's fixed length
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        with gzip.open(self.folder / MODEL_FILE) as model:
            self._session = onnxruntime.InferenceSession(
                model.read(), options, providers=["CPUExecutionProvider"])
        entity_file = self.folder / ENTITY_TONE_FILE
        #: Judges an entity's tone in an article from its mentions'; without it, their majority.
        self.entity = EntityToneModel.load(entity_file) if entity_file.exists() else None

    @classmethod
    def load(cls, path: Path | None = None, *, threads: int = 1) -> TransformerTone:
        """The model in folder ``path``; default the shipped one (:data:`DEFAULT_PATH`)."""
        return cls(DEFAULT_PATH if path is None else path, threads)

    def predict(self, items: Sequence[tuple[str, int, int]], *,
                parsed: Sequence[Span | Doc] | None = None) -> list[Prediction]:
        """``(sentence, target_start, target_end)`` -> ``(polarity, score)``, score in [-1, 1]
        (P(positive) - P(negative)); ``parsed`` is not read."""
        predictions: list[Prediction] = []
        for first in range(0, len(items), _BATCH):
            for p in self.probabilities(items[first : first + _BATCH]):
                predictions.append((LABELS[int(np.argmax(p))], float(p[2] - p[0])))
        return predictions

    def probabilities(self, items: Sequence[tuple[str, int, int]]) -> np.ndarray[Any, Any]:
        """P(negative, neutral, positive) for each item, one row each."""
        encodings = self._tokenizer.encode_batch([marked_pair(*item) for item in items])
        inputs = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        (logits,) = self._session.run(["logits"], inputs)
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        result: np.ndarray[Any, Any] = exp / exp.sum(axis=1, keepdims=True)
        return result

    def entity_tone(self, evidence: EntityEvidence) -> Prediction:
        """The article's tone toward one entity: :attr:`entity`'s, else the mentions' majority."""
        return entity_tone_of(self.entity, evidence)
