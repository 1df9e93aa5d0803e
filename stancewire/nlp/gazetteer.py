"""Known names: countries (pycountry plus demonyms and capitals), organisations.

A gazetteer match overrides the statistical model's label and gives the
canonical name: "Turkish" -> Turkey, "Ankara" (as a government) -> Turkey,
"the Atlantic Alliance" -> NATO. Sources of the data files: data/README.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from importlib import resources
from typing import Literal, NamedTuple

import pycountry

AliasKind = Literal["name", "demonym", "capital", "alias"]

# A capital right after one of these words is a place ("a press conference in
# Washington"), not the government acting ("Washington's weapons").
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|around|across|into|to|from|visit(?:s|ed|ing)?)\s+(?:the\s+)?)$",
    re.I,
)


class Canonical(NamedTuple):
    """The canonical form of a name."""

    id: str
    name: str
    label: str


class GazetteerMatch(NamedTuple):
    """One gazetteer name found in a text."""

    canonical: Canonical
    kind: AliasKind
    start: int
    end: int
    contextual: bool  # only valid when the entity is named otherwise too


def slug(name: str) -> str:
    """The stable id of a canonical name: "Jens Stoltenberg" -> "jens-stoltenberg"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


class Gazetteer:
    """Names to canonical entities, matched in one regex pass over a text."""

    def __init__(self) -> None:
        self._names: dict[str, tuple[Canonical, AliasKind, bool]] = {}
        self._load_countries()
        self._load_organisations()
        alternatives = sorted(self._names, key=len, reverse=True)
        # Lookarounds instead of \b: aliases may start or end with punctuation ("U.S.").
        self._pattern = re.compile(
            r"(?<![\w.])(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)"
        )

    def lookup(self, name: str) -> Canonical | None:
        """The canonical entity of an exact name, or None."""
        found = self._names.get(name)
        return found[0] if found else None

    def matches(self, text: str) -> Iterator[GazetteerMatch]:
        """Every gazetteer name in ``text``; capitals used as places are skipped."""
        for match in self._pattern.finditer(text):
            canonical, kind, contextual = self._names[match.group()]
            if kind == "capital" and _PLACE_BEFORE.search(text, 0, match.start()):
                yield GazetteerMatch(
                    Canonical(slug(match.group()), match.group(), "GPE"),
                    "name", match.start(), match.end(), False,
                )
                continue
            yield GazetteerMatch(canonical, kind, match.start(), match.end(), contextual)

    def _add(self, alias: str, canonical: Canonical, kind: AliasKind) -> None:
        contextual = alias.startswith("~")
        alias = alias.lstrip("~").strip()
        if alias and alias not in self._names:
            self._names[alias] = (canonical, kind, contextual)

    def _load_countries(self) -> None:
        extra = {row[0]: row[1:] for row in _rows("countries.tsv")}
        for country in pycountry.countries:
            name, demonyms, capitals, aliases = (extra.get(country.alpha_2, []) + [""] * 4)[:4]
            name = name or getattr(country, "common_name", None) or country.name
            canonical = Canonical(slug(name), name, "GPE")
            self._add(name, canonical, "name")
            for official in (country.name, getattr(country, "official_name", "")):
                if "," not in official:
                    self._add(official, canonical, "name")
            for kind, values in (("demonym", demonyms), ("capital", capitals),
                                 ("alias", aliases)):
                for value in _split(values):
                    self._add(value, canonical, kind)  # type: ignore[arg-type]

    def _load_organisations(self) -> None:
        for name, label, *aliases in _rows("organisations.tsv"):
            canonical = Canonical(slug(name), name, label)
            self._add(name, canonical, "name")
            for alias in _split(aliases[0] if aliases else ""):
                self._add(alias, canonical, "alias")


def _split(values: str) -> list[str]:
    return [value.strip() for value in values.split(",") if value.strip()]


def _rows(filename: str) -> Iterator[list[str]]:
    text = resources.files("stancewire.nlp").joinpath("data", filename).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")
