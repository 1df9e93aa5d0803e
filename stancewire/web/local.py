"""This worker's slice of every answer: :mod:`stancewire.web.snapshot` over the Faust tables.

A part is asked for by name with string parameters, the same whether the
request comes from this worker's own fan-out or over HTTP from another
worker (``/api/local/{part}/``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import cast

from faust.tables.wrappers import WindowWrapper

from stancewire.app import app, settings
from stancewire.tables import (
    article_outcomes,
    entity_mentions,
    entity_mentions_window,
    entity_names,
    speaker_quotes,
    stance_pairs,
)
from stancewire.web import snapshot
from stancewire.web.params import BadRequest, required, top, window
from stancewire.web.rate import RateMeter
from stancewire.web.snapshot import JSON, LocalTables

#: Parts a worker answers, in the order the API asks for them.
PARTS = ("stats", "entities", "entity", "stances", "speakers")
def _window_mentions(key: str, at: float) -> int:
    # the window relative to ``at``: the stream-relative default needs a current event
    windows = cast(WindowWrapper, entity_mentions_window).relative_to(at)
    return int(windows[key].value())


TABLES = LocalTables(
    mentions=entity_mentions, window_mentions=_window_mentions, names=entity_names,
    stance_pairs=stance_pairs, speaker_quotes=speaker_quotes, outcomes=article_outcomes,
    window_seconds=settings.window_seconds)

#: Articles per second on this worker; fed by the timer in :mod:`stancewire.web.views`.
article_rate = RateMeter()


def answer(part: str, params: Mapping[str, str]) -> JSON:
    """This worker's answer to ``part``; raises :class:`BadRequest` on bad parameters."""
    now = time.time()
    if part == "stats":
        found = snapshot.stats(TABLES)
        found["per_second"] = article_rate.per_second()
    elif part == "entities":
        found = snapshot.entities(TABLES, top=top(params), window=window(params), now=now)
    elif part == "entity":
        found = snapshot.entity(TABLES, required(params, "id"), now=now)
    elif part == "stances":
        found = snapshot.stances(TABLES, top=top(params), source=params.get("source"),
                                 target=params.get("target"))
    elif part == "speakers":
        found = snapshot.speakers(TABLES, top=top(params))
    else:
        raise BadRequest(f"unknown part {part!r}: expected one of {', '.join(PARTS)}")
    found["partitions"] = active_partitions()
    return found


def active_partitions() -> list[int]:
    """The partitions whose table data this worker holds."""
    changelog = article_outcomes.changelog_topic.get_topic_name()
    return sorted(tp.partition for tp in app.assignor.assigned_actives()
                  if tp.topic == changelog)
