"""The SEESAW reader and triple scorer on small hand-made articles."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from stancewire.evaluation.seesaw import (
    FoundStance,
    GoldStance,
    SeesawArticle,
    figures,
    read_seesaw,
    score,
)

_TEXT = "Obama attacked the GOP. The GOP hit back at Obama. Biden praised Obama."
_SENTENCES = ((0, 23), (24, 50), (51, 71))


def _article(*stances: GoldStance) -> SeesawArticle:
    return SeesawArticle("a", "s", _TEXT, _SENTENCES, stances, {})


_GOLD = _article(
    GoldStance(0, "Barack Obama", "negative", "Republican Party"),
    GoldStance(1, "Republican Party", "negative", "Barack Obama"),
    GoldStance(2, "Joe Biden", "positive", "Barack Obama"),
    GoldStance(2, "None", "positive", "Joe Biden"),  # the author: not counted
    GoldStance(2, "Not in the list", "negative", "Joe Biden"),  # not counted
)


def test_perfect_triples_score_one() -> None:
    found = [FoundStance("barack-obama", "negative", "republican-party", 0),
             FoundStance("republican-party", "negative", "barack-obama", 30),
             FoundStance("joe-biden", "positive", "barack-obama", 55)]
    scores = score([(_GOLD, found)])
    assert scores.article == (1.0, 1.0, 1.0)
    assert scores.sentence == (1.0, 1.0, 1.0)
    assert scores.pair_recall == 1.0


@pytest.mark.parametrize(("found", "article", "sentence", "pairs"), [
    # wrong polarity: the pair counts, the triple does not
    ([FoundStance("joe-biden", "negative", "barack-obama", 55)], (0.0, 0.0, 0.0), 0.0, 1 / 3),
    # names must be slug-equal: "obama" is not "barack-obama"
    ([FoundStance("joe-biden", "positive", "obama", 55)], (0.0, 0.0, 0.0), 0.0, 0.0),
    # right triple in the wrong sentence: right per article, wrong per sentence
    ([FoundStance("joe-biden", "positive", "barack-obama", 0)], (1.0, 1 / 3, 0.5), 0.0, 1 / 3),
    # the same triple twice in one sentence counts once
    ([FoundStance("joe-biden", "positive", "barack-obama", 51),
      FoundStance("joe-biden", "positive", "barack-obama", 60)], (1.0, 1 / 3, 0.5), 0.5, 1 / 3),
])
def test_partial_matches(found: list[FoundStance], article: tuple[float, float, float],
                         sentence: float, pairs: float) -> None:
    scores = score([(_GOLD, found)])
    assert scores.article == pytest.approx(article)
    assert scores.sentence.f1 == pytest.approx(sentence)
    assert scores.pair_recall == pytest.approx(pairs)


def test_micro_average_and_polarities() -> None:
    other = _article(GoldStance(0, "Barack Obama", "positive", "Joe Biden"))
    found_gold = [FoundStance("joe-biden", "positive", "barack-obama", 51)]
    found_other = [FoundStance("barack-obama", "positive", "joe-biden", 0),
                   FoundStance("barack-obama", "negative", "joe-biden", 0)]
    scores = score([(_GOLD, found_gold), (other, found_other)])
    assert scores.article.precision == pytest.approx(2 / 3)
    assert scores.article.recall == pytest.approx(2 / 4)
    assert scores.by_polarity["positive"] == pytest.approx((1.0, 1.0, 1.0))
    assert scores.by_polarity["negative"] == pytest.approx((0.0, 0.0, 0.0))


def test_nothing_found_scores_zero() -> None:
    named = figures(score([(_GOLD, [])]))
    assert named["stance F1"] == 0.0
    assert list(named)[:3] == ["stance precision", "stance recall", "stance F1"]


def test_reader(tmp_path: Path) -> None:
    row = {"id": "x-1", "story_id": "7", "text": _TEXT,
           "sentences": [{"id": i, "start": s, "end": e} for i, (s, e) in enumerate(_SENTENCES)],
           "stances": [{"sentence_id": 2, "start": 51, "end": 71, "subject": "Joe Biden",
                        "polarity": "positive", "object": "Barack Obama", "annotators": ["A"]}]}
    path = tmp_path / "dev.jsonl"
    path.write_bytes(orjson.dumps(row) + b"\n")
    [article] = read_seesaw(path)
    assert article.stances == (GoldStance(2, "Joe Biden", "positive", "Barack Obama"),)
    assert article.sentence_at(60) == 2 and article.sentence_at(24) == 1
