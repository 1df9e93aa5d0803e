"""Article-level stance: one decision per ordered entity pair, over all its sentences.

The sentence model (:mod:`stancewire.nlp.stance_model`) scores each candidate
pair in each sentence. Who is for or against whom is a fact about the article,
so a second model of the same form decides each ordered pair (source, target)
from what its sentences say together: the highest, mean, summed and noisy-or
P(positive) and P(negative) of the sentence model over the pair's sentences,
the same of the reverse pair, how many sentences join them, how often and how
early each end is named in the article, both ends' entity types and how they
are reached (name, pronoun, quote speaker), whether the source speaks the
quote that names the target, and the stance words on their paths. A pair may
hold both polarities; each is decided at its own threshold, and the triple
cites the sentence where the sentence model is surest of that polarity, with
that sentence's probability as its confidence (the scale the entity tone's
evidence reads; the article model's own probabilities sit far lower, its
thresholds are 0.03 and 0.05).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from stancewire.nlp.stance_model import LABELS, FloatArray, StanceModel
from stancewire.nlp.stance_pairs import Candidate

_NEGATIVE, _POSITIVE = LABELS.index("negative"), LABELS.index("positive")
_POLARITIES = ((-1, _NEGATIVE, "negative"), (1, _POSITIVE, "positive"))
_COUNTED = ("speaks", "tq", "conj", "plex:1", "plex:-1", "alex:1", "alex:-1", "pneg")
_TOP = 3  # the ends of a pair both among the article's most named entities
_RANKS = 5  # ranks from here on share one feature


class PairStance(NamedTuple):
    """A stance the article holds between two entities: its strongest candidate (an index
    into the candidates) and polarity (+1 for, -1 against)."""

    candidate: int
    polarity: int


class ArticlePair(NamedTuple):
    """The features of one ordered pair and, per polarity, its strongest candidate."""

    source: str
    target: str
    features: dict[str, float]
    strongest: dict[int, int]  # polarity -> candidate index, for the polarities decided


def article_pairs(found: Sequence[Candidate], probabilities: FloatArray,
                  mentions: Mapping[str, int], *, floor: float) -> list[ArticlePair]:
    """The ordered entity pairs of an article's candidates, with their features;
    ``probabilities`` are the sentence model's rows, ``mentions`` each entity's count.

    A polarity is decided for a pair only where one of its sentences gives it
    ``floor`` (the sentence model's threshold): the cited sentence must itself lean
    that way, not only the reverse pair or the ends' prominence. Pairs below it both
    ways are left out (most pairs: the stage costs little)."""
    by_pair: dict[tuple[str, str], list[int]] = {}
    for k, candidate in enumerate(found):
        by_pair.setdefault((candidate.source.entity.id, candidate.target.entity.id),
                           []).append(k)
    ranks = {entity: rank for rank, (entity, _) in enumerate(Counter(mentions).most_common())}
    entities = math.log1p(len(mentions))
    # Python lists: reading numpy rows one number at a time costs more than the sums.
    columns = [(name, probabilities[:, column].tolist() if len(found) else [])
               for _, column, name in _POLARITIES]
    pairs = []
    for (source, target), ks in by_pair.items():
        strongest = {polarity: k for (polarity, _, _), (_, column) in
                     zip(_POLARITIES, columns, strict=True)
                     for k in [max(ks, key=column.__getitem__)] if column[k] >= floor}
        if not strongest:
            continue
        features: dict[str, float] = {"nent": entities, "n": math.log1p(len(ks)),
                                      f"nb:{min(len(ks), 4)}": 1.0}
        reverse = by_pair.get((target, source))
        for name, column in columns:
            scores = [column[k] for k in ks]
            highest, total = max(scores), sum(scores)
            features |= {f"max{name}": highest, f"sqrt{name}": highest**0.5,
                         f"mean{name}": total / len(scores), f"sum{name}": math.log1p(total),
                         f"or{name}": 1 - math.prod(1 - p for p in scores)}
            if reverse:
                features[f"rev{name}"] = max(column[k] for k in reverse)
        source_rank, target_rank = ranks.get(source, _RANKS), ranks.get(target, _RANKS)
        if source_rank < _TOP and target_rank < _TOP:
            features |= {"topnegative": features["maxnegative"],
                         "toppositive": features["maxpositive"]}
        first = found[ks[0]]
        labels = (first.source.entity.label, first.target.entity.label)
        features |= {f"srank:{min(source_rank, _RANKS)}": 1.0,
                     f"trank:{min(target_rank, _RANKS)}": 1.0,
                     "scount": math.log1p(mentions.get(source, 0)),
                     "tcount": math.log1p(mentions.get(target, 0)),
                     f"types:{labels[0]}>{labels[1]}": 1.0, f"stype:{labels[0]}": 1.0,
                     f"ttype:{labels[1]}": 1.0}
        for kind in {found[k].source.kind for k in ks}:
            features[f"sk:{kind}"] = 1.0
        counted = dict.fromkeys(_COUNTED, 0.0)
        for k in ks:
            named = found[k].features
            for name in _COUNTED:
                if name in named:
                    counted[name] += named[name]
        features |= {name: math.log1p(total) for name, total in counted.items() if total}
        pairs.append(ArticlePair(source, target, features, strongest))
    return pairs


def pair_stances(pairs: Sequence[ArticlePair], model: StanceModel,
                 thresholds: Mapping[str, float]) -> Iterator[PairStance]:
    """The stances ``model`` gives the pairs at ``thresholds`` (per polarity name)."""
    if pairs:
        yield from decided(pairs, model.probabilities([p.features for p in pairs]), thresholds)


def decided(pairs: Sequence[ArticlePair], probabilities: FloatArray,
            thresholds: Mapping[str, float]) -> Iterator[PairStance]:
    """The stances of the pairs whose P(polarity) (rows of :data:`LABELS`) reaches its
    threshold."""
    for pair, row in zip(pairs, probabilities, strict=True):
        for polarity, column, name in _POLARITIES:
            if polarity in pair.strongest and row[column] >= thresholds[name]:
                yield PairStance(pair.strongest[polarity], polarity)
