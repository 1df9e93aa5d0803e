"""Query parameters: defaults, bounds and clear refusals."""

from __future__ import annotations

import pytest

from stancewire.web.params import MAX_TOP, BadRequest, bounded, required, top, window


@pytest.mark.parametrize(("query", "expected"), [
    ({}, 20), ({"top": ""}, 20), ({"top": "5"}, 5), ({"top": str(MAX_TOP)}, MAX_TOP)])
def test_top(query, expected):
    assert top(query) == expected


@pytest.mark.parametrize(("raw", "message"), [
    ("0", "between 1 and"), (str(MAX_TOP + 1), "between 1 and"), ("ten", "must be an integer"),
    ("1e3", "must be an integer")])
def test_bad_top_is_refused_with_the_reason(raw, message):
    with pytest.raises(BadRequest, match=message):
        top({"top": raw})


def test_limit_has_its_own_bounds():
    assert bounded({"limit": "50"}, "limit", 20, 200) == 50
    with pytest.raises(BadRequest, match="limit must be between 1 and 200"):
        bounded({"limit": "201"}, "limit", 20, 200)


@pytest.mark.parametrize(("query", "expected"), [
    ({}, "all"), ({"window": "all"}, "all"), ({"window": "current"}, "current")])
def test_window(query, expected):
    assert window(query) == expected


def test_unknown_window_and_missing_required_are_refused():
    with pytest.raises(BadRequest, match="window must be 'all' or 'current'"):
        window({"window": "hour"})
    with pytest.raises(BadRequest, match="id is required"):
        required({}, "id")
