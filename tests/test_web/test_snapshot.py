"""One worker's slice of each answer, computed from plain mappings standing in for its tables."""

from __future__ import annotations

import pytest

from stancewire.web import snapshot
from stancewire.web.snapshot import TREND_POINTS, LocalTables

WINDOW = 60.0
NOW = 6000.0 + 30  # half-way through the window [6000, 6060)


def tables(*, mentions=None, windows=None, names=None, pairs=None, speakers=None,
           outcomes=None) -> LocalTables:
    """Tables with ``windows`` as {(entity, window start): mentions}."""
    windows = windows or {}
    return LocalTables(
        mentions=mentions or {},
        window_mentions=lambda key, at: windows.get((key, at - at % WINDOW), 0),
        names=names or {}, stance_pairs=pairs or {}, speaker_quotes=speakers or {},
        outcomes=outcomes or {}, window_seconds=WINDOW)


def test_stats_splits_outcomes_by_partition_and_sums_the_rest():
    found = snapshot.stats(tables(
        mentions={"nato": 3, "turkey": 2},
        pairs={"turkey|sweden": {"support": 0, "oppose": 2},
               "us|nato": {"support": 1, "oppose": 0}},
        speakers={"blinken": 1, "unknown": 4},
        outcomes={"processed/0": 7, "processed/3": 2, "rejected/3": 1}))
    assert found == {"processed": {"0": 7, "3": 2}, "rejected": {"3": 1}, "entities": 2,
                     "mentions": 5, "quotes": 5, "stance_pairs": 2, "support": 1, "oppose": 2}


def test_top_entities_all_time_carry_names_and_a_trend_ending_in_the_current_window():
    found = snapshot.entities(tables(
        mentions={"nato": 9, "turkey": 4, "sweden": 1},
        windows={("nato", 6000.0): 2, ("nato", 5940.0): 5, ("turkey", 6000.0): 4},
        names={"nato": ["NATO", "ORG"]}), top=2, window="all", now=NOW)
    assert found["count"] == 3
    nato, turkey = found["entities"]
    assert nato == {"id": "nato", "name": "NATO", "label": "ORG", "mentions": 9, "window": 2,
                    "trend": [0] * (TREND_POINTS - 2) + [5, 2]}
    assert (turkey["id"], turkey["name"], turkey["label"]) == ("turkey", "turkey", "")


def test_top_entities_of_the_current_window_rank_by_it_and_leave_out_absent_ones():
    found = snapshot.entities(tables(
        mentions={"nato": 9, "turkey": 4, "sweden": 1},
        windows={("nato", 5940.0): 9, ("turkey", 6000.0): 1, ("sweden", 6000.0): 3}),
        top=5, window="current", now=NOW)
    assert [(e["id"], e["window"]) for e in found["entities"]] == [("sweden", 3), ("turkey", 1)]


def test_entity_gives_its_counters_and_the_pairs_naming_it_here():
    found = snapshot.entity(tables(
        mentions={"turkey": 4}, speakers={"turkey": 2},
        pairs={"turkey|sweden": {"source": "Turkey", "target": "Sweden", "support": 0,
                                 "oppose": 2},
               "us|nato": {"source": "US", "target": "NATO", "support": 1, "oppose": 0}}),
        "turkey", now=NOW)
    assert found["entity"]["mentions"] == 4
    assert found["quotes"] == 2
    assert [pair["key"] for pair in found["stances"]] == ["turkey|sweden"]


def test_entity_unknown_here_still_reports_pairs_that_name_it():
    found = snapshot.entity(tables(pairs={"us|nato": {"support": 1, "oppose": 0}}), "nato",
                            now=NOW)
    assert found["entity"] is None
    assert found["stances"][0]["source"] == "us"  # the id stands in for a missing name


PAIRS = {
    "turkey|sweden": {"source": "Turkey", "target": "Sweden", "support": 0, "oppose": 3},
    "turkey|finland": {"source": "Turkey", "target": "Finland", "support": 1, "oppose": 2},
    "us|nato": {"source": "United States", "target": "NATO", "support": 4, "oppose": 0},
}


@pytest.mark.parametrize(("source", "target", "support", "oppose"), [
    (None, None, ["us|nato", "turkey|finland"], ["turkey|sweden", "turkey|finland"]),
    ("turkey", None, ["turkey|finland"], ["turkey|sweden", "turkey|finland"]),
    ("TURKEY", "Finland", ["turkey|finland"], ["turkey|finland"]),
    (None, "sweden", [], ["turkey|sweden"]),
])
def test_stances_rank_support_and_oppose_separately_and_filter_by_id_or_name(
        source, target, support, oppose):
    found = snapshot.stances(tables(pairs=PAIRS), top=5, source=source, target=target)
    assert [pair["key"] for pair in found["support"]] == support
    assert [pair["key"] for pair in found["oppose"]] == oppose


def test_stances_top_limits_each_list():
    found = snapshot.stances(tables(pairs=PAIRS), top=1)
    assert [pair["key"] for pair in found["oppose"]] == ["turkey|sweden"]
    assert found["count"] == 3


def test_speakers_are_ranked_by_quotes_with_names_where_known():
    found = snapshot.speakers(tables(speakers={"blinken": 1, "stoltenberg": 10, "unknown": 3},
                                     names={"stoltenberg": ["Jens Stoltenberg", "PERSON"]}),
                              top=2)
    assert found["speakers"] == [{"id": "stoltenberg", "name": "Jens Stoltenberg", "quotes": 10},
                                 {"id": "unknown", "name": "unknown", "quotes": 3}]
