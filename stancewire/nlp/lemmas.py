"""spaCy's rule lemmatizer, its answer kept per distinct word, POS and morphology.

The model's ``lemmatizer`` (rule mode) already caches its rules' result per
(word, POS, morphology), but it still visits every token in Python to build
that key: about 3 ms an article of 340 words with a warm cache, a tenth of
what pass 2 spends outside the networks. Here the keys come from one
``Doc.to_array`` and the lemmas go back with one ``Doc.from_array``; a key not
seen yet is lemmatized by spaCy's own rules. Same lemma on every token
(tests/test_nlp/test_attributes.py compares both).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

if TYPE_CHECKING:
    from thinc.types import Ints2d

FACTORY = "stancewire_lemmatizer"

# Distinct keys remembered; past it the memory starts again (a stream meets new words forever).
_CACHED_KEYS = 200_000

Key = tuple[int, int, int]  # a token's ORTH, POS and MORPH (Doc.to_array)


class TableLemmatizer:
    """Sets the lemmas that ``lemmatizer`` would, each distinct key lemmatized once."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode != "rule":
            raise ValueError(f"only a rule lemmatizer can be tabled, not {lemmatizer.mode!r}")
        self.lemmatizer = lemmatizer
        self.overwrite = bool(lemmatizer.overwrite)
        self.strings = lemmatizer.vocab.strings
        self._lemmas: dict[Key, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self.overwrite:
                lemmas.append(lemma)  # set before (by the attribute ruler): kept, as spaCy does
                continue
            found = self._lemmas.get((orth, pos, morph))
            if found is None:
                if len(self._lemmas) >= _CACHED_KEYS:
                    self._lemmas.clear()
                found = self._lemmas[orth, pos, morph] = self.strings.add(
                    self.lemmatizer.rule_lemmatize(doc[i])[0])
            lemmas.append(found)
        if lemmas:
            column = numpy.array(lemmas, dtype="uint64").reshape(-1, 1)
            doc.from_array([LEMMA], cast("Ints2d", column))
        return doc


@Language.factory(FACTORY)
def make_table_lemmatizer(nlp: Language, name: str) -> TableLemmatizer:
    """Built from the pipeline's ``lemmatizer``, which must still be in it."""
    return TableLemmatizer(cast(Lemmatizer, nlp.get_pipe("lemmatizer")))


def use_table_lemmatizer(nlp: Language) -> None:
    """Put :class:`TableLemmatizer` in the place of ``nlp``'s ``lemmatizer``."""
    nlp.add_pipe(FACTORY, name=FACTORY, after="lemmatizer")
    nlp.remove_pipe("lemmatizer")
    nlp.rename_pipe(FACTORY, "lemmatizer")
