import pytest

from stancewire.training.legislators import build

# Two Congresses of the congress-legislators format, abridged to the fields read.
CONGRESS_2015 = """
- id: {bioguide: S000148, wikipedia: Chuck Schumer}
  name: {first: Charles, last: Schumer}
  terms: [{type: sen, start: '2011-01-05', end: '2017-01-03'}]
- id: {bioguide: K000393, wikipedia: John Kennedy (Louisiana politician)}
  name: {first: John, last: Kennedy}
  terms: [{type: sen, start: '2017-01-03', end: '2023-01-03'}]
- id: {bioguide: C001070, wikipedia: "Bob Casey, Jr."}
  name: {first: Robert, last: Casey}
  terms: [{type: sen, start: '2007-01-04', end: '2013-01-03'}]
- id: {bioguide: X000001, wikipedia: TODO}
  name: {first: Mike, last: Rounds}
  terms: [{type: sen, start: '2015-01-06', end: '2021-01-03'}]
- id: {bioguide: L000001}
  name: {first: No, last: Title}
  terms: [{type: rep, start: '2015-01-06', end: '2017-01-03'}]
- id: {bioguide: O000001, wikipedia: Old Member}
  name: {first: Old, last: Member}
  terms: [{type: rep, start: '1999-01-06', end: '2005-01-03'}]
"""
CONGRESS_2023 = """
- id: {bioguide: S000148, wikipedia: Chuck Schumer}
  name: {first: Charles, last: Schumer}
  terms:
  - {type: sen, start: '2011-01-05', end: '2017-01-03'}
  - {type: sen, start: '2023-01-03', end: '2029-01-03'}
"""


def test_build_keeps_each_member_once_by_their_title(tmp_path):
    first, second = tmp_path / "2015.yaml", tmp_path / "2023.yaml"
    first.write_text(CONGRESS_2015)
    second.write_text(CONGRESS_2023)
    assert build([first, second], since=2009) == [
        ("Bob Casey", 2013),  # ", Jr." dropped
        ("Chuck Schumer", 2029),  # the latest term over both files
        ("John Kennedy", 2023),  # the disambiguation dropped
    ]
    assert build([first], since=2015) == [("Chuck Schumer", 2017), ("John Kennedy", 2023)]


def test_build_refuses_what_is_not_a_list_of_members(tmp_path):
    path = tmp_path / "wrong.yaml"
    path.write_text("members: 3\n")
    with pytest.raises(ValueError, match="not a congress-legislators list"):
        build([path], since=2009)
