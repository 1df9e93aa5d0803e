"""Character spans of the text and the noun phrases of parsed sentences."""

from __future__ import annotations

from collections.abc import Container
from typing import NamedTuple

from spacy.tokens import Doc, Token

# Children that start a new unit rather than name the same thing:
# "Stoltenberg, NATO's chief, who ..." is "Stoltenberg".
_NOT_IN_PHRASE = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis"})
_OPENING = {")": "(", "]": "["}
PRONOUNS = frozenset(
    {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "who", "which", "that"}
)
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_SOURCE_TAIL = frozenset({"appos", "relcl", "cc", "conj"})
# Verbs without a subject of their own take the one of the verb they hang from:
# "gave support and also said", "opened a crisis by opposing".
_CLIMB = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep"})


class TextSpan(NamedTuple):
    """A piece of the article text."""

    text: str
    start: int
    end: int
    #: Where the words that name a source end, when the span runs on over what
    #: follows them ("Jack Smith" of "Jack Smith, an aide to Bob Jones"); None: the end.
    name_end: int | None = None

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    def name(self) -> TextSpan:
        """The words that name who the span is, without appositions, relative clauses
        and conjuncts after them: what speakers are resolved from."""
        if self.name_end is None:
            return self
        return TextSpan(self.text[: self.name_end - self.start].rstrip(), self.start,
                        self.name_end)


def token_span(token: Token, offset: int) -> TextSpan:
    """The span of ``token`` alone; ``offset`` is where its sentence starts in the text."""
    start = offset + token.idx
    return TextSpan(token.text, start, start + len(token))


def noun_phrase(token: Token, offset: int) -> TextSpan:
    """The phrase ``token`` heads, without relative clauses, appositions or conjuncts.

    ``offset`` is where the token's sentence starts in the article text.
    """
    return tokens_span(token.doc, offset, *phrase_tokens(token))


def phrase_tokens(token: Token) -> tuple[int, int]:
    """The first and after the last token of the phrase :func:`noun_phrase` gives."""
    left, right = token.i, token.i
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if current is token and child.dep_ in _NOT_IN_PHRASE:
                continue
            left, right = min(left, child.i), max(right, child.i)
            stack.append(child)
    return left, trimmed_stop(token.doc, left, right + 1)


def trimmed_stop(doc: Doc, first: int, stop: int) -> int:
    """``stop`` moved back over the punctuation that ends tokens ``first`` to ``stop - 1``,
    but not over a closing bracket whose opening one they hold ("Sanders (I-Vt.)")."""
    while stop - 1 > first and doc[stop - 1].is_punct:
        opening = _OPENING.get(doc[stop - 1].text)
        if opening is not None and any(t.text == opening for t in doc[first : stop - 1]):
            break
        stop -= 1
    return stop


def source_end(doc: Doc, phrase: tuple[int, int], taken: Container[int]) -> int:
    """After the last token of a source ``phrase`` (first, after the last token) run on
    over the appositions, relative clauses and conjuncts of its head that follow it
    across punctuation alone and hold no ``taken`` token (a cue, a content), as
    PolNeAR's sources do: "Jack Smith, a spokesman for the group, said", "Ann Lee,
    who ran the campaign, said", "Ann Lee and Jack Smith said"."""
    first, last = phrase
    heads = [t for t in doc[first:last] if not first <= t.head.i < last]
    if len(heads) != 1:
        return last
    end = last
    for child in heads[0].rights:
        if child.i < end or child.dep_ not in _SOURCE_TAIL:
            continue
        if not all(t.is_punct for t in doc[end : child.left_edge.i]):
            break
        stop = child.right_edge.i + 1
        if any(i in taken for i in range(end, stop)):
            break
        end = trimmed_stop(doc, end, stop)
    return end


def source_phrase(token: Token, offset: int, taken: Container[int]) -> TextSpan:
    """The :func:`noun_phrase` of ``token`` with its appositions, relative clauses and
    conjuncts after it (:func:`source_span`)."""
    return source_span(token.doc, offset, phrase_tokens(token), taken)


def source_span(doc: Doc, offset: int, phrase: tuple[int, int], taken: Container[int]
                ) -> TextSpan:
    """A source ``phrase`` (first, after the last token) with what runs on after it
    (:func:`source_end`), trailing punctuation left out; the phrase is its
    :meth:`TextSpan.name`, whom the speaker resolves to."""
    first, last = phrase
    name = tokens_span(doc, offset, first, trimmed_stop(doc, first, last))
    span = tokens_span(doc, offset, first, trimmed_stop(doc, first, source_end(doc, phrase, taken)))
    return span if span.end == name.end else span._replace(name_end=name.end)


def tokens_span(doc: Doc, offset: int, first: int, stop: int) -> TextSpan:
    """Tokens ``first`` to ``stop - 1`` of a sentence's ``doc`` as a span of the article
    text; ``offset`` is where the sentence starts in it."""
    last = doc[stop - 1]
    return TextSpan(doc[first:stop].text, offset + doc[first].idx, offset + last.idx + len(last))


def subject_of(verb: Token, relative: bool = False) -> Token | None:
    """The subject of ``verb``, looking up through coordinated and embedded verbs.

    A relative pronoun stands for its head ("Stoltenberg, who said ...": Stoltenberg),
    unless ``relative``: then it is the subject itself, as PolNeAR's sources are (the
    speaker's entity is still resolved from the name before it).
    """
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in SUBJECTS:
                if child.tag_ in {"WP", "WDT"} and current.dep_ == "relcl" and not relative:
                    return current.head
                return child
        if current.dep_ == "acl":
            return current.head  # "Stoltenberg, saying ..."
        if current.dep_ not in _CLIMB or current.head is current:
            return None
        current = current.head
    return None


def cue_source(cue: Token, first: int) -> Token | None:
    """Who a cue word says something: its subject (a relative pronoun itself, as
    PolNeAR's sources are), else the last name before token ``first`` (where the cue
    starts) that the parse hung from another word."""
    subject = subject_of(cue, relative=True)
    return subject if subject is not None else _name_before(cue.doc, first)


def _name_before(doc: Doc, stop: int) -> Token | None:
    """The last word before token ``stop`` that may name who acts: the head of a named
    entity or a personal pronoun, not an object, a possessor or an empty "it" ("It was
    reported that ...").

    For a verb the parse leaves without a subject ("In a statement to the Observer,
    her adviser, Jake Sullivan, said ...": the name hangs from "Observer").
    """
    for token in reversed(doc[:stop]):
        if (token.ent_type_ in _NAMED or token.tag_ == "PRP") \
                and token.dep_ not in {"poss", "pobj", "dobj", "expl"} \
                and not (token.lower_ == "it" and token.dep_ == "nsubjpass") \
                and not (token.dep_ == "compound" and token.head.ent_type_ == token.ent_type_):
            return token
    return None
