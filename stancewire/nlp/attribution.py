"""Reported speech from a learned tagger: cue, source and content spans in parsed sentences.

A linear-chain CRF (CRFsuite) labels each token of a parsed sentence as
the begin or inside of a source, a cue or a content, or outside, from
cheap features of the parse: the word, its lemma, tags and dependency, its
neighbours' up to two tokens away, its head's and its head's head's, whether
it sits inside quotation marks, how it hangs from the nearest cue word above
it (the speech verbs and the lemmas that the training found heading cues),
which verb it hangs from, and which centroids of the parse's tok2vec rows
are nearest it and its neighbours (a word class read in context). A
sentence holding a cue word whose most likely labelling has no content is
labelled again token by token from the marginal probabilities, "outside"
weighed down, and keeps that labelling when it holds a content. Tagged
spans become relations: each content takes the nearest cue of its sentence
and the source nearest that cue, else
the possessor of a noun cue ("Trump's intention to ..."), else the cue's
grammatical subject (a relative pronoun itself, as PolNeAR's sources are),
else the last name before the cue that the parse hung from another word,
else none (a source runs on over the appositions, relative clauses and
conjuncts after it); a content in a
sentence without a cue is left out, and one goes on to no ", saying ..." of
a cue word (that starts a relation of its own), nor over a clause that the
cue's word coordinates with it, whose verb is a cue word with a subject of its
own ("X said A, and Y said B": the clause heads a relation of its own);
another cue inside a content, with its clause complement after it, heads a
relation of its own ("X says that ..., he thinks Y"); a content ends before
the relation of another tagged cue inside it ("Discussing the show, the
actor explained ...": PolNeAR's contents hold no other relation) unless that
relation's source opens the content or its clause qualifies a noun without
a wh-word; and a cue
left without a content heads one over its clause when that holds a found
relation ("Reuters reported [investigators found Y]", "[...], critics say,
[...]"). Each sentence
is tagged on its own, so a content that goes on into the next sentence ends
with the first (carrying it on into a next sentence without a cue cost
speaker accuracy and exact matches on train).
See ``data/attribution/README.md`` for the data, the figures and how to
rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pycrfsuite
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, LOWER, POS, SHAPE, TAG
from spacy.strings import StringStore
from spacy.symbols import VERB
from spacy.tokens import Doc, Token

from stancewire.nlp.pipeline import ParsedSentence
from stancewire.nlp.spans import (
    SUBJECTS,
    TextSpan,
    cue_source,
    phrase_tokens,
    source_span,
    subject_of,
    tokens_span,
    trimmed_stop,
)

ROLES = ("SRC", "CUE", "CON")
MODEL_FILE = "model.crfsuite"
CUE_WORDS_FILE = "cue_words.txt"
CLUSTERS_FILE = "clusters.npz"
_DEPTH = 6  # how far up the tree a token looks for a cue word
_HAS_CUE = "scue"  # the feature of every token of a sentence holding a cue word
# In a sentence with a cue word where the most likely labelling holds no content, each
# token takes its most likely label by its marginal probability, that of "outside"
# weighed down by this: the quote F1 (recall against precision) of train held out is
# highest here (see data/attribution/README.md).
_OUTSIDE_WEIGHT = 0.25
_OUTSIDE = "O"
_PUNCT_GAP = frozenset({",", "—", "–", "-", ":", ";"})
_COMPLEMENTS = frozenset({"ccomp", "dobj", "xcomp", "prep"})


class Relation(NamedTuple):
    """One reported attribution: who (may be absent), the cue and what was said."""

    source: TextSpan | None
    cue: TextSpan
    content: TextSpan


class TaggedSentence(NamedTuple):
    """A parsed sentence and the label of each of its tokens."""

    sentence: ParsedSentence
    labels: list[str]


def default_path() -> Path:
    """The folder of the shipped model."""
    return Path(str(resources.files("stancewire.nlp").joinpath("data", "attribution")))


class AttributionTagger:
    """Tags parsed sentences with the shipped (or another) CRF model."""

    def __init__(self, path: Path | None = None) -> None:
        folder = path or default_path()
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(folder / MODEL_FILE))
        self.cue_words = read_cue_words(folder / CUE_WORDS_FILE)
        self.clusters = TokenClusters.read(folder / CLUSTERS_FILE)

    def tag(self, doc: Doc, quoted: Callable[[int], bool], offset: int) -> list[str]:
        """One label per token of ``doc``: the most likely labelling, unless that leaves a
        sentence with a cue word without a content and the marginals find one."""
        features = token_features(doc, self.cue_words, self.clusters, quoted, offset)
        labels: list[str] = self._tagger.tag(features)
        if features and _HAS_CUE in features[0] and not _has_content(labels):
            recalled = self._by_marginals(len(labels))
            if _has_content(recalled):
                return recalled
        return labels

    def _by_marginals(self, length: int) -> list[str]:
        """Each token's label of highest marginal probability in the sentence tagged
        last, that of "outside" weighed by ``_OUTSIDE_WEIGHT``."""
        marginal = self._tagger.marginal
        others = [name for name in self._tagger.labels() if name != _OUTSIDE]
        labels = []
        for at in range(length):
            outside = marginal(_OUTSIDE, at)
            # No other label can beat a weighed "outside" above the rest's whole share.
            if outside * _OUTSIDE_WEIGHT >= 1.0 - outside:
                labels.append(_OUTSIDE)
                continue
            best = max(others, key=lambda name: marginal(name, at))
            labels.append(best if marginal(best, at) > outside * _OUTSIDE_WEIGHT else _OUTSIDE)
        return labels


def _has_content(labels: Sequence[str]) -> bool:
    return any(label.endswith("-CON") for label in labels)


def read_cue_words(path: Path) -> frozenset[str]:
    """The lemmas that often head a cue, one a line (written by the training)."""
    lines = path.read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


class TokenClusters:
    """k-means centroids of the parse's tok2vec rows (``doc.tensor``), at a few sizes.

    The centroid nearest a token's row, and its neighbours', are features: a word
    class that reads the word in its context, where the CRF's other features see
    only words and tags.
    """

    def __init__(self, centroids: Sequence[np.ndarray]) -> None:
        self.centroids = [np.asarray(c, dtype=np.float32) for c in centroids]
        # Nearest by Euclidean distance: the largest row . c - |c|^2 / 2; all sizes in
        # one product, each size's columns a slice of it.
        joined = np.concatenate(self.centroids)
        self._product = joined.T.copy()
        self._half = (joined * joined).sum(axis=1) / 2
        ends = np.cumsum([len(c) for c in self.centroids]).tolist()
        self._sets = [(slice(end - len(c), end), _cluster_names(len(c)))
                      for c, end in zip(self.centroids, ends, strict=True)]

    @classmethod
    def read(cls, path: Path) -> TokenClusters:
        with np.load(path) as data:  # arr_0, arr_1, ...: the sizes in their order
            return cls([data[f"arr_{i}"] for i in range(len(data.files))])

    def save(self, path: Path) -> None:
        np.savez(path, *self.centroids)

    def features(self, tensor: np.ndarray) -> list[list[str]]:
        """Per token: its nearest centroid at each size, and that of the token before and
        after it ("BOS" / "EOS" at the ends)."""
        if not len(tensor):
            return []
        if tensor.ndim != 2 or tensor.shape[1] != self._product.shape[0]:
            raise ValueError(
                f"the parse's tok2vec rows have shape {tensor.shape}, the tagger's clusters "
                f"{self._product.shape[0]} columns: retrain the tagger with this pipeline "
                "(stancewire train attribution)")
        scores = tensor @ self._product - self._half
        columns = []
        for part, (own, before, after) in self._sets:
            nearest = scores[:, part].argmax(axis=1).tolist()
            columns += [[own[n] for n in nearest],
                        [before[-1], *(before[n] for n in nearest[:-1])],
                        [*(after[n] for n in nearest[1:]), after[-1]]]
        return [list(row) for row in zip(*columns, strict=True)]


@cache
def _cluster_names(size: int) -> tuple[list[str], list[str], list[str]]:
    # "k64=17": centroid 17 of 64; "-k64=" the token before's, "+k64=" the one after's;
    # the last entry of the neighbours' names marks the sentence's edge.
    return ([f"k{size}={n}" for n in range(size)],
            [*(f"-k{size}={n}" for n in range(size)), f"-k{size}=BOS"],
            [*(f"+k{size}={n}" for n in range(size)), f"+k{size}=EOS"])


def token_features(doc: Doc, cue_words: frozenset[str], clusters: TokenClusters,
                   quoted: Callable[[int], bool], offset: int) -> list[list[str]]:
    """The features of each token; ``cue_words`` are the lemmas that often head a cue,
    ``clusters`` the centroids of the parse's tok2vec rows, ``quoted(at)`` says whether
    text offset ``at`` is inside quotation marks.

    Read from one attribute array, with each feature string made once per
    process and looked up by attribute value: building them from Token
    objects, or joining strings per token, cost far more.
    """
    strings = doc.vocab.strings
    array = doc.to_array(_ATTRS)
    heads = (array[:, _HEAD].astype("int64") + range(len(doc))).tolist()
    lower, lemma, pos, tag, dep, _, iob, ent, idx, shape = array.T.tolist()
    names = _feature_names(strings)
    cues = _lemma_ids(strings, cue_words)
    speech = [value in cues for value in lemma]
    deps = list(map(names["d"].__getitem__, dep))
    grand = [heads[head] for head in heads]

    def looked_up(kind: str, values: Iterable[int]) -> list[str]:
        return list(map(names[kind].__getitem__, values))

    edge = min(2, len(doc)) - 1  # tokens with no word two before (after) but one
    before = [("BOS", "-BOS", "-BOS", "-2w=BOS", "-2p=BOS"),
              *zip(looked_up("-w", lower[:-1]), looked_up("-p", pos[:-1]),
                   looked_up("-d", dep[:-1]), ["-2w=BOS"] * edge + looked_up("-2w", lower[:-2]),
                   ["-2p=BOS"] * edge + looked_up("-2p", pos[:-2]), strict=True)]
    after = [*zip(looked_up("+w", lower[1:]), looked_up("+p", pos[1:]), looked_up("+d", dep[1:]),
                  looked_up("+2w", lower[2:]) + ["+2w=EOS"] * edge,
                  looked_up("+2p", pos[2:]) + ["+2p=EOS"] * edge, strict=True),
             ("EOS", "+EOS", "+EOS", "+2w=EOS", "+2p=EOS")]
    entities = names["e"]
    own = zip(looked_up("w", lower), looked_up("l", lemma), looked_up("p", pos),
              looked_up("t", tag), deps,
              looked_up("hd", [dep[head] for head in heads]),
              looked_up("hl", [lemma[head] for head in heads]),
              looked_up("hhd", [dep[head] for head in grand]),
              looked_up("hhl", [lemma[head] for head in grand]),
              map(_lemma_deps(strings).__getitem__, zip(lemma, dep, strict=True)),
              looked_up("s", shape),
              [entities[value] + _IOB[code] for value, code in zip(ent, iob, strict=True)],
              ["q" if quoted(offset + at) else "-q" for at in idx], strict=True)
    tree = _Tree(heads, speech, deps, lemma, pos, _clauses(strings, heads, dep))
    sentence = [_HAS_CUE] if any(speech) else []
    contexts = clusters.features(doc.tensor)
    return [[*row, *before[i], *after[i], *sentence, *tree.cue_path(i, names),
             *tree.governing_verb(i, names), *contexts[i]]
            for i, row in enumerate(own)]


class _Clause(NamedTuple):
    """The path features a token gives as a head, by the children it has."""

    cue: tuple[str, ...]  # "svs" with a subject, "svc" with a clause complement
    verb: tuple[str, ...]  # "gvc" with a clause complement, "gvx" with an open one


class _Tree(NamedTuple):
    """A sentence's dependency tree as lists by token, for the path features."""

    heads: list[int]
    speech: list[bool]  # the token is a cue word
    deps: list[str]  # its dependency feature
    lemma: list[int]
    pos: list[int]
    clauses: list[_Clause]

    def cue_path(self, i: int, names: dict[str, _Names]) -> list[str]:
        # "sv": the token is a cue word; "a<dep>": it hangs from one through a child
        # with that dependency (nsubj: the source, ccomp: the content), "ac=<lemma>"
        # names that cue word.
        found = ["sv", *self.clauses[i].cue] if self.speech[i] else []
        child = i
        for depth in range(1, _DEPTH + 1):
            head = self.heads[child]
            if head == child:
                break
            if self.speech[head]:
                found += ["a" + self.deps[child], f"ad{min(depth, 3)}",
                          names["ac"][self.lemma[head]]]
                break
            child = head
        return found

    def governing_verb(self, i: int, names: dict[str, _Names]) -> list[str]:
        # The nearest verb above the token ("gv=<lemma>") and its complements: a
        # content hangs from its cue also where that is no cue word ("wants to").
        at = self.heads[i]
        for _ in range(_VERB_DEPTH):
            if self.pos[at] == _VERB or self.heads[at] == at:
                break
            at = self.heads[at]
        if self.pos[at] != _VERB or at == i:
            return []
        return [names["gv"][self.lemma[at]], *self.clauses[at].verb]


def _clauses(strings: StringStore, heads: list[int], dep: list[int]) -> list[_Clause]:
    subject, complement, open_complement = (strings[label] for label in ("nsubj", "ccomp", "xcomp"))
    children: list[set[int]] = [set() for _ in heads]
    for child, head in enumerate(heads):
        if head != child:
            children[head].add(dep[child])
    return [_CLAUSES[subject in found, complement in found, open_complement in found]
            for found in children]


_CLAUSES = {(s, c, x): _Clause(("svs",) * s + ("svc",) * c, ("gvc",) * c + ("gvx",) * x)
            for s in (False, True) for c in (False, True) for x in (False, True)}
_ATTRS = [LOWER, LEMMA, POS, TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, IDX, SHAPE]
_HEAD = _ATTRS.index(HEAD)
_VERB = int(VERB)
_VERB_DEPTH = 8  # how far up the tree a token looks for the verb it hangs from


_IOB = ("0", "1", "2", "3")  # ENT_IOB codes as the features spell them


class _Names(dict[int, str]):
    """Feature strings by attribute value, each made on first use: ``prefix`` + the string."""

    def __init__(self, strings: StringStore, prefix: str) -> None:
        super().__init__()
        self._strings, self._prefix = strings, prefix

    def __missing__(self, value: int) -> str:
        name = self[value] = self._prefix + self._strings[value]
        return name


class _Pairs(dict[tuple[int, int], str]):
    """The lemma and dependency feature ("ld=say|ROOT") by their attribute values."""

    def __init__(self, strings: StringStore) -> None:
        super().__init__()
        self._strings = strings

    def __missing__(self, pair: tuple[int, int]) -> str:
        name = self[pair] = f"ld={self._strings[pair[0]]}|{self._strings[pair[1]]}"
        return name


@cache
def _feature_names(strings: StringStore) -> dict[str, _Names]:
    # The kind of each feature and its prefix: "hd" is the head's dependency
    # ("hd=nsubj"), "hhl" its head's lemma, "-w" the previous word, "+2p" the coarse
    # tag two tokens on, "s" the shape ("Xxxxx"), "gv" the verb above the token, "ac"
    # the cue word above it.
    kinds = ["w", "l", "p", "t", "d", "e", "s", "hd", "hl", "hhd", "hhl", "gv", "ac",
             *(f"{side}{kind}" for side in "-+" for kind in ("w", "p", "d", "2w", "2p"))]
    return {kind: _Names(strings, f"{kind}=") for kind in kinds}


@cache
def _lemma_deps(strings: StringStore) -> _Pairs:
    return _Pairs(strings)


@cache
def _lemma_ids(strings: StringStore, lemmas: frozenset[str]) -> frozenset[int]:
    return frozenset(strings.add(lemma) for lemma in lemmas)


def labelled_spans(labels: Sequence[str]) -> Iterator[tuple[str, int, int]]:
    """(role, first token, last token + 1) of each B/I run of ``labels``; an inside label
    that does not go on with its role's run begins one."""
    role, begin = None, 0
    for i, label in enumerate([*labels, "O"]):
        kind, _, name = label.partition("-")
        if role is not None and (kind != "I" or name != role):
            yield role, begin, i
            role = None
        if kind == "B" or (kind == "I" and role is None):
            role, begin = name, i


def relations(sentences: Sequence[TaggedSentence], cue_words: frozenset[str]
              ) -> list[Relation]:
    """The relations of the tagged sentences of one text, in text order; ``cue_words``
    as the tagger's (a content goes on to no ", saying ..." of one of them)."""
    found = []
    for tagged in sentences:
        doc, offset = tagged.sentence.doc, tagged.sentence.offset
        runs = list(_split_at_participles(doc, list(_merged(doc, labelled_spans(tagged.labels))),
                                          cue_words))
        contents = [(first, last) for role, first, last in runs if role == "CON"]
        cues = [(first, last) for role, first, last in runs if role == "CUE"]
        sources = [(first, last) for role, first, last in runs if role == "SRC"]
        if not cues:
            continue
        pairs = [pair for content in contents
                 for pair in _split_at_clause(doc, content, _nearest(cues, content), cue_words)]
        pairs += [(inner, cue) for content, own in list(pairs) for cue in cues
                  if cue != own and (inner := _nested_content(doc, cue, content)) is not None]
        paired = {cue for _, cue in pairs}
        pairs += [(outer, cue) for cue in cues if cue not in paired
                  and (outer := _outer_content(doc, cue, pairs)) is not None]
        pairs = _cut_at_inner(doc, pairs, paired, cues, sources)
        taken = {i for first, last in [*contents, *cues] for i in range(first, last)}
        for (first, last), cue in pairs:
            if cue in cues:
                source = _nearest(sources, cue) if sources else (
                    _possessor(doc, cue) or _subject(doc, cue))
            else:  # the verb of a clause _split_at_clause found: its subject
                subject = subject_of(doc[cue[0]])
                source = phrase_tokens(subject) if subject is not None else None
            found.append(Relation(
                source_span(doc, offset, source, taken) if source else None,
                _span(doc, offset, cue[0], cue[1]),
                _span(doc, offset, first, last),
            ))
    return found


def _split_at_clause(doc: Doc, content: tuple[int, int], cue: tuple[int, int],
                     cue_words: frozenset[str]
                     ) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    # A clause that the cue's own word coordinates with its content, with its own subject
    # and a cue word for its verb, is no part of the content: "X said A, and Y said B",
    # "X said A, though she did not discuss B". The content ends before it, and the
    # clause heads a relation of its own when its verb has a complement in the content.
    first, last = content
    for token in doc[first:last]:
        if not cue[0] <= token.head.i < cue[1] or token.head.i == token.i \
                or token.dep_ not in {"conj", "advcl"} or token.pos_ not in {"VERB", "AUX"} \
                or token.lemma_.lower() not in cue_words \
                or not any(child.dep_ in SUBJECTS for child in token.children):
            continue
        end = _clause_end(doc, first, token.left_edge.i)
        if end <= first:
            continue
        yield (first, end), cue
        complements = [child.left_edge.i for child in token.children
                       if child.i > token.i and child.dep_ in _COMPLEMENTS]
        if complements and token.i + 1 < last:
            yield (max(token.i + 1, min(complements)), last), (token.i, token.i + 1)
        return
    yield content, cue


def _clause_end(doc: Doc, first: int, end: int) -> int:
    # Where a content from ``first`` ends before a clause at ``end``: without the comma,
    # conjunction or subordinator that joins them.
    while end > first and (doc[end - 1].is_punct or doc[end - 1].dep_ in {"cc", "mark"}):
        end -= 1
    return end


def _cut_at_inner(doc: Doc, pairs: list[tuple[tuple[int, int], tuple[int, int]]],
                  cut: set[tuple[int, int]], cues: list[tuple[int, int]],
                  sources: list[tuple[int, int]]
                  ) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    # PolNeAR's contents hold no other relation, but a content (of a cue in ``cut``)
    # may run on over a relation of another tagged cue ("Discussing the show, the actor
    # explained its success", "Executives say they assume X, they also say Y"). It ends
    # before the first such relation's source. Not a relation whose source opens the
    # content ("X said Y claimed Z", where PolNeAR takes X's alone), nor one in a clause
    # qualifying a noun without a wh-word ("a question Bloomberg said he had settled").
    result = list(pairs)
    for n, ((first, last), cue) in enumerate(pairs):
        if cue not in cut:
            continue
        starts = [start for _, other in pairs
                  if other != cue and other in cues and first < other[0] and other[1] <= last
                  and (start := _inner_start(doc, (first, last), other, sources)) is not None]
        if not starts:
            continue
        end = _clause_end(doc, first, min(starts))
        if end <= first:
            continue
        result[n] = (first, end), cue
    return result


def _inner_start(doc: Doc, content: tuple[int, int], cue: tuple[int, int],
                 sources: list[tuple[int, int]]) -> int | None:
    # Where the relation of ``cue`` inside ``content`` begins, None if it stays inside.
    first = content[0]
    source = _nearest(sources, cue) if sources else None
    if source is None or abs(source[1] - cue[0]) > 1:
        source = _subject(doc, cue)
    if (source is not None and _opens(doc, first, source[0])) \
            or _in_contact_clause(doc, cue, content, source):
        return None
    return source[0] if source is not None and first < source[0] < cue[0] else cue[0]


def _opens(doc: Doc, first: int, token: int) -> bool:
    # Whether ``token`` opens a content from ``first``, after a "that" or the like.
    return token == first or (token == first + 1 and doc[first].dep_ == "mark")


def _in_contact_clause(doc: Doc, cue: tuple[int, int], span: tuple[int, int],
                       source: tuple[int, int] | None) -> bool:
    # Whether ``cue`` stands in a clause qualifying a noun within ``span`` whose
    # ``source`` is no wh-word ("the message party officials expect to hear", not "the
    # president, who said ...").
    first, last = span
    token = doc[cue[0]]
    while first <= token.i < last and token.head.i != token.i:
        if token.dep_ in {"relcl", "acl"}:
            return source is None or doc[source[0]].tag_ not in {"WP", "WDT", "WP$"}
        token = token.head
    return False


def _nested_content(doc: Doc, cue: tuple[int, int], content: tuple[int, int]
                    ) -> tuple[int, int] | None:
    # Another cue than the content's own, inside it, whose clause complement follows
    # it within the content ("Trump says that, though he may replace her, he thinks
    # she has done well") heads a relation of its own (before which _cut_at_inner may
    # end the other's content); a parenthetical cue ("The plan, he said, is dead") has
    # no complement after it.
    first, last = content
    if not first < cue[0] or not cue[1] < last:
        return None
    for token in doc[cue[0] : cue[1]]:
        for child in token.children:
            if child.dep_ == "ccomp" and cue[1] <= child.i < last:
                start, end = max(cue[1], child.left_edge.i), min(last, child.right_edge.i + 1)
                return (start, end) if end > start else None
    return None


def _outer_content(doc: Doc, cue: tuple[int, int],
                   pairs: list[tuple[tuple[int, int], tuple[int, int]]]
                   ) -> tuple[int, int] | None:
    # A cue left without a content whose clause holds a relation the tagger found
    # ("Reuters reported investigators found 2,200 emails": the tagger often tags the
    # inner relation alone, as training taught it where both are gold) says that
    # clause, inner relation and all, as PolNeAR's outer relations do.
    for token in doc[cue[0] : cue[1]]:
        for span in (_parenthetical_clause(token, cue), *_complements(token, cue)):
            if span is not None and any(
                    span[0] <= inner[0] and content[1] <= span[1] for content, inner in pairs):
                return span
    return None


def _parenthetical_clause(token: Token, cue: tuple[int, int]) -> tuple[int, int] | None:
    # "The plan, they argue, is dead": the clause the cue stands in; the part before
    # the cue's own words when they end it ("The plan is dead, they argue"); not a
    # cue opening it ("That said, ...", "You see, ...").
    head = token.head
    if token.dep_ != "parataxis" or cue[0] <= head.i < cue[1] \
            or token.left_edge.i <= head.left_edge.i:
        return None
    start, end = head.left_edge.i, head.right_edge.i + 1
    return (start, token.left_edge.i) if token.right_edge.i + 1 >= end else (start, end)


def _complements(token: Token, cue: tuple[int, int]) -> Iterator[tuple[int, int]]:
    # The clause complements after the cue ("reported investigators found ...") and
    # before it ("Investigators found ..., Reuters reported").
    for child in token.children:
        if child.dep_ != "ccomp" or cue[0] <= child.i < cue[1]:
            continue
        if child.i >= cue[1]:
            yield max(cue[1], child.left_edge.i), child.right_edge.i + 1
        else:
            yield child.left_edge.i, min(cue[0], child.right_edge.i + 1)


def _possessor(doc: Doc, cue: tuple[int, int]) -> tuple[int, int] | None:
    # The tagger missed the source of a cue that is a noun: its possessor ("Trump's
    # seeming intention to ...", "her claim that ..."), as PolNeAR's sources are.
    for token in doc[cue[0] : cue[1]]:
        if token.pos_ == "NOUN":
            for child in token.children:
                if child.dep_ == "poss":
                    return phrase_tokens(child)
    return None


def _subject(doc: Doc, cue: tuple[int, int]) -> tuple[int, int] | None:
    # The tagger missed the source: the subject of the cue's head word, else the name
    # before the cue that the parse hung elsewhere (it may stand in the tagged content,
    # which often runs over the source), if any.
    first, last = cue
    root = next((t for t in doc[first:last] if not first <= t.head.i < last), doc[first])
    subject = cue_source(root, first)
    return phrase_tokens(subject) if subject is not None else None


def _merged(doc: Doc, spans: Iterator[tuple[str, int, int]]) -> Iterator[tuple[str, int, int]]:
    # Content split by its own source and cue ("The plan, he said, is dead") is
    # one content, from its first start to its last end; not two contents of two cues
    # ("Discussing the show, the actor explained its success").
    runs = list(spans)
    contents = [run for run in runs if run[0] == "CON"]
    others = [run for run in runs if run[0] != "CON"]
    merged: list[tuple[str, int, int]] = []
    for run in contents:
        if merged and _only_between(doc, merged[-1][2], run[1], others) \
                and not _two_contents(doc, merged[-1], run, others):
            merged[-1] = ("CON", merged[-1][1], run[2])
        else:
            merged.append(run)
    yield from sorted([*others, *merged], key=lambda run: run[1])


def _two_contents(doc: Doc, before: tuple[str, int, int], after: tuple[str, int, int],
                  others: list[tuple[str, int, int]]) -> bool:
    # Whether a cue right before the content ``before`` says it, and a cue between it
    # and ``after`` takes ``after`` as its complement and begins a relation of its own
    # (see _inner_start).
    if not any(role == "CUE" and before[1] - 1 <= last <= before[1] for role, _, last in others):
        return False
    gap = [(role, first, last) for role, first, last in others
           if before[2] <= first and last <= after[1]]
    sources = [(first, last) for role, first, last in gap if role == "SRC"]
    for role, first, last in gap:
        if role != "CUE" or _inner_start(doc, (before[1], after[2]), (first, last),
                                         sources) is None:
            continue
        if any(child.dep_ in _COMPLEMENTS and child.i >= after[1]
               for token in doc[first:last] for child in token.children):
            return True
    return False


def _split_at_participles(doc: Doc, runs: list[tuple[str, int, int]], cue_words: frozenset[str]
                          ) -> Iterator[tuple[str, int, int]]:
    # "X, he said, adding that Y" / "He rejected the label, noting that Y": a cue word
    # in -ing after a comma inside a content starts a relation of its own.
    others = [run for run in runs if run[0] != "CON"]
    covered = {i for _, first, last in others for i in range(first, last)}
    for role, first, last in runs:
        if role != "CON":
            yield role, first, last
            continue
        begin = first
        for i in range(first, last - 1):
            token = doc[i]
            if i == 0 or token.tag_ != "VBG" or doc[i - 1].text != "," \
                    or token.lemma_.lower() not in cue_words:
                continue
            end = i - 1
            while end > begin and (end - 1 in covered or doc[end - 1].is_punct):
                end -= 1  # the first content's own cue and source ("X, he said,")
            if end > begin:
                yield "CON", begin, end
            yield "CUE", i, i + 1
            begin = i + 1
        yield "CON", begin, last


def _only_between(doc: Doc, start: int, end: int, others: list[tuple[str, int, int]]) -> bool:
    covered = {i for _, first, last in others for i in range(first, last)}
    gap = range(start, end)
    return any(i in covered for i in gap) and all(
        i in covered or doc[i].text in _PUNCT_GAP for i in gap)


def _nearest(runs: list[tuple[int, int]], to: tuple[int, int]) -> tuple[int, int]:
    """The run of tokens nearest ``to`` (the first of equals)."""
    return min(runs, key=lambda run: max(run[0] - to[1], to[0] - run[1], 0))


def _span(doc: Doc, offset: int, first: int, stop: int) -> TextSpan:
    # Tokens first to stop - 1, trailing punctuation left out, as a direct quote
    # leaves out its marks.
    return tokens_span(doc, offset, first, trimmed_stop(doc, first, stop))
