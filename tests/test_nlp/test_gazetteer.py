import pytest

from stancewire.nlp.gazetteer import Gazetteer, slug


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Jens Stoltenberg", "jens-stoltenberg"), ("Türkiye", "turkiye"), ("NATO", "nato"),
     ("Kurdistan Workers\u2019 Party", "kurdistan-workers-party")],
)
def test_slug(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkish opposition", [("Turkish", "turkey", "GPE")]),
        ("Ankara said no", [("Ankara", "turkey", "GPE")]),
        ("a press conference in Washington", [("Washington", "washington", "GPE")]),
        ("Washington's weapons", [("Washington", "united-states", "GPE")]),
        ("the Atlantic Alliance", [("Atlantic Alliance", "nato", "ORG")]),
        ("Kyiv awaits", [("Kyiv", "ukraine", "GPE")]),
        ("the jihadist group Islamic State", [("Islamic State", "islamic-state", "ORG")]),
        ("Russian Federation and Russia", [("Russian Federation", "russia", "GPE"),
                                           ("Russia", "russia", "GPE")]),
        ("the Turkishness", []),
    ],
)
def test_matches(gazetteer, text, expected):
    found = [(text[m.start:m.end], m.canonical.id, m.canonical.label)
             for m in gazetteer.matches(text)]
    assert found == expected
