import pytest

from stancewire.nlp.attribution_score import FoundQuote, GoldAttribution, score, summarise

GOLD = GoldAttribution(content=((10, 30),), source=((0, 5),), direct=True)


@pytest.mark.parametrize(
    ("found", "mentions", "expected"),
    [
        ([], [], (1, 0, 0, 0, 0)),
        ([FoundQuote(12, 28, True, (0, 5), None)], [], (1, 1, 1, 1, 1)),
        ([FoundQuote(12, 28, True, (40, 42), None)], [], (1, 1, 0, 1, 1)),
        # a pronoun elsewhere that resolves to the entity named at the gold source
        ([FoundQuote(12, 28, True, (40, 42), "jo-smith")], [("jo-smith", 0, 5)], (1, 1, 1, 1, 1)),
        ([FoundQuote(50, 60, True, (0, 5), None)], [], (1, 0, 0, 1, 0)),
    ],
)
def test_score(found, mentions, expected):
    assert score([GOLD], found, mentions) == expected


def test_summarise_micro_averages():
    scores = summarise([(2, 2, 1, 4, 3), (2, 1, 1, 0, 0)])
    assert (scores.recall, scores.speaker_accuracy, scores.precision) == (0.75, 2 / 3, 0.75)


def test_summarise_nothing():
    assert summarise([]).recall == 0.0
