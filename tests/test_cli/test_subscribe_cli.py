"""``stancewire subscribe`` against the real broker, on hand-written enriched events."""

from __future__ import annotations

import contextlib
import os
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
from stancewire.clients import make_admin
from stancewire.models import DeadLetter
from stancewire.settings import Settings
from stancewire.topic_names import DLQ, ENRICHED, QUOTES
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
