"""The JSON API and /metrics of real workers fed through the broker."""

from __future__ import annotations

import re
import urllib.request

import pytest

from stancewire import topic_names
from tests.kafka_helpers import produce, produce_json, wait_for
from tests.test_web.web_helpers import (
    HOSTILE_DEAD_LETTER,
    get,
    get_json,
    processed,
    sample_articles,
)

pytestmark = pytest.mark.kafka


def test_api_answers_every_endpoint_from_one_worker(settings, start_worker):
    worker = start_worker(settings)
    worker.wait_ready()
    port = worker.web_port
    articles = sample_articles()
    produce_json(settings, topic_names.ARTICLES, articles)
    produce(settings, topic_names.ARTICLES, [HOSTILE_DEAD_LETTER])
    stats = wait_for(lambda: (s if (s := get_json(port, "/api/stats/"))["articles"]["processed"]
                              == len(articles) and s["articles"]["rejected"] == 1 else None),
                     timeout=180, what="samples processed and one rejected")
    assert stats["complete"] and len(stats["workers"]) == 1
    assert stats["workers"][0]["partitions"] == [0, 1, 2, 3]
    assert stats["entities"] > 10 and stats["quotes"] > 5
    assert stats["lag"] is not None

    top = get_json(port, "/api/entities/?top=3")["entities"]
    assert len(top) == 3
    assert [e["mentions"] for e in top] == sorted((e["mentions"] for e in top), reverse=True)
    assert all(e["trend"][-1] == e["window"] for e in top)
    detail = get_json(port, f"/api/entities/{top[0]['id']}/")
    assert (detail["name"], detail["mentions"]) == (top[0]["name"], top[0]["mentions"])
    assert get(port, "/api/entities/no-such-entity/")[0] == 404

    stances = get_json(port, "/api/stances/?top=50")
    assert stances["support"] or stances["oppose"]
    source = (stances["support"] or stances["oppose"])[0]["source_id"]
    only = get_json(port, f"/api/stances/?top=50&source={source}")
    assert {p["source_id"] for p in only["support"] + only["oppose"]} == {source}

    quotes = get_json(port, "/api/quotes/?limit=50")
    assert len(quotes["quotes"]) == stats["quotes"]
    speaker = next(s["id"] for s in quotes["speakers"] if s["id"] != "unknown")
    by_speaker = get_json(port, f"/api/quotes/?speaker={speaker}")["quotes"]
    assert by_speaker and {q["speaker"]["entity_id"] for q in by_speaker} == {speaker}

    [letter] = get_json(port, "/api/dlq/")["dead_letters"]
    assert letter["key"] == "hostile-dlq" and letter["error_code"]
    assert letter["value"] == HOSTILE_DEAD_LETTER[1].decode()
    assert {a["id"] for a in get_json(port, "/api/articles/?limit=50")["articles"]} == {
        a["id"] for a in articles}


def test_api_refuses_bad_parameters_and_writes(settings, start_worker):
    worker = start_worker(settings)
    worker.wait_ready()
    status, _, body = get(worker.web_port, "/api/entities/?top=0")
    assert status == 400 and b"top must be between 1 and" in body
    assert get(worker.web_port, "/api/entities/?window=hour")[0] == 400
    assert get(worker.web_port, "/api/dlq/?limit=many")[0] == 400
    for method in ("POST", "PUT", "DELETE"):
        request = urllib.request.Request(f"http://127.0.0.1:{worker.web_port}/api/stats/",
                                         method=method, data=b"{}")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        with refused.value as error:
            assert error.code == 405
    status, headers, _ = get(worker.web_port, "/dashboard/")
    assert status == 200 and "script-src 'self'" in headers["Content-Security-Policy"]
    assert get(worker.web_port, "/dashboard/static/..%2F__init__.py")[0] == 404


def _metric(text: str, name: str) -> int:
    return sum(int(float(value)) for value in re.findall(rf"^{name}(?:{{[^}}]*}})? (\S+)$",
                                                         text, re.M))


def test_totals_are_right_with_two_workers(settings, start_worker):
    workers = [start_worker(settings, name="w1"), start_worker(settings, name="w2")]
    for worker in workers:
        worker.wait_ready()

    def shared() -> bool:
        views = [get_json(w.web_port, "/api/stats/")["workers"] for w in workers]
        held = [p for w in views[0] for p in w["partitions"]]
        return (all(len(view) == 2 and all(w["ok"] and w["partitions"] for w in view)
                    for view in views) and sorted(held) == [0, 1, 2, 3])

    wait_for(shared, timeout=120, what="both workers holding partitions, seen by both")
    articles = sample_articles()
    produce_json(settings, topic_names.ARTICLES, articles)
    wait_for(lambda: processed(workers[0].web_port) == len(articles), timeout=180,
             what="all samples counted")
    first, second = (get_json(w.web_port, "/api/stats/") for w in workers)
    for field in ("articles", "entities", "mentions", "quotes", "support", "oppose"):
        if field == "articles":
            first[field].pop("per_second"), second[field].pop("per_second")
        assert first[field] == second[field], field
    assert (get_json(workers[0].web_port, "/api/entities/?top=1000")["entities"]
            == get_json(workers[1].web_port, "/api/entities/?top=1000")["entities"])

    scraped = [get(w.web_port, "/metrics")[2].decode() for w in workers]
    assert all(_metric(text, "stancewire_table_partitions") == 2 for text in scraped)
    assert sum(_metric(text, "stancewire_articles_processed_total") for text in scraped) == len(
        articles)
    assert sum(_metric(text, "stancewire_entities") for text in scraped) == first["entities"]
