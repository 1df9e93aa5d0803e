"""Candidate stance pairs of a parsed sentence and the features the stance model reads.

A candidate is an ordered pair of different canonical entities in one
sentence: each end is a name, a pronoun or role noun the resolver resolves,
a relative pronoun standing for its antecedent, or, for what a direct quote
says, the quote's speaker. Of all mention pairs of two entities in a
sentence the one with the shortest dependency path is kept.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from spacy.tokens import Token

from stancewire.nlp.coref import Resolver
from stancewire.nlp.entities import EntityMention
from stancewire.nlp.gazetteer import Canonical
from stancewire.nlp.lexicon import Lexicon
from stancewire.nlp.pipeline import ParsedSentence
from stancewire.nlp.spans import TextSpan, noun_phrase
from stancewire.nlp.target_tone import SentenceWords, sentence_vader, sentence_words

_PRONOUN_ENDS = frozenset({"he", "she", "him", "her", "his", "they", "them", "their", "it",
                           "its", "i", "we", "me", "us", "my", "our"})
_ROLE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss"})
# Nouns that name one person by office ("the president", "the senator"); other
# noun phrases ("a bill", "this month") the resolver would hand to the last speaker.
_ROLES = frozenset({"president", "senator", "secretary", "leader", "minister", "chancellor",
                    "governor", "spokesman", "spokeswoman", "spokesperson", "chief", "candidate",
                    "nominee", "congressman", "congresswoman", "representative", "mayor",
                    "ambassador", "director", "chairman", "chairwoman", "speaker", "king",
                    "queen", "premier", "commissioner", "general", "attorney", "judge",
                    "justice", "frontrunner", "incumbent", "lawmaker", "official"})
_MODALS = frozenset({"may", "might", "could", "would", "should"})
_HEDGES = frozenset({"reportedly", "allegedly", "possibly", "perhaps", "apparently", "likely",
                     "probably", "seem", "appear", "suggest"})
_CONTENT = frozenset({"VERB", "NOUN", "ADJ", "AUX"})
_SHORT_PATH = 6  # longer paths share one feature
_WINDOW = 3  # tokens each side of the target whose valences count
_BETWEEN = 12  # words between the ends count when they are at most this far apart


class QuoteSpan(NamedTuple):
    """A direct quote of the article and the entity who speaks it, if resolved."""

    start: int
    end: int
    speaker: Canonical | None


class End(NamedTuple):
    """One end of a candidate pair."""

    entity: Canonical
    token: Token | None  # None: a quote's speaker not named in the sentence
    kind: str  # name | pronoun | relative | role | speaker
    span: TextSpan


class Candidate(NamedTuple):
    """An ordered pair of entities in one sentence, with what the model reads of it."""

    sentence: ParsedSentence
    source: End
    target: End
    features: dict[str, float]
    relation: str  # the stance word between them, else the word joining them
    negated: bool
    hedged: bool


class _Path(NamedTuple):
    up: list[Token]  # from the source up to, not including, the lowest common head
    head: Token
    down: list[Token]  # from the target up to, not including, the lowest common head

    @property
    def inner(self) -> list[Token]:
        return [*self.up[1:], self.head, *self.down[1:]]


def candidates(parsed: Sequence[ParsedSentence], mentions: Sequence[EntityMention],
               resolver: Resolver, lexicon: Lexicon, quotes: Sequence[QuoteSpan]
               ) -> Iterator[Candidate]:
    """Every candidate pair of the parsed sentences, in text order."""
    starts = [m.start for m in mentions]
    prominence = _prominence(mentions)
    for sentence in parsed:
        if _headline_fragment(sentence):
            continue
        ends = _ends(sentence, mentions, starts, resolver, quotes)
        if len({end.entity.id for end in ends}) < 2:
            continue
        words = sentence_words(sentence.doc[:])
        best: dict[tuple[str, str], tuple[int, End, End]] = {}
        for source in ends:
            for target in ends:
                if target.token is None or source.entity.id == target.entity.id:
                    continue
                length = _path_length(source, target)
                key = (source.entity.id, target.entity.id)
                if key not in best or length < best[key][0]:
                    best[key] = (length, source, target)
        for _, source, target in best.values():
            candidate = _candidate(sentence, source, target, words, lexicon, quotes)
            ranks = [prominence.get(end.entity.id, 0) for end in (source, target)]
            candidate.features.update({f"sprom:{ranks[0]}": 1.0, f"tprom:{ranks[1]}": 1.0,
                                      f"prom:{ranks[0]}>{ranks[1]}": 1.0})
            yield candidate


def _prominence(mentions: Sequence[EntityMention]) -> dict[str, int]:
    """How much the article is about each entity: 3 for the three most named, else the
    bucket of its mention count (annotators mark the stances of an article's main entities)."""
    counts = Counter(m.canonical.id for m in mentions)
    top = {entity for entity, _ in counts.most_common(3)}
    return {entity: 3 if entity in top else min(count, 3) - 1 for entity, count in counts.items()}


def _headline_fragment(sentence: ParsedSentence) -> bool:
    # A title or a bullet line: no verb, or no closing punctuation.
    doc = sentence.doc
    has_verb = any(token.pos_ in {"VERB", "AUX"} for token in doc)
    closed = sentence.text.rstrip()[-1:] in {".", "!", "?", '"', "\u201d", "'", "\u2019"}
    return not (has_verb and closed)


def _ends(sentence: ParsedSentence, mentions: Sequence[EntityMention], starts: list[int],
          resolver: Resolver, quotes: Sequence[QuoteSpan]) -> list[End]:
    offset, doc = sentence.offset, sentence.doc
    ends: list[End] = []
    taken: set[int] = set()
    last = offset + len(sentence.text)
    for mention in mentions[bisect_left(starts, offset):]:
        if mention.start >= last:
            break
        words = doc.char_span(mention.start - offset, mention.end - offset,
                              alignment_mode="expand")
        if words is None or len(words) == 0:
            continue
        taken.update(range(words.start, words.end))
        ends.append(End(mention.canonical, words.root, "name",
                        TextSpan(mention.text, mention.start, mention.end)))
    by_token = {end.token.i: end for end in ends if end.token is not None}
    for token in doc:
        if token.i in taken:
            continue
        start = offset + token.idx
        entity, kind, span = None, "", TextSpan(token.text, start, start + len(token.text))
        if token.lower_ in _PRONOUN_ENDS:
            entity, kind = resolver.resolve(span, quote_speaker=_speaker_at(quotes, start)), \
                "pronoun"
        elif token.tag_ in {"WP", "WDT"} and token.head.dep_ == "relcl":
            antecedent = by_token.get(token.head.head.i)
            entity, kind = (antecedent.entity if antecedent else None), "relative"
        elif token.lemma_.lower() in _ROLES and token.dep_ in _ROLE_DEPS:
            span = noun_phrase(token, offset)
            entity, kind = resolver.resolve(span), "role"
        if entity is not None:
            ends.append(End(entity, token, kind, span))
    named = {end.entity.id for end in ends}
    for quote in quotes:
        if quote.speaker is not None and quote.speaker.id not in named \
                and quote.start < last and offset < quote.end:
            ends.append(End(quote.speaker, None, "speaker",
                            TextSpan("", quote.start, quote.start)))
            named.add(quote.speaker.id)
    return ends


def _speaker_at(quotes: Sequence[QuoteSpan], at: int) -> Canonical | None:
    return next((q.speaker for q in quotes if q.start <= at < q.end), None)


def _path(source: Token, target: Token) -> _Path | None:
    chain = [source, *source.ancestors]
    place = {token.i: k for k, token in enumerate(chain)}
    down = []
    current = target
    while current.i not in place:
        down.append(current)
        if current.head is current:
            return None  # two roots: the sentencizer joined two parsed sentences
        current = current.head
    return _Path(chain[: place[current.i]], current, down)


def _path_length(source: End, target: End) -> int:
    if source.token is None or target.token is None:
        return 99
    path = _path(source.token, target.token)
    return 99 if path is None else len(path.up) + len(path.down)


def _candidate(sentence: ParsedSentence, source: End, target: End, words: SentenceWords,
               lexicon: Lexicon, quotes: Sequence[QuoteSpan]) -> Candidate:
    features: dict[str, float] = {}

    def add(name: str, value: float = 1.0) -> None:
        features[name] = features.get(name, 0.0) + value

    assert target.token is not None
    add(f"sk:{source.kind}")
    add(f"tk:{target.kind}")
    add(f"types:{source.entity.label}>{target.entity.label}")
    for name, value in sentence_vader(sentence.text):
        add("vader:" + name, value)
    _valences_near(target.token, words, add)
    quote = next((q for q in quotes if q.start <= target.span.start < q.end), None)
    if quote is not None:
        add("tq")
        if quote.speaker is not None and quote.speaker.id == source.entity.id:
            add("speaks")
    if source.token is None:
        tokens = [target.token, *target.token.ancestors]
        relation, negated, hedged = _on_path(tokens[1:], lexicon, words, add, "a")
        add("td:" + target.token.dep_)
        return Candidate(sentence, source, target, features, relation, negated, hedged)
    path = _path(source.token, target.token)
    if path is None:
        add("nopath")
        return Candidate(sentence, source, target, features, "", False, False)
    _syntax(source.token, target.token, path, words, add)
    relation, negated, hedged = _on_path(path.inner, lexicon, words, add, "p")
    return Candidate(sentence, source, target, features, relation or _joining(path),
                     negated, hedged)


def _syntax(source: Token, target: Token, path: _Path, words: SentenceWords,
            add: Callable[..., None]) -> None:
    """Roles of the two ends, the dependency path between them and the words between."""
    steps = len(path.up) + len(path.down)
    add(f"plen:{min(steps, _SHORT_PATH + 1)}")
    if steps <= _SHORT_PATH:
        up = "<".join(t.dep_ for t in path.up)
        down = ">".join(t.dep_ for t in reversed(path.down))
        add(f"path:{up}^{path.head.pos_}^{down}")
        add(f"lpath:{up}^{path.head.lemma_.lower()}^{down}")
    add("head:" + path.head.lemma_.lower())
    add(f"roles:{source.dep_}>{target.dep_}")
    add(f"troles:{source.ent_type_}:{source.dep_}>{target.ent_type_}:{target.dep_}")
    add("sd:" + source.dep_)
    add("td:" + target.dep_)
    add("sh:" + source.head.lemma_.lower())
    add("th:" + target.head.lemma_.lower())
    if source.i < target.i:
        add("sfirst")
    if target in source.conjuncts:
        add("conj")
    first, last = sorted((source.i, target.i))
    if last - first <= _BETWEEN:
        for i in range(first + 1, last):
            add("b:" + words.lemmas[i], 0.5)


def _on_path(tokens: Sequence[Token], lexicon: Lexicon, words: SentenceWords,
             add: Callable[..., None], prefix: str) -> tuple[str, bool, bool]:
    """Lemmas, stance words, valences, negation and hedges on the path; the first stance
    word's relation and whether the path is negated or hedged."""
    relation, negated, hedged = "", False, False
    for token in tokens:
        lemma = token.lemma_.lower()
        if token.pos_ in _CONTENT:
            add(f"{prefix}:{lemma}")
        entry = lexicon.stance_word(lemma, token.pos_)
        not_ = any(c.dep_ == "neg" or c.lower_ == "no" for c in token.children)
        negated = negated or not_
        if lemma in _HEDGES or any(c.lower_ in _MODALS or c.lemma_.lower() in _HEDGES
                                   for c in token.children):
            hedged = True
        if entry is not None:
            relation = relation or entry.relation
            add(f"{prefix}lex:{entry.polarity * (-1 if not_ else 1)}")
            add(f"{prefix}rel:{entry.relation}")
        valence = words.valences[token.i]
        if valence is not None:
            add(f"{prefix}val", valence * (-1 if not_ else 1))
    if negated:
        add(f"{prefix}neg")
    if hedged:
        add(f"{prefix}hedge")
    return relation, negated, hedged


def _valences_near(target: Token, words: SentenceWords, add: Callable[..., None]) -> None:
    for i in range(max(target.i - _WINDOW, 0), min(target.i + _WINDOW + 1, len(words.lowers))):
        valence = words.valences[i]
        if valence is not None and i != target.i:
            add("tval", valence / (1 + abs(i - target.i)))


def _joining(path: _Path) -> str:
    return path.head.lemma_.lower() if path.head.pos_ in _CONTENT else ""
