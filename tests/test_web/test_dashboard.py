"""The dashboard in headless Debian chromium, on a worker fed through the broker."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from stancewire import topic_names
from tests.kafka_helpers import produce, produce_json
from tests.test_web.web_helpers import HOSTILE_ARTICLE, HOSTILE_DEAD_LETTER, sample_articles

pytestmark = [pytest.mark.kafka, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: The longest the page may take to show what the API knows (it polls every second).
PAGE_TIMEOUT_MS = 180_000


@pytest.fixture
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def counter(page: Any, name: str) -> int:
    return int(page.locator(f"#{name}").get_attribute("data-value"))


def wait_counter(page: Any, name: str, at_least: int) -> None:
    page.wait_for_function(
        "([name, least]) => Number(document.getElementById(name).dataset.value) >= least",
        arg=[name, at_least], timeout=PAGE_TIMEOUT_MS)


def test_dashboard_counts_live_and_runs_no_script_from_the_data(settings, start_worker,
                                                                browser, tmp_path):
    worker = start_worker(settings)
    worker.wait_ready()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"http://127.0.0.1:{worker.web_port}/dashboard/")
    page.wait_for_function("() => document.getElementById('status').dataset.state === 'live'")
    assert counter(page, "processed") == 0
    assert page.locator("#latest-quotes-empty").is_visible()

    articles = sample_articles()
    produce_json(settings, topic_names.ARTICLES, articles[:2])
    wait_counter(page, "processed", 2)
    produce_json(settings, topic_names.ARTICLES, [*articles[2:], HOSTILE_ARTICLE])
    produce(settings, topic_names.ARTICLES, [HOSTILE_DEAD_LETTER])
    wait_counter(page, "processed", len(articles) + 1)
    wait_counter(page, "rejected", 1)
    wait_counter(page, "entities", 1)
    page.wait_for_function(
        "() => document.getElementById('latest-quotes').textContent.includes('window.__xss')",
        timeout=PAGE_TIMEOUT_MS)
    page.wait_for_function(
        "() => document.getElementById('latest-dlq').textContent.includes('window.__xss')",
        timeout=PAGE_TIMEOUT_MS)

    assert page.evaluate("() => window.__xss") is None
    feeds = "#latest-quotes, #latest-articles, #latest-dlq"
    assert page.locator(f":is({feeds}) :is(img, script)").count() == 0
    shown = page.locator("#latest-articles").text_content()
    assert HOSTILE_ARTICLE["title"] in shown  # shown as text, character for character
    assert "<img src=x onerror=window.__xss='quote'>" in page.locator(
        "#latest-quotes").text_content()
    assert not page.locator("#latest-quotes-empty").is_visible()
    assert page.locator("#entities-all tbody tr").count() > 0
    assert page.locator("#stance-graph svg line").count() > 0

    screenshot = tmp_path / "dashboard.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert problems == []


def test_dashboard_asks_for_the_web_token_once_and_keeps_it(settings, start_worker, browser):
    token = "dashboard-token-7f3a"
    worker = start_worker(settings, STANCEWIRE_WEB_TOKEN=token)
    worker.wait_ready()
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{worker.web_port}/dashboard/")
    page.wait_for_selector("#token-form:not([hidden])")
    assert page.locator("#status").get_attribute("data-state") == "error"
    page.fill("#token-input", "not-the-token")
    page.click("#token-form button")
    page.wait_for_selector("#token-refused:not([hidden])")
    page.fill("#token-input", token)
    page.click("#token-form button")
    page.wait_for_function("() => document.getElementById('status').dataset.state === 'live'")
    assert page.locator("#token-form").is_hidden()
    produce_json(settings, topic_names.ARTICLES, sample_articles()[:1])
    wait_counter(page, "processed", 1)
    page.reload()  # the tab keeps the token for its session
    page.wait_for_function("() => document.getElementById('status').dataset.state === 'live'")
    assert page.locator("#token-form").is_hidden()
    assert token not in page.url
