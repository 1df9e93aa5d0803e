"""End to end through a real broker: articles in, enriched events out."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from stancewire import settings as names
from tests.kafka_helpers import produce, produce_json, wait_for_values

SAMPLES = Path(__file__).resolve().parents[1] / "stancewire" / "samples" / "articles.jsonl"

pytestmark = pytest.mark.kafka


def test_sample_articles_come_back_enriched(settings, start_worker):
    articles = [orjson.loads(line) for line in SAMPLES.read_text().splitlines()]
    worker = start_worker(settings)
    produce_json(settings, names.ARTICLES, articles)
    events = wait_for_values(settings, names.ENRICHED, len(articles), timeout=180)
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
    produce(settings, names.ARTICLES, [(None, seed)])
    [event] = wait_for_values(settings, names.ENRICHED, 1, timeout=180)
    entity_names = {entity["name"] for entity in event["entities"]}
    assert {"NATO", "Turkey", "Sweden", "Finland"} <= entity_names
    assert event["title"] == seed.decode().strip().splitlines()[0].strip()
