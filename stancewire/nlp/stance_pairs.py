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

from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, POS, TAG
from spacy.tokens import Token

from stancewire.nlp.coref import Resolver
from stancewire.nlp.entities import EntityMention
from stancewire.nlp.gazetteer import Canonical
from stancewire.nlp.lexicon import Lexicon
from stancewire.nlp.pipeline import ParsedSentence
from stancewire.nlp.spans import TextSpan, noun_phrase
from stancewire.nlp.target_tone import sentence_vader, sentence_words

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
    speaker_span: TextSpan | None  # where the speaker is named or referred to


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
    """Token indices: from the source up to, not including, the lowest common head; that
    head; from the target up to, not including, it."""

    up: list[int]
    head: int
    down: list[int]

    @property
    def inner(self) -> list[int]:
        return [*self.up[1:], self.head, *self.down[1:]]


class _Sentence(NamedTuple):
    """What the features read of each token of a sentence, gathered in one pass."""

    lowers: list[str]
    lemmas: list[str]  # lower case
    valences: list[float | None]  # VADER's; read only once the sentence has two entities
    pos: list[str]
    tags: list[str]
    deps: list[str]
    entities: list[str]  # each token's entity type, "" outside one
    heads: list[int]
    negated: frozenset[int]  # tokens with a negation among their children
    hedged: frozenset[int]  # tokens that hedge or have a modal or hedge among their children


def _sentence(sentence: ParsedSentence) -> _Sentence:
    doc = sentence.doc
    strings = doc.vocab.strings
    # One array read instead of a Token object per attribute lookup (half the cost).
    rows = doc.to_array([POS, TAG, DEP, HEAD, LOWER, LEMMA, ENT_TYPE]).tolist()
    pos = [strings[row[0]] for row in rows]
    tags = [strings[row[1]] for row in rows]
    deps = [strings[row[2]] for row in rows]
    heads = [i + _signed(row[3]) for i, row in enumerate(rows)]
    lowers = [strings[row[4]] for row in rows]
    lemmas = [strings[row[5]].lower() for row in rows]
    entities = [strings[row[6]] for row in rows]
    negated, hedged = set(), set()
    for i, (lower, lemma) in enumerate(zip(lowers, lemmas, strict=True)):
        if deps[i] == "neg" or lower == "no":
            negated.add(heads[i])
        if lower in _MODALS or lemma in _HEDGES:
            hedged.add(heads[i])
        if lemma in _HEDGES:
            hedged.add(i)
    return _Sentence(lowers, lemmas, [], pos, tags, deps, entities, heads, frozenset(negated),
                     frozenset(hedged))


def _signed(offset: int) -> int:
    # Doc.to_array gives HEAD as an unsigned 64-bit offset to the head.
    return offset - (1 << 64) if offset >= 1 << 63 else offset


def candidates(parsed: Sequence[ParsedSentence], mentions: Sequence[EntityMention],
               resolver: Resolver, lexicon: Lexicon, quotes: Sequence[QuoteSpan]
               ) -> Iterator[Candidate]:
    """Every candidate pair of the parsed sentences, in text order."""
    starts = [m.start for m in mentions]
    prominence = _prominence(mentions)
    for sentence in parsed:
        first = bisect_left(starts, sentence.offset)
        named = first < len(starts) and starts[first] < sentence.offset + len(sentence.text)
        if not named:
            continue  # a pair needs a name (pronouns alone resolve too loosely)
        facts = _sentence(sentence)
        if _headline_fragment(sentence, facts):
            continue
        ends = _ends(sentence, facts, mentions[first:], resolver, quotes)
        if len({end.entity.id for end in ends}) < 2:
            continue
        facts = facts._replace(valences=sentence_words(sentence.doc[:]).valences)
        best: dict[tuple[str, str], tuple[int, End, End]] = {}
        for source in ends:
            for target in ends:
                if target.token is None or source.entity.id == target.entity.id:
                    continue
                length = _path_length(facts.heads, source, target)
                key = (source.entity.id, target.entity.id)
                if key not in best or length < best[key][0]:
                    best[key] = (length, source, target)
        for _, source, target in best.values():
            candidate = _candidate(sentence, source, target, facts, lexicon, quotes)
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


def _headline_fragment(sentence: ParsedSentence, facts: _Sentence) -> bool:
    # A title or a bullet line: no verb, or no closing punctuation.
    has_verb = "VERB" in facts.pos or "AUX" in facts.pos
    closed = sentence.text.rstrip()[-1:] in {".", "!", "?", '"', "\u201d", "'", "\u2019"}
    return not (has_verb and closed)


def _ends(sentence: ParsedSentence, facts: _Sentence, mentions: Sequence[EntityMention],
          resolver: Resolver, quotes: Sequence[QuoteSpan]) -> list[End]:
    """The ends in the sentence; ``mentions`` start with the sentence's first."""
    offset, doc = sentence.offset, sentence.doc
    ends: list[End] = []
    taken: set[int] = set()
    last = offset + len(sentence.text)
    for mention in mentions:
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
    lowers, lemmas, heads = facts.lowers, facts.lemmas, facts.heads
    for i, lower in enumerate(lowers):
        pronoun = lower in _PRONOUN_ENDS
        relative = facts.tags[i] in {"WP", "WDT"} and facts.deps[heads[i]] == "relcl"
        role = lemmas[i] in _ROLES and facts.deps[i] in _ROLE_DEPS
        if i in taken or not (pronoun or relative or role):
            continue
        token = doc[i]
        start = offset + token.idx
        span = TextSpan(token.text, start, start + len(token.text))
        if pronoun:
            entity, kind = resolver.resolve(span, quote_speaker=_speaker_at(quotes, start)), \
                "pronoun"
        elif relative:
            antecedent = by_token.get(heads[heads[i]])
            entity, kind = (antecedent.entity if antecedent else None), "relative"
        else:
            span = noun_phrase(token, offset)
            entity, kind = resolver.resolve(span), "role"
        if entity is not None:
            ends.append(End(entity, token, kind, span))
    named = {end.entity.id for end in ends}
    for quote in quotes:
        if quote.speaker is not None and quote.speaker.id not in named \
                and quote.start < last and offset < quote.end:
            ends.append(End(quote.speaker, None, "speaker",
                            quote.speaker_span or TextSpan("", quote.start, quote.start)))
            named.add(quote.speaker.id)
    return ends


def _speaker_at(quotes: Sequence[QuoteSpan], at: int) -> Canonical | None:
    return next((q.speaker for q in quotes if q.start <= at < q.end), None)


def _path(heads: list[int], source: int, target: int) -> _Path | None:
    chain = [source]
    while heads[chain[-1]] != chain[-1]:
        chain.append(heads[chain[-1]])
    place = {i: k for k, i in enumerate(chain)}
    down = []
    current = target
    while current not in place:
        down.append(current)
        if heads[current] == current:
            return None  # two roots: the sentencizer joined two parsed sentences
        current = heads[current]
    return _Path(chain[: place[current]], current, down)


def _path_length(heads: list[int], source: End, target: End) -> int:
    if source.token is None or target.token is None:
        return 99
    path = _path(heads, source.token.i, target.token.i)
    return 99 if path is None else len(path.up) + len(path.down)


def _candidate(sentence: ParsedSentence, source: End, target: End, facts: _Sentence,
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
    _valences_near(target.token.i, facts.valences, add)
    quote = next((q for q in quotes if q.start <= target.span.start < q.end), None)
    if quote is not None:
        add("tq")
        if quote.speaker is not None and quote.speaker.id == source.entity.id:
            add("speaks")
    if source.token is None:
        ancestors = []
        current = target.token.i
        while facts.heads[current] != current:
            current = facts.heads[current]
            ancestors.append(current)
        relation, negated, hedged = _on_path(ancestors, lexicon, facts, add, "a")
        add("td:" + target.token.dep_)
        return Candidate(sentence, source, target, features, relation, negated, hedged)
    path = _path(facts.heads, source.token.i, target.token.i)
    if path is None:
        add("nopath")
        return Candidate(sentence, source, target, features, "", False, False)
    _syntax(source.token, target.token, path, facts, add)
    relation, negated, hedged = _on_path(path.inner, lexicon, facts, add, "p")
    joining = facts.lemmas[path.head] if facts.pos[path.head] in _CONTENT else ""
    return Candidate(sentence, source, target, features, relation or joining, negated, hedged)


def _syntax(source: Token, target: Token, path: _Path, facts: _Sentence,
            add: Callable[..., None]) -> None:
    """Roles of the two ends, the dependency path between them and the words between."""
    lemmas, deps, entities = facts.lemmas, facts.deps, facts.entities
    source_dep, target_dep = deps[source.i], deps[target.i]
    steps = len(path.up) + len(path.down)
    add(f"plen:{min(steps, _SHORT_PATH + 1)}")
    if steps <= _SHORT_PATH:
        up = "<".join(facts.deps[i] for i in path.up)
        down = ">".join(facts.deps[i] for i in reversed(path.down))
        add(f"path:{up}^{facts.pos[path.head]}^{down}")
        add(f"lpath:{up}^{lemmas[path.head]}^{down}")
    add("head:" + lemmas[path.head])
    add(f"roles:{source_dep}>{target_dep}")
    add(f"troles:{entities[source.i]}:{source_dep}>{entities[target.i]}:{target_dep}")
    add("sd:" + source_dep)
    add("td:" + target_dep)
    add("sh:" + lemmas[facts.heads[source.i]])
    add("th:" + lemmas[facts.heads[target.i]])
    if source.i < target.i:
        add("sfirst")
    # Two tokens are conjuncts only if one of them hangs on a conj arc.
    if "conj" in (source_dep, target_dep) and target in source.conjuncts:
        add("conj")
    first, last = sorted((source.i, target.i))
    if last - first <= _BETWEEN:
        for i in range(first + 1, last):
            add("b:" + lemmas[i], 0.5)


def _on_path(tokens: Sequence[int], lexicon: Lexicon, facts: _Sentence,
             add: Callable[..., None], prefix: str) -> tuple[str, bool, bool]:
    """Lemmas, stance words, valences, negation and hedges on the path; the first stance
    word's relation and whether the path is negated or hedged."""
    relation, negated, hedged = "", False, False
    for i in tokens:
        lemma, pos = facts.lemmas[i], facts.pos[i]
        if pos in _CONTENT:
            add(f"{prefix}:{lemma}")
        not_ = i in facts.negated
        negated = negated or not_
        hedged = hedged or i in facts.hedged
        entry = lexicon.stance_word(lemma, pos)
        if entry is not None:
            relation = relation or entry.relation
            add(f"{prefix}lex:{entry.polarity * (-1 if not_ else 1)}")
            add(f"{prefix}rel:{entry.relation}")
        valence = facts.valences[i]
        if valence is not None:
            add(f"{prefix}val", valence * (-1 if not_ else 1))
    if negated:
        add(f"{prefix}neg")
    if hedged:
        add(f"{prefix}hedge")
    return relation, negated, hedged


def _valences_near(target: int, valences: list[float | None], add: Callable[..., None]
                   ) -> None:
    for i in range(max(target - _WINDOW, 0), min(target + _WINDOW + 1, len(valences))):
        valence = valences[i]
        if valence is not None and i != target:
            add("tval", valence / (1 + abs(i - target)))
