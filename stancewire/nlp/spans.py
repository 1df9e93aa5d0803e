"""Character spans of the text and the noun phrases of parsed sentences."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Token

# Children that start a new unit rather than name the same thing:
# "Stoltenberg, NATO's chief, who ..." is "Stoltenberg".
_NOT_IN_PHRASE = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis"})
PRONOUNS = frozenset(
    {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "who", "which", "that"}
)
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Verbs without a subject of their own take the one of the verb they hang from:
# "gave support and also said", "opened a crisis by opposing".
_CLIMB = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep"})


class TextSpan(NamedTuple):
    """A piece of the article text."""

    text: str
    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def token_span(token: Token, offset: int) -> TextSpan:
    """The span of ``token`` alone; ``offset`` is where its sentence starts in the text."""
    start = offset + token.idx
    return TextSpan(token.text, start, start + len(token))


def noun_phrase(token: Token, offset: int) -> TextSpan:
    """The phrase ``token`` heads, without relative clauses, appositions or conjuncts.

    ``offset`` is where the token's sentence starts in the article text.
    """
    left, right = token.i, token.i
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if current is token and child.dep_ in _NOT_IN_PHRASE:
                continue
            left, right = min(left, child.i), max(right, child.i)
            stack.append(child)
    doc = token.doc
    first, last = doc[left], doc[right]
    while last.is_punct and last.i > first.i:
        last = doc[last.i - 1]
    start = offset + first.idx
    end = offset + last.idx + len(last.text)
    return TextSpan(doc[first.i : last.i + 1].text.rstrip(), start, end)


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, looking up through coordinated and embedded verbs."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in SUBJECTS:
                # "Stoltenberg, who said ...": the relative pronoun stands for its head.
                if child.tag_ in {"WP", "WDT"} and current.dep_ == "relcl":
                    return current.head
                return child
        if current.dep_ == "acl":
            return current.head  # "Stoltenberg, saying ..."
        if current.dep_ not in _CLIMB or current.head is current:
            return None
        current = current.head
    return None
