"""Clean scraped article text before NLP, remembering where every character came from.

Removes "Read also:" link lines, bylines, photo captions and credits,
bullets, HTML tags and entities, control characters and odd whitespace.
Offsets in the enriched event refer to the cleaned text;
:meth:`CleanText.to_original` maps them back to the raw text (the PolNeAR
evaluation needs this, its gold offsets are into the raw text).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

# Each pass is one regex and its replacement, applied in order; later passes
# see the output of earlier ones (removed link lines leave blank lines that
# the newline pass then folds).
_Replacement = str | Callable[[re.Match[str]], str]
_PASSES: tuple[tuple[re.Pattern[str], _Replacement], ...] = (
    (re.compile(r"\r\n?"), "\n"),
    (re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]"), ""),
    (re.compile(r"(?is)<(script|style)\b.*?</\1\s*>"), ""),
    (re.compile(r"(?i)</?(?:p|br|div|li|ul|ol|h[1-6]|tr|blockquote)\b[^>]{0,500}>"), "\n"),
    (re.compile(r"</?[A-Za-z][^<>]{0,500}>|<!--.*?-->", re.S), ""),
    (re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});"),
     lambda m: html.unescape(m.group())),
    (re.compile(
        r"(?im)^[ \t]*(?:[•·▪●◦‣*\-\u2013][ \t]*)?(?:\[[^\]\n]{0,40}\][ \t]*)?"
        r"(?:read also|read more|see also|related|advertisement|sign up|click here)\b[^\n]*\n?"),
     ""),
    # Bylines and photo credits name people who are not in the story.
    (re.compile(
        r"(?m)^[ \t]*(?:By|BY) [A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}"
        r"(?:(?:,| and| &) [A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}){0,3}[ \t]*(?:\n|$)"
        r"|^[ \t]*(?i:photo|image|picture|caption|image caption|file photo)(?i: credit)?"
        r"[ \t]*[:|][^\n]*\n?"
        r"|^[^\n.]{0,60}\bvia (?:Getty Images|AFP|Reuters|AP)\.?[ \t]*(?:\n|$)"),
     ""),
    (re.compile(r"\((?:AP|AFP|Reuters|Getty Images)(?: Photo)?/[^)\n]{0,60}\)"), ""),
    (re.compile(r"(?m)^[ \t]*[•·▪●◦‣][ \t]*"), ""),
    (re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]+"), " "),
    (re.compile(r" {2,}"), " "),
    (re.compile(r"(?m) +$|^ +"), ""),
    (re.compile(r"\n{3,}"), "\n\n"),
    (re.compile(r"^\s+|\s+$"), ""),
)


class _Anchor(NamedTuple):
    clean: int  # where a segment starts in the output of one pass
    original: int  # where it starts in the input of that pass
    verbatim: bool  # copied unchanged (else a replacement)


class CleanText(NamedTuple):
    """The cleaned text and the offset maps of each cleaning pass."""

    text: str
    anchors: tuple[tuple[_Anchor, ...], ...]

    def to_original(self, offset: int) -> int:
        """The raw-text offset of a cleaned-text offset."""
        for anchors in reversed(self.anchors):
            offset = _map_back(anchors, offset)
        return offset


def clean_text(raw: str) -> CleanText:
    """Clean ``raw`` (see the module docstring)."""
    text = raw
    maps: list[tuple[_Anchor, ...]] = []
    for pattern, replacement in _PASSES:
        text, anchors = _substitute(text, pattern, replacement)
        maps.append(anchors)
    return CleanText(text, tuple(maps))


def _substitute(
    text: str, pattern: re.Pattern[str], replacement: _Replacement
) -> tuple[str, tuple[_Anchor, ...]]:
    pieces: list[str] = []
    anchors = [_Anchor(0, 0, True)]
    out = 0
    last = 0
    for match in pattern.finditer(text):
        verbatim = text[last : match.start()]
        pieces.append(verbatim)
        out += len(verbatim)
        new = replacement if isinstance(replacement, str) else replacement(match)
        anchors.append(_Anchor(out, match.start(), False))
        pieces.append(new)
        out += len(new)
        anchors.append(_Anchor(out, match.end(), True))
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces), tuple(anchors)


def _map_back(anchors: tuple[_Anchor, ...], offset: int) -> int:
    # The last anchor at or before the offset; zero-width replacements share
    # their position with the next verbatim segment, which then wins.
    index = bisect_right([a.clean for a in anchors], offset) - 1
    anchor = anchors[index]
    if anchor.verbatim:
        return anchor.original + offset - anchor.clean
    return anchor.original
