"""WordLlama's static token embeddings, read from the files its PyPI wheel ships.

WordLlama (``wordllama`` on PyPI, MIT licence) keeps the token-embedding table
of a large language model, trained further so that the mean of a text's token
rows embeds the text. Its wheel holds the 256-dimension model
``l2_supercat_256`` (32,000 rows, float16) and that model's tokenizer (Llama
2's byte-pair encoding). Both are read here directly, with ``safetensors``
and ``tokenizers``: the ``wordllama`` package's own loader looks for the
tokenizer in a folder the wheel does not have and then tries to download it.

A text's embedding is the plain mean of its tokens' rows (WordLlama's
``embed`` without ``norm``): linear in the rows, so a linear model over it
stays linear in the text's tokens. Nothing is downloaded, at any time.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

#: Rows of one embedding.
DIMENSIONS = 256
_MODEL = "l2_supercat"
#: What a model fitted over these embeddings records of them.
SOURCE = f"wordllama 0.4.0.post1 {_MODEL}_{DIMENSIONS}"


class Pieces(NamedTuple):
    """A text's tokens: their rows in the table and their characters in the text."""

    ids: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]


def _package_folder() -> Path:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the tone model needs the wordllama package: pip install wordllama")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    tokenizer = Tokenizer.from_file(
        str(_package_folder() / "tokenizers" / f"{_MODEL}_tokenizer_config.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


@lru_cache(maxsize=1)
def table() -> npt.NDArray[np.float16]:
    """The embedding of each token id, as shipped in float16 (16 MB)."""
    from safetensors.numpy import load_file

    weights = load_file(_package_folder() / "weights" / f"{_MODEL}_{DIMENSIONS}.safetensors")
    table: npt.NDArray[np.float16] = weights["embedding.weight"]
    return table


def pieces(text: str) -> Pieces:
    """``text`` cut into the model's tokens (no special tokens added)."""
    encoding = _tokenizer().encode(text, add_special_tokens=False)
    offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2)
    return Pieces(np.asarray(encoding.ids, dtype=np.int64), offsets[:, 0], offsets[:, 1])


def overlapping(found: Pieces, start: int, end: int) -> slice:
    """The tokens of ``found`` that overlap characters ``start:end`` of its text."""
    # Tokens follow one another, so both their starts and their ends ascend.
    return slice(int(np.searchsorted(found.ends, start, side="right")),
                 int(np.searchsorted(found.starts, end)))


def mean_embedding(found: Pieces, tokens: slice = slice(None)) -> npt.NDArray[np.float64]:
    """The mean row of ``found``'s ``tokens`` (all of them by default); zeros for none."""
    return mean_rows(table()[found.ids[tokens]])


def mean_rows(rows: npt.NDArray[np.floating]) -> npt.NDArray[np.float64]:
    """The mean of ``rows``, in float64; zeros of their width for none."""
    if not len(rows):
        return np.zeros(rows.shape[1:])
    mean: npt.NDArray[np.float64] = rows.mean(axis=0, dtype=np.float64)
    return mean
