"""Canonical entity mentions, rule by rule, on docs whose entities the test sets.

The model's entities are given by hand (``(surface, label)``, every
occurrence), so each case tests the rules, not the statistical model.
"""

import re

import pytest
import spacy

from stancewire.nlp.entities import entity_mentions
from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.people import People

PEOPLE = [("Joe Biden", 40), ("Barack Obama", 60), ("Chuck Schumer", 12), ("Jeb Bush", 10),
          ("George W. Bush", 9), ("Bernie Sanders", 20), ("Bill Clinton", 8),
          ("Hillary Clinton", 50)]


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer(people=People(PEOPLE))


@pytest.fixture(scope="module")
def tokenizer():
    return spacy.blank("en")


def _mentions(tokenizer, gazetteer, text, ents):
    doc = tokenizer(text)
    spans = []
    for surface, label in ents:  # longer names first where they hold shorter ones
        for found in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            span = doc.char_span(found.start(), found.end(), label=label)
            assert span is not None, surface
            if not any(s.start < span.end and span.start < s.end for s in spans):
                spans.append(span)
    assert spans or not ents
    doc.ents = sorted(spans)
    return [(m.text, m.canonical.id) for m in entity_mentions(text, doc, gazetteer)]


def _ids(tokenizer, gazetteer, text, ents):
    return {entity_id for _, entity_id in _mentions(tokenizer, gazetteer, text, ents)}


@pytest.mark.parametrize(("text", "ents", "expected"), [
    # Middle initials and suffixes; the gazetteer's canonical form of a nickname.
    ("Joseph R. Biden Jr. spoke. Joe Biden left. Mr. Biden waved.",
     [("Joseph R. Biden Jr.", "PERSON"), ("Joe Biden", "PERSON"), ("Mr. Biden", "PERSON")],
     {"joe-biden"}),
    ("Charles E. Schumer spoke.", [("Charles E. Schumer", "PERSON")], {"chuck-schumer"}),
    ("Bernard Sanders spoke.", [("Bernard Sanders", "PERSON")], {"bernie-sanders"}),
    ("William Clinton spoke.", [("William Clinton", "PERSON")], {"bill-clinton"}),
    # An Arabic surname with and without its article, for a person the gazetteer does
    # not know.
    ("Bashar al-Assad spoke. Assad left.",
     [("Bashar al-Assad", "PERSON"), ("Assad", "PERSON")], {"bashar-al-assad"}),
    # Nicknames merge within an article for people the gazetteer does not know.
    ("Robert Smith spoke. Bob Smith left.", [("Robert Smith", "PERSON"), ("Bob Smith", "PERSON")],
     {"robert-smith"}),
    # "Surname, First name".
    ("Obama, Barack was listed.", [("Obama, Barack", "PERSON")], {"barack-obama"}),
    # Titles.
    ("President Obama spoke.", [("President Obama", "PERSON")], {"barack-obama"}),
    ("Senate Majority Leader Harry Reid spoke.", [("Senate Majority Leader Harry Reid", "PERSON")],
     {"harry-reid"}),
    ("Sen. Ted Cruz spoke.", [("Sen. Ted Cruz", "PERSON")], {"ted-cruz"}),
    ("Ayatollah Khamenei spoke.", [("Ayatollah Khamenei", "PERSON")], {"khamenei"}),
    ("Supreme Leader Jane Roe spoke.", [("Supreme Leader Jane Roe", "PERSON")], {"jane-roe"}),
    ("Rabbi Jane Roe and Adm. Tom Doe spoke.",
     [("Rabbi Jane Roe", "PERSON"), ("Adm. Tom Doe", "PERSON")], {"jane-roe", "tom-doe"}),
    # A surname alone: the article's full name first, else the gazetteer's dominant person.
    ("Jane Roe spoke. Roe left.", [("Jane Roe", "PERSON"), ("Roe", "PERSON")], {"jane-roe"}),
    ("Obama spoke.", [("Obama", "ORG")], {"barack-obama"}),
    ("Mr. Bush spoke.", [("Mr. Bush", "PERSON")], {"bush"}),
    ("Hollande spoke.", [("Hollande", "PERSON")], {"hollande"}),
    # A first name alone joins the full name.
    ("Jens Stoltenberg spoke. Jens left.", [("Jens Stoltenberg", "PERSON"), ("Jens", "PERSON")],
     {"jens-stoltenberg"}),
    # Initials.
    ("V. Putin spoke. Vladimir Putin left.", [("V. Putin", "PERSON"), ("Vladimir Putin", "PERSON")],
     {"vladimir-putin"}),
    ("H. R. McMaster spoke. McMaster left.", [("H. R. McMaster", "PERSON"),
                                            ("McMaster", "PERSON")], {"h-r-mcmaster"}),
    # Names run into other text.
    ("Ben Carson 6 spoke.", [("Ben Carson 6", "PERSON")], {"ben-carson"}),
    ("Jane Roe Jane Roe spoke.", [("Jane Roe Jane Roe", "PERSON")], {"jane-roe"}),
    ("Donald TrumpJan 5 spoke.", [("Donald TrumpJan", "PERSON")], {"donald-trump"}),
    ("Jens Stoltenberg\nThe end.", [("Jens Stoltenberg\nThe", "PERSON")], {"jens-stoltenberg"}),
    # A possessive left where a name is cut at a number.
    ("Obama\u2019s 2015 budget grew.", [("Obama\u2019s 2015", "PERSON")], {"barack-obama"}),
    ("Jane Roe's 2020 plan.", [("Jane Roe's 2020", "PERSON")], {"jane-roe"}),
    ("Jane Roe\u2018s plan.", [("Jane Roe\u2018s", "PERSON")], {"jane-roe"}),  # a left quote
    # A lawmaker's title inside what the model took for a place or an organisation.
    ("New Hampshire Sen. Jane Roe spoke.", [("New Hampshire Sen. Jane Roe", "GPE")],
     {"jane-roe"}),
    ("Freshman Rep Tom Doe spoke.", [("Freshman Rep Tom Doe", "ORG")],
     {"tom-doe"}),
    ("The Senate Ethics Committee met.", [("The Senate Ethics Committee", "ORG")],
     {"senate-ethics-committee"}),
])
def test_people(tokenizer, gazetteer, text, ents, expected):
    assert _ids(tokenizer, gazetteer, text, ents) == expected


def test_a_surname_goes_to_the_person_named_in_full_nearest_before(tokenizer, gazetteer):
    text = "Bill Clinton spoke. Clinton left. Hillary Clinton came. Clinton stayed."
    found = _mentions(tokenizer, gazetteer, text, [
        ("Bill Clinton", "PERSON"), ("Hillary Clinton", "PERSON"), ("Clinton", "PERSON")])
    assert [entity_id for _, entity_id in found] == [
        "bill-clinton", "bill-clinton", "hillary-clinton", "hillary-clinton"]


def test_a_famous_surname_alone_is_the_famous_person_beside_a_namesake(tokenizer, gazetteer):
    # Barack Obama is in 60 training articles; Jeb Bush in only 10.
    text = "Michelle Obama spoke. Obama signed the bill. Laura Bush came. Bush left."
    found = _mentions(tokenizer, gazetteer, text, [
        ("Michelle Obama", "PERSON"), ("Laura Bush", "PERSON"), ("Obama", "PERSON"),
        ("Bush", "PERSON")])
    assert [entity_id for _, entity_id in found] == [
        "michelle-obama", "barack-obama", "laura-bush", "laura-bush"]


def test_other_middle_initials_are_another_person(tokenizer):
    gazetteer = Gazetteer(people=People([*PEOPLE, ("George H. W. Bush", 2)]))
    text = "George H.W. Bush met his son George W. Bush, and George W Bush spoke."
    found = _mentions(tokenizer, gazetteer, text, [
        ("George H.W. Bush", "PERSON"), ("George W. Bush", "PERSON"),
        ("George W Bush", "PERSON")])
    assert [entity_id for _, entity_id in found] == [
        "george-h-w-bush", "george-w-bush", "george-w-bush"]


def test_a_name_alike_but_for_its_generation_is_the_son(tokenizer, gazetteer):
    text = ("Donald Trump Jr. met his father, Donald Trump, on Monday. Trump Jr. said it "
            "went well. Trump said nothing.")
    found = _mentions(tokenizer, gazetteer, text, [
        ("Donald Trump Jr.", "PERSON"), ("Donald Trump", "PERSON"), ("Trump Jr.", "PERSON"),
        ("Trump", "PERSON")])
    assert [entity_id for _, entity_id in found] == [
        "donald-trump-jr", "donald-trump", "donald-trump-jr", "donald-trump"]


def test_a_formal_name_with_a_suffix_is_the_same_person(tokenizer, gazetteer):
    # The suffix of a formal name comes with its middle initial: one man.
    text = "Eric H. Holder Jr. spoke. Mr. Holder left. \"You are not Eric Holder,\" he said."
    found = _mentions(tokenizer, gazetteer, text, [
        ("Eric H. Holder Jr.", "PERSON"), ("Mr. Holder", "PERSON"), ("Eric Holder", "PERSON")])
    assert {entity_id for _, entity_id in found} == {"eric-holder"}


def test_a_known_full_name_the_model_missed_is_a_person(tokenizer, gazetteer):
    text = "House Minority Whip Chuck Schumer (D-N.Y.) spoke. Mr. Schumer left. Jane Roe came."
    found = _mentions(tokenizer, gazetteer, text, [("Mr. Schumer", "PERSON")])
    assert found == [("Chuck Schumer", "chuck-schumer"), ("Schumer", "chuck-schumer")]


def test_a_known_full_name_inside_a_span_of_the_model_stays_the_model_s(tokenizer, gazetteer):
    text = "The Joe Biden Foundation met."
    found = _mentions(tokenizer, gazetteer, text, [("The Joe Biden Foundation", "ORG")])
    assert found == [("Joe Biden Foundation", "joe-biden-foundation")]


def test_an_administration_is_not_its_president(tokenizer, gazetteer):
    text = "The Obama administration said Obama would sign."
    found = _mentions(tokenizer, gazetteer, text, [("Obama", "PERSON")])
    assert found == [("Obama administration", "obama-administration"), ("Obama", "barack-obama")]


@pytest.mark.parametrize(("text", "ents", "expected"), [
    ("Republicans and the GOP met Democrats.", [], {"republican-party", "democratic-party"}),
    ("The Democratic leader and a Republican senator.", [], {"democratic-party",
                                                              "republican-party"}),
    ("Senate Republicans voted.", [("Senate Republicans", "NORP")],
     {"republican-party", "united-states-senate", "senate-republicans"}),
    ("The Democratic National Committee met.", [("The Democratic National Committee", "ORG")],
     {"democratic-national-committee"}),
    # US institutions by their short forms where the article is about the United States.
    ("Republicans in the Senate and the House of Representatives, and Congress.", [],
     {"republican-party", "united-states-senate", "united-states-house-of-representatives",
      "united-states-congress"}),
    ("The House voted. American officials agreed.", [],
     {"united-states-house-of-representatives", "united-states"}),
    ("The CDC and the FBI.", [], {"centers-for-disease-control-and-prevention",
                                  "federal-bureau-of-investigation"}),
    # "the Post" is the Washington Post where the article names it, and nothing otherwise.
    ("The Washington Post reported it. The Post said more.",
     [("The Washington Post", "ORG"), ("Post", "ORG")], {"the-washington-post"}),
    ("Americans read the Post.", [("Post", "ORG")], {"united-states", "post"}),
    ("The House Freedom Caucus met.", [("The House Freedom Caucus", "ORG")],
     {"freedom-caucus"}),
    ("In Italy the Senate voted. Italian officials agreed.", [("Senate", "ORG")],
     {"italy", "senate"}),
    ("Americans watched the Texas Senate.", [("the Texas Senate", "ORG")],
     {"united-states", "texas-senate"}),
    ("Americans watched the White House.", [("the White House", "FAC")],
     {"united-states", "white-house"}),
    # Titles are stripped from people's names only.
    ("Americans watched the House Judiciary Committee.",
     [("the House Judiciary Committee", "ORG")], {"united-states", "house-judiciary-committee"}),
    # Demonyms, plural too.
    ("Russians and Turks met Israelis.", [], {"russia", "turkey", "israel"}),
    ("Muslim leaders and Muslims.", [("Muslim", "NORP"), ("Muslims", "NORP")], {"muslims"}),
    # A country's demonym ending another group's name is not the country.
    ("African Americans and Central American migrants.",
     [("African Americans", "NORP"), ("Central American", "NORP")],
     {"african-americans", "central-americans"}),
    ("Millions of Americans voted.", [("Millions of Americans", "NORP")], {"united-states"}),
    # A name the gazetteer name only begins is another entity; "and" joins two.
    ("Turkish Airlines flew.", [("Turkish Airlines", "ORG")], {"turkish-airlines"}),
    ("Sweden and Finland applied.", [("Sweden and Finland", "GPE")], {"sweden", "finland"}),
])
def test_organisations_and_places(tokenizer, gazetteer, text, ents, expected):
    assert _ids(tokenizer, gazetteer, text, ents) == expected


@pytest.mark.parametrize(("text", "ents", "groups"), [
    ("Senate Republicans and House Democrats voted.", [],
     [("Senate Republicans", "senate-republicans"), ("House Democrats", "house-democrats")]),
    ("The House GOP met GOP lawmakers and Democrat senators.", [("GOP", "ORG")],
     [("House GOP", "house-republicans"), ("GOP lawmakers", "republican-lawmakers"),
      ("Democrat senators", "democratic-senators")]),
    # A party adjective before another word is the party alone.
    ("Senate Democratic leader Chuck Schumer and a Republican senator spoke.",
     [("Chuck Schumer", "PERSON")], []),
])
def test_a_party_s_members_in_congress_are_a_group_beside_the_party(
        tokenizer, gazetteer, text, ents, groups):
    found = _mentions(tokenizer, gazetteer, text, ents)
    group_ids = ("-republicans", "-democrats", "-lawmakers", "-senators")
    assert [mention for mention in found if mention[1].endswith(group_ids)] == groups
    assert {"republican-party", "democratic-party"} & {entity_id for _, entity_id in found}


@pytest.mark.parametrize(("text", "ents", "acronym_id"), [
    ("The Committee to Protect Journalists (CPJ) said so. CPJ added more.",
     [("Committee to Protect Journalists", "ORG"), ("CPJ", "ORG")],
     "committee-to-protect-journalists"),
    ("the Kurdistan Workers' Party (PKK) and the PKK.", [], "pkk"),
])
def test_acronyms_defined_in_the_text(tokenizer, gazetteer, text, ents, acronym_id):
    found = _mentions(tokenizer, gazetteer, text, ents)
    assert {entity_id for _, entity_id in found} == {acronym_id}


@pytest.mark.parametrize(("text", "ents"), [
    ("Trump Accuses FDA Of Playing Politics With Vaccine Guidelines The agency said.",
     [("Trump Accuses FDA Of Playing Politics With Vaccine Guidelines", "ORG")]),
    ("Daily Newsletters Manage Newsletters Copyright 2020.",
     [("Daily Newsletters Manage Newsletters Copyright", "ORG")]),
])
def test_no_entity_from_page_furniture(tokenizer, gazetteer, text, ents):
    assert all(len(entity_id.split("-")) <= 5 and "newsletter" not in entity_id
               for entity_id in _ids(tokenizer, gazetteer, text, ents))
