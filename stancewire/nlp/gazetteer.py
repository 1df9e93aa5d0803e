"""Known names: countries (pycountry plus demonyms and capitals), organisations, people.

A gazetteer match overrides the statistical model's label and gives the
canonical name: "Turkish" -> Turkey, "Ankara" (as a government) -> Turkey,
"the Atlantic Alliance" -> NATO, "GOP" -> Republican Party. Some short forms
hold only in an article that names their country ("the Senate" is the
United States Senate where the article names the United States or its parties). Sources of the
data files: data/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal, NamedTuple

import pycountry

from stancewire.nlp.datafiles import read_rows, slug
from stancewire.nlp.people import People

__all__ = ["AliasKind", "Canonical", "Gazetteer", "GazetteerMatch", "slug"]

AliasKind = Literal["name", "demonym", "capital", "alias", "person"]

# A capital right after one of these words is a place ("a press conference in
# Washington"), not the government acting ("Washington's weapons").
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|around|across|into|to|from|visit(?:s|ed|ing)?)\s+(?:the\s+)?)$",
    re.I,
)
_PLACE_REACH = 30  # characters before a capital that _PLACE_BEFORE looks at
_THE = ("the ", "The ")


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
    country: str | None  # id of the country it belongs to ("republican-party": united-states)
    local: bool  # only valid in an article naming ``country`` ("the Senate")


class _Entry(NamedTuple):
    canonical: Canonical
    kind: AliasKind
    contextual: bool
    country: str | None
    local: bool


class Gazetteer:
    """Names to canonical entities, matched in one regex pass over a text."""

    def __init__(self, *, people: People | None = None) -> None:
        """``people``: the people gazetteer; default ``data/people.tsv``."""
        self.people = people if people is not None else People()
        self._names: dict[str, _Entry] = {}
        self._countries: dict[str, str] = {}  # alpha-2 code -> canonical id
        self._load_countries()
        self._load_organisations()
        for name in self.people.names:  # for the full names the model misses
            self._add(name, Canonical(slug(name), name, "PERSON"), "person", None)
        # Lookarounds instead of \b: aliases may start or end with punctuation ("U.S.").
        self._pattern = re.compile(r"(?<![\w.])" + _trie_pattern(list(self._names)) + r"(?!\w)")

    def lookup(self, name: str) -> Canonical | None:
        """The canonical entity of an exact name, or None; short forms that hold only in
        their country's articles are not looked up."""
        found = self._names.get(name)
        return found.canonical if found and not found.local and found.kind != "person" else None

    def matches(self, text: str) -> Iterator[GazetteerMatch]:
        """Every gazetteer name in ``text``; capitals used as places are skipped. Known
        people's canonical names are matched too (kind "person")."""
        for match in self._pattern.finditer(text):
            entry = self._names[match.group()]
            start = match.start()
            if match.group().startswith(_THE):  # "the House": the article is not the name
                start += len(_THE[0])
            before = max(0, start - _PLACE_REACH)
            if entry.kind == "capital" and _PLACE_BEFORE.search(text, before, start):
                yield GazetteerMatch(
                    Canonical(slug(match.group()), match.group(), "GPE"),
                    "name", start, match.end(), False, None, False,
                )
                continue
            yield GazetteerMatch(entry.canonical, entry.kind, start, match.end(),
                                 entry.contextual, entry.country, entry.local)

    def _add(self, alias: str, canonical: Canonical, kind: AliasKind, country: str | None
             ) -> None:
        contextual, local = alias.startswith("~"), alias.startswith("@")
        alias = alias.lstrip("~@").strip()
        if not alias:
            return
        written = [f"{the}{alias[len(_THE[0]):]}" for the in _THE] if alias.startswith(
            _THE[0]) else [alias]
        for form in written:
            if form not in self._names:
                self._names[form] = _Entry(canonical, kind, contextual, country, local)

    def _load_countries(self) -> None:
        extra = {row[0]: row[1:] for row in read_rows("countries.tsv")}
        for country in pycountry.countries:
            name, demonyms, capitals, aliases = (extra.get(country.alpha_2, []) + [""] * 4)[:4]
            name = name or getattr(country, "common_name", None) or country.name
            canonical = Canonical(slug(name), name, "GPE")
            self._countries[country.alpha_2] = canonical.id
            self._add(name, canonical, "name", canonical.id)
            for official in (country.name, getattr(country, "official_name", "")):
                if "," not in official:
                    self._add(official, canonical, "name", canonical.id)
            for kind, values in (("demonym", _with_plurals(_split(demonyms))),
                                 ("capital", _split(capitals)), ("alias", _split(aliases))):
                for value in values:
                    self._add(value, canonical, kind, canonical.id)  # type: ignore[arg-type]

    def _load_organisations(self) -> None:
        for name, label, code, *rest in read_rows("organisations.tsv"):
            aliases, adjectives = [*rest, "", ""][:2]
            canonical = Canonical(slug(name), name, label)
            country = self._countries[code] if code else None
            self._add(name, canonical, "name", country)
            for alias in _split(aliases):
                self._add(alias, canonical, "alias", country)
            for adjective in _split(adjectives):
                self._add(adjective, canonical, "demonym", country)


def _trie_pattern(names: list[str]) -> str:
    """One regex for ``names`` that prefers the longest, as a trie of their characters.

    A flat alternation of a thousand names is tried name by name at every
    word start; the trie reads each character once (a third of the time).
    """
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [re.escape(char) + _node_pattern(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + (
        "|)" if ends else ")")
    return body


def _with_plurals(demonyms: list[str]) -> list[str]:
    # "Russians", "Israelis"; "French", "Swiss" and "Turks" are written out in the file.
    return [*demonyms, *(d + "s" for d in demonyms if d.endswith(("an", "i")))]


def _split(values: str) -> list[str]:
    return [value.strip() for value in values.split(",") if value.strip()]
