"""The worker's local table state, and the cluster and changelog topics it was built from.

Faust keeps each table in a local store beside the offsets of the changelog
it has applied. State built against another Kafka cluster, or against an
older incarnation of a changelog topic (deleted and created again), holds
offsets the current topic never had: Faust stops with a ``ConsistencyError``,
or skips records. So the state folder records where it came from
(``origin.json``: the cluster id and the changelog topics' ids), and state of
another origin is set aside (moved, never deleted) and rebuilt from the
changelogs.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import NamedTuple

import orjson

from stancewire.clients import make_admin
from stancewire.settings import Settings

_ORIGIN_FILE = "origin.json"
_CHANGELOG_SUFFIX = "-changelog"

log = logging.getLogger(__name__)


class StateOrigin(NamedTuple):
    """Where table state comes from: a cluster, and the ids of its changelog topics."""

    cluster_id: str
    changelogs: dict[str, str]  # topic name -> topic id


def state_folder(settings: Settings) -> Path:
    """The folder of the worker's local table state (Faust's data dir)."""
    return settings.data_dir / "worker"


def current_origin(settings: Settings) -> StateOrigin:
    """The cluster id and the app's changelog topic ids, asked of the broker."""
    admin = make_admin(settings)
    try:
        cluster_id = str(admin.describe_cluster()["cluster_id"])
        prefix = f"{settings.app_id}-"
        changelogs = {topic["name"]: str(topic["topic_id"]) for topic in admin.describe_topics()
                      if topic["name"].startswith(prefix)
                      and topic["name"].endswith(_CHANGELOG_SUFFIX)}
    finally:
        admin.close()
    return StateOrigin(cluster_id, changelogs)


def check_state(settings: Settings, origin: StateOrigin) -> Path | None:
    """Set the local state aside unless it was built from ``origin``; record ``origin``.

    Returns the folder the state was moved to, or None when it was kept (or
    there was none).
    """
    folder = state_folder(settings)
    aside = None
    if folder.exists() and any(folder.iterdir()):
        reason = _mismatch(_recorded(folder), origin)
        if reason is not None:
            aside = set_state_aside(settings, reason=reason)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / _ORIGIN_FILE).write_bytes(orjson.dumps(origin._asdict()))
    return aside


def set_state_aside(settings: Settings, *, reason: str) -> Path | None:
    """Move the local state to a new folder beside it; that folder, or None if none."""
    folder = state_folder(settings)
    if not folder.exists():
        return None
    aside = folder.with_name(f"worker.set-aside-{time.strftime('%Y%m%dT%H%M%S')}")
    folder.rename(aside)
    log.warning("local table state set aside in %s (%s); the tables are rebuilt from their "
                "changelogs", aside, reason)
    return aside


def _recorded(folder: Path) -> StateOrigin | None:
    try:
        fields = orjson.loads((folder / _ORIGIN_FILE).read_bytes())
        return StateOrigin(str(fields["cluster_id"]), dict(fields["changelogs"]))
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None


def _mismatch(recorded: StateOrigin | None, origin: StateOrigin) -> str | None:
    if recorded is None:
        return "it does not say which cluster it was built from"
    if recorded.cluster_id != origin.cluster_id:
        return f"built from cluster {recorded.cluster_id}, the broker is {origin.cluster_id}"
    for topic, topic_id in recorded.changelogs.items():
        if origin.changelogs.get(topic, topic_id) != topic_id:
            return f"changelog {topic} was deleted and created again since"
    return None
