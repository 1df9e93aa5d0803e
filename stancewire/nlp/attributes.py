"""spaCy's attribute ruler, its rules tested once per distinct token rather than by a Matcher.

The model's ``attribute_ruler`` maps tags to coarse POS and sets morphology
and lemma exceptions: 179 rules, all run by a ``Matcher`` over every token of
every sentence that pass 2 parses (15% of the NLP time under cProfile). Its
patterns test a token's tag, lower-case form, dependency label and the like,
for a value, a set of values or a regular expression, and nothing else: so
whether a one-token pattern matches depends only on those attributes of the
token. They are tested here once per distinct combination of them (a row of
``Doc.to_array``), and the rules' merged effect is kept for that row; a
pattern of several tokens matches where each token's row satisfies its part.
Patterns with anything else (operators, other attributes) still go through a
Matcher. The rules are applied in the ruler's order, so later rules win as in
spaCy, and the result is the same (tests/test_nlp/test_attributes.py compares
both on the BBC texts and on sentences of our own with every kind of rule).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, cast

from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

FACTORY = "stancewire_attribute_ruler"

# The token attributes that patterns tested here may read.
_READABLE = ("DEP", "IS_SPACE", "LOWER", "ORTH", "TAG")
# Which required value files a pattern in the index: the most telling first.
_ANCHORS = ("LOWER", "ORTH", "DEP", "TAG", "IS_SPACE")
# Distinct rows remembered; past it the memory starts again (a stream meets new words forever).
_CACHED_ROWS = 200_000

Row = tuple[int, ...]  # a token's values of the attributes patterns read (Doc.to_array)
Test = Callable[[Any], bool]  # a value, decoded (a string or a bool) -> does it pass


class _Spec(NamedTuple):
    """One token of a pattern: attributes that must equal a value, and other tests."""

    equals: tuple[tuple[str, Any], ...]  # (attribute, value)
    tests: tuple[tuple[str, Test], ...]  # (attribute, test of its value)

    def matches(self, values: dict[str, Any]) -> bool:
        return all(values[name] == value for name, value in self.equals) and \
            all(test(values[name]) for name, test in self.tests)


class _Spanning(NamedTuple):
    """A pattern of several tokens: rule ``number`` sets its ``target``-th token."""

    number: int
    specs: tuple[_Spec, ...]
    target: int  # an index into the matched tokens, negative from the end


class _RowRules(NamedTuple):
    """What the rules make of a token with a given row."""

    numbers: tuple[int, ...]  # one-token rules that match it, in order
    attrs: dict[int, Any]  # their merged effect, later rules winning
    satisfied: frozenset[_Spec]  # patterns (or parts of spanning ones) it satisfies
    starts: tuple[_Spanning, ...]  # spanning patterns whose first part it satisfies


class TableAttributeRuler:
    """Applies the rules of ``ruler`` with the same result, each distinct row tested once."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.attrs: list[dict[int, Any]] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        self.strings: StringStore = ruler.vocab.strings
        self.matcher = Matcher(ruler.vocab, validate=False)  # patterns we cannot test here
        self.single: dict[_Spec, list[int]] = {}  # a one-token pattern -> its rules
        self.spanning: list[_Spanning] = []
        for number, rule in enumerate(cast(list[dict[str, Any]], ruler.patterns)):
            for pattern in rule["patterns"]:
                parts = [_spec(token) for token in pattern]
                specs = [part for part in parts if part is not None]
                if len(specs) < len(parts):
                    self.matcher.add(str(number), [pattern])
                elif len(specs) == 1:
                    self.single.setdefault(specs[0], []).append(number)
                else:
                    self.spanning.append(_Spanning(number, tuple(specs), self.indices[number]))
        every = {*self.single, *(spec for pattern in self.spanning for spec in pattern.specs)}
        self.columns = sorted({name for spec in every
                               for name, _ in (*spec.equals, *spec.tests)})
        self._column_ids = [IDS[name] for name in self.columns]
        # Patterns by the most telling value they require (most name a word or a tag): a
        # row is tested against those of its values and against the patterns requiring none.
        self._by_value: dict[tuple[str, Any], list[_Spec]] = {}
        self._unanchored: list[_Spec] = []
        for spec in every:
            if spec.equals:
                anchor = min(spec.equals, key=lambda equal: _ANCHORS.index(equal[0]))
                self._by_value.setdefault(anchor, []).append(spec)
            else:
                self._unanchored.append(spec)
        self._rows: dict[Row, _RowRules] = {}

    def __call__(self, doc: Doc) -> Doc:
        rows = [self._rules(tuple(row))
                for row in doc.to_array(self._column_ids).tolist()]
        late: dict[int, list[int]] = {}  # token -> rules matched by a Matcher or across tokens
        for number, token in self._late_matches(doc, rows):
            late.setdefault(token, []).append(number)
        for i, row in enumerate(rows):
            attrs = row.attrs if i not in late else self._merged([*row.numbers, *late[i]])
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc

    def _late_matches(self, doc: Doc, rows: list[_RowRules]) -> Iterator[tuple[int, int]]:
        """(rule number, token it sets) of the Matcher's patterns and of spanning ones."""
        if len(self.matcher):
            for key, start, end in self.matcher(doc, allow_missing=True, as_spans=False):
                number = int(self.strings[key])
                yield number, _target(start, end, self.indices[number])
        for start, row in enumerate(rows):
            for pattern in row.starts:
                end = start + len(pattern.specs)
                if end <= len(rows) and all(
                        spec in rows[start + offset].satisfied
                        for offset, spec in enumerate(pattern.specs[1:], 1)):
                    yield pattern.number, _target(start, end, pattern.target)

    def _rules(self, row: Row) -> _RowRules:
        found = self._rows.get(row)
        if found is None:
            if len(self._rows) >= _CACHED_ROWS:
                self._rows.clear()
            values = {name: bool(value) if name == "IS_SPACE" else self.strings[value]
                      for name, value in zip(self.columns, row, strict=True)}
            matched = {spec for spec in (*self._unanchored, *(
                spec for anchor in values.items() for spec in self._by_value.get(anchor, ())))
                if spec.matches(values)}
            numbers = tuple(sorted({number for spec in matched
                                    for number in self.single.get(spec, ())}))
            satisfied = frozenset(matched)
            starts = tuple(pattern for pattern in self.spanning if pattern.specs[0] in satisfied)
            found = self._rows[row] = _RowRules(numbers, self._merged(numbers), satisfied, starts)
        return found

    def _merged(self, numbers: list[int] | tuple[int, ...]) -> dict[int, Any]:
        """The attributes the rules ``numbers`` set, applied in rule order."""
        merged: dict[int, Any] = {}
        for number in sorted(numbers):
            merged.update(self.attrs[number])
        return merged


def _target(start: int, end: int, index: int) -> int:
    """The token a rule sets in the match ``start:end``: its ``index``-th, as in a Span."""
    return (start if index >= 0 else end) + index


def _spec(token: dict[str, Any]) -> _Spec | None:
    """The tests of one pattern token, or None when it needs the Matcher."""
    equals, tests = [], []
    for name, value in token.items():
        if name not in _READABLE:
            return None
        if isinstance(value, str | bool):
            equals.append((name, value))
            continue
        test = _test(value)
        if test is None:
            return None
        tests.append((name, test))
    return _Spec(tuple(equals), tuple(tests))


def _test(value: Any) -> Test | None:
    """A test for ``{"IN": [...]}``, ``{"NOT_IN": [...]}`` or ``{"REGEX": ...}``."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (predicate, argument), = value.items()
    if predicate == "IN":
        return frozenset(argument).__contains__
    if predicate == "NOT_IN":
        excluded = frozenset(argument)
        return lambda string: string not in excluded
    if predicate == "REGEX":
        search = re.compile(argument).search
        return lambda string: search(string) is not None
    return None


@Language.factory(FACTORY)
def make_table_attribute_ruler(nlp: Language, name: str) -> TableAttributeRuler:
    """Built from the pipeline's ``attribute_ruler``, which must still be in it."""
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    return TableAttributeRuler(ruler)


def use_table_attribute_ruler(nlp: Language) -> None:
    """Put :class:`TableAttributeRuler` in the place of ``nlp``'s ``attribute_ruler``."""
    nlp.add_pipe(FACTORY, name=FACTORY, after="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    nlp.rename_pipe(FACTORY, "attribute_ruler")
