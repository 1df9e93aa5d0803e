"""Joining the slices of several workers into the cluster's answer."""

from __future__ import annotations

from stancewire.web import merge, snapshot
from tests.test_web.test_snapshot import NOW, tables


def test_stats_sum_partitions_across_workers_and_count_a_partition_reported_twice_once():
    first = snapshot.stats(tables(outcomes={"processed/0": 5, "processed/1": 3},
                                  mentions={"nato": 2}))
    second = snapshot.stats(tables(outcomes={"processed/2": 4, "rejected/2": 1,
                                             "processed/1": 2},  # stale copy mid-rebalance
                                   mentions={"turkey": 1}))
    first["per_second"], second["per_second"] = 1.5, 0.25
    joined = merge.stats([first, second])
    assert joined["articles"] == {"processed": 12, "rejected": 1, "per_second": 1.75}
    assert (joined["entities"], joined["mentions"]) == (2, 3)


def test_top_entities_of_two_workers_are_the_exact_global_top():
    left = tables(mentions={"a": 10, "b": 9, "c": 1})
    right = tables(mentions={"d": 8, "e": 7, "f": 6})
    slices = [snapshot.entities(t, top=3, window="all", now=NOW) for t in (left, right)]
    joined = merge.entities(slices, top=3, window="all")
    assert [entity["id"] for entity in joined["entities"]] == ["a", "b", "d"]
    assert joined["count"] == 6


def test_entity_is_found_on_the_worker_holding_it_with_pairs_from_every_worker():
    owner = tables(mentions={"turkey": 4}, speakers={"turkey": 2})
    other = tables(pairs={"turkey|sweden": {"source": "Turkey", "target": "Sweden",
                                            "support": 0, "oppose": 2}})
    joined = merge.entity([snapshot.entity(t, "turkey", now=NOW) for t in (owner, other)])
    assert joined is not None
    assert (joined["mentions"], joined["quotes"]) == (4, 2)
    assert [pair["key"] for pair in joined["stances"]] == ["turkey|sweden"]


def test_entity_nobody_holds_is_none():
    assert merge.entity([snapshot.entity(tables(), "atlantis", now=NOW)]) is None


def test_stances_and_speakers_join_and_rank():
    left = tables(pairs={"a|b": {"support": 1, "oppose": 0}}, speakers={"x": 1})
    right = tables(pairs={"c|d": {"support": 5, "oppose": 1}}, speakers={"y": 3})
    stances = merge.stances([snapshot.stances(t, top=5) for t in (left, right)], top=5)
    assert [pair["key"] for pair in stances["support"]] == ["c|d", "a|b"]
    assert [pair["key"] for pair in stances["oppose"]] == ["c|d"]
    assert stances["count"] == 2
    speakers = merge.speakers([snapshot.speakers(t, top=1) for t in (left, right)], top=1)
    assert speakers == [{"id": "y", "name": "y", "quotes": 3}]
