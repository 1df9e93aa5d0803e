"""spaCy's attribute ruler with its plain one-token rules looked up in tables.

The model's ``attribute_ruler`` maps tags to coarse POS and sets morphology
and lemma exceptions: 179 rules, all run by a ``Matcher`` over every token of
every sentence that pass 2 parses. The Matcher starts a state per rule at
each token, which made the ruler 8% (py-spy) to 15% (cProfile) of the NLP
time. Most rules (157 of 180 patterns) test one token for equal values
(``TAG`` is "NN", ``LOWER`` is "the"); these are found here with one
dictionary lookup per token and set of attributes tested, and only the
others (operators, regexes, two-token rules) go through a Matcher. The rules
are applied in the ruler's order, so later rules win as in spaCy, and the
result is the same (tests/test_nlp/test_attributes.py compares both on the
BBC texts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from operator import itemgetter
from typing import Any, cast

from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

FACTORY = "stancewire_attribute_ruler"

# The token attributes that plain rules may test.
_READABLE = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH")

Rule = tuple[int, int, int]  # (rule number, first token, token after the last)
Key = Callable[[list[int]], Any]  # a row of Doc.to_array -> a table key


class TableAttributeRuler:
    """Applies the rules of ``ruler`` with the same result, plain rules from tables."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.attrs: list[dict[str, Any]] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        self.matcher = Matcher(ruler.vocab, validate=False)
        # (tested attributes) -> (their values as in Doc.to_array) -> rule numbers
        by_names: dict[tuple[str, ...], dict[Any, list[int]]] = defaultdict(
            lambda: defaultdict(list))
        strings = ruler.vocab.strings
        rules = cast(list[dict[str, Any]], ruler.patterns)
        for number, rule in enumerate(rules):
            for pattern in rule["patterns"]:
                if not _is_plain(pattern):
                    self.matcher.add(str(number), [pattern])
                    continue
                names = tuple(sorted(pattern[0]))
                values = tuple(int(value) if isinstance(value, bool) else strings.add(value)
                               for value in (pattern[0][name] for name in names))
                by_names[names][values if len(values) > 1 else values[0]].append(number)
        self.columns = sorted({name for names in by_names for name in names})
        self.tables: list[tuple[Key, dict[Any, list[int]]]] = [
            (itemgetter(*(self.columns.index(name) for name in names)), dict(table))
            for names, table in by_names.items()]

    def __call__(self, doc: Doc) -> Doc:
        for number, start, end in sorted(self._matches(doc)):
            index = self.indices[number]
            set_token_attrs(doc[(start if index >= 0 else end) + index], self.attrs[number])
        return doc

    def _matches(self, doc: Doc) -> list[Rule]:
        strings = doc.vocab.strings
        found = [(int(strings[key]), start, end)
                 for key, start, end in self.matcher(doc, allow_missing=True, as_spans=False)]
        rows = doc.to_array([IDS[name] for name in self.columns]).tolist()
        for key, table in self.tables:
            for i, row in enumerate(rows):
                for number in table.get(key(row), ()):
                    found.append((number, i, i + 1))
        return found


def _is_plain(pattern: list[dict[str, Any]]) -> bool:
    """One token, every attribute tested for one value we can read."""
    return len(pattern) == 1 and all(
        name in _READABLE and isinstance(value, str | bool) for name, value in pattern[0].items())


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
