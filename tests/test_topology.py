"""The production topology against the real broker: volume, bad input, kills, two workers."""

from __future__ import annotations

import itertools
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest

from stancewire import topic_names
from stancewire.clients import ensure_topics
from stancewire.settings import Settings
from tests.kafka_helpers import (
    produce,
    produce_json,
    read_all,
    wait_for,
    wait_for_values,
)
from tests.tables_helpers import (
    changelog_ends,
    differences,
    recomputed_counts,
    tables_as_counts,
)

pytestmark = pytest.mark.kafka


def bbc_articles(shared_data: Path, count: int) -> list[dict[str, Any]]:
    lines = (shared_data / "news" / "bbc_articles.jsonl").read_text().splitlines()
    return [orjson.loads(line) for line in itertools.islice(lines, count)]


def enriched_ids(settings) -> list[str]:
    return [record.key.decode() for record in read_all(settings, topic_names.ENRICHED)]


def assert_tables_match_topics(settings, *, timeout: float = 90) -> dict[str, Counter[str]]:
    """Wait until the tables equal the counts the topics imply; return those counts."""
    sides: list[dict[str, Counter[str]]] = []

    def matched() -> dict[str, Counter[str]] | None:
        # both sides are read again each time: a read_committed read of a topic stops
        # at its oldest open transaction, so one read of the topics can be short
        sides[:] = [tables_as_counts(settings), recomputed_counts(settings)]
        return sides[1] if sides[0] == sides[1] else None

    try:
        expected = wait_for(matched, timeout=timeout,
                            what="the tables to equal the counts recomputed from the output "
                                 "topics")
    except AssertionError as exc:
        wrong = [table for table, counts in sides[1].items() if sides[0].get(table) != counts]
        raise AssertionError("; ".join([f"{exc}: {differences(*sides)}", *(
            changelog_ends(settings, table) for table in wrong)])) from None
    assert sum(expected["entity-mentions"].values()) > 0
    return expected


def assert_input_order_kept(settings: Settings) -> None:
    """Enriched events of one input partition come out in their input order."""
    source = {record.key: (record.partition, record.offset)
              for record in read_all(settings, topic_names.ARTICLES)}
    last: dict[tuple[int, int], int] = {}  # (enriched partition, input partition): input offset
    for record in read_all(settings, topic_names.ENRICHED):
        partition, offset = source[record.key]
        previous = last.get((record.partition, partition), -1)
        assert offset > previous, (f"{record.key!r} (input {partition}/{offset}) enriched "
                                   f"after input offset {previous} of its partition")
        last[record.partition, partition] = offset


def test_500_articles_give_500_events_and_tables_match(make_settings, start_worker,
                                                       shared_data):
    # windows short enough that the run spans several, long enough that none expires
    settings = make_settings(window_seconds=15.0)
    ensure_topics(settings)
    articles = bbc_articles(shared_data, 500)
    start_worker(settings)
    produce_json(settings, topic_names.ARTICLES, articles)
    events = wait_for_values(settings, topic_names.ENRICHED, 500, timeout=900)
    assert len(events) == 500
    assert {event["id"] for event in events} == {str(article["id"]) for article in articles}
    assert read_all(settings, topic_names.DLQ) == []
    assert_input_order_kept(settings)
    counted = assert_tables_match_topics(settings)["entity-mentions-window"]
    windows = {key.rpartition("@")[2] for key in counted}
    assert len(windows) >= 2, "the run should span several mention windows"


# (key, value, expected error code); every key is unique so dead letters can be matched.
BAD_INPUT: list[tuple[bytes | None, bytes | None, str]] = [
    (b"bad-tombstone", None, "null_value"),
    (b"bad-latin1", "Café au lait".encode("latin-1"), "invalid_utf8"),
    (b"bad-truncated", b'{"id": "x", "text": "Half an obj', "invalid_json"),
    (b"bad-array", b'["text", "in", "an", "array"]', "not_an_object"),
    (b"bad-no-text", b'{"title": "A title and nothing else"}', "missing_text"),
    (b"bad-text-number", b'{"text": 3.14}', "wrong_type"),
    (b"bad-title-object", b'{"text": "Fine text.", "title": {"nested": true}}', "wrong_type"),
    (b"bad-id-bool", b'{"text": "Fine text.", "id": false}', "wrong_type"),
    (b"bad-empty", b'{"text": ""}', "empty_text"),
    (b"bad-whitespace", b"  \n\t  \n", "empty_text"),
    (b"bad-huge", orjson.dumps({"text": "word " * 20_000}), "text_too_long"),
    (b"bad-nested", b"[" * 5_000 + b"]" * 5_000, "invalid_json"),
    (b"\xff\xfe", b'{"text": "A key that is not UTF-8."}', "invalid_utf8"),
]


def test_bad_input_goes_to_the_dlq_with_its_code_and_good_input_is_enriched(
        settings, start_worker, shared_data):
    good = bbc_articles(shared_data, 20)
    records = [(str(a["id"]).encode(), orjson.dumps(a)) for a in good]
    mixed = [r for pair in itertools.zip_longest(records, BAD_INPUT) for r in pair if r]
    worker = start_worker(settings, STANCEWIRE_MAX_TEXT_CHARS="50000")
    produce(settings, topic_names.ARTICLES, [(key, value) for key, value, *_ in mixed])
    letters = wait_for_values(settings, topic_names.DLQ, len(BAD_INPUT), timeout=300)
    events = wait_for_values(settings, topic_names.ENRICHED, len(good), timeout=300)
    by_value = {(letter["key"], letter["value"]): letter for letter in letters}
    assert len(letters) == len(BAD_INPUT)
    for key, value, code in BAD_INPUT:
        shown_key = key.decode("utf-8", errors="replace")
        shown_value = "" if value is None else (
            value.decode() if code != "invalid_utf8" or key == b"\xff\xfe"
            else __import__("base64").b64encode(value).decode())
        letter = by_value[(shown_key, shown_value)]
        assert letter["error_code"] == code, (key, letter["error"])
        assert letter["error"]
        assert letter["topic"] == settings.topic(topic_names.ARTICLES)
        assert letter["offset"] >= 0
    assert sorted(e["id"] for e in events) == sorted(str(a["id"]) for a in good)
    assert worker.alive()
    assert_tables_match_topics(settings)


def assert_exactly_once(settings, articles) -> None:
    """Every article once on the enriched topic and no dead letters."""
    ids = enriched_ids(settings)
    assert set(ids) == {str(a["id"]) for a in articles}, "articles missing"
    assert read_all(settings, topic_names.DLQ) == []
    duplicated = sorted(i for i in set(ids) if ids.count(i) > 1)
    assert duplicated == [], f"duplicated on articles.enriched: {duplicated[:10]}"
    assert len(ids) == len(articles)


def test_worker_killed_mid_stream_in_exactly_once_mode(make_settings, start_worker,
                                                       shared_data):
    settings = make_settings(processing_guarantee="exactly_once")
    ensure_topics(settings)
    articles = bbc_articles(shared_data, 150)
    first = start_worker(settings, name="w1")
    produce_json(settings, topic_names.ARTICLES, articles)
    wait_for(lambda: len(read_all(settings, topic_names.ENRICHED)) >= 30, timeout=300,
             what="some articles enriched before the kill")
    first.kill()
    assert len(enriched_ids(settings)) < len(articles), "killed too late to test anything"
    start_worker(settings, name="w1")  # same data folder: a restart, not a new worker
    wait_for(lambda: set(enriched_ids(settings)) >= {str(a["id"]) for a in articles},
             timeout=300, what="every article enriched after the restart")
    assert_exactly_once(settings, articles)
    assert_tables_match_topics(settings)


def partitions_by_worker(worker) -> list[list[int]]:
    """The partitions each worker of the group holds, as the web API reports them."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{worker.web_port}/api/stats/",
                                    timeout=5) as response:
            stats = orjson.loads(response.read())
    except OSError:
        return []
    return [entry["partitions"] for entry in stats.get("workers", [])]


def test_two_workers_share_partitions_and_survive_one_killed(make_settings, start_worker,
                                                             shared_data):
    settings = make_settings(processing_guarantee="exactly_once")
    ensure_topics(settings)
    articles = bbc_articles(shared_data, 150)
    first, second = start_worker(settings, name="w1"), start_worker(settings, name="w2")
    first.wait_ready()
    second.wait_ready()
    shares = wait_for(lambda: (p if len(p := partitions_by_worker(first)) == 2 and all(p)
                               else None),
                      timeout=120, what="both workers to hold partitions")
    assert sorted(itertools.chain.from_iterable(shares)) == [0, 1, 2, 3]
    produce_json(settings, topic_names.ARTICLES, articles)
    wait_for(lambda: len(read_all(settings, topic_names.ENRICHED)) >= 30, timeout=300,
             what="some articles enriched by the two workers")
    first.kill()
    wait_for(lambda: set(enriched_ids(settings)) >= {str(a["id"]) for a in articles},
             timeout=600, what="every article enriched after the failover")
    assert second.alive()
    assert_exactly_once(settings, articles)
    assert_tables_match_topics(settings, timeout=60)
