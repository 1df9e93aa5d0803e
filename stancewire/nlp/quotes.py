"""Quotes and who says them: direct quotes from quotation marks, reported speech from a tagger.

A direct quote is found from its marks alone (straight or curly, across
sentences, partial quotes inside a sentence; a paragraph break closes an
unclosed quote). Its speaker is the subject of the nearest speech verb
outside the quotes in the sentences around it, or of "according to X"
(where the parse gives a verb after the quote no subject outside the
quote, the words between them, or the noun phrase right after the verb:
"“...,” said Jo Li"), after what stands right around the quote: a name
and a colon before it ("Jo Li: “...”"), a speech verb whose clause a colon
before it ends (with none there, the verb of that clause), the verb right
after its closing mark ("“Out!” the crowd yelled"); a speech verb across a
paragraph break from the quote comes after those of its paragraph; a
question or exclamation takes the speech verb heading the sentence right
after it ("“Does it fly?” Jo Li asked.");
else the source of a reported-speech relation the tagger found around it
("Trump's reply on Twitter: “Sad!”"); a quote without either continues the
previous speaker's quote, else, opening the sentence after one that ends
with a speech verb's clause ("X said in a statement. “...”"), is that
verb's.

Reported speech ("Turkey said it would not ...", "according to officials,
...") comes from the learned tagger of :mod:`stancewire.nlp.attribution`,
wherever its content holds words outside direct quotes: reported speech
around a partial quote ("he said the plan was “dead”") is kept beside the
direct quote and runs on to the end of a quote it stops inside. Its speaker
is the source the tagger found, or None when the text names none ("the
plan, it was said, ..."). A quote between doubled apostrophes after one that
a tagged relation holds, only its source and cue between them ("''A,'' he
said. ''B.''"), continues that relation. Speakers keep the appositions,
relative clauses and conjuncts after them ("Jack Smith, a spokesman for the
group, said"), as PolNeAR's sources do.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import NamedTuple

from spacy.tokens import Doc, Token

from stancewire.nlp.attribution import AttributionTagger, TaggedSentence, relations
from stancewire.nlp.pipeline import ParsedSentence
from stancewire.nlp.spans import (
    TextSpan,
    cue_source,
    phrase_tokens,
    source_phrase,
    source_span,
    subject_of,
    token_span,
    tokens_span,
)

_MARKS = re.compile(r"[\"“”„«»]|\n\n")
_OPENING = "“„«"
_CLOSING = "”»"
_TRIM = " \n,;:"
_CUE_BEFORE = frozenset({"aux", "auxpass", "neg"})
_CLOSING_AFTER = " \n\"”»'’"
_CLAUSES = frozenset({"ccomp", "xcomp"})
_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
_BEFORE_NOUN = frozenset({"det", "amod", "compound", "nmod", "poss", "nummod"})
# Words between a quote and its cue that can still be the speaker's name and title.
_SPEAKER_WORDS = 8
# How far back from a quote the characters before it are read (marks and spaces).
_LOOK_BACK = 40
# A name after these before a colon is where a quote was said, not who said it.
_PLACE_WORDS = frozenset({"on", "in", "at", "via"})
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


def quoted_offsets(text: str) -> _Inside:
    """Whether an offset of ``text`` lies inside a direct quote (a callable)."""
    return _Inside(list(direct_quote_spans(text)))


def quotes(text: str, parsed: Sequence[ParsedSentence], speech_verbs: frozenset[str],
           tagger: AttributionTagger) -> Iterator[QuoteFound]:
    """The direct quotes of ``text`` with cues and speakers, then the reported speech."""
    spans = list(direct_quote_spans(text))
    starts = [s.offset for s in parsed]
    inside = _Inside(spans)
    tagged = _tagged_relations(text, parsed, inside, tagger)
    previous: QuoteFound | None = None
    for start, end in spans:
        cue, speaker = _attribution(text, start, end, parsed, starts, inside, speech_verbs)
        if cue is None:
            cue, speaker = _said_after(text, end, parsed, starts, inside, speech_verbs)
        if cue is None:
            cue, speaker = _tagged_attribution(tagged, start, end)
        if cue is None:
            cue, speaker = _named_before_colon(text, start, parsed, starts)
        if cue is None and previous is not None and _continues(text, previous, start):
            cue, speaker = previous.cue, previous.speaker
        if cue is None:
            cue, speaker = _said_before(text, start, parsed, starts, inside, speech_verbs)
        found = QuoteFound(text[start:end], start, end, True, cue, speaker)
        previous = found if speaker is not None else previous
        yield found
    reported = list(_reported_speech(text, tagged, inside))
    yield from reported
    yield from _apostrophe_continuations(text, reported)


def _apostrophe_continuations(text: str, reported: list[QuoteFound]) -> Iterator[QuoteFound]:
    # "''A,'' he said. ''B.''" (a newspaper's quotation marks, not direct quotes here):
    # PolNeAR's content runs on over B, which no cue introduces; B is the relation's,
    # as a direct quote continues the previous one, when only the relation's own cue
    # and source stand between the two.
    spans = _apostrophe_spans(text)
    for quote in reported:
        if quote.cue is None:
            continue
        for held, after in pairwise(spans):
            if not (held[0] <= quote.start < held[1] and held[1] <= quote.end + 2):
                continue
            own = [span for span in (quote.cue, quote.speaker) if span is not None]
            between = range(max(held[1], quote.end), after[0])
            if "\n" not in text[held[1] : after[0]] and not any(
                    text[at].isalnum() and not any(s.start <= at < s.end for s in own)
                    for at in between):
                yield QuoteFound(text[after[0] : after[1]], after[0], after[1], False,
                                 quote.cue, quote.speaker)
            break


def _apostrophe_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words between doubled apostrophes (''...''), paragraph by
    paragraph; an unclosed one runs on to the paragraph's end."""
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        marks = [m.start() + paragraph.start() for m in re.finditer("''", paragraph.group())]
        closes = [*marks[1::2], paragraph.end()]
        for opened, closed in zip(marks[::2], closes, strict=False):
            spans.extend(_trimmed(text, opened + 2, closed))
    return spans


def _tagged_attribution(tagged: list[QuoteFound], start: int, end: int
                        ) -> tuple[TextSpan | None, TextSpan | None]:
    # A quote no verb introduces ("Trump's reply on Twitter: “Sad!”", "In a tweet,
    # Clinton: “...”") takes the cue and source of a tagged relation holding it (its
    # content may stop before the closing mark); rather than the previous speaker,
    # as the text names this one.
    for quote in tagged:
        if quote.start <= start and end <= quote.end + 1 and quote.speaker is not None:
            return quote.cue, quote.speaker
    return None, None


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

    def cut_at(self, end: int) -> int | None:
        """The end of the direct quote that a span ending at ``end`` stops inside, if any."""
        i = bisect_right(self._starts, end - 1) - 1
        return self._spans[i][1] if i >= 0 and end < self._spans[i][1] else None

    def any_within(self, start: int, end: int) -> bool:
        """Whether a direct quote starts or ends between ``start`` and ``end``."""
        i = bisect_right(self._starts, end) - 1
        return i >= 0 and self._spans[i][1] > start


def _attribution(text: str, start: int, end: int, parsed: Sequence[ParsedSentence],
                 starts: list[int], inside: _Inside, speech_verbs: frozenset[str]
                 ) -> tuple[TextSpan | None, TextSpan | None]:
    # The sentences holding the quote's ends, and the one before when a colon ends it
    # ("He said: ¶ “...”"); not when the colon is in the quote's own sentence ("Trump's
    # reply: “Sad!”"): the sentence before is another's.
    first = max(bisect_right(starts, start) - 1, 0)
    last = bisect_right(starts, end) - 1
    before = text[max(start - 3, 0) : start].rstrip(" \u201c\"\n")
    if before.endswith(":") and starts[first] >= max(start - 3, 0) + len(before):
        first = max(first - 1, 0)
    named = _named_before_colon(text, start, parsed, starts)
    if named[1] is not None and _opens_clause(text, named[1]):
        return named
    ahead = _said_before_colon(text, start, parsed, starts, inside, speech_verbs)
    if ahead[1] is not None:
        return ahead
    adjacent = _adjacent_attribution(text, start, end, parsed, starts, inside, speech_verbs)
    if adjacent is not None:
        cue, sentence = adjacent
        speaker = _outside_speaker(cue, sentence.offset, start, end)
        if speaker is not None:
            return _cue_span(cue, sentence.offset), speaker
    best: tuple[tuple[int, int], Token, ParsedSentence] | None = None
    for sentence in parsed[first : last + 1]:
        for token in sentence.doc:
            if (token.pos_ not in {"VERB", "AUX"} and token.lower_ != "according") \
                    or inside(sentence.offset + token.idx):
                continue
            rank = _cue_rank(token, sentence.offset, start, end, speech_verbs)
            at = sentence.offset + token.idx
            if rank is not None and rank[0] == 2 and not before.endswith(":") \
                    and "\n" in (text[at:start] if at < start else text[end:at]):
                rank = (3, rank[1])  # a verb across a paragraph break, no colon before the quote
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, token, sentence)
    if best is None:
        return None, None
    _, cue, sentence = best
    return _cue_span(cue, sentence.offset), _outside_speaker(cue, sentence.offset, start, end)


def _colon_before(text: str, start: int, parsed: Sequence[ParsedSentence], starts: list[int],
                  reach: int) -> tuple[int, ParsedSentence] | None:
    """The offset of a colon right before a quote at ``start`` (within ``reach``
    characters, only spaces, line breaks and an opening mark between) and the parsed
    sentence holding it; None if there is none, or its sentence was not parsed."""
    window = max(start - reach, 0)
    before = text[window:start].rstrip(" \u00a0\n\u201c\"")
    if not before.endswith(":"):
        return None
    colon = window + len(before) - 1
    index = bisect_right(starts, colon) - 1
    if index < 0 or colon >= parsed[index].offset + len(parsed[index].doc.text):
        return None
    return colon, parsed[index]


def _said_before_colon(text: str, start: int, parsed: Sequence[ParsedSentence],
                       starts: list[int], inside: _Inside, speech_verbs: frozenset[str]
                       ) -> tuple[TextSpan | None, TextSpan | None]:
    # "Cruz called them on it: ¶ “...”", "The Times confirmed it, reporting: “...”":
    # a colon right before the quote ends the clause of the speech verb that introduces
    # it, when no other verb stands between them; before any verb the quote hangs from.
    found = _colon_before(text, start, parsed, starts, 8)
    if found is None:
        return None, None
    colon, sentence = found
    offset = sentence.offset
    words = [t for t in sentence.doc if offset + t.idx < colon]
    cues = [t for t in words if _is_cue(t, speech_verbs) and not inside(offset + t.idx)]
    if not cues:
        return _clause_before_colon(words, offset, colon, inside)
    if any(t.pos_ == "VERB" for t in words[cues[-1].i + 1 :]):
        return None, None
    speaker = _speaker(cues[-1], offset)
    return (_cue_span(cues[-1], offset), speaker) if speaker is not None else (None, None)


def _clause_before_colon(words: list[Token], offset: int, colon: int, inside: _Inside
                         ) -> tuple[TextSpan | None, TextSpan | None]:
    # "Sanders delivered a snappy retort: “...”", "The board was conclusive in its
    # findings: “...”": with no speech verb before the colon (``words``), the verb whose
    # clause the colon ends introduces the quote, and its subject says it. That verb is
    # the one the parse hangs from a word after the colon (the quote's own verb), or the
    # sentence's root.
    heads = [t for t in words if t.pos_ in {"VERB", "AUX"} and not inside(offset + t.idx)
             and (offset + t.head.idx > colon or t.dep_ == "ROOT")]
    if len(heads) != 1 or any(t.pos_ == "VERB" for t in words[heads[0].i + 1 :]):
        return None, None
    verb = heads[0]
    subject = subject_of(verb)
    if subject is None or subject.lower_ in {"it", "there", "this", "that"}:
        return None, None
    return _cue_span(verb, offset), source_phrase(subject, offset, (verb.i,))


def _named_before_colon(text: str, start: int, parsed: Sequence[ParsedSentence],
                        starts: list[int]) -> tuple[TextSpan | None, TextSpan | None]:
    # "Michael P. McDonald: “...”", "More from Jones: “...”": a name and a colon right
    # before the quote, in one paragraph; the colon is the cue, the name the speaker. Not
    # a name after "on", "in", "at" or "via" ("Trump's reply on Twitter: “Sad!”").
    found = _colon_before(text, start, parsed, starts, _LOOK_BACK)
    if found is None or "\n" in text[found[0] : start]:
        return None, None
    colon, sentence = found
    offset, doc = sentence.offset, sentence.doc
    mark = next((t for t in doc if offset + t.idx == colon), None)
    if mark is None:
        return None, None
    first = mark.i
    while first > 0 and doc[first - 1].pos_ == "PROPN":
        first -= 1
    if first == mark.i or (first > 0 and doc[first - 1].lower_ in _PLACE_WORDS):
        return None, None
    return token_span(mark, offset), tokens_span(doc, offset, first, mark.i)


def _opens_clause(text: str, name: TextSpan) -> bool:
    """Whether ``name`` opens its paragraph or sentence, or follows a dash or "from"
    ("Pollsters agree - Carl Bialik: “...”"): then the colon after it, not a verb
    before it, introduces the quote."""
    before = text[max(name.start - _LOOK_BACK, 0) : name.start].rstrip(" \u00a0")
    return not before or before[-1] in "\n-\u2014\u2013.:" or before.endswith(" from")


def _adjacent_attribution(text: str, start: int, end: int, parsed: Sequence[ParsedSentence],
                          starts: list[int], inside: _Inside, speech_verbs: frozenset[str]
                          ) -> tuple[Token, ParsedSentence] | None:
    """The verb right after a quote that opens its sentence and ends with a comma,
    question or exclamation mark inside its closing mark: after a name ("“Go back,”
    Trump barked", "“Out!” the crowd yelled"), any verb whose subject the name is, or
    with none the parse found; right after the mark ("“...,” said Jo Li"), a speech
    verb; not a verb with a clause of its own after it ("“Does it fly?” Jo Li said it
    did."). Before any verb further off, which may belong to a quote near it."""
    mark = re.match(r"[,?!]?[\"\u201d]", text[end : end + 3])
    if mark is None or (text[end - 1 : end] not in {"?", "!"} and mark.group()[0] != ","):
        return None
    after = end + mark.end()
    opening = text[max(start - _LOOK_BACK, 0) : start].rstrip(" \u201c\"")
    if (opening and opening[-1] not in ".?!:\n\u201d\"") or text[after : after + 1] != " ":
        return None
    index = bisect_right(starts, after + 1) - 1
    if index < 0:
        return None
    sentence = parsed[index]
    offset = sentence.offset
    words = [t for t in sentence.doc if offset + t.idx >= after and not t.is_space]
    verb = next((t for t in words[: _SPEAKER_WORDS + 1] if t.pos_ == "VERB"), None)
    if verb is None or verb.tag_ == "VBG" or verb.dep_ in {"acl", "relcl", "amod"} \
            or inside(offset + verb.idx) or "\n" in text[after : offset + verb.idx] \
            or any(child.dep_ in _CLAUSES and child.i > verb.i for child in verb.children):
        return None  # a verb that says a clause of its own says that clause
    between = [t for t in words if t.i < verb.i and not (t.pos_ == "AUX" and t.head is verb)]
    if any(t.pos_ not in _NOMINAL | {"DET", "ADJ", "PART"} or t.tag_ in {"WDT", "WP"}
           for t in between):
        return None
    if not between:
        return (verb, sentence) if _is_cue(verb, speech_verbs) else None
    subject = subject_of(verb)
    if subject is None:
        return (verb, sentence) if between[-1].pos_ in _NOMINAL else None
    return (verb, sentence) if subject.i in {t.i for t in between} else None


def _outside_speaker(cue: Token, offset: int, start: int, end: int) -> TextSpan | None:
    # The parse may give a cue after the quote no subject, or one inside the quote
    # ("“Anybody who attacks him, it's like buyer beware,” said Louise Sunshine"):
    # then the speaker is the words between the quote and the cue ("“...,”
    # screenwriter Cole Haddon wrote"), else the noun phrase right after the cue.
    speaker = _speaker(cue, offset)
    if offset + cue.idx < end or (speaker is not None and not speaker.overlaps(start, end)):
        return speaker
    doc = cue.doc
    between = [t.i for t in doc[: cue.i] if offset + t.idx >= end and not t.is_punct]
    if between:
        if len(between) <= _SPEAKER_WORDS and doc[between[-1]].pos_ in _NOMINAL:
            return source_span(doc, offset, (between[0], cue.i), (cue.i,))
        return _apposed_name(doc, offset, between[0], cue)
    after = next((t for t in doc[cue.i + 1 :] if not t.is_space), None)
    if after is None or (after.pos_ not in _NOMINAL | {"DET", "ADJ"}
                         and after.dep_ not in _BEFORE_NOUN):  # "said retired surgeon Jo Li"
        return None
    while after.dep_ in _BEFORE_NOUN and after.head.i > after.i:
        after = after.head
    if after.pos_ not in _NOMINAL:
        return None
    first, stop = phrase_tokens(after)  # the parse may hang the cue in it: "tweeted Jo Li"
    return source_span(doc, offset, (max(first, cue.i + 1), stop), (cue.i,))


def _apposed_name(doc: Doc, offset: int, first: int, cue: Token) -> TextSpan | None:
    # Longer words between the quote and its cue are a name and what is said of it
    # ("“...,” Trump, the front-runner in the state, said"): the name, a comma after it.
    stop = first
    while stop < cue.i and doc[stop].pos_ == "PROPN":
        stop += 1
    if stop == first or doc[stop].text != ",":
        return None
    return source_span(doc, offset, (first, stop), (cue.i,))


def _said_after(text: str, end: int, parsed: Sequence[ParsedSentence], starts: list[int],
                inside: _Inside, speech_verbs: frozenset[str]
                ) -> tuple[TextSpan | None, TextSpan | None]:
    # A question or exclamation ends its sentence, and the attribution after it is the
    # next one ("“Does that fly?” Axelrod asked on Twitter."): the speech verb heading
    # that sentence says it, when the verb has a subject and says no clause of its own
    # ("Axelrod said it flew"). After a full stop the next sentence is another's.
    index = bisect_right(starts, end)
    if text[end - 1 : end] not in {"?", "!"} or index == len(parsed) \
            or text[end : starts[index]].strip(_CLOSING_AFTER):
        return None, None
    sentence = parsed[index]
    for token in sentence.doc:
        if token.dep_ == "ROOT" and _is_cue(token, speech_verbs) \
                and not inside(sentence.offset + token.idx) and subject_of(token) is not None \
                and not any(child.dep_ in _CLAUSES for child in token.children):
            return _cue_span(token, sentence.offset), _speaker(token, sentence.offset)
    return None, None


def _said_before(text: str, start: int, parsed: Sequence[ParsedSentence], starts: list[int],
                 inside: _Inside, speech_verbs: frozenset[str]
                 ) -> tuple[TextSpan | None, TextSpan | None]:
    # A quote opening a sentence right after one that ends with a speech verb's clause
    # ("Sam Lau said in a statement. “There are no ballots to recount.”") is that
    # verb's, when no verb nearer introduces it and no quote before it continues.
    index = bisect_right(starts, start) - 1
    if index < 1:
        return None, None
    sentence = parsed[index - 1]
    offset = sentence.offset
    if text[offset + len(sentence.text) : start].strip(" \n\u201c\"\u201d"):
        return None, None
    words = [token for token in sentence.doc if not (token.is_punct or token.is_space)]
    for token in sentence.doc:
        if _is_cue(token, speech_verbs) and words and token.right_edge.i >= words[-1].i \
                and not inside(offset + token.idx) and subject_of(token) is not None:
            return _cue_span(token, offset), _speaker(token, offset)
    return None, None


def _cue_span(cue: Token, offset: int) -> TextSpan:
    # The verb with the auxiliaries and negation right before it and the particles
    # right after it, as PolNeAR's cues: "has said", "did not say", "played down".
    first = last = cue.i
    for child in reversed(list(cue.lefts)):
        if child.i != first - 1 or child.dep_ not in _CUE_BEFORE:
            break
        first = child.i
    for child in cue.rights:
        if child.i != last + 1 or child.dep_ != "prt":
            break
        last = child.i
    if first == last:
        return token_span(cue, offset)
    doc = cue.doc
    start, end = offset + doc[first].idx, offset + doc[last].idx + len(doc[last])
    return TextSpan(doc[first : last + 1].text, start, end)


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
        return source_phrase(objects[0], offset, ()) if objects else None
    subject = cue_source(cue, cue.i)
    return source_phrase(subject, offset, (cue.i,)) if subject is not None else None


def _tagged_relations(text: str, parsed: Sequence[ParsedSentence], inside: _Inside,
                      tagger: AttributionTagger) -> list[QuoteFound]:
    """The tagger's relations and the clauses of "according to X", in text order."""
    # A sentence wholly inside quotation marks holds no reported speech of its own.
    tagged = [TaggedSentence(sentence, tagger.tag(sentence.doc, inside, sentence.offset))
              for sentence in parsed if not _quoted_throughout(sentence, inside)]
    # "according to X" is left to the parse: the tagger finds its clause too rarely.
    found = [QuoteFound(r.content.text, r.content.start, r.content.end, False, r.cue, r.source)
             for r in relations(tagged, tagger.cue_words)
             if not r.cue.text.lower().startswith("according")]
    for sentence in parsed:
        for token in sentence.doc:
            if token.lower_ == "according" and _is_cue(token, frozenset()):
                found.extend(_according_to(text, token, sentence.offset))
    return sorted(found, key=lambda q: q.start)


def _reported_speech(text: str, tagged: list[QuoteFound], inside: _Inside
                     ) -> Iterator[QuoteFound]:
    """The tagged relations whose content holds words outside direct quotes, as indirect
    quotes."""
    for quote in tagged:
        if inside(quote.start) or not _said_around_quotes(text, quote, inside):
            continue
        # A content stopping inside a quote runs on to its end, as PolNeAR's do, and
        # keeps the closing mark of a quote it ends with.
        end = inside.cut_at(quote.end) or quote.end
        if text[end : end + 1] in _CLOSING + '"' and inside(end):
            end += 1
        yield quote._replace(text=text[quote.start : end], end=end)


def _quoted_throughout(sentence: ParsedSentence, inside: _Inside) -> bool:
    offset = sentence.offset
    return all(inside(offset + token.idx) for token in sentence.doc if not token.is_punct)


def _said_around_quotes(text: str, quote: QuoteFound, inside: _Inside) -> bool:
    """Whether ``quote`` holds words outside the direct quotes in it ("he said the plan
    was “dead”"), its own cue and speaker aside: a content that is only direct quotes
    is left to them."""
    if not inside.any_within(quote.start, quote.end):
        return True
    own = [span for span in (quote.cue, quote.speaker) if span is not None]
    return any(char.isalnum() and not inside(at)
               and not any(span.start <= at < span.end for span in own)
               for at, char in enumerate(text[quote.start : quote.end], quote.start))


def _according_to(text: str, according: Token, offset: int) -> Iterator[QuoteFound]:
    # "According to X, the clause" / "the clause, according to X": the clause
    # "according" hangs from, less the "according to X" phrase.
    head = according.head
    if head is according:
        return
    phrase = (offset + according.left_edge.idx,
              offset + according.right_edge.idx + len(according.right_edge))
    clause = (offset + head.left_edge.idx,
              offset + head.right_edge.idx + len(head.right_edge))
    begin, stop = (phrase[1], clause[1]) if phrase[0] <= clause[0] else (clause[0], phrase[0])
    cue_end = phrase[0] + len("according to")
    cue = TextSpan(text[phrase[0] : cue_end], phrase[0], cue_end)
    for start, end in _trimmed(text, begin, len(text[:stop].rstrip(" .!?"))):
        yield QuoteFound(text[start:end], start, end, False, cue, _speaker(according, offset))


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
