"""Render docs/dashboard.png: the dashboard of a worker fed with our sample articles.

Usage: ``.venv/bin/python scripts/dashboard_screenshot.py [--output docs/dashboard.png]``

Needs a Kafka broker at ``STANCEWIRE_BOOTSTRAP`` (``stancewire broker start``)
and Debian's chromium at /usr/bin/chromium. Runs on its own topics (a fresh
prefix and app id), which it deletes afterwards, so what is on the broker
already does not show and nothing is left behind.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from playwright.sync_api import sync_playwright

from stancewire.clients import broker_answers, ensure_topics, make_admin, make_producer
from stancewire.inputs import read_inputs
from stancewire.producing import produce_articles
from stancewire.settings import Settings
from stancewire.topic_names import ARTICLES

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "stancewire" / "samples" / "articles.jsonl"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: One malformed input, so that the dead-letter panel shows what a rejection looks like.
BAD_INPUT = (b"broken-upload", b'{"title": "Truncated upload", "text": "The council said')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "dashboard.png")
    parser.add_argument("--port", type=int, default=6099, help="web port of the worker")
    parser.add_argument("--timeout", type=float, default=300.0)
    options = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory() as home:
        # The worker reads its settings from the environment; so does this script.
        os.environ.update({"STANCEWIRE_TOPIC_PREFIX": f"shot{run}.",
                           "STANCEWIRE_APP_ID": f"stancewire-shot{run}",
                           "STANCEWIRE_WEB_PORT": str(options.port),
                           "STANCEWIRE_DATA_DIR": home, "STANCEWIRE_SESSION_TIMEOUT": "6"})
        settings = Settings.from_env()
        if not broker_answers(settings):
            sys.exit(f"No Kafka broker at {settings.bootstrap}: start one with "
                     "`stancewire broker start` or set STANCEWIRE_BOOTSTRAP.")
        ensure_topics(settings)
        worker = subprocess.Popen([sys.executable, "-m", "stancewire.cli.main", "worker"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        try:
            expected = feed(settings)
            wait_until_counted(settings, expected, options.timeout)
            screenshot(settings, options.output, expected)
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(60)
            delete_topics(settings)
    print(f"wrote {options.output}")


def feed(settings: Settings) -> int:
    """Produce the samples and one bad input; return how many samples were sent."""
    summary = produce_articles(settings, read_inputs([SAMPLES]),
                               on_problem=lambda problem: print(problem, file=sys.stderr))
    producer = make_producer(settings)
    producer.send(settings.topic(ARTICLES), key=BAD_INPUT[0], value=BAD_INPUT[1])
    producer.flush()
    producer.close()
    return summary.sent


def stats(settings: Settings) -> dict[str, int]:
    try:
        with urllib.request.urlopen(f"{settings.web_url}/api/stats/", timeout=5) as response:
            articles: dict[str, int] = json.load(response)["articles"]
            return articles
    except OSError:  # the worker's web server is not up yet
        return {"processed": 0, "rejected": 0}


def wait_until_counted(settings: Settings, expected: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while (counted := stats(settings))["processed"] < expected or counted["rejected"] < 1:
        if time.monotonic() > deadline:
            sys.exit(f"the worker counted {counted} of {expected} articles in {timeout} s")
        time.sleep(0.5)


def screenshot(settings: Settings, output: Path, expected: int) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{settings.web_url}/dashboard/")
        page.wait_for_function(
            "(n) => Number(document.getElementById('processed').dataset.value) >= n "
            "&& document.getElementById('latest-dlq').children.length > 0", arg=expected)
        page.screenshot(path=str(output), full_page=True)
        browser.close()


def delete_topics(settings: Settings) -> None:
    admin = make_admin(settings)
    try:
        ours = [topic for topic in admin.list_topics()
                if topic.startswith((settings.topic_prefix, settings.app_id))]
        if ours:
            admin.delete_topics(ours)
    finally:
        admin.close()


if __name__ == "__main__":
    main()
