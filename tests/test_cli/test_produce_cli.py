"""``stancewire produce`` through click's CliRunner: dry runs, then the real broker."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result
from kafka.admin import NewTopic

from stancewire.cli.produce import produce
from stancewire.clients import make_admin
from stancewire.settings import Settings
from stancewire.topic_names import ARTICLES
from tests.kafka_helpers import read_all
from tests.test_inputs import ATOM, RSS


def run(args: list[str], settings: Settings | None = None, stdin: bytes | None = None) -> Result:
    env = {"STANCEWIRE_TOPIC_PREFIX": settings.topic_prefix if settings else "dry.",
           "STANCEWIRE_BOOTSTRAP": settings.bootstrap if settings else "127.0.0.1:1"}
    return CliRunner().invoke(produce, args, env=env, input=stdin)


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """One file of each format, each with good records only."""
    files = {
        "txt": ("story.txt", "Harbour reopens\nThe harbour reopened on Monday after repairs."),
        "json": ("one.json", '{"id": "j1", "text": "A single JSON article."}'),
        "array": ("many.json", '[{"id": "a1", "text": "first"}, {"id": "a2", "text": "second"}]'),
        "jsonl": ("lines.jsonl", '{"id": "l1", "text": "one"}\n{"id": "l2", "text": "two"}\n'),
        "ndjson": ("lines.ndjson", '{"id": "n1", "text": "one"}\n'),
        "rss": ("herald.rss", RSS.replace("<item>\n  <title>No body", "<x>\n  <title>No body")
                .replace("</link>\n</item>\n</channel>", "</link>\n</x>\n</channel>")),
        "atom": ("desk.atom", ATOM),
    }
    paths = {}
    for name, (filename, content) in files.items():
        paths[name] = tmp_path / filename
        paths[name].write_text(content, encoding="utf-8")
    return paths


@pytest.mark.parametrize(("name", "count"), [
    ("txt", 1), ("json", 1), ("array", 2), ("jsonl", 2), ("ndjson", 1), ("rss", 2), ("atom", 1)])
def test_dry_run_validates_every_format(inputs: dict[str, Path], name: str, count: int) -> None:
    result = run(["--dry-run", str(inputs[name])])
    assert result.exit_code == 0, result.output
    assert f"valid {count}, failed 0" in result.stderr
    assert "dry run: nothing sent" in result.stderr


def test_dry_run_reads_stdin_as_jsonl_or_text() -> None:
    result = run(["--dry-run"], stdin=b'{"text": "a"}\n{"text": "b"}\n')
    assert result.exit_code == 0 and "valid 2," in result.stderr
    result = run(["--dry-run", "--format", "text", "-"], stdin=b"Title\nbody\n")
    assert result.exit_code == 0 and "valid 1," in result.stderr


@pytest.mark.parametrize(("line", "reason"), [
    (b'{"id": "x", "text": ""}', "'text' is empty"),
    (b'{"id": "x"}', "has no 'text' field"),
    (b'{"text": 42}', "'text' must be a string"),
    (b'{"text": "ok", "title": ["a"]}', "'title' must be a string"),
    (b'{"text": "ok", "id": {"a": 1}}', "'id' must be a string or an integer"),
    (b'"just a string"', "expected a JSON object"),
    (b'{"text": "ok", "id": ', "invalid JSON"),
    (b'{"text": "' + b"x" * 200_001 + b'"}', "the limit is 200,000"),
])
def test_each_bad_record_is_reported_at_its_line_and_exit_code_is_2(
        tmp_path: Path, line: bytes, reason: str) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"id": "good-1", "text": "fine"}\n' + line + b'\n{"text": "fine too"}\n')
    result = run(["--dry-run", str(path)])
    assert result.exit_code == 2
    [problem] = [out for out in result.stderr.splitlines() if out.startswith(str(path))]
    assert problem.startswith(f"{path}:2: ")
    assert reason in problem
    assert "valid 2, failed 1" in result.stderr


def test_key_field_must_be_scalar(tmp_path: Path) -> None:
    path = tmp_path / "keys.jsonl"
    path.write_text('{"text": "a", "url": ["x"]}\n{"text": "b", "url": "https://e.org/b"}\n')
    result = run(["--dry-run", "--key-field", "url", str(path)])
    assert result.exit_code == 2
    assert f"{path}:1: the key field 'url' must be a string or an integer" in result.stderr


def test_unreachable_broker_fails_fast_with_exit_1(inputs: dict[str, Path]) -> None:
    started = time.monotonic()
    result = run([str(inputs["jsonl"])])
    assert result.exit_code == 1
    assert "no Kafka broker answers at 127.0.0.1:1" in result.stderr
    assert time.monotonic() - started < 10


@pytest.mark.kafka
def test_missing_compression_library_is_a_clear_error(inputs: dict[str, Path],
                                                      settings: Settings) -> None:
    result = run(["--compression", "snappy", str(inputs["jsonl"])], settings)
    assert result.exit_code == 1
    assert "snappy compression needs its Python library" in result.stderr


# --- against the real broker ---------------------------------------------------------------

def sent_values(settings: Settings, topic: str = ARTICLES) -> dict[str, dict]:
    return {record.key.decode(): orjson.loads(record.value)
            for record in read_all(settings, topic)}


@pytest.mark.kafka
def test_every_format_lands_on_the_topic_keyed_by_id(inputs: dict[str, Path],
                                                     settings: Settings) -> None:
    result = run([str(path) for path in inputs.values()], settings)
    assert result.exit_code == 0, result.output
    assert "sent 10, failed 0" in result.stderr
    values = sent_values(settings)
    assert len(values) == 10
    assert values["j1"] == {"id": "j1", "text": "A single JSON article."}
    assert values["https://example.org/1"]["source"] == "Example Herald"
    assert values["urn:example:atom:1"]["title"] == "Atom entry"
    [text_key] = [key for key, value in values.items() if value.get("title") == "Harbour reopens"]
    assert len(text_key) == 16  # no id: keyed by the same text hash the worker would use


@pytest.mark.kafka
def test_bad_records_are_reported_and_the_good_ones_sent(tmp_path: Path,
                                                         settings: Settings) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"id": "g1", "text": "good one"}\n{"id": "b1", "text": ""}\n'
                     b'{"id": "g2", "text": "good two"}\n{"id": "b2", "text": "half an obj')
    result = run([str(path)], settings)
    assert result.exit_code == 2
    assert f"{path}:2: 'text' is empty" in result.stderr
    assert f"{path}:4: invalid JSON: the line is cut short" in result.stderr
    assert "sent 2, failed 2" in result.stderr
    assert sent_values(settings) == {"g1": {"id": "g1", "text": "good one"},
                                     "g2": {"id": "g2", "text": "good two"}}


@pytest.mark.kafka
def test_stdin_limit_key_field_and_compression(settings: Settings) -> None:
    lines = b"".join(orjson.dumps({"id": f"s{i}", "url": f"https://e.org/{i}", "text": f"t{i}"})
                     + b"\n" for i in range(10))
    result = run(["--limit", "4", "--key-field", "url", "--compression", "lz4", "-"], settings,
                 stdin=lines)
    assert result.exit_code == 0, result.output
    assert sorted(sent_values(settings)) == [f"https://e.org/{i}" for i in range(4)]


@pytest.mark.kafka
@pytest.mark.parametrize("compression", ["gzip", "lz4"])
def test_compressed_records_read_back_whole(inputs: dict[str, Path], settings: Settings,
                                            compression: str) -> None:
    result = run(["--compression", compression, str(inputs["jsonl"])], settings)
    assert result.exit_code == 0, result.output
    assert sorted(sent_values(settings)) == ["l1", "l2"]


@pytest.mark.kafka
def test_rate_caps_articles_per_second(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "ten.jsonl"
    path.write_text("".join(f'{{"id": "r{i}", "text": "t"}}\n' for i in range(11)))
    started = time.monotonic()
    result = run(["--rate", "20", str(path)], settings)
    assert result.exit_code == 0
    assert time.monotonic() - started >= 0.5  # 11 records at 20/s: the last one at 0.5 s
    assert len(sent_values(settings)) == 11


@pytest.mark.kafka
def test_explicit_topic(inputs: dict[str, Path], settings: Settings) -> None:
    topic = f"{settings.topic_prefix}custom"
    result = run(["--topic", topic, str(inputs["array"])], settings)
    assert result.exit_code == 0
    assert sorted(sent_values(settings, "custom")) == ["a1", "a2"]


@pytest.mark.kafka
def test_records_the_broker_refuses_are_undelivered_and_exit_1(tmp_path: Path,
                                                               settings: Settings) -> None:
    topic = f"{settings.topic_prefix}small-{uuid.uuid4().hex[:6]}"
    admin = make_admin(settings)
    admin.create_topics([NewTopic(topic, 1, 1, topic_configs={"max.message.bytes": "2000"})])
    admin.close()
    path = tmp_path / "sizes.jsonl"
    path.write_bytes(b'{"id": "small", "text": "fits"}\n'
                     + orjson.dumps({"id": "big", "text": "word " * 2000}) + b"\n")
    result = run(["--topic", topic, str(path)], settings)
    assert result.exit_code == 1, result.output
    assert f"{path}:2: not delivered:" in result.stderr
    assert "sent 1, failed 1" in result.stderr
    assert list(sent_values(settings, topic.removeprefix(settings.topic_prefix))) == ["small"]


@pytest.mark.kafka
@pytest.mark.data
def test_bbc_articles_show_progress_and_summary(shared_data: Path, settings: Settings) -> None:
    path = shared_data / "news" / "bbc_articles.jsonl"
    result = run(["--progress", str(path)], settings)
    assert result.exit_code == 0, result.output
    assert f"[{'#' * 30}] 1,500/1,500" in result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("sent 1,500, failed 0, ")
    assert summary.endswith("articles/s")
    values = sent_values(settings)
    assert len(values) == 1500
    assert all(value["text"] and key == value["id"] for key, value in values.items())
