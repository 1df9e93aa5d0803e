"""Ten short articles naming the same people and parties in different forms:
each gets one id in all of them (the spaCy model, the shipped gazetteers)."""

import pytest

from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.lexicon import load_lexicon
from stancewire.nlp.pipeline import analyse, load_pipeline
from stancewire.settings import Settings

ARTICLES = [
    "President Joe Biden met Senate Majority Leader Chuck Schumer at the White House on Monday. "
    "Biden said the talks had gone well.",
    "Joseph R. Biden Jr. spoke in Delaware. Mr. Biden later flew to Washington with Sen. "
    "Charles E. Schumer of New York.",
    "Donald J. Trump held a rally in Ohio. Trump told supporters that Republicans would win.",
    "Former President Donald Trump criticised Senator Bernie Sanders on Tuesday. Sanders, a "
    "Vermont independent, replied within the hour.",
    "Bernard Sanders announced his campaign in Burlington. Sen. Sanders said he would fight for "
    "workers.",
    "President Trump signed the bill. The GOP leadership praised Mr. Trump, while Democrats "
    "objected.",
    "Schumer said the Senate would vote next week. The Democratic majority is narrow.",
    "Barack Obama campaigned for Biden in Pennsylvania. Obama urged voters to turn out.",
    "President Obama and Vice President Joe Biden met Republican leaders on Friday.",
    "Hillary Rodham Clinton met Senate Minority Leader Mitch McConnell. Mrs. Clinton thanked "
    "McConnell, a Kentucky Republican.",
]
PEOPLE = {"joe-biden", "chuck-schumer", "donald-trump", "bernie-sanders", "barack-obama",
          "hillary-clinton", "mitch-mcconnell"}
PARTIES = {"republican-party", "democratic-party"}


@pytest.fixture(scope="module")
def mentions():
    nlp = load_pipeline(Settings().spacy_model)
    analyses = analyse(nlp, ARTICLES, load_lexicon(), Gazetteer())
    return [mention for analysis in analyses for mention in analysis.mentions]


def test_each_person_has_one_id_in_every_article(mentions):
    people = {m.canonical.id for m in mentions if m.canonical.label == "PERSON"}
    assert people == PEOPLE


@pytest.mark.parametrize(("written", "entity_id"), [
    ("Joseph R. Biden Jr.", "joe-biden"), ("Biden", "joe-biden"),
    ("Charles E. Schumer", "chuck-schumer"), ("Schumer", "chuck-schumer"),
    ("Donald J. Trump", "donald-trump"), ("Trump", "donald-trump"),
    ("Bernard Sanders", "bernie-sanders"), ("Sanders", "bernie-sanders"),
    ("Obama", "barack-obama"), ("Hillary Rodham Clinton", "hillary-clinton"),
    ("GOP", "republican-party"), ("Republicans", "republican-party"),
    ("Democrats", "democratic-party"), ("Democratic", "democratic-party"),
])
def test_every_form_gets_the_id(mentions, written, entity_id):
    ids = {m.canonical.id for m in mentions if m.text == written}
    assert ids == {entity_id}


def test_parties_are_one_entity_each(mentions):
    assert {m.canonical.id for m in mentions if m.canonical.label == "ORG"} & {
        "republicans", "republican", "gop", "democrats", "democratic"} == set()
    assert {m.canonical.id for m in mentions} >= PARTIES
