"""Join the slices that each worker answered (:mod:`stancewire.web.snapshot`) into one answer.

A key lives in one partition and a partition on one worker, so slices are
disjoint and joining is a union. During a rebalance two workers may briefly
both report a partition: keyed values are joined with ``max`` (counters only
grow), so a key is never counted twice.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from typing import Any

from stancewire.web.snapshot import JSON, Window, strongest

_TOTALS = ("entities", "mentions", "quotes", "stance_pairs", "support", "oppose")


def stats(slices: Sequence[JSON]) -> JSON:
    """Article counts summed over partitions, and the other table sizes summed over workers."""
    processed = _max_by_key(part["processed"] for part in slices)
    rejected = _max_by_key(part["rejected"] for part in slices)
    totals = {name: sum(part[name] for part in slices) for name in _TOTALS}
    return {
        "articles": {"processed": sum(processed.values()), "rejected": sum(rejected.values()),
                     "per_second": round(sum(part.get("per_second", 0.0) for part in slices), 3)},
        **totals,
    }


def entities(slices: Sequence[JSON], *, top: int, window: Window) -> JSON:
    """The ``top`` entities of the cluster: each worker sent its own top, so this is exact."""
    rank = "mentions" if window == "all" else "window"
    joined = _union((entity for part in slices for entity in part["entities"]), "id", rank)
    return {"entities": heapq.nlargest(top, joined, key=lambda entity: (entity[rank],
                                                                       entity["mentions"])),
            "count": sum(part["count"] for part in slices)}


def entity(slices: Sequence[JSON]) -> JSON | None:
    """One entity with its quote count and stance pairs, or None when no worker knows it."""
    found = [part["entity"] for part in slices if part["entity"]]
    if not found:
        return None
    pairs = _union((pair for part in slices for pair in part["stances"]), "key", "support")
    return {**max(found, key=lambda entity: entity["mentions"]),
            "quotes": max(part["quotes"] for part in slices),
            "stances": sorted(pairs, key=lambda pair: -(pair["support"] + pair["oppose"]))}


def stances(slices: Sequence[JSON], *, top: int) -> JSON:
    """The strongest support and oppose pairs of the cluster (each worker sent its own top)."""
    support = _union((pair for part in slices for pair in part["support"]), "key", "support")
    oppose = _union((pair for part in slices for pair in part["oppose"]), "key", "oppose")
    return {"support": strongest(support, "support", top),
            "oppose": strongest(oppose, "oppose", top),
            "count": sum(part["count"] for part in slices)}


def speakers(slices: Sequence[JSON], *, top: int) -> list[JSON]:
    """The speakers of the cluster with the most quotes."""
    joined = _union((speaker for part in slices for speaker in part["speakers"]), "id", "quotes")
    return heapq.nlargest(top, joined, key=lambda speaker: speaker["quotes"])


def _max_by_key(mappings: Iterable[dict[str, int]]) -> dict[str, int]:
    joined: dict[str, int] = {}
    for mapping in mappings:
        for key, value in mapping.items():
            joined[key] = max(value, joined.get(key, 0))
    return joined


def _union(items: Iterable[JSON], key: str, rank: str) -> list[JSON]:
    """One item per ``key``: the one with the highest ``rank``."""
    joined: dict[Any, JSON] = {}
    for item in items:
        known = joined.get(item[key])
        if known is None or item[rank] > known[rank]:
            joined[item[key]] = item
    return list(joined.values())
