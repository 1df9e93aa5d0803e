"""What one worker can tell: answers computed from the table partitions it holds.

Pure functions over mappings, so they run on plain dicts in tests and on the
Faust tables in a worker (whose iteration yields only active partitions).
Every key lives in exactly one partition, so these answers are slices that
:mod:`stancewire.web.merge` joins into cluster-wide ones.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Window = Literal["all", "current"]
JSON = dict[str, Any]

#: How many windows the trend of an entity spans (oldest first, current last).
TREND_POINTS = 8


@dataclass(frozen=True, kw_only=True)
class LocalTables:
    """The counters of one worker; see :mod:`stancewire.tables` for what each holds."""

    mentions: Mapping[str, int]
    #: Mentions of an entity in the tumbling window that holds a timestamp.
    window_mentions: Callable[[str, float], int]
    names: Mapping[str, Sequence[str]]
    stance_pairs: Mapping[str, Mapping[str, Any]]
    speaker_quotes: Mapping[str, int]
    outcomes: Mapping[str, int]
    window_seconds: float


def window_bounds(now: float, size: float) -> tuple[float, float]:
    """Start and end of the tumbling window holding ``now``."""
    start = now - now % size
    return start, start + size


def stats(tables: LocalTables) -> JSON:
    """Article outcomes per input partition and the sizes of the other tables."""
    processed: dict[str, int] = {}
    rejected: dict[str, int] = {}
    for key, count in tables.outcomes.items():
        outcome, _, partition = key.partition("/")
        (processed if outcome == "processed" else rejected)[partition] = count
    support = oppose = 0
    for pair in tables.stance_pairs.values():
        support += pair.get("support", 0)
        oppose += pair.get("oppose", 0)
    return {
        "processed": processed,
        "rejected": rejected,
        "entities": len(tables.mentions),
        "mentions": sum(tables.mentions.values()),
        "quotes": sum(tables.speaker_quotes.values()),
        "stance_pairs": len(tables.stance_pairs),
        "support": support,
        "oppose": oppose,
    }


def entities(tables: LocalTables, *, top: int, window: Window, now: float) -> JSON:
    """The ``top`` entities here by all-time or current-window mentions, with trends."""
    counts = tables.mentions.items()
    if window == "all":
        ranked = heapq.nlargest(top, counts, key=lambda item: item[1])
        chosen = [_entity(tables, key, count, now) for key, count in ranked]
    else:
        in_window = ((key, count, tables.window_mentions(key, now)) for key, count in counts)
        ranked_w = heapq.nlargest(top, (item for item in in_window if item[2]),
                                  key=lambda item: item[2])
        chosen = [_entity(tables, key, count, now) for key, count, _ in ranked_w]
    return {"entities": chosen, "count": len(tables.mentions)}


def entity(tables: LocalTables, entity_id: str, *, now: float) -> JSON:
    """One entity's counters if its partition is here, and the stance pairs here naming it."""
    count = tables.mentions.get(entity_id) or 0
    found = _entity(tables, entity_id, count, now) if count else None
    pairs = [_pair(key, pair) for key, pair in tables.stance_pairs.items()
             if entity_id in key.split("|")]
    return {"entity": found, "quotes": tables.speaker_quotes.get(entity_id) or 0,
            "stances": pairs}


def stances(tables: LocalTables, *, top: int, source: str | None = None,
            target: str | None = None) -> JSON:
    """The strongest support and oppose pairs here, optionally for one source or target."""
    pairs = [_pair(key, pair) for key, pair in tables.stance_pairs.items()]
    pairs = [pair for pair in pairs
             if _matches(source, pair["source_id"], pair["source"])
             and _matches(target, pair["target_id"], pair["target"])]
    return {"support": strongest(pairs, "support", top),
            "oppose": strongest(pairs, "oppose", top), "count": len(pairs)}


def speakers(tables: LocalTables, *, top: int) -> JSON:
    """The speakers here with the most quotes."""
    ranked = heapq.nlargest(top, tables.speaker_quotes.items(), key=lambda item: item[1])
    return {"speakers": [{"id": key, "name": _name(tables, key)[0], "quotes": count}
                         for key, count in ranked]}


def strongest(pairs: Iterable[JSON], polarity: str, top: int) -> list[JSON]:
    """The ``top`` pairs with the most ``polarity`` ("support" or "oppose") signals."""
    return heapq.nlargest(top, (pair for pair in pairs if pair[polarity] > 0),
                          key=lambda pair: (pair[polarity], pair["key"]))


def _entity(tables: LocalTables, key: str, count: int, now: float) -> JSON:
    size = tables.window_seconds
    trend = [tables.window_mentions(key, now - size * back)
             for back in range(TREND_POINTS - 1, -1, -1)]
    name, label = _name(tables, key)
    return {"id": key, "name": name, "label": label, "mentions": count, "window": trend[-1],
            "trend": trend}


def _name(tables: LocalTables, key: str) -> tuple[str, str]:
    known = tables.names.get(key) or ()
    return (known[0], known[1]) if len(known) == 2 else (key, "")


def _pair(key: str, pair: Mapping[str, Any]) -> JSON:
    source_id, _, target_id = key.partition("|")
    return {"key": key, "source_id": source_id, "target_id": target_id,
            "source": pair.get("source", source_id), "target": pair.get("target", target_id),
            "support": pair.get("support", 0), "oppose": pair.get("oppose", 0)}


def _matches(wanted: str | None, entity_id: str, name: str) -> bool:
    return not wanted or wanted == entity_id or wanted.casefold() == name.casefold()
