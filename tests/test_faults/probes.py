"""What the fault tests measure: short articles to stream, progress, lag, worker memory,
and the audit they all end with."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path
from typing import Any

import orjson
from kafka.errors import KafkaError

from stancewire import topic_names
from stancewire.audit import AuditReport, audit
from stancewire.clients import make_admin
from stancewire.settings import Settings
from tests.kafka_helpers import end_offsets, read_all, wait_for

#: Seconds articles may stay missing once the group's lag is zero (outputs of the last
#: batches are committed within a commit interval or two).
SETTLED_SECONDS = 30.0

#: Topics whose events are checked against their schemas once all is accounted for.
OUTPUT_TOPICS = tuple(topic for topic in topic_names.ALL if topic != topic_names.ARTICLES)

#: Words kept of each article's first paragraph: short texts keep the suite's NLP time small.
SHORT_WORDS = 60


def short_articles(shared_data: Path, count: int, *, tag: str = "") -> list[dict[str, Any]]:
    """``count`` BBC articles cut to their first paragraph, ids unique (cycled with ``#n``)."""
    lines = (shared_data / "news" / "bbc_articles.jsonl").read_text().splitlines()
    articles = []
    for n, line in enumerate(itertools.islice(itertools.cycle(lines), count)):
        article = orjson.loads(line)
        paragraph = article["text"].strip().split("\n\n")[0]
        cycle = n // len(lines)
        articles.append({"id": f"{tag}{article['id']}" + (f"#{cycle}" if cycle else ""),
                         "title": article.get("title"),
                         "text": " ".join(paragraph.split()[:SHORT_WORDS])})
    return articles


def output_count(settings: Settings) -> int:
    """Roughly how many enriched events and dead letters exist (end offsets, markers too)."""
    return sum(end_offsets(settings, topic_names.ENRICHED).values()) + sum(
        end_offsets(settings, topic_names.DLQ).values())


def input_lag(settings: Settings) -> int | None:
    """Input records the worker's group has not committed yet; None while the group
    coordinator cannot say (loading its state after a broker restart)."""
    admin = make_admin(settings)
    try:
        committed = admin.list_group_offsets(settings.app_id).get(settings.app_id, {})
    except KafkaError as exc:
        if exc.retriable:
            return None
        raise
    finally:
        admin.close()
    source = settings.topic(topic_names.ARTICLES)
    done = {tp.partition: meta.offset for tp, meta in committed.items() if tp.topic == source}
    return sum(end - max(done.get(partition, 0), 0)
               for partition, end in end_offsets(settings, topic_names.ARTICLES).items())


def tree_rss(pid: int) -> int:
    """Resident bytes of every process in the session of ``pid`` (the worker and its NLP
    processes: workers are started in their own session)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) != pid:
                continue
            status = (entry / "status").read_text()
        except (ProcessLookupError, FileNotFoundError, PermissionError):
            continue
        rss = next((line.split()[1] for line in status.splitlines()
                    if line.startswith("VmRSS:")), "0")
        total += int(rss) * 1024
    return total


def wait_accounted(settings: Settings, *, timeout: float, allow_duplicates: bool = False,
                   **audit_range: Any) -> AuditReport:
    """Wait until the audit finds nothing missing and the group's lag is zero; the report.

    Fails at once on duplicates unless allowed (they never go away), and when
    articles stay missing for ``SETTLED_SECONDS`` with nothing left to consume.
    """
    missing_since: float | None = None

    def settled() -> AuditReport | None:
        nonlocal missing_since
        report = audit(settings, **audit_range)
        assert allow_duplicates or not report.duplicated, (
            f"{report.summary()}; duplicated: {sorted(report.duplicated)[:10]}")
        if input_lag(settings) != 0:  # records left, or the coordinator still loading
            missing_since = None
            return None
        if not report.missing:
            return report
        missing_since = missing_since or time.monotonic()
        assert time.monotonic() - missing_since < SETTLED_SECONDS, (
            f"lost with nothing left to consume: {report.summary()}: {report.missing[:10]}")
        return None

    report: AuditReport = wait_for(settled, timeout=timeout, interval=2.0,
                                   what="every input enriched or dead-lettered")
    for topic in OUTPUT_TOPICS:
        read_all(settings, topic)  # which validates every event against its schema
    return report
