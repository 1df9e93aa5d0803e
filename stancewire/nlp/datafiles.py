"""The engine's data files (``data/``) and the ids its canonical names get."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from importlib import resources


def slug(name: str) -> str:
    """The stable id of a canonical name: "Jens Stoltenberg" -> "jens-stoltenberg".

    Accents go ("Türkiye" -> "turkiye"); punctuation of any script separates words as
    ASCII's does, so "O’Malley" and "O'Malley" are both "o-malley".
    """
    separated = "".join(" " if unicodedata.category(char)[0] in "PZ" else char
                        for char in unicodedata.normalize("NFKD", name))
    ascii_name = separated.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def read_rows(filename: str) -> Iterator[list[str]]:
    """The tab-separated rows of ``data/<filename>``, comment and blank lines skipped."""
    text = resources.files("stancewire.nlp").joinpath("data", filename).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")
