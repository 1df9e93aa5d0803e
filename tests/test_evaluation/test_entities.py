import pytest

from stancewire.evaluation.entities import FoundEntity, GoldEntity, score, scored

TRUMP = GoldEntity("Donald Trump", "People")
GOP = GoldEntity("Republican Party", "Organization")
SENATE = GoldEntity("United States Senate", "Organization")
US = GoldEntity("United States", "GPE")


def _found(*entities):
    return [FoundEntity(entity_id, name, label, 1) for entity_id, name, label in entities]


def test_scored_keeps_proper_names_of_people_organisations_and_places():
    gold = [TRUMP, GoldEntity("voter", "People"), GoldEntity("esteban santiago", "People"),
            GoldEntity("Obamacare", "Topic"), US]
    assert scored(gold, "Esteban Santiago met voters.") == [
        TRUMP, GoldEntity("esteban santiago", "People"), US]


@pytest.mark.parametrize(("found", "hit", "per_article"), [
    (_found(("donald-trump", "Donald Trump", "PERSON")), 1.0, 1.0),
    (_found(("donald-trump", "Donald Trump", "PERSON"), ("trump", "Trump", "ORG")), 1.0, 2.0),
    (_found(("donald-j-trump", "Donald J. Trump", "PERSON"),
            ("donald-trump", "Donald Trump", "PERSON")), 1.0, 2.0),
    (_found(("trump", "Trump", "PERSON")), 0.0, 1.0),
    (_found(("ivanka-trump", "Ivanka Trump", "PERSON")), 0.0, 0.0),
    (_found(("barack-obama", "Barack Obama", "PERSON")), 0.0, 0.0),
])
def test_a_person_found_and_split(found, hit, per_article):
    scores = score([([TRUMP], found)])
    assert (scores.found, scores.per_article) == (hit, per_article)


@pytest.mark.parametrize(("gold", "found", "per_article"), [
    (GOP, _found(("republican-party", "Republican Party", "ORG"),
                 ("republicans", "Republicans", "NORP")), 2.0),
    (GOP, _found(("republic", "Republic", "GPE")), 0.0),
    (SENATE, _found(("united-states-senate", "United States Senate", "ORG"),
                    ("senate", "Senate", "ORG")), 2.0),
    (SENATE, _found(("united-states-senate", "United States Senate", "ORG"),
                    ("united-states", "United States", "GPE")), 1.0),
    (US, _found(("united-states", "United States", "GPE"),
                ("united-states-senate", "United States Senate", "ORG")), 1.0),
])
def test_an_organisation_split(gold, found, per_article):
    assert score([([gold], found)]).per_article == per_article


def test_an_entity_listed_itself_is_no_split_of_another():
    hillary, bill = GoldEntity("Hillary Clinton", "People"), GoldEntity("Bill Clinton", "People")
    found = _found(("hillary-clinton", "Hillary Clinton", "PERSON"),
                   ("bill-clinton", "Bill Clinton", "PERSON"))
    assert score([([hillary, bill], found)]).per_article == 1.0


def test_distinct_ids_across_articles():
    articles = [([TRUMP], _found(("donald-trump", "Donald Trump", "PERSON"))),
                ([TRUMP], _found(("trump", "Trump", "PERSON"))),
                ([TRUMP], _found(("donald-trump", "Donald Trump", "PERSON"))),
                ([GOP], _found(("republican-party", "Republican Party", "ORG")))]
    scores = score(articles)
    assert (scores.listed, scores.across_articles, scores.across_entities) == (4, 2.0, 1)
    assert scores.found == 0.75
