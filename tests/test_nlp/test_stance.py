"""The stance extractor on inline sentences: the learned models over entity pairs."""

from __future__ import annotations

import numpy as np
import pytest

from stancewire.nlp.annotate import annotate
from stancewire.nlp.attribution import AttributionTagger
from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.lexicon import load_lexicon
from stancewire.nlp.pipeline import analyse, load_pipeline
from stancewire.nlp.spans import PRONOUNS
from stancewire.nlp.stance import Stance
from stancewire.nlp.stance_model import StanceModel
from stancewire.nlp.tone import VaderTone
from stancewire.settings import Settings


@pytest.fixture(scope="module")
def stances_of():
    nlp = load_pipeline(Settings().spacy_model)
    lexicon, gazetteer, shipped = load_lexicon(), Gazetteer(), StanceModel.load()

    def run(text: str, model: StanceModel | None = None) -> list[Stance]:
        [analysis] = analyse(nlp, [text], lexicon, gazetteer, parse_mentions=True)
        return annotate(analysis, lexicon, VaderTone(), AttributionTagger(),
                        model or shipped).stances

    return run


def _triples(stances: list[Stance]) -> set[tuple[str | None, int, str | None]]:
    return {(s.source_entity.id if s.source_entity else None, s.polarity,
             s.target_entity.id if s.target_entity else None) for s in stances}


@pytest.mark.parametrize(("text", "expected"), [
    # coordination: one signal per coordinated target
    ("Senator Elizabeth Warren sharply criticised Donald Trump and Mitch McConnell on Tuesday.",
     {("elizabeth-warren", -1, "donald-trump"), ("elizabeth-warren", -1, "mitch-mcconnell")}),
    # passive: the agent holds the stance
    ("Joe Biden was endorsed by Bernie Sanders on Monday.", {("bernie-sanders", 1, "joe-biden")}),
    # a pronoun source stands for the person named before
    ("Donald Trump spoke in Ohio on Monday. He attacked Hillary Clinton over her emails.",
     {("donald-trump", -1, "hillary-clinton")}),
    # the speaker of a quote is the source of what it says
    ("“Hillary Clinton has been a disaster for this country,” Donald Trump said on Monday.",
     {("donald-trump", -1, "hillary-clinton")}),
])
def test_stances_found(stances_of, text, expected):
    assert expected <= _triples(stances_of(text))


@pytest.mark.parametrize("text", [
    # merely listed together
    "Donald Trump, Joe Biden and Bernie Sanders attended the funeral in Washington on Saturday.",
    # a headline fragment
    "Trump slams Biden over border",
])
def test_no_stance(stances_of, text):
    assert not [s for s in stances_of(text) if s.source_entity and s.target_entity]


def test_negation_is_not_support(stances_of):
    found = stances_of("Nancy Pelosi did not support Donald Trump's budget on Friday.")
    assert ("nancy-pelosi", 1, "donald-trump") not in _triples(
        [s for s in found if not s.negated])


def test_no_bare_pronoun_ends(stances_of):
    found = stances_of("They said it would fail. He rejected the plan and praised them.")
    assert not [s for s in found for span, entity in ((s.source, s.source_entity),
                                                      (s.target, s.target_entity))
                if entity is None and span.text.lower() in PRONOUNS]


def test_model_decides_by_threshold():
    model = StanceModel(["a", "b"], np.array([[2.0, 0.0, 0.0], [0.0, 0.0, 2.0]]),
                        np.zeros(3), {"threshold": 0.5})
    rows = model.probabilities([{"a": 1.0}, {"b": 1.0}, {}, {"unknown": 1.0, "b": 0.1}])
    assert rows.shape == (4, 3)
    assert np.allclose(rows.sum(axis=1), 1.0)
    assert model.decide(rows[0])[0] == -1
    assert model.decide(rows[1])[0] == 1
    assert model.decide(rows[2]) == (0, pytest.approx(2 / 3))
    assert model.decide(rows[3])[0] == 0


def test_article_model_cites_the_strongest_sentence(stances_of):
    # The sentence model knows one word; the article-level model trusts its highest score.
    sentence = StanceModel(["p:criticise"], np.array([[6.0, 0.0, 0.0]]),
                           np.array([0.0, 2.0, -4.0]), {"threshold": 0.5})
    sentence.article = StanceModel(["maxnegative", "maxpositive"],
                                   np.array([[12.0, 0.0, 0.0], [0.0, 0.0, 12.0]]),
                                   np.array([-6.0, 0.0, -6.0]),
                                   {"thresholds": {"negative": 0.5, "positive": 0.5}})
    text = ("Elizabeth Warren met Donald Trump in Ohio on Monday. "
            "Elizabeth Warren sharply criticised Donald Trump on Tuesday.")
    found = [s for s in stances_of(text, sentence)
             if s.source_entity and s.target_entity
             and (s.source_entity.id, s.target_entity.id) == ("elizabeth-warren", "donald-trump")]
    assert [s.polarity for s in found] == [-1]
    assert found[0].evidence.text.startswith("Elizabeth Warren sharply criticised")
    assert found[0].confidence > 0.5


def test_the_object_of_a_stance_does_not_hold_it_back(stances_of):
    found = _triples(stances_of("Anna Keller criticised Peter Miller on Monday. "
                                "Peter Miller was born in Ohio."))
    assert ("anna-keller", -1, "peter-miller") in found
    assert not {t for t in found if t[0] == "peter-miller" and t[2] == "anna-keller"}
