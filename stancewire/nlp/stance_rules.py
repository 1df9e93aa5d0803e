"""Stance signals from the dependency parse and the stance lexicon, by hand-written rules.

Verbs ("Erdogan accuses Stockholm and Helsinki"), the passive ("was backed
by X"), nouns ("Turkish opposition to the accession", also after a light
verb: "gave his strong support to X", "received the support of Y") and
adjectives ("I am hopeful of ..."); coordinated sources and targets give one
signal each; negation and hedging are flagged. The enrichment keeps the rules'
signals whose target is not an entity (the learned model scores entity pairs).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from spacy.tokens import Token

from stancewire.nlp.coref import Resolver
from stancewire.nlp.gazetteer import Canonical
from stancewire.nlp.lexicon import Lexicon
from stancewire.nlp.pipeline import ParsedSentence
from stancewire.nlp.spans import SUBJECTS, TextSpan, noun_phrase, subject_of

_OBJECTS = frozenset({"dobj", "obj"})
_TARGET_PREPOSITIONS = frozenset({"to", "for", "of", "against", "about", "on", "with"})
_RECEIVE = frozenset({"receive", "get", "win", "earn", "gain", "enjoy"})
_MODALS = frozenset({"may", "might", "could", "would", "should"})
_HEDGES = frozenset({"reportedly", "allegedly", "possibly", "perhaps", "apparently", "likely",
                     "probably", "seem", "appear", "suggest"})
_NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}
_COUNTRY_NOUNS = frozenset({"country", "nation", "state", "government", "candidate"})


class Stance(NamedTuple):
    """Who takes which stance toward what, and the sentence that says so."""

    source: TextSpan
    source_entity: Canonical | None
    relation: str
    target: TextSpan
    target_entity: Canonical | None
    polarity: int
    negated: bool
    hedged: bool
    evidence: TextSpan
    confidence: float


def lexicon_stances(parsed: list[ParsedSentence], resolver: Resolver, lexicon: Lexicon,
                    quote_speakers: Mapping[tuple[int, int], Canonical]) -> Iterator[Stance]:
    """Every stance signal the rules find in the parsed sentences, in text order."""
    for sentence in parsed:
        evidence = TextSpan(sentence.text.rstrip(), sentence.offset,
                            sentence.offset + len(sentence.text.rstrip()))
        for token in sentence.doc:
            entry = lexicon.stance_word(token.lemma_, token.pos_)
            if entry is None:
                continue
            sources, targets = _arguments(token, entry.pos)
            negated, hedged = _negated(token), _hedged(token)
            for source in sources:
                source_span = noun_phrase(source, sentence.offset)
                source_entity = _source_entity(source, sentence.offset, resolver,
                                               quote_speakers)
                exclude = {source_entity.id} if source_entity else set()
                for target in _or_none(targets):
                    if target is None and entry.pos != "ADJ":
                        continue
                    for target_span, target_entity in _targets(target, sentence.offset,
                                                               resolver, exclude):
                        yield Stance(source_span, source_entity, entry.relation, target_span,
                                     target_entity, entry.polarity, negated, hedged, evidence,
                                     _confidence(source_entity, target_entity, hedged))


def _arguments(token: Token, pos: str) -> tuple[list[Token], list[Token]]:
    """(sources, targets) of a stance word, each list with its conjuncts."""
    children = list(token.children)
    if pos == "VERB":
        passive = [c for c in children if c.dep_ == "nsubjpass"]
        if passive:
            agents = [o for c in children if c.dep_ == "agent" for o in c.children
                      if o.dep_ == "pobj"]
            return _with_conjuncts(agents), _with_conjuncts(passive)
        subject = subject_of(token)
        objects = [c for c in children if c.dep_ in _OBJECTS] or _prepositional(token)
        return _with_conjuncts([subject] if subject is not None else []), \
            _with_conjuncts(objects)
    if pos == "ADJ":
        subject = subject_of(token.head) if token.dep_ in {"acomp", "xcomp"} else None
        return _with_conjuncts([subject] if subject is not None else []), \
            _prepositional(token)
    return _noun_arguments(token)


def _noun_arguments(noun: Token) -> tuple[list[Token], list[Token]]:
    verb = noun.head if noun.dep_ in _OBJECTS else None
    holders = [c for c in noun.children if c.dep_ in {"poss", "amod", "compound"}
               and (c.ent_type_ or c.dep_ == "poss")]
    targets = _prepositional(noun, exclude_of=verb is not None and verb.lemma_ in _RECEIVE)
    if verb is not None and verb.lemma_ in _RECEIVE:
        # "X received the support of Y": Y supports X.
        givers = [o for p in noun.children if p.lower_ == "of" for o in p.children
                  if o.dep_ == "pobj"]
        receiver = subject_of(verb)
        return _with_conjuncts(givers), _with_conjuncts([receiver] if receiver else [])
    if verb is not None:
        subject = subject_of(verb)
        # The light verb's subject holds the stance ("Blinken gave his support to X").
        if subject is not None and (not holders or holders[0].dep_ == "poss"):
            holders = [subject]
        targets = targets or _prepositional(verb)
    return _with_conjuncts(holders), _with_conjuncts(targets)


def _prepositional(head: Token, *, exclude_of: bool = False) -> list[Token]:
    found = []
    for prep in head.children:
        if prep.dep_ in {"prep", "dative"} and prep.lower_ in _TARGET_PREPOSITIONS \
                and not (exclude_of and prep.lower_ == "of"):
            found += [o for o in prep.children if o.dep_ in {"pobj", "pcomp"}]
    return found


def _or_none(targets: list[Token]) -> list[Token | None]:
    return [*targets] if targets else [None]


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    result = []
    for token in tokens:
        result.append(token)
        result += [c for c in token.conjuncts if c.i > token.i]
    return result


def _source_entity(token: Token, offset: int, resolver: Resolver,
                   quote_speakers: Mapping[tuple[int, int], Canonical]) -> Canonical | None:
    span = noun_phrase(token, offset)
    speaker = next((c for (start, end), c in quote_speakers.items()
                    if start <= span.start < end), None)
    if token.lower_ in {"it", "they"}:
        # "Turkey opened a crisis ..., of which it is a member, by opposing":
        # the main clause's subject, not the nearest organisation.
        root_subject = next((c for c in token.sent.root.children if c.dep_ in SUBJECTS), None)
        if root_subject is not None and root_subject is not token:
            return resolver.named(noun_phrase(root_subject, offset)) or resolver.resolve(span)
    return resolver.resolve(span, quote_speaker=speaker)


def _targets(target: Token | None, offset: int, resolver: Resolver, exclude: set[str]
             ) -> Iterator[tuple[TextSpan, Canonical | None]]:
    if target is None:
        yield TextSpan("", offset, offset), None
        return
    span = noun_phrase(target, offset)
    entities = _contained_entities(target, offset, resolver, exclude)
    if not entities:
        yield span, None
    for entity in entities:
        yield span, entity


def _contained_entities(head: Token, offset: int, resolver: Resolver, exclude: set[str]
                        ) -> list[Canonical]:
    """The entities a target is or directly contains ("the accession of Sweden and Finland")."""
    itself = resolver.covering(offset + head.idx, offset + head.idx + len(head))
    if itself is not None:
        return [itself]
    count = next((_NUMBERS[c.lower_] for c in head.children if c.lower_ in _NUMBERS), 0)
    if count and head.lemma_.lower() in _COUNTRY_NOUNS:
        return resolver.recent_countries(offset + head.idx, count, exclude=exclude)
    found: list[Canonical] = []
    parts = [c for c in head.children if c.dep_ in {"poss", "amod", "compound"}]
    parts += [o for p in head.children if p.lower_ == "of" for o in p.children
              if o.dep_ == "pobj"]
    for part in _with_conjuncts(parts):
        for entity in _contained_entities(part, offset, resolver, exclude):
            if entity not in found:
                found.append(entity)
    return found


def _negated(token: Token) -> bool:
    heads = [token, token.head] if token.dep_ in _OBJECTS | {"acomp", "xcomp"} else [token]
    return any(c.dep_ == "neg" or c.lower_ == "no" for h in heads for c in h.children)


def _hedged(token: Token) -> bool:
    for current in (token, token.head):
        if current.lemma_.lower() in _HEDGES:
            return True
        if any(c.lower_ in _MODALS or c.lemma_.lower() in _HEDGES for c in current.children):
            return True
    return False


def _confidence(source: Canonical | None, target: Canonical | None, hedged: bool) -> float:
    # Resolved ends make a signal usable in the tables; hedges weaken it.
    score = 0.5 + 0.2 * (source is not None) + 0.2 * (target is not None) - 0.2 * hedged
    return round(score, 2)
