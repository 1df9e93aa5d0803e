"""``stancewire enrich``: one article or many, in order, bad records reported, no Kafka."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from stancewire import enriching
from stancewire.cli.main import cli
from stancewire.schemas import json_schema

ENRICHED = Draft202012Validator(json_schema("enriched"))

ARTICLES = [
    {"id": "a1", "text": "Angela Merkel met Emmanuel Macron in Paris."},
    {"id": "a2", "text": "The Turkish government said no to Sweden."},
    {"id": "a3", "text": "Boris Johnson spoke in London on Monday."},
    {"id": "a4", "text": "Joe Biden flew to Tokyo."},
    {"id": "a5", "text": "Olaf Scholz said Germany would help Ukraine."},
]


def run(args: list[str], stdin: str | bytes | None = None, **env: str) -> Result:
    return CliRunner().invoke(cli, ["enrich", *args], input=stdin, env=env)


def events(result: Result) -> list[dict[str, Any]]:
    lines = [orjson.loads(line) for line in result.stdout.splitlines()]
    for event in lines:
        ENRICHED.validate(event)
    return lines


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in records))
    return path


@pytest.mark.parametrize(
    ("stdin", "entity_id"),
    [
        ('{"id": "a1", "text": "Angela Merkel met Emmanuel Macron in Paris."}', "angela-merkel"),
        ("A title\nThe Turkish government said no.", "turkey"),
        ('[{"text": "The Turkish government said no."}]', "turkey"),
    ],
)
def test_enrich_prints_the_enriched_event(stdin, entity_id):
    result = run(["-", "--compact", "--processes", "0"], stdin)
    assert result.exit_code == 0, result.output
    [event] = events(result)
    assert event["schema"] == "stancewire.enriched/1"
    assert entity_id in {entity["id"] for entity in event["entities"]}
    assert "__faust" not in event


def test_one_article_is_indented_unless_compact():
    result = run(["--processes", "0"], "A title\nThe Turkish government said no.")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("{\n  ")
    assert orjson.loads(result.stdout)["title"] == "A title"


def test_enrich_rejects_empty_input():
    result = run(["-", "--processes", "0"], "")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "<stdin>:1: the file is empty" in result.stderr


def test_several_inputs_give_one_line_each_in_order_and_bad_lines_by_file_and_line(
        tmp_path: Path):
    jsonl = write_jsonl(tmp_path / "a.jsonl", ARTICLES[:2])
    jsonl.write_bytes(jsonl.read_bytes() + b'{"id": "broken", "text": \n'
                      + orjson.dumps({"id": "no-text", "title": "x"}) + b"\n"
                      + orjson.dumps(ARTICLES[2]) + b"\n")
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "b.txt").write_text("Headline here\nJoe Biden flew to Tokyo.")
    (folder / "c.json").write_bytes(orjson.dumps([ARTICLES[4]]))
    result = run([str(jsonl), str(folder), "--processes", "0"])
    assert result.exit_code == 2, result.output
    got = events(result)
    assert [event["id"] for event in got[:3]] == ["a1", "a2", "a3"]
    assert got[3]["title"] == "Headline here" and got[4]["id"] == "a5"
    assert len(result.stdout.splitlines()) == 5  # several articles: one line each
    assert f"{jsonl}:3: invalid JSON" in result.stderr
    assert f"{jsonl}:4: the JSON object has no 'text' field" in result.stderr
    assert len(result.stderr.splitlines()) == 2  # not a terminal: no progress, no summary


def test_the_worker_rules_apply(tmp_path: Path):
    long = {"id": "long", "text": "Word " * 50}
    path = write_jsonl(tmp_path / "in.jsonl", [ARTICLES[0], long, "just a string"])
    result = run([str(path), "--processes", "0"], STANCEWIRE_MAX_TEXT_CHARS="100")
    assert result.exit_code == 2
    assert [event["id"] for event in events(result)] == ["a1"]
    assert f"{path}:2: text has 250 characters; the limit is 100" in result.stderr
    assert f"{path}:3: expected a JSON object, got a str" in result.stderr


def test_order_is_kept_across_nlp_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(enriching, "GROUP_ARTICLES", 2)  # several groups in the pool
    records = [{**article, "id": f"{article['id']}-{n}"}
               for n, article in enumerate(itertools.islice(itertools.cycle(ARTICLES), 9))]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    result = run([str(path), "--processes", "2", "--progress"])
    assert result.exit_code == 0, result.output
    assert [event["id"] for event in events(result)] == [record["id"] for record in records]
    assert "enriched 9, failed 0" in result.stderr


@pytest.mark.data
def test_bbc_articles_validate_and_a_broken_line_is_reported(shared_data: Path,
                                                             tmp_path: Path):
    """A slice of the load set; `stancewire enrich` on all of it behaves the same."""
    lines = (shared_data / "news" / "bbc_articles.jsonl").read_bytes().splitlines()[:40]
    path = tmp_path / "bbc.jsonl"
    path.write_bytes(b"\n".join([*lines[:20], b'{"id": "cut", "text": "half', *lines[20:]])
                     + b"\n")
    result = run([str(path), "--processes", "2"])
    assert result.exit_code == 2
    got = events(result)
    assert [event["id"] for event in got] == [orjson.loads(line)["id"] for line in lines]
    assert result.stderr.startswith(f"{path}:21: invalid JSON")
    assert len(result.stderr.splitlines()) == 1
