"""The whole pipeline through a real broker: produce articles, wait for their outcomes.

One :class:`PipelineUnderTest` is one or more ``stancewire worker``
subprocesses in one consumer group, on topics of their own (a prefix of their
own), and a subscriber that reads the input topic, the enriched topic and the
DLQ. An article's latency runs from the timestamp
the producer gave its input record to the moment its enriched event (or dead
letter) reaches the subscriber; both clocks are this host's. Its share in the
worker ends at the timestamp the worker gave the enriched event (when it sent
it); the rest is waiting for the broker's acknowledgement and the delivery.
"""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from kafka.errors import KafkaError

from stancewire.bench.nlp import words
from stancewire.clients import ensure_topics, make_admin, make_consumer
from stancewire.errors import StancewireError
from stancewire.inputs import InputRecord
from stancewire.producing import produce_articles
from stancewire.settings import Settings
from stancewire.topic_names import ARTICLES, DLQ, ENRICHED
from stancewire.workers import WorkerProcess, free_port

_POLL_MS = 100
_START_SECONDS = 180  # a worker loads spaCy in each NLP process
# Slowest pace we wait for before calling a run stuck: words/s, plus a margin in seconds.
_FLOOR_WORDS_PER_SECOND = 300
_MARGIN_SECONDS = 60


class BenchError(StancewireError):
    """A bench run could not finish (a worker died or outcomes stopped coming)."""


@dataclass(frozen=True)
class PipelineRun:
    """What one batch of articles took, from the first produced to the last outcome."""

    articles: int
    words: int
    seconds: float
    failed: int
    latencies: Sequence[float]
    in_worker: Sequence[float] = ()  # of each enriched event: until the worker sent it

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds

    def latency_ms(self, percent: int) -> float:
        """The ``percent`` percentile of the latencies, in milliseconds."""
        return _percentile_ms(self.latencies, percent)

    def in_worker_ms(self, percent: int) -> float:
        """The ``percent`` percentile of the time in the worker, in milliseconds."""
        return _percentile_ms(self.in_worker, percent)


def _percentile_ms(seconds: Sequence[float], percent: int) -> float:
    if len(seconds) < 2:
        return 1000 * seconds[0]
    return 1000 * statistics.quantiles(seconds, n=100, method="inclusive")[percent - 1]


def labelled(records: Sequence[InputRecord], label: str) -> list[InputRecord]:
    """Copies of ``records`` with ids of their own (``<label>-<n>``), so that articles
    of different runs on the same topics never share a key."""
    return [InputRecord(record.location, {**record.value, "id": f"{label}-{n}"})
            for n, record in enumerate(records)]


class PipelineUnderTest:
    """``workers`` workers with ``settings`` (a topic prefix and app id of their own) and
    the subscriber of their outcomes."""

    def __init__(self, settings: Settings, *, home: Path, workers: int = 1) -> None:
        self.settings = settings
        self.home = home
        self.count = workers
        self.workers: list[WorkerProcess] = []
        self._outcomes: _Outcomes | None = None

    def __enter__(self) -> PipelineUnderTest:
        ensure_topics(self.settings)
        self._outcomes = _Outcomes(self.settings)
        self.workers = [WorkerProcess.start(self.settings, home=self.home / f"worker-{n}",
                                            web_port=free_port(), extra_env={})
                        for n in range(self.count)]
        try:
            for worker in self.workers:
                worker.wait_logged(b"NLP pool ready", timeout=_START_SECONDS)
            _wait_until_stable(self.settings, members=self.count)
        except (AssertionError, BenchError) as exc:
            self.__exit__(None, None, None)
            raise BenchError(str(exc)) from None
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        for worker in self.workers:
            worker.stop()
        if self._outcomes is not None:
            self._outcomes.close()
        _forget(self.settings)

    def run(self, records: Sequence[InputRecord], *, rate: float | None = None) -> PipelineRun:
        """Produce ``records`` (at most ``rate`` per second) and wait for every outcome."""
        keys = [str(record.value["id"]).encode() for record in records]
        texts = [str(record.value["text"]) for record in records]
        assert self._outcomes is not None, "run() is for inside the with block"
        produce_articles(self.settings, records, rate=rate)
        timeout = _MARGIN_SECONDS + words(texts) / _FLOOR_WORDS_PER_SECOND
        self._outcomes.wait(keys, timeout=timeout, workers=self.workers)
        return self._outcomes.run_of(keys, words(texts))


def _wait_until_stable(settings: Settings, *, members: int) -> None:
    """Wait until the workers' consumer group has ``members`` members and no rebalance
    in progress, so that no run pays for a rebalance."""
    admin = make_admin(settings)
    deadline = time.monotonic() + _START_SECONDS
    try:
        while time.monotonic() < deadline:
            try:
                group = admin.describe_groups([settings.app_id])[settings.app_id]
            except KafkaError as exc:  # a fresh broker: no group coordinator yet
                if not exc.retriable:
                    raise
            else:
                if group["group_state"] == "Stable" and len(group["members"]) == members:
                    return
            time.sleep(0.5)
    finally:
        admin.close()
    raise BenchError(f"the consumer group {settings.app_id} did not settle with {members} "
                     f"member(s) in {_START_SECONDS} s")


def _forget(settings: Settings) -> None:
    """Delete the run's topics, the workers' changelogs and their consumer group: a shared
    broker keeps no trace of a bench."""
    admin = make_admin(settings)
    try:
        ours = [topic for topic in admin.list_topics()
                if topic.startswith((settings.topic_prefix, f"{settings.app_id}-"))]
        if ours:
            admin.delete_topics(ours)
        with contextlib.suppress(KafkaError):
            admin.delete_groups([settings.app_id])
    finally:
        admin.close()


class _Outcomes:
    """A subscriber thread: when each input record was produced and its outcome seen."""

    def __init__(self, settings: Settings) -> None:
        self._input = settings.topic(ARTICLES)
        self._enriched = settings.topic(ENRICHED)
        self._dlq = settings.topic(DLQ)
        self._consumer = make_consumer(settings, self._input, settings.topic(ENRICHED),
                                       self._dlq, fetch_max_wait_ms=_POLL_MS)
        self._produced: dict[bytes, float] = {}
        self._done: dict[bytes, float] = {}
        self._sent: dict[bytes, float] = {}  # the enriched event's own timestamp
        self._failed: set[bytes] = set()
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._consume, daemon=True, name="bench-outcomes")
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._consumer.close()

    def wait(self, keys: Sequence[bytes], *, timeout: float,
             workers: Sequence[WorkerProcess]) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not all(key in self._done and key in self._produced for key in keys):
                for worker in workers:
                    if not worker.alive():
                        raise BenchError(f"a worker exited:\n{worker.tail()}")
                if time.monotonic() > deadline:
                    missing = sum(key not in self._done for key in keys)
                    raise BenchError(f"{missing} of {len(keys)} articles had no outcome after "
                                     f"{timeout:.0f} s")
                self._changed.wait(1.0)

    def run_of(self, keys: Sequence[bytes], words: int) -> PipelineRun:
        with self._changed:
            latencies = [self._done[key] - self._produced[key] for key in keys]
            began = min(self._produced[key] for key in keys)
            ended = max(self._done[key] for key in keys)
            failed = sum(key in self._failed for key in keys)
            in_worker = [self._sent[key] - self._produced[key] for key in keys
                         if key in self._sent]
        return PipelineRun(len(keys), words, ended - began, failed, latencies, in_worker)

    def _consume(self) -> None:
        while not self._stop.is_set():
            batches = self._consumer.poll(timeout_ms=_POLL_MS)
            seen = time.time()
            with self._changed:
                for partition, records in batches.items():
                    for record in records:
                        self._note(partition.topic, record.key, record.timestamp, seen)
                self._changed.notify_all()

    def _note(self, topic: str, key: bytes | None, timestamp_ms: int, seen: float) -> None:
        if key is None:
            return
        if topic == self._input:
            self._produced[key] = timestamp_ms / 1000
            return
        self._done.setdefault(key, seen)
        if topic == self._enriched:
            self._sent.setdefault(key, timestamp_ms / 1000)
        if topic == self._dlq:
            self._failed.add(key)
