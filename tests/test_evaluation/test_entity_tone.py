import pytest

from stancewire.evaluation.entity_tone import (
    format_entity_tone,
    gold_entity_tones,
    score_entity_tone,
)
from stancewire.models import EnrichedArticle, Entity, Tone


def _event(tones: dict[str, str]) -> EnrichedArticle:
    entities = [Entity(id=entity_id, name=entity_id, label="PERSON", mentions=[], count=1,
                       tone=Tone(score=0.0, label=label)) for entity_id, label in tones.items()]
    return EnrichedArticle(id="a", text="", entities=entities, quotes=[], stances=[],
                           tone=Tone(score=0.0, label="neutral"))


@pytest.mark.parametrize(
    ("sentiments", "expected"),
    [
        ({"Donald Trump": ["Slightly Negative"]}, {"Donald Trump": "negative"}),
        ({"A": ["Very Positive", "Neutral", "Positive"]}, {"A": "positive"}),
        ({"A": ["Negative", "Slightly Negative", "Neutral"]}, {"A": "negative"}),
        ({"A": ["Negative", "Neutral"]}, {}),  # a tie has no majority
        ({"A": ["Unknown"]}, {}),
        ({"A": ["Unknown", "Neutral"]}, {"A": "neutral"}),
    ],
)
def test_gold_is_the_annotators_majority(sentiments, expected):
    assert gold_entity_tones(sentiments) == expected


def test_unknown_label_is_refused():
    with pytest.raises(ValueError, match="unknown SEESAW sentiment label 'Mixed'"):
        gold_entity_tones({"A": ["Mixed"]})


def test_found_entities_are_matched_by_slug_and_scored():
    articles = [
        ({"Donald Trump": ["Negative"], "Hillary Clinton": ["Positive"], "Abortion": ["Neutral"]},
         _event({"donald-trump": "negative", "hillary-clinton": "neutral", "fbi": "negative"})),
        ({"José Núñez": ["Neutral"]}, _event({"jose-nunez": "neutral"})),
    ]
    scores = score_entity_tone(articles)
    assert (scores.found, scores.listed) == (3, 4)  # "Abortion" is not found: not an error
    assert scores.report is not None
    # negative 1/1 right; positive 0 of 1 found; neutral: 1 right of 2 predicted.
    assert scores.report.f1 == pytest.approx({"negative": 1.0, "neutral": 2 / 3,
                                              "positive": 0.0})
    assert scores.f1_macro == pytest.approx((1 + 2 / 3) / 3)


def test_an_entity_found_in_another_article_does_not_count():
    articles = [({"Donald Trump": ["Negative"]}, _event({})),
                ({"Joe Biden": ["Positive"]}, _event({"donald-trump": "negative"}))]
    scores = score_entity_tone(articles)
    assert (scores.found, scores.listed, scores.report, scores.f1_macro) == (0, 2, None, 0.0)


def test_the_figure_line_says_what_it_is_over():
    scores = score_entity_tone([({"Donald Trump": ["Negative"], "Joe Biden": ["Neutral"]},
                                 _event({"donald-trump": "negative"}))])
    assert format_entity_tone(scores) == "entity tone F1m: 0.333 (1 of 2 listed entities found)"
