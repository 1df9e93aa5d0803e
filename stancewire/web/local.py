"""This worker's slice of every answer: :mod:`stancewire.web.snapshot` over the Faust tables.

A part is asked for by name with string parameters, the same whether the
request comes from this worker's own fan-out or over HTTP from another
worker (``/api/local/{part}/``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import NamedTuple, cast

from faust.tables.wrappers import WindowWrapper
from faust.types.windows import WindowT

from stancewire import tables as faust_tables
from stancewire.app import app, settings
from stancewire.web import snapshot
from stancewire.web.params import BadRequest, required, top, window
from stancewire.web.rate import RateMeter
from stancewire.web.snapshot import JSON, LocalTables

#: Parts a worker answers, in the order the API asks for them.
PARTS = ("stats", "entities", "entity", "stances", "speakers")
#: Seconds a copy of the tables serves answers: polls and fan-outs within it share one read.
SNAPSHOT_SECONDS = 0.5
#: Articles per second on this worker; fed by the timer in :mod:`stancewire.web.services`.
article_rate = RateMeter()


class _Snapshot(NamedTuple):
    taken: float
    tables: LocalTables


_last: _Snapshot | None = None


def tables() -> LocalTables:
    """This worker's tables copied into dicts, at most :data:`SNAPSHOT_SECONDS` old.

    Iterating a Faust table decodes every key and value (~8 us an item with
    rocksdb), so each table is read once per snapshot, not once per question.
    """
    global _last
    now = time.monotonic()
    if _last is None or now - _last.taken >= SNAPSHOT_SECONDS:
        _last = _Snapshot(now, LocalTables(
            mentions=dict(faust_tables.entity_mentions.items()), window_mentions=_window_counter(),
            names=faust_tables.entity_names, stance_pairs=dict(faust_tables.stance_pairs.items()),
            speaker_quotes=dict(faust_tables.speaker_quotes.items()),
            outcomes=dict(faust_tables.article_outcomes.items()),
            window_seconds=settings.window_seconds))
    return _last.tables


def _window_counter() -> Callable[[str, float], int]:
    windowed = cast(WindowWrapper, faust_tables.entity_mentions_window).table
    window = cast(WindowT, windowed.window)

    @lru_cache(maxsize=100_000)
    def in_range(key: str, span: tuple[float, float]) -> int:
        # a point lookup by (key, window range): the wrapper's own reads need a current event
        return int(windowed[key, span])

    return lambda key, at: in_range(key, window.current(at))


def answer(part: str, params: Mapping[str, str]) -> JSON:
    """This worker's answer to ``part``; raises :class:`BadRequest` on bad parameters."""
    now = time.time()
    if part == "stats":
        found = snapshot.stats(tables())
        found["per_second"] = article_rate.per_second()
    elif part == "entities":
        found = snapshot.entities(tables(), top=top(params), window=window(params), now=now)
    elif part == "entity":
        found = snapshot.entity(tables(), required(params, "id"), now=now)
    elif part == "stances":
        found = snapshot.stances(tables(), top=top(params), source=params.get("source"),
                                 target=params.get("target"))
    elif part == "speakers":
        found = snapshot.speakers(tables(), top=top(params))
    else:
        raise BadRequest(f"unknown part {part!r}: expected one of {', '.join(PARTS)}")
    found["partitions"] = active_partitions()
    return found


def active_partitions() -> list[int]:
    """The partitions whose table data this worker holds."""
    changelog = faust_tables.article_outcomes.changelog_topic.get_topic_name()
    return sorted(tp.partition for tp in app.assignor.assigned_actives()
                  if tp.topic == changelog)
