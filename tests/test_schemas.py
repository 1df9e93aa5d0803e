"""The events' JSON Schemas: valid, versioned, documented, and true of what the code writes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import faust
import orjson
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from kafka.consumer.fetcher import ConsumerRecord

from stancewire.cli.main import cli
from stancewire.fanout import outputs_for
from stancewire.models import DeadLetter, EnrichedArticle
from stancewire.schemas import EVENTS, fingerprint, json_schema, schema_of_topic
from stancewire.topic_names import ARTICLES, DLQ, ENRICHED
from tests.kafka_helpers import check_schema
from tests.test_cli.events import alliance_article

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "stancewire" / "samples"
FINGERPRINTS = Path(__file__).with_name("schema_fingerprints.json")


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json_schema(name))


def errors(name: str, event: Any) -> list[str]:
    return [error.message for error in validator(name).iter_errors(event)]


@pytest.mark.parametrize("name", list(EVENTS))
def test_each_schema_is_a_draft_2020_12_schema_named_by_its_version(name: str) -> None:
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == EVENTS[name].version
    assert re.fullmatch(rf"stancewire\.{name}/\d+", schema["$id"])


@pytest.mark.parametrize("name", list(EVENTS))
def test_a_record_does_not_change_without_its_schema_version(name: str) -> None:
    """Every version ever published keeps the fingerprint it was published with."""
    published = orjson.loads(FINGERPRINTS.read_bytes())
    version, now = EVENTS[name].version, fingerprint(json_schema(name))
    assert version in published, (
        f"{version} is new: add \"{version}\": \"{now}\" to {FINGERPRINTS.name}")
    assert published[version] == now, (
        f"the {EVENTS[name].record.__name__} record (or one it nests) changed what a "
        f"{version} event may hold: give it a new version (and add its fingerprint {now})")


def test_the_fingerprint_ignores_prose_and_sees_every_type() -> None:
    schema = json_schema("article")
    reworded = {**schema, "description": "Something else entirely."}
    assert fingerprint(reworded) == fingerprint(schema)
    retyped = orjson.loads(orjson.dumps(schema))
    retyped["properties"]["title"] = {"type": "integer"}  # a field called "title" counts
    assert fingerprint(retyped) != fingerprint(schema)
    nested = json_schema("enriched")
    changed = orjson.loads(orjson.dumps(nested))
    changed["$defs"]["Mention"]["properties"]["start"] = {"type": "number"}
    assert fingerprint(changed) != fingerprint(nested)


def test_every_event_the_code_writes_validates() -> None:
    event = alliance_article()
    assert errors("enriched", event) == []
    record = EnrichedArticle.from_data(event)
    outputs = outputs_for(record)
    assert {output.topic for output in outputs} == {
        spec.topic for spec in EVENTS.values() if spec.name in ("enriched", "mention",
                                                                 "stance", "quote")}
    for output in outputs:
        spec = schema_of_topic(output.topic)
        assert spec is not None
        assert errors(spec.name, orjson.loads(output.value)) == [], output
    letter = DeadLetter(error_code="invalid_json", error="does not parse", value="{oops",
                        value_encoding="utf-8", key=None, topic="articles", partition=0,
                        offset=3, timestamp=1.5, failed_at=2.0)
    assert errors("dlq", orjson.loads(letter.dumps())) == []
    assert schema_of_topic(DLQ) is EVENTS["dlq"] and schema_of_topic(ENRICHED) is EVENTS[
        "enriched"]


@pytest.mark.parametrize(("change", "reason"), [
    (lambda e: e.pop("tone"), "'tone' is a required property"),
    (lambda e: e.update(extra=1), "Additional properties are not allowed"),
    (lambda e: e.update(schema="stancewire.enriched/2"), "'stancewire.enriched/1' was expected"),
    (lambda e: e["entities"][0]["mentions"][0].update(start="10"), "'10' is not of type"),
    (lambda e: e["quotes"][0].update(speaker="Ana"), "is not valid under any of the given"),
    (lambda e: e.update(title=None), None),
    (lambda e: e["quotes"][0].update(speaker=None), None),
])
def test_the_enriched_schema_says_what_is_wrong(change: Any, reason: str | None) -> None:
    event = alliance_article()
    change(event)
    found = errors("enriched", event)
    if reason is None:
        assert found == []
    else:
        assert found and reason in found[0], found


@pytest.mark.parametrize(("article", "valid"), [
    ({"text": "Body."}, True),
    ({"text": "Body.", "id": 7, "category": "sport"}, True),  # integer ids, unknown fields
    ({"text": "Body.", "id": None, "title": None}, True),
    ({"title": "No body"}, False),
    ({"text": 3}, False),
    ({"text": "Body.", "author": ["A", "B"]}, False),
])
def test_the_article_schema_is_the_input_topics_rule(article: dict[str, Any],
                                                     valid: bool) -> None:
    assert (errors("article", article) == []) is valid


def test_the_sample_articles_validate() -> None:
    lines = (SAMPLES / "articles.jsonl").read_bytes().splitlines()
    assert lines
    for line in lines:
        assert errors("article", orjson.loads(line)) == []


def test_a_type_without_a_schema_is_an_error() -> None:
    class Odd(faust.Record, include_metadata=False):
        when: complex

    from stancewire import schemas

    with pytest.raises(TypeError, match="no JSON Schema"):
        schemas._record_schema(Odd, {})


def test_schema_command_prints_each_schema() -> None:
    for name in EVENTS:
        result = CliRunner().invoke(cli, ["schema", name])
        assert result.exit_code == 0, result.output
        assert orjson.loads(result.stdout) == json_schema(name)
    result = CliRunner().invoke(cli, ["schema", "--compact"])
    assert orjson.loads(result.stdout)["$id"] == "stancewire.enriched/1"
    assert len(result.stdout.splitlines()) == 1
    assert CliRunner().invoke(cli, ["schema", "nonsense"]).exit_code == 2


# -- docs/events.md documents every field of every record once -------------

DOCS = ROOT / "docs" / "events.md"
_ROW = re.compile(r"^\| `(\w+)` \| ([^|]+) \|")


def documented() -> dict[str, dict[str, str]]:
    """Record name -> field -> type column, from the ``### Record`` tables."""
    records: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in DOCS.read_text().splitlines():
        if line.startswith("### "):
            name = line[4:].strip()
            assert name not in records, f"{name} is documented twice"
            current = records[name] = {}
        elif line.startswith("## "):
            current = None
        elif current is not None and (row := _ROW.match(line)):
            assert row[1] not in current, f"{row[1]} twice in one table"
            current[row[1]] = row[2].strip()
    return records


def label(schema: dict[str, Any]) -> str:
    """How docs/events.md writes a type."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[1]
    if "const" in schema:
        return f'"{schema["const"]}"'
    if "anyOf" in schema:
        return " or ".join(label(choice) for choice in schema["anyOf"])
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if kinds == ["array"]:
        return f"array of {label(schema['items'])}"
    return " or ".join(kinds)


def schema_records() -> dict[str, dict[str, str]]:
    records: dict[str, dict[str, str]] = {}
    for name in EVENTS:
        schema = json_schema(name)
        for record in [schema, *schema.get("$defs", {}).values()]:
            records[record["title"]] = {field: label(type_)
                                        for field, type_ in record["properties"].items()}
    return records


def test_docs_document_every_field_of_every_record_once_with_its_type() -> None:
    assert documented() == schema_records()


def test_the_kafka_helpers_check_output_topics_and_not_the_input() -> None:
    def record(topic: str, offset: int, value: bytes) -> ConsumerRecord:
        return ConsumerRecord(f"t-schema.{topic}", 0, None, offset, 0, 0, None, value, [],
                              None, 0, len(value), 0)

    good = orjson.dumps(alliance_article())
    check_schema(ENRICHED, [record(ENRICHED, 0, good)])
    check_schema(ARTICLES, [record(ARTICLES, 0, b"{not json, on purpose")])
    with pytest.raises(AssertionError, match=r"breaks stancewire.enriched/1: 'tone' is a req"):
        check_schema(ENRICHED, [record(ENRICHED, 1, orjson.dumps(
            {k: v for k, v in alliance_article().items() if k != "tone"}))])
