import pytest

from stancewire.nlp.people import (
    People,
    PersonName,
    parse_name,
    same_first_name,
    with_legislators,
)


@pytest.mark.parametrize(("name", "first", "surname", "full"), [
    ("Joseph R. Biden Jr.", "Joseph", "Biden", "Joseph Biden"),
    ("Joe Biden", "Joe", "Biden", "Joe Biden"),
    ("Hillary Rodham Clinton", "Hillary", "Clinton", "Hillary Rodham Clinton"),
    ("Trump, Donald", "Donald", "Trump", "Donald Trump"),
    ("Trump, Donald J.", "Donald", "Trump", "Donald Trump"),
    ("Eric H. Holder Jr.", "Eric", "Holder", "Eric Holder"),
    ("Martin Luther King III", "Martin", "King", "Martin Luther King"),
    ("Stoltenberg", None, "Stoltenberg", "Stoltenberg"),
    ("Bill de Blasio", "Bill", "de Blasio", "Bill de Blasio"),
    ("Chris Van Hollen", "Chris", "Van Hollen", "Chris Van Hollen"),
    ("H. R. McMaster", "H.", "McMaster", "H. R. McMaster"),
])
def test_parse_name(name, first, surname, full):
    parsed = parse_name(name)
    assert parsed is not None
    assert (parsed.first, parsed.surname, parsed.full) == (first, surname, full)


@pytest.mark.parametrize(("name", "generation"), [
    ("Donald Trump Jr.", "Jr."), ("Donald Trump Jr", "Jr."), ("Eric Holder, Sr.", "Sr."),
    ("Joe Manchin III", "III"), ("Trump Jr.", "Jr."), ("Donald Trump", ""),
])
def test_parse_name_keeps_the_generation_aside(name, generation):
    parsed = parse_name(name)
    assert parsed is not None
    assert parsed.generation == generation
    assert "Jr" not in parsed.full and "III" not in parsed.full


def test_a_known_name_of_the_same_generation_comes_first():
    people = People([("Donald Trump", 100), ("Donald Trump Jr.", 3), ("Eric Holder", 20)])

    def canonical(name, **kwargs):
        parsed = parse_name(name)
        assert parsed is not None
        return people.canonical(parsed, **kwargs)

    assert canonical("Donald Trump Jr.") == "Donald Trump Jr."
    assert canonical("Donald J. Trump") == "Donald Trump"
    assert canonical("Eric H. Holder Jr.") == "Eric Holder"  # no junior known: the same man
    assert canonical("Eric Holder Jr.", same_generation=True) is None


@pytest.mark.parametrize(("first", "other", "same"), [
    ("Chuck", "Charles", True), ("Charles", "Chuck", True), ("Joe", "Joseph", True),
    ("Bernie", "Bernard", True), ("Bill", "William", True), ("Mike", "Michael", True),
    ("joe", "JOE", True), ("V.", "Vladimir", True),
    ("Hillary", "Bill", False), ("Joe", "Jill", False), ("V.", "Boris", False),
])
def test_same_first_name(first, other, same):
    assert same_first_name(first, other) is same


PEOPLE = People([("Joe Biden", 40), ("Beau Biden", 3), ("Jeb Bush", 10), ("George W. Bush", 9),
                 ("Peter T. King", 4)])


@pytest.mark.parametrize(("name", "canonical"), [
    ("Joseph R. Biden Jr.", "Joe Biden"),
    ("Beau Biden", "Beau Biden"),
    ("Biden", "Joe Biden"),  # 40 of 43 articles
    ("Bush", None),  # 10 of 19: no one dominates
    ("George Bush", "George W. Bush"),
    ("George W Bush", "George W. Bush"),
    ("George H. W. Bush", None),  # other middle initials: another person
    ("Pete King", "Peter T. King"),
    ("Jill Biden", None),
    ("Smith", None),
])
def test_people_canonical(name, canonical):
    parsed = parse_name(name)
    assert isinstance(parsed, PersonName)
    assert PEOPLE.canonical(parsed) == canonical


def test_the_shipped_people_gazetteer_knows_the_usual_forms():
    people = People()
    for written, canonical in [("Charles E. Schumer", "Chuck Schumer"), ("Obama", "Barack Obama"),
                               ("Donald J. Trump", "Donald Trump"),
                               ("Bernard Sanders", "Bernie Sanders"),
                               # members of Congress the training articles do not name
                               ("Charles Grassley", "Chuck Grassley"), ("Manchin", "Joe Manchin")]:
        parsed = parse_name(written)
        assert parsed is not None
        assert people.canonical(parsed) == canonical


@pytest.mark.parametrize(("canonical", "famous"), [
    ("Joe Biden", True),  # 40 articles
    ("Jeb Bush", False),  # 10
    ("Beau Biden", False),
    ("Jill Biden", False),  # not in the gazetteer
])
def test_famous(canonical, famous):
    assert PEOPLE.famous(canonical) is famous


def test_legislators_join_the_people_the_articles_name():
    rows = with_legislators([("Joe Biden", 40), ("Chuck Schumer", 12)],
                            ["Charles Schumer", "Joseph Biden", "Joe Manchin", "Tim Scott",
                             "Rick Scott", "Beau Biden"])
    assert rows == [("Joe Biden", 40), ("Chuck Schumer", 12), ("Joe Manchin", 1),
                    ("Tim Scott", 1), ("Rick Scott", 1), ("Beau Biden", 1)]


@pytest.mark.parametrize(("name", "canonical"), [
    ("Manchin", "Joe Manchin"),  # the only member of that name
    ("Scott", None),  # two members share it
    ("Biden", "Joe Biden"),  # 40 articles against one
    ("Beau Biden", "Beau Biden"),
    ("Joseph Manchin", "Joe Manchin"),
])
def test_a_legislator_owns_a_surname_no_one_else_has(name, canonical):
    people = People(with_legislators([("Joe Biden", 40)],
                                      ["Joe Manchin", "Tim Scott", "Rick Scott", "Beau Biden"]))
    parsed = parse_name(name)
    assert parsed is not None
    assert people.canonical(parsed) == canonical


@pytest.mark.parametrize(("written", "canonical"), [
    ("Bashar Assad", "Bashar al-Assad"), ("Assad", "Bashar al-Assad"),
    ("Abdel Fattah el-Sisi", "Abdel Fattah al-Sisi"), ("Sisi", "Abdel Fattah al-Sisi"),
    ("Albert Alvarez", None),  # "Al" only as the article before a hyphen
])
def test_an_arabic_surname_is_the_same_with_or_without_its_article(written, canonical):
    people = People([("Bashar al-Assad", 4), ("Abdel Fattah al-Sisi", 2), ("Bob Varez", 1)])
    parsed = parse_name(written)
    assert parsed is not None
    assert people.canonical(parsed) == canonical
