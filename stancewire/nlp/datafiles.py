"""The engine's data files (``data/``) and the ids its canonical names get."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from importlib import resources


def slug(name: str) -> str:
    """The stable id of a canonical name: "Jens Stoltenberg" -> "jens-stoltenberg"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def read_rows(filename: str) -> Iterator[list[str]]:
    """The tab-separated rows of ``data/<filename>``, comment and blank lines skipped."""
    text = resources.files("stancewire.nlp").joinpath("data", filename).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")
