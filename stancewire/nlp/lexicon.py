"""Speech verbs and the stance lexicon, and where their word forms occur in a text.

:meth:`Lexicon.parse_cues` decides which sentences get a dependency parse:
only those with a quotation mark, a speech verb or a stance word need one
(the parse is half the cost of the full pipeline).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import NamedTuple

QUOTE_MARKS = "\"“”„«»"
# A quotation mark or a word (a run of word characters, as between two \b).
_MARK_OR_WORD = re.compile(rf"[{QUOTE_MARKS}]|\w+")

# Forms the suffix rules below cannot make.
_IRREGULAR = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"),
    "think": ("thought",), "give": ("gave", "given"), "hold": ("held",),
    "lead": ("led",), "speak": ("spoke", "spoken"), "hope": ("hoped",),
}


class StanceWord(NamedTuple):
    """An entry of the stance lexicon."""

    lemma: str
    pos: str  # VERB, NOUN or ADJ
    relation: str
    polarity: int


class Lexicon(NamedTuple):
    """The word lists the extractors share."""

    speech_verbs: frozenset[str]
    stance: dict[tuple[str, str], StanceWord]  # (lemma, pos) -> entry
    cue_forms: frozenset[str]  # every form of a speech verb or a stance word, lower case

    def parse_cues(self, text: str) -> list[int]:
        """Where ``text`` has a quotation mark or a form of a speech verb or a stance word
        (any case): the offsets where each begins.

        One pass of a two-branch regex and a set lookup per word: an alternation
        of the 450 forms cost a tenth of the NLP time.
        """
        forms = self.cue_forms
        return [match.start() for match in _MARK_OR_WORD.finditer(text)
                if (word := match.group()) in QUOTE_MARKS or word.lower() in forms]

    def stance_word(self, lemma: str, pos: str) -> StanceWord | None:
        """The entry for a lemma used as ``pos`` (AUX counts as VERB)."""
        return self.stance.get((lemma.lower(), "VERB" if pos == "AUX" else pos))


@cache
def load_lexicon() -> Lexicon:
    """The lexicon from the data folder (read once per process)."""
    speech = frozenset(
        line.strip() for line in _data("speech_verbs.txt").splitlines()
        if line.strip() and not line.startswith("#")
    )
    stance: dict[tuple[str, str], StanceWord] = {}
    for line in _data("stance_lexicon.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, pos, relation, polarity = line.split("\t")
            stance[(lemma, pos)] = StanceWord(lemma, pos, relation, int(polarity))
    lemmas = speech | {lemma for lemma, _ in stance}
    forms = frozenset(form for lemma in lemmas for form in word_forms(lemma))
    return Lexicon(speech, stance, forms)


def word_forms(lemma: str) -> set[str]:
    """The inflected forms of an English verb or noun lemma (regular rules + exceptions)."""
    forms = {lemma, *_IRREGULAR.get(lemma, ())}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgmnpt]$", lemma) and len(lemma) <= 4:
            # short consonant-vowel-consonant verbs double the last letter: slam -> slammed
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def _data(filename: str) -> str:
    return resources.files("stancewire.nlp").joinpath("data", filename).read_text("utf-8")
