"""The audit: the accounting rule on hand-made records, and the command on the broker."""

from __future__ import annotations

import time

import click
import orjson
import pytest
from click.testing import CliRunner

from stancewire.audit import InputRecord, account
from stancewire.cli.audit import audit, parse_moment, parse_offsets, render_report
from stancewire.clients import ensure_topics
from stancewire.models import DeadLetter
from stancewire.settings import Settings
from stancewire.topic_names import ARTICLES, DLQ, ENRICHED
from tests.conftest import SettingsFactory
from tests.kafka_helpers import produce


def article(partition: int, offset: int, key: str | None, text: str = "Oslo said so."
            ) -> InputRecord:
    return InputRecord(partition, offset, key.encode() if key else None,
                       orjson.dumps({"text": text}))


BAD = InputRecord(1, 7, None, b'{"text": ')


@pytest.mark.parametrize(("inputs", "enriched", "letters", "expected"), [
    ([article(0, 0, "a"), article(0, 1, "b")], ["a", "b"], [],
     {"enriched": 2, "dead_letters": 0, "missing": [], "duplicated": {}}),
    ([article(0, 0, "a"), BAD], ["a"], [(1, 7)],
     {"enriched": 1, "dead_letters": 1, "missing": [], "duplicated": {}}),
    ([article(0, 0, "a"), BAD], [], [],
     {"enriched": 0, "dead_letters": 0, "missing": ["1@7", "a"], "duplicated": {}}),
    ([article(0, 0, "a"), BAD], ["a", "a", "a"], [(1, 7), (1, 7)],
     {"enriched": 1, "dead_letters": 1, "missing": [], "duplicated": {"1@7": 1, "a": 2}}),
    # an id sent twice is expected twice
    ([article(0, 0, "a"), article(2, 0, "a")], ["a"], [],
     {"enriched": 1, "dead_letters": 0, "missing": ["a"], "duplicated": {}}),
    # without a key the id comes from the body, else from a hash of the text
    ([InputRecord(0, 0, None, b'{"id": 12, "text": "x"}'), article(0, 1, None, "y")],
     ["12", "95cb0bfd2977c761"], [],
     {"enriched": 2, "dead_letters": 0, "missing": [], "duplicated": {}}),
    # outputs of other inputs (before the range) are not counted
    ([article(0, 0, "a")], ["a", "z"], [(3, 3)],
     {"enriched": 1, "dead_letters": 0, "missing": [], "duplicated": {}}),
])
def test_account_matches_ids_and_dead_letter_positions(inputs, enriched, letters, expected):
    report = account(inputs, enriched, letters)
    assert report.inputs == len(inputs)
    assert {name: getattr(report, name) for name in expected} == expected
    assert report.accounted + len(report.missing) >= report.inputs


def test_ok_tolerates_duplicates_only_when_asked():
    report = account([article(0, 0, "a")], ["a", "a"], [])
    assert not report.ok()
    assert report.ok(allow_duplicates=True)
    assert report.summary() == "1 in, 1 enriched, 0 dead letters, 0 missing, 1 duplicated"
    assert "duplicated: a (+1)" in render_report(report)


def test_parse_moment_and_offsets():
    assert parse_moment("15m", now=1000.0) == 100.0
    assert parse_moment("1700000000") == 1_700_000_000.0
    assert parse_moment("2024-01-01T00:00:00+00:00") == 1_704_067_200.0
    assert parse_offsets("0:120, 1:98") == {0: 120, 1: 98}
    for parse, text in ((parse_moment, "yesterday"), (parse_offsets, "0-120")):
        with pytest.raises(click.BadParameter):
            parse(text)


def letter_for(settings: Settings, partition: int, offset: int) -> bytes:
    return DeadLetter(error_code="invalid_json", error="x", value="{", value_encoding="utf-8",
                      key=None, topic=settings.topic(ARTICLES), partition=partition,
                      offset=offset, timestamp=0.0, failed_at=0.0).dumps()


@pytest.mark.kafka
def test_audit_command_on_the_topics(make_settings: SettingsFactory):
    one = make_settings(partitions=1)  # one partition: the offsets below are the order sent
    ensure_topics(one)
    before = time.time() - 1
    produce(one, ARTICLES, [(b"a", b"First."), (b"b", b"Second."), (None, b"{"),
                            (b"c", b"Third.")])
    produce(one, ENRICHED, [(b"a", b"{}"), (b"b", b"{}"), (b"b", b"{}")])
    produce(one, DLQ, [(None, letter_for(one, 0, 2))])
    env = {"STANCEWIRE_TOPIC_PREFIX": one.topic_prefix, "STANCEWIRE_BOOTSTRAP": one.bootstrap}
    result = CliRunner().invoke(audit, ["--format", "json"], env=env)
    assert result.exit_code == 1, result.output
    assert orjson.loads(result.output) == {
        "inputs": 4, "enriched": 2, "dead_letters": 1, "accounted": 3, "missing": ["c"],
        "duplicates": 1, "duplicated": {"b": 1}}
    # the first three inputs alone: only a duplicate, which --allow-duplicates accepts
    result = CliRunner().invoke(audit, ["--to-offsets", "0:3", "--allow-duplicates"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 in, 2 enriched, 1 dead letters, 0 missing, 1 duplicated")

    # a time range: everything since a moment before producing, nothing until it
    for option, inputs in (("--since", 4), ("--until", 0)):
        result = CliRunner().invoke(audit, [option, str(before), "--format", "json"], env=env)
        assert orjson.loads(result.output)["inputs"] == inputs, option
