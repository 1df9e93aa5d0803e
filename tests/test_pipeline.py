"""End to end through a real broker: articles in, enriched events out."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from stancewire import topic_names
from stancewire.cli.produce import produce as produce_command
from stancewire.cli.subscribe import subscribe
from tests.kafka_helpers import produce, produce_json, wait_for_values

SAMPLES = Path(__file__).resolve().parents[1] / "stancewire" / "samples" / "articles.jsonl"

pytestmark = pytest.mark.kafka


def test_sample_articles_come_back_enriched(settings, start_worker):
    articles = [orjson.loads(line) for line in SAMPLES.read_text().splitlines()]
    worker = start_worker(settings)
    produce_json(settings, topic_names.ARTICLES, articles)
    events = wait_for_values(settings, topic_names.ENRICHED, len(articles), timeout=180)
    by_id = {event["id"]: event for event in events}
    assert sorted(by_id) == sorted(article["id"] for article in articles)
    assert len(events) == len(articles)
    for article in articles:
        event = by_id[article["id"]]
        assert event["schema"] == "stancewire.enriched/1"
        assert event["title"] == article["title"]
        assert event["entities"], f"no entities in {article['id']}"
    ruto = by_id["sample-climate-fund"]
    assert "Kenya" in {entity["name"] for entity in ruto["entities"]}
    assert worker.alive()


def test_seed_article_as_plain_text_names_the_alliance(settings, start_worker, shared_data):
    seed = (shared_data / "seed" / "nato_accession_article.txt").read_bytes()
    start_worker(settings)
    produce(settings, topic_names.ARTICLES, [(None, seed)])
    [event] = wait_for_values(settings, topic_names.ENRICHED, 1, timeout=180)
    entity_names = {entity["name"] for entity in event["entities"]}
    assert {"NATO", "Turkey", "Sweden", "Finland"} <= entity_names
    assert event["title"] == seed.decode().strip().splitlines()[0].strip()


@pytest.mark.data
def test_bbc_articles_round_trip_through_the_cli_and_a_worker(settings, start_worker,
                                                              shared_data):
    """The user's loop: ``produce`` the 1,500 BBC articles and the seed article,
    a worker enriches them, ``subscribe`` reads them back and filters by entity."""
    env = {"STANCEWIRE_TOPIC_PREFIX": settings.topic_prefix,
           "STANCEWIRE_BOOTSTRAP": settings.bootstrap}
    runner = CliRunner(env=env)
    start_worker(settings)
    bbc = shared_data / "news" / "bbc_articles.jsonl"
    seed = shared_data / "seed" / "nato_accession_article.txt"
    produced = runner.invoke(produce_command, [str(bbc), str(seed)])
    assert produced.exit_code == 0, produced.output
    expected = {orjson.loads(line)["id"] for line in bbc.read_bytes().splitlines()}
    assert len(expected) == 1500

    result = runner.invoke(subscribe, ["--from-beginning", "--max", "1501", "--timeout", "300",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    events = [orjson.loads(line) for line in result.stdout.splitlines()]
    ids = [event["id"] for event in events]
    assert len(ids) == 1501 and expected < set(ids), "every article once, and the seed"
    [seed_id] = set(ids) - expected

    nato = runner.invoke(subscribe, ["--from-beginning", "--timeout", "3", "--entity", "NATO",
                                     "--format", "json"])
    assert nato.exit_code == 0, nato.output
    shown = [orjson.loads(line) for line in nato.stdout.splitlines()]
    assert seed_id in {event["id"] for event in shown}
    for event in shown:  # nothing without NATO: an entity, a mention or a speaker
        named = {text.casefold() for text in strings([event["entities"], event["quotes"]])}
        assert "nato" in named, event["id"]
    with_nato = {event["id"] for event in events
                 if any(entity["name"] == "NATO" for entity in event["entities"])}
    assert with_nato <= {event["id"] for event in shown}


def strings(value: object) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [text for item in value for text in strings(item)] if isinstance(value, list) else []
