"""Table state read back from the changelog topics, and the same counts recomputed
from the fan-out topics, so that tests compare what the tables say with what
the output topics imply."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import orjson

from stancewire import topic_names
from stancewire.settings import Settings
from tests.kafka_helpers import end_offsets, read_all


def _changelog(settings: Settings, table: str) -> tuple[Settings, str]:
    """Settings that reach the changelog topic of ``table``, and its name."""
    return (Settings.from_env(bootstrap=settings.bootstrap, topic_prefix=""),
            f"{settings.app_id}-{table}-changelog")


def table_state(settings: Settings, table: str) -> dict[Any, Any]:
    """The latest value of each key of a Faust table, from its changelog topic."""
    state: dict[Any, Any] = {}
    for record in read_all(*_changelog(settings, table)):
        key = _hashable(orjson.loads(record.key))
        if record.value is None:
            state.pop(key, None)
        else:
            state[key] = orjson.loads(record.value)
    return state


def _hashable(key: Any) -> Any:
    """A JSON key with its lists as tuples: a windowed key is [key, [start, end]]."""
    return tuple(_hashable(part) for part in key) if isinstance(key, list) else key


def recomputed_counts(settings: Settings) -> dict[str, Counter[str]]:
    """Per table, the counts the fan-out and output topics imply."""
    mentions: Counter[str] = Counter()
    windows: Counter[str] = Counter()
    for record in read_all(settings, topic_names.MENTIONS):
        event = orjson.loads(record.value)
        mentions[event["entity_id"]] += event["count"]
        # the window of the record's own timestamp, as Faust's relative_to_stream
        seconds = record.timestamp / 1000
        windows[_window_key(event["entity_id"], seconds - seconds % settings.window_seconds)
                ] += event["count"]
    quotes: Counter[str] = Counter(record.key.decode()
                                   for record in read_all(settings, topic_names.QUOTES))
    stances: Counter[str] = Counter()
    for record in read_all(settings, topic_names.STANCES):
        signal = orjson.loads(record.value)["signal"]
        polarity = -signal["polarity"] if signal["negated"] else signal["polarity"]
        if polarity:
            stances[f"{record.key.decode()}/{'support' if polarity > 0 else 'oppose'}"] += 1
    outcomes: Counter[str] = Counter()
    for topic, outcome in ((topic_names.ENRICHED, "processed"), (topic_names.DLQ, "rejected")):
        for record in read_all(settings, topic):
            outcomes[f"{outcome}/{record.partition}"] += 1
    return {"entity-mentions": mentions, "entity-mentions-window": windows,
            "speaker-quotes": quotes, "stance-pairs": stances, "article-outcomes": outcomes}


def tables_as_counts(settings: Settings) -> dict[str, Counter[str]]:
    """The tables' state in the shape of :func:`recomputed_counts`."""
    stances: Counter[str] = Counter()
    for key, pair in table_state(settings, "stance-pairs").items():
        for side in ("support", "oppose"):
            if pair[side]:
                stances[f"{key}/{side}"] = pair[side]
    return {
        "entity-mentions": Counter(table_state(settings, "entity-mentions")),
        "entity-mentions-window": Counter({
            _window_key(entity, start): count for (entity, (start, _)), count
            in table_state(settings, "entity-mentions-window").items()}),
        "speaker-quotes": Counter(table_state(settings, "speaker-quotes")),
        "stance-pairs": stances,
        "article-outcomes": Counter(table_state(settings, "article-outcomes")),
    }


def _window_key(entity: str, start: float) -> str:
    return f"{entity}@{start:.0f}"


def changelog_ends(settings: Settings, table: str) -> str:
    """Per partition of the changelog of ``table``: its committed end and its log end.

    A committed end behind the log end for good is a transaction never closed.
    """
    plain, topic = _changelog(settings, table)
    committed = end_offsets(plain, topic)
    written = end_offsets(plain, topic, isolation_level="read_uncommitted")
    return f"{topic} partitions (committed end, log end): " + ", ".join(
        f"{p}: ({committed[p]}, {written[p]})" for p in sorted(written))


def differences(tables: dict[str, Counter[str]], expected: dict[str, Counter[str]]) -> str:
    """Where the tables and the recomputed counts disagree, a line per table."""
    lines = []
    for table, counts in expected.items():
        got = tables.get(table, Counter())
        wrong = {key: (got[key], counts[key]) for key in set(got) | set(counts)
                 if got[key] != counts[key]}
        if wrong:
            sample = dict(sorted(wrong.items())[:5])
            lines.append(f"{table}: {len(wrong)} keys differ, (table, topics) e.g. {sample}")
    return "; ".join(lines)


def table_totals(counts: Mapping[str, Counter[str]]) -> str:
    """A scenario's figure line: each table's total, the tables equal to the topics' counts."""
    return "tables equal the recomputed counts: " + ", ".join(
        f"{table} {sum(values.values())}" for table, values in sorted(counts.items()))
