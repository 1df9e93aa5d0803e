"""Build the legislators list (``nlp/data/legislators.tsv``) from congress-legislators.

The source is the ``unitedstates/congress-legislators`` project (public
domain, CC0): ``legislators-current.yaml`` lists the members of the sitting
Congress, with each member's English Wikipedia title, the form SEESAW's
entity lists and stancewire's canonical names use ("Chuck Schumer" for
Charles E. Schumer). Given that file as of several Congresses (it is in the
project's git history), the list holds everyone who served in one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PATH = Path(__file__).parent.parent / "nlp" / "data" / "legislators.tsv"

_HEADER = ("# canonical name (English Wikipedia title)\tlast year served\n"
           "# Rebuilt by `stancewire train legislators`; see README.md.\n")
# "John Kennedy (Louisiana politician)", "Bob Casey, Jr.": the title's name alone.
_DISAMBIGUATION = re.compile(r"\s*\(.*\)$")
_SUFFIX = re.compile(r",?\s+(?:Jr|Sr)\.?$")


def build(files: Sequence[Path], *, since: int) -> list[tuple[str, int]]:
    """(name, last year served) of every legislator in ``files`` whose last term
    ends in ``since`` or later; one row per member (their Bioguide id), by name."""
    latest: dict[str, tuple[str, int]] = {}
    for path in files:
        with path.open("rb") as stream:
            members = yaml.load(stream, Loader=yaml.CSafeLoader)
        if not isinstance(members, list):
            raise ValueError(f"{path}: not a congress-legislators list of members")
        for member in members:
            row = _row(member)
            if row is not None and (row[0] not in latest or latest[row[0]][1] < row[1][1]):
                latest[row[0]] = row[1]
    return sorted((name, year) for name, year in latest.values() if year >= since)


def write(rows: Iterable[tuple[str, int]], path: Path) -> None:
    lines = [f"{name}\t{year}\n" for name, year in rows]
    path.write_text(_HEADER + "".join(lines), encoding="utf-8")


def _row(member: dict[str, Any]) -> tuple[str, tuple[str, int]] | None:
    ids, terms = member.get("id", {}), member.get("terms", [])
    title = ids.get("wikipedia")
    if not title or not terms or title == "TODO":  # the data writes TODO for a missing title
        return None
    name = _SUFFIX.sub("", _DISAMBIGUATION.sub("", title))
    last = max(int(str(term["end"])[:4]) for term in terms)
    return str(ids.get("bioguide") or title), (name, last)
