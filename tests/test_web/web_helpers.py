"""HTTP calls to a worker's web view, and the articles the web tests produce."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import orjson

SAMPLES = Path(__file__).resolve().parents[2] / "stancewire" / "samples" / "articles.jsonl"

#: An article whose title and quotes carry script payloads. The text's payloads are
#: written as HTML entities: the cleaner strips tags but decodes entities, so they
#: reach the quotes as live markup.
HOSTILE_ARTICLE = {
    "id": "hostile-1",
    "title": "<script>window.__xss = 'title'</script><img src=x onerror=\"window.__xss='img'\">",
    "source": "<img src=x onerror=\"window.__xss='source'\">",
    "text": ("Maria Lopez, the mayor of Valencia, criticised the new port plan on Tuesday.\n\n"
             "\"&lt;img src=x onerror=window.__xss='quote'&gt; This plan is a disaster for the "
             "city,\" said Maria Lopez. She added: \"&lt;script&gt;window.__xss='quote-script'"
             "&lt;/script&gt; We will fight it in court.\"\n\n"
             "The port authority supports the plan."),
}
#: Not JSON: goes to the dead-letter queue, payload and all.
HOSTILE_DEAD_LETTER = (b"hostile-dlq", b"{\"title\": \"<script>window.__xss='dlq'</script>\" oops")


def sample_articles() -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in SAMPLES.read_text().splitlines()]


def get(port: int, path: str, *, headers: dict[str, str] | None = None
        ) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of GET ``path``; HTTP errors are returned, not raised."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:  # holds the connection open until closed
            return error.code, dict(error.headers), error.read()


def get_json(port: int, path: str) -> Any:
    status, _, body = get(port, path)
    assert status == 200, f"GET {path}: {status} {body[:300]!r}"
    return json.loads(body)


def processed(port: int) -> int:
    articles: int = get_json(port, "/api/stats/")["articles"]["processed"]
    return articles
