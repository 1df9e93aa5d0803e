import pytest

from stancewire.nlp.gazetteer import Gazetteer, slug


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Jens Stoltenberg", "jens-stoltenberg"), ("Türkiye", "turkiye"), ("NATO", "nato"),
     ("Kurdistan Workers\u2019 Party", "kurdistan-workers-party"),
     ("Martin O\u2019Malley", "martin-o-malley"), ("Martin O'Malley", "martin-o-malley"),
     ("AFL\u2013CIO", "afl-cio")],
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
        ("Russians and Turks", [("Russians", "russia", "GPE"), ("Turks", "turkey", "GPE")]),
        ("the GOP and Democrats", [("GOP", "republican-party", "ORG"),
                                   ("Democrats", "democratic-party", "ORG")]),
        ("The House and the Senate", [("House", "united-states-house-of-representatives", "ORG"),
                                      ("Senate", "united-states-senate", "ORG")]),
        ("the White House", [("White House", "white-house", "ORG")]),
        # Papers by their Wikipedia titles, "The" and all, however the text writes them.
        ("The Washington Post and the Wall Street Journal",
         [("Washington Post", "the-washington-post", "ORG"),
          ("Wall Street Journal", "the-wall-street-journal", "ORG")]),
        ("the DNC, the AFL-CIO and Planned Parenthood Federation of America",
         [("DNC", "democratic-national-committee", "ORG"), ("AFL-CIO", "afl-cio", "ORG"),
          ("Planned Parenthood Federation of America", "planned-parenthood", "ORG")]),
        ("Somalia's al-Shabab", [("Somalia", "somalia", "GPE"),
                                 ("al-Shabab", "al-shabaab", "ORG")]),
    ],
)
def test_matches(gazetteer, text, expected):
    found = [(text[m.start:m.end], m.canonical.id, m.canonical.label)
             for m in gazetteer.matches(text)]
    assert found == expected


@pytest.mark.parametrize(("text", "local"), [
    ("the Senate", [True]), ("the U.S. Senate", [False]), ("the CDC", [False]),
    ("Congress", [True]), ("Republicans", [False]),
])
def test_short_forms_hold_only_in_their_country(gazetteer, text, local):
    found = list(gazetteer.matches(text))
    assert [m.local for m in found] == local
    assert all(m.country == "united-states" for m in found)


def test_lookup_skips_short_forms_of_one_country(gazetteer):
    assert gazetteer.lookup("Senate") is None
    assert gazetteer.lookup("U.S. Senate").id == "united-states-senate"
