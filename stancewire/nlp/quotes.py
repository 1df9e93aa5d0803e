"""Quotes and who says them: direct quotes from quotation marks, reported speech from the parse.

A direct quote is found from its marks alone (straight or curly, across
sentences, partial quotes inside a sentence; a paragraph break closes an
unclosed quote). Its speaker is the subject of the nearest speech verb
outside the quotes in the sentences around it, or of "according to X";
a quote without one continues the previous speaker's quote.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from spacy.tokens import Token

from stancewire.nlp.pipeline import ParsedSentence
from stancewire.nlp.spans import TextSpan, noun_phrase, subject_of

_MARKS = re.compile(r"[\"“”„«»]|\n\n")
_OPENING = "“„«"
_CLOSING = "”»"
_TRIM = " \n,;:"
# A quote without a speech verb takes the previous speaker if that quote is this close.
_CONTINUATION_CHARS = 1500


class QuoteFound(NamedTuple):
    """A quote, its cue verb and the mention of its speaker (not yet resolved)."""

    text: str
    start: int
    end: int
    direct: bool
    cue: TextSpan | None
    speaker: TextSpan | None


def direct_quote_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the content of every direct quote, marks excluded."""
    opened: int | None = None
    for match in _MARKS.finditer(text):
        mark, at = match.group(), match.start()
        if opened is not None and (mark in _CLOSING or mark in "\"\n\n" or mark in _OPENING):
            yield from _trimmed(text, opened, at)
            opened = at + 1 if mark in _OPENING else None
        elif mark in _OPENING or _opens(text, at):
            opened = at + 1
    if opened is not None:
        yield from _trimmed(text, opened, len(text))


def quotes(text: str, parsed: Sequence[ParsedSentence], speech_verbs: frozenset[str]
           ) -> Iterator[QuoteFound]:
    """The direct quotes of ``text`` with cues and speakers, then the reported speech."""
    spans = list(direct_quote_spans(text))
    starts = [s.offset for s in parsed]
    inside = _Inside(spans)
    previous: QuoteFound | None = None
    for start, end in spans:
        cue, speaker = _attribution(text, start, end, parsed, starts, inside, speech_verbs)
        if cue is None and previous is not None and _continues(text, previous, start):
            cue, speaker = previous.cue, previous.speaker
        found = QuoteFound(text[start:end], start, end, True, cue, speaker)
        previous = found if speaker is not None else previous
        yield found
    yield from _reported_speech(parsed, inside, speech_verbs)


def _continues(text: str, previous: QuoteFound, start: int) -> bool:
    # A quote continues the previous speaker's within its paragraph, or when it
    # opens the next paragraph ("He said: ... ¶ “More words.”").
    opens_paragraph = text[start - 2 : start - 1] == "\n"
    return previous.speaker is not None and start - previous.end < _CONTINUATION_CHARS and (
        opens_paragraph or "\n\n" not in text[previous.end : start])


class _Inside:
    """Whether a text offset lies inside a direct quote."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = spans
        self._starts = [start for start, _ in spans]

    def __call__(self, offset: int) -> bool:
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._spans[i][1] + 1

    def any_within(self, start: int, end: int) -> bool:
        """Whether a direct quote starts or ends between ``start`` and ``end``."""
        i = bisect_right(self._starts, end) - 1
        return i >= 0 and self._spans[i][1] > start


def _attribution(text: str, start: int, end: int, parsed: Sequence[ParsedSentence],
                 starts: list[int], inside: _Inside, speech_verbs: frozenset[str]
                 ) -> tuple[TextSpan | None, TextSpan | None]:
    # The sentences holding the quote's ends, and the one before a colon ("He said:").
    first = max(bisect_right(starts, start) - 1, 0)
    last = bisect_right(starts, end) - 1
    if text[max(start - 3, 0) : start].rstrip(" \u201c\"\n").endswith(":"):
        first = max(first - 1, 0)
    best: tuple[tuple[int, int], Token, ParsedSentence] | None = None
    for sentence in parsed[first : last + 1]:
        for token in sentence.doc:
            if (token.pos_ not in {"VERB", "AUX"} and token.lower_ != "according") \
                    or inside(sentence.offset + token.idx):
                continue
            rank = _cue_rank(token, sentence.offset, start, end, speech_verbs)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, token, sentence)
    if best is None:
        return None, None
    _, cue, sentence = best
    cue_span = TextSpan(cue.text, sentence.offset + cue.idx, sentence.offset + cue.idx + len(cue))
    return cue_span, _speaker(cue, sentence.offset)


def _cue_rank(token: Token, offset: int, start: int, end: int, speech_verbs: frozenset[str]
              ) -> tuple[int, int] | None:
    """How likely ``token`` introduces the quote (lower is better), None if not at all.

    A speech verb the quote hangs from comes first, the lowest such; then any
    verb with a subject the quote hangs from ("Trump mocked Rubio for
    “having a tough night”"); then the nearest speech verb.
    """
    left = offset + token.left_edge.idx
    right = offset + token.right_edge.idx + len(token.right_edge)
    governs = left <= start and end <= right
    speech = _is_cue(token, speech_verbs)
    if governs and speech:
        return 0, right - left
    if governs and subject_of(token) is not None:
        return 1, right - left
    if speech:
        at = offset + token.idx
        return 2, max(start - at, at - end, 0)
    return None


def _is_cue(token: Token, speech_verbs: frozenset[str]) -> bool:
    if token.lower_ == "according":
        return any(child.lower_ == "to" for child in token.children)
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in speech_verbs


def _speaker(cue: Token, offset: int) -> TextSpan | None:
    if cue.lower_ == "according":
        objects = [obj for to in cue.children if to.lower_ == "to"
                   for obj in to.children if obj.dep_ == "pobj"]
        return noun_phrase(objects[0], offset) if objects else None
    subject = subject_of(cue)
    return noun_phrase(subject, offset) if subject is not None else None


def _reported_speech(parsed: Sequence[ParsedSentence], inside: _Inside,
                     speech_verbs: frozenset[str]) -> Iterator[QuoteFound]:
    """ "X said (that) ...": the clause, as an indirect quote, when it holds no direct one."""
    for sentence in parsed:
        for token in sentence.doc:
            if not _is_cue(token, speech_verbs) or inside(sentence.offset + token.idx):
                continue
            for clause in token.children:
                if clause.dep_ != "ccomp":
                    continue
                content = noun_phrase(clause, sentence.offset)
                if inside.any_within(content.start, content.end):
                    continue
                speaker = _speaker(token, sentence.offset)
                if speaker is not None:
                    cue = TextSpan(token.text, sentence.offset + token.idx,
                                   sentence.offset + token.idx + len(token))
                    yield QuoteFound(content.text, content.start, content.end, False, cue,
                                     speaker)


def _opens(text: str, at: int) -> bool:
    """Whether a straight quote, or a closing curly one typed as an opening mark
    ("take this ” very seriously”"), opens a quote."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    starts = before.isspace() or before in "([\u2014\u2013-:"
    if text[at] == "\u201d":
        return before.isspace() and after not in "\n.,;"
    return text[at] == '"' and starts and not after.isspace()


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if end > start:
        yield start, end
