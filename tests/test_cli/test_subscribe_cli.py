"""``stancewire subscribe`` against the real broker, on hand-written enriched events."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from stancewire.cli.subscribe import subscribe
from stancewire.clients import make_admin, make_producer
from stancewire.models import DeadLetter
from stancewire.settings import Settings
from stancewire.topic_names import ARTICLES, DLQ, ENRICHED, QUOTES
from tests.conftest import SettingsFactory
from tests.kafka_helpers import produce, produce_json, wait_for
from tests.test_cli.events import alliance_article, unrelated_article

pytestmark = pytest.mark.kafka

OTHERS = 5


def run(args: list[str], settings: Settings) -> Result:
    env = {"STANCEWIRE_TOPIC_PREFIX": settings.topic_prefix,
           "STANCEWIRE_BOOTSTRAP": settings.bootstrap}
    return CliRunner().invoke(subscribe, args, env=env)


@contextlib.contextmanager
def spawn(args: list[str], settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    """``subscribe`` in a child process, killed at the end if a failed test left it running."""
    env = {**os.environ, "STANCEWIRE_TOPIC_PREFIX": settings.topic_prefix,
           "STANCEWIRE_BOOTSTRAP": settings.bootstrap}
    with subprocess.Popen([sys.executable, "-m", "stancewire.cli.main", "subscribe", *args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as process:
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()


@pytest.fixture
def events(settings: Settings) -> Settings:
    """The alliance article among unrelated ones on this test's enriched topic."""
    articles = [unrelated_article(n) for n in range(OTHERS)]
    articles.insert(2, alliance_article())
    produce_json(settings, ENRICHED, articles)
    return settings


def list_topics(settings: Settings) -> list[str]:
    admin = make_admin(settings)
    try:
        return list(admin.list_topics())
    finally:
        admin.close()


def ids(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [orjson.loads(line)["id"] for line in result.stdout.splitlines()]


def test_from_beginning_max_json_yields_the_events(events: Settings) -> None:
    result = run(["--from-beginning", "--max", str(OTHERS + 1), "--format", "json"], events)
    assert sorted(ids(result)) == sorted(["alliance-1", *(f"other-{n}" for n in range(OTHERS))])
    assert orjson.loads(result.stdout.splitlines()[0])["schema"] == "stancewire.enriched/1"
    assert f"{OTHERS + 1} events" in result.stderr


def test_max_stops_early(events: Settings) -> None:
    result = run(["--from-beginning", "--max", "2", "--format", "json"], events)
    assert len(ids(result)) == 2


@pytest.mark.parametrize("name", ["NATO", "nato", "the Atlantic Alliance"])
def test_entity_filter_shows_the_article_and_no_other(events: Settings, name: str) -> None:
    result = run(["--from-beginning", "--timeout", "2", "--format", "json", "--entity", name],
                 events)
    assert ids(result) == ["alliance-1"]


@pytest.mark.parametrize("option", [["--speaker", "Senator Bloggs"], ["--relation", "praise"],
                                    ["--source", "Test Wire"]])
def test_other_filters(events: Settings, option: list[str]) -> None:
    result = run(["--from-beginning", "--timeout", "2", "--format", "json", *option], events)
    assert sorted(ids(result)) == [f"other-{n}" for n in range(OTHERS)]


def test_pretty_is_the_default_and_fields_are_tab_separated(events: Settings) -> None:
    result = run(["--from-beginning", "--timeout", "2", "--entity", "NATO"], events)
    assert result.exit_code == 0
    assert "Turkey —opposes→ accession of Sweden and Finland" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    result = run(["--from-beginning", "--timeout", "2", "--entity", "NATO",
                  "--fields", "id,stances.relation"], events)
    assert result.stdout == "alliance-1\toppose, hopeful\n"


def test_dead_letters_by_alias(settings: Settings) -> None:
    letter = DeadLetter(error_code="invalid_json", error="does not parse", value="{oops",
                        value_encoding="utf-8", key=None, topic="articles", partition=0,
                        offset=3, timestamp=0.0, failed_at=0.0)
    produce(settings, DLQ, [(None, letter.dumps())])
    result = run(["--topic", "dlq", "--from-beginning", "--max", "1"], settings)
    assert result.exit_code == 0
    assert result.stdout.strip() == "✗ invalid_json: does not parse  articles[0]@3"


def test_a_group_commits_only_what_it_showed(events: Settings) -> None:
    group = f"{events.topic_prefix}readers"
    first = ids(run(["--group", group, "--from-beginning", "--max", "2", "--format", "json"],
                    events))
    rest = ids(run(["--group", group, "--from-beginning", "--timeout", "3", "--format", "json"],
                   events))
    assert len(first) == 2
    assert sorted(first + rest) == sorted(["alliance-1", *(f"other-{n}" for n in range(OTHERS))])
    again = run(["--group", group, "--timeout", "2", "--format", "json"], events)
    assert again.stdout == ""


def test_without_a_group_latest_shows_only_new_events(events: Settings) -> None:
    with spawn(["--latest", "--max", "1", "--format", "json"], events) as process:
        sent = 0

        def answered() -> bool:
            nonlocal sent
            produce_json(events, ENRICHED, [unrelated_article(100 + sent)])
            sent += 1
            return process.poll() is not None

        wait_for(answered, timeout=30, what="subscribe --latest to see a new event",
                 interval=0.3)
        out, err = process.communicate()
    assert process.returncode == 0, err
    assert orjson.loads(out)["id"].startswith("other-1")  # one of the new ones, 100 and up


def test_our_topics_are_created_when_missing(make_settings: SettingsFactory) -> None:
    fresh = make_settings()
    result = run(["--topic", "quotes", "--timeout", "0.5"], fresh)
    assert result.exit_code == 0, result.output
    assert fresh.topic(QUOTES) in list_topics(fresh)


def test_missing_topic_and_bad_options(settings: Settings) -> None:
    result = run(["--topic", f"{settings.topic_prefix}absent", "--max", "1"], settings)
    assert result.exit_code == 1
    assert "does not exist" in result.stderr
    result = run(["--follow", "--timeout", "1"], settings)
    assert result.exit_code == 2
    assert "--follow" in result.stderr


def test_closed_pipe_ends_quietly(settings: Settings) -> None:
    produce_json(settings, ENRICHED, [unrelated_article(n) for n in range(2000)])
    with spawn(["--from-beginning", "--format", "json", "--timeout", "20"], settings) as process:
        assert process.stdout is not None and process.stderr is not None
        first = [process.stdout.readline() for _ in range(2)]  # like `| head -n 2`
        process.stdout.close()
        assert process.wait(timeout=30) == 0
        assert b"Traceback" not in process.stderr.read()
    assert all(orjson.loads(line)["id"].startswith("other-") for line in first)


def test_ctrl_c_ends_cleanly(events: Settings) -> None:
    with spawn(["--from-beginning", "--follow", "--format", "json"], events) as process:
        assert process.stdout is not None and process.stderr is not None
        assert orjson.loads(process.stdout.readline())["schema"] == "stancewire.enriched/1"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        err = process.stderr.read()
    assert b"Traceback" not in err
    assert b"events" in err


@pytest.mark.data
def test_real_articles_round_trip_through_produce_and_subscribe(shared_data: Path,
                                                                settings: Settings) -> None:
    """The input topic read back: produce's records are whole JSON objects."""
    env = {"STANCEWIRE_TOPIC_PREFIX": settings.topic_prefix,
           "STANCEWIRE_BOOTSTRAP": settings.bootstrap}
    subprocess.run([sys.executable, "-m", "stancewire.cli.main", "produce", "--limit", "300",
                    str(shared_data / "news" / "bbc_articles.jsonl")], env={**os.environ, **env},
                   check=True, capture_output=True)
    started = time.monotonic()
    result = run(["--topic", "articles", "--from-beginning", "--max", "300", "--fields",
                  "id,title", "--format", "json"], settings)
    assert time.monotonic() - started < 30
    rows = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 300 and all(row["id"] and row["title"] for row in rows)


# -- kcat's ways: offsets, partitions, keys, envelopes ------------------------

Header = tuple[str, bytes]


def produce_to(settings: Settings, partition: int,
               records: list[tuple[bytes | None, bytes | None, list[Header]]]) -> None:
    """Send (key, value, headers) to one partition of the enriched topic."""
    producer = make_producer(settings)
    for key, value, headers in records:
        producer.send(settings.topic(ENRICHED), key=key, value=value, headers=headers,
                      partition=partition)
    producer.flush()
    producer.close()


@pytest.fixture
def partitioned(settings: Settings) -> Settings:
    """Five events p0..p4 on partition 1 of the enriched topic, two (q0, q1) on partition 0."""
    produce_to(settings, 1, [(f"p{n}".encode(), orjson.dumps(unrelated_article(n) | {
        "id": f"p{n}"}), []) for n in range(5)])
    produce_to(settings, 0, [(f"q{n}".encode(), orjson.dumps(unrelated_article(n) | {
        "id": f"q{n}"}), []) for n in range(2)])
    return settings


@pytest.mark.parametrize(("options", "expected"), [
    (["--partition", "1", "--offset", "2"], ["p2", "p3", "p4"]),
    (["--partition", "1", "--offset", "-2"], ["p3", "p4"]),
    (["--partition", "1", "--offset=-2"], ["p3", "p4"]),
    (["--partition", "1", "--offset", "beginning"], ["p0", "p1", "p2", "p3", "p4"]),
    (["--partition", "1", "--from-beginning"], ["p0", "p1", "p2", "p3", "p4"]),
    (["--partition", "1", "--offset", "-99"], ["p0", "p1", "p2", "p3", "p4"]),
    (["--partition", "1", "--offset", "99"], []),
    (["--partition", "1", "--offset", "end"], []),
    (["--partition", "0"], []),  # --latest, as without --partition
    (["--offset", "-1"], ["p4", "q1"]),  # every partition; the empty ones give nothing
    (["--offset", "1"], ["p1", "p2", "p3", "p4", "q1"]),
])
def test_offset_and_partition_as_kcat(partitioned: Settings, options: list[str],
                                      expected: list[str]) -> None:
    result = run([*options, "--timeout", "2", "--format", "json"], partitioned)
    assert sorted(ids(result)) == expected


@pytest.mark.parametrize(("options", "message"), [
    (["--offset", "1", "--group", "g"], "cannot be used with --group"),
    (["--partition", "1", "--group", "g"], "cannot be used with --group"),
    (["--offset", "1", "--from-beginning"], "cannot be used with --from-beginning"),
    (["--offset", "1", "--latest"], "cannot be used with --from-beginning"),
    (["--offset", "first"], "'first' is not beginning, end, an offset N or -N"),
    (["--envelope", "--format", "json"], "--envelope shows whole records"),
    (["--envelope", "--print-key"], "--envelope shows whole records"),
    (["--partition", "-1"], "-1 is not in the range x>=0"),
])
def test_contradicting_options_are_refused(settings: Settings, options: list[str],
                                           message: str) -> None:
    result = run([*options, "--timeout", "1"], settings)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_partition_the_topic_lacks_is_an_error(settings: Settings) -> None:
    result = run(["--partition", "9", "--timeout", "1"], settings)
    assert result.exit_code == 1
    assert "has no partition 9 (it has 4, from 0)" in result.stderr


def test_envelope_shows_where_each_record_sits_with_key_and_headers(settings: Settings) -> None:
    event = unrelated_article(1)
    produce_to(settings, 2, [
        (b"other-1", orjson.dumps(event), [("ce_type", b"stancewire.enriched"), ("raw", b"\xff")]),
        (None, b"not json", []),
    ])
    result = run(["--envelope", "--partition", "2", "--offset", "beginning", "--max", "2"],
                 settings)
    assert result.exit_code == 0, result.output
    first, second = (orjson.loads(line) for line in result.stdout.splitlines())
    assert set(first) == {"topic", "partition", "offset", "timestamp", "key", "headers",
                          "value"}
    assert (first["topic"], first["partition"], first["offset"]) == (
        settings.topic(ENRICHED), 2, 0)
    assert first["key"] == "other-1" and first["value"] == event
    assert first["headers"] == [["ce_type", "stancewire.enriched"], ["raw", "\ufffd"]]
    assert abs(first["timestamp"] / 1000 - time.time()) < 300
    assert (second["offset"], second["key"], second["headers"], second["value"]) == (
        1, None, [], "not json")


def test_print_key_puts_the_key_before_each_event(partitioned: Settings) -> None:
    result = run(["--print-key", "--partition", "0", "--offset", "beginning", "--timeout", "2",
                  "--fields", "id"], partitioned)
    assert result.stdout.splitlines() == ["q0\tq0", "q1\tq1"]
    result = run(["--print-key", "--partition", "0", "--offset", "-1", "--timeout", "2",
                  "--format", "json"], partitioned)
    key, value = result.stdout.rstrip("\n").split("\t")
    assert key == "q1" and orjson.loads(value)["id"] == "q1"


needs_kcat = pytest.mark.skipif(shutil.which("kcat") is None, reason="kcat is not installed")


def kcat(settings: Settings, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["kcat", "-b", settings.bootstrap, "-q", *args], input=stdin,
                          capture_output=True, check=True, timeout=60).stdout


@needs_kcat
def test_kcat_reads_what_produce_wrote(settings: Settings, tmp_path: Path) -> None:
    articles = [{"id": f"k{n}", "title": f"Title {n}", "text": f"Body number {n}."}
                for n in range(3)]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(orjson.dumps(article) + b"\n" for article in articles))
    env = {**os.environ, "STANCEWIRE_TOPIC_PREFIX": settings.topic_prefix,
           "STANCEWIRE_BOOTSTRAP": settings.bootstrap}
    subprocess.run([sys.executable, "-m", "stancewire.cli.main", "produce", str(source)],
                   env=env, check=True, capture_output=True)
    out = kcat(settings, "-C", "-t", settings.topic(ARTICLES), "-e", "-f", "%k\t%s\n")
    rows = sorted(line.split(b"\t", 1) for line in out.splitlines())
    assert [(key.decode(), orjson.loads(value)) for key, value in rows] == [
        (article["id"], article) for article in articles]


@needs_kcat
def test_subscribe_envelope_shows_what_kcat_wrote_headers_included(settings: Settings) -> None:
    event = unrelated_article(7)
    kcat(settings, "-P", "-t", settings.topic(ENRICHED), "-p", "3", "-k", "other-7",
         "-H", "ce_id=abc-1", "-H", "ce_type=stancewire.enriched", stdin=orjson.dumps(event))
    result = run(["--envelope", "--partition", "3", "--offset", "beginning", "--max", "1"],
                 settings)
    assert result.exit_code == 0, result.output
    shown = orjson.loads(result.stdout)
    assert (shown["partition"], shown["offset"], shown["key"]) == (3, 0, "other-7")
    assert shown["headers"] == [["ce_id", "abc-1"], ["ce_type", "stancewire.enriched"]]
    assert shown["value"] == event
