"""Producing articles onto the input topic, as ``stancewire produce`` does.

Every record is validated with the rules the worker applies
(:func:`~stancewire.articles.article_fields` and
:func:`~stancewire.articles.checked_id`, on the object already parsed), and
sent as one whole JSON object, so a record on the topic is never half an
object. Bad records are reported as
``file:line: reason`` and the good ones are still sent.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import orjson
from kafka import KafkaProducer, codec
from kafka.errors import KafkaTimeoutError, MessageSizeTooLargeError, UnknownError

from stancewire.articles import NOT_AN_OBJECT, WRONG_TYPE, article_fields, checked_id
from stancewire.clients import ensure_topics, make_producer, require_broker
from stancewire.errors import ConfigError, InputError
from stancewire.inputs import InputItem, InputProblem, InputRecord
from stancewire.settings import Settings
from stancewire.topic_names import ARTICLES

Compression = Literal["none", "gzip", "snappy", "lz4", "zstd"]

#: Producer options for bulk loads, on top of make_producer's.
# Fewer, bigger batches: every new batch wakes kafka-python's I/O thread, which
# then holds the GIL the reading loop needs (measured: about 1.7x articles/s).
# 512 KiB stays under the broker's default 1 MiB message.max.bytes.
PRODUCER_OPTIONS = {"linger_ms": 50, "batch_size": 512 * 1024}


@dataclass
class ProduceSummary:
    """What one run sent. ``failed`` counts bad input and undelivered records."""

    sent: int = 0
    failed: int = 0
    bytes: int = 0
    seconds: float = 0.0
    #: Of ``failed``: valid records the broker did not take.
    undelivered: int = 0
    _started: float = field(default_factory=time.perf_counter, repr=False)

    @property
    def articles_per_second(self) -> float:
        return self.sent / self.seconds if self.seconds > 0 else 0.0

    def tick(self) -> None:
        self.seconds = time.perf_counter() - self._started


def encode_record(record: InputRecord, *, key_field: str, max_text_chars: int
                  ) -> tuple[bytes, bytes]:
    """The (key, value) bytes of one input record, or :class:`InputError`.

    The key is the record's ``key_field``, else the id the worker would give
    the article (its ``id`` or a hash of its text), so that every record is
    keyed and lands on the partition of its article.
    """
    value = record.value
    encoded = record.raw or orjson.dumps(value)
    if not isinstance(value, dict):  # a JSON string would pass the worker as plain text
        raise InputError(NOT_AN_OBJECT, f"expected a JSON object, not {encoded[:40].decode()}")
    key = value.get(key_field)
    if key is not None and (isinstance(key, bool) or not isinstance(key, str | int)):
        raise InputError(WRONG_TYPE, f"the key field {key_field!r} must be a string or an "
                                       f"integer")
    key_bytes = str(key).encode("utf-8") if key is not None and key != "" else None
    article_id = checked_id(key_bytes, article_fields(value), max_text_chars=max_text_chars)
    return key_bytes or article_id.encode("utf-8"), encoded


def produce_articles(
    settings: Settings,
    records: Iterable[InputItem],
    *,
    topic: str | None = None,
    rate: float | None = None,
    limit: int | None = None,
    key_field: str = "id",
    compression: Compression = "none",
    dry_run: bool = False,
    on_problem: Callable[[InputProblem], None] | None = None,
    on_progress: Callable[[ProduceSummary], None] | None = None,
) -> ProduceSummary:
    """Validate and send ``records`` (from :func:`read_inputs`); returns the totals.

    ``topic`` defaults to the prefixed ``articles`` topic, created if missing.
    ``rate`` caps articles per second; ``limit`` stops after that many valid
    records; ``dry_run`` validates without connecting. Each bad or
    undelivered record is passed to ``on_problem``; ``on_progress`` is called
    after every record with the running totals.
    """
    producer = None if dry_run else _producer(settings, topic, compression)
    deliveries = None if producer is None else _Deliveries(producer,
                                                           topic or settings.topic(ARTICLES))
    summary = ProduceSummary()  # the clock starts once connected
    valid = 0
    try:
        for item in records:
            if limit is not None and valid >= limit:
                break
            problem = item if isinstance(item, InputProblem) else None
            if isinstance(item, InputRecord):
                try:
                    key, value = encode_record(item, key_field=key_field,
                                               max_text_chars=settings.max_text_chars)
                    if rate:
                        _pace(summary, valid, rate)
                    if deliveries is not None:
                        deliveries.send(key, value, item.location)
                except (InputError, MessageSizeTooLargeError) as exc:
                    problem = InputProblem(item.location, str(exc))
                else:
                    valid += 1
                    summary.bytes += len(key) + len(value)
            if problem is not None:
                summary.failed += 1
                if on_problem is not None:
                    on_problem(problem)
            summary.sent = valid
            summary.tick()
            if on_progress is not None:
                on_progress(summary)
        if deliveries is not None:
            deliveries.wait()
    finally:
        if producer is not None:
            producer.close()
    undelivered = deliveries.failed if deliveries is not None else []
    for problem in undelivered:
        if on_problem is not None:
            on_problem(problem)
    summary.undelivered = len(undelivered)
    summary.failed += summary.undelivered
    summary.sent = valid - summary.undelivered
    summary.tick()
    return summary


def _producer(settings: Settings, topic: str | None, compression: Compression) -> KafkaProducer:
    require_broker(settings)
    if topic is None:
        ensure_topics(settings, [ARTICLES])
    if compression != "none" and not getattr(codec, f"has_{compression}")():
        raise ConfigError(f"{compression} compression needs its Python library; install it "
                          f"or choose gzip")
    return make_producer(settings, compression_type=None if compression == "none" else compression,
                         **PRODUCER_OPTIONS)


class _Deliveries:
    """The outcome of every record handed to the producer.

    ``producer.flush()`` alone is not enough: after the broker answers
    MESSAGE_TOO_LARGE, kafka-python splits the batch and its flush returns
    (or raises "Future not done") before the split batches are sent, as in
    KAFKA-9312. So we count outcomes and flush until every record has one.
    """

    def __init__(self, producer: KafkaProducer, topic: str) -> None:
        self.producer = producer
        self.topic = topic
        producer.partitions_for(topic)  # wait for the topic's metadata before the clock starts
        self.failed: list[InputProblem] = []
        self._handed = 0
        self._done = 0
        self._lock = threading.Lock()  # callbacks run on the I/O thread, or here when immediate

    def send(self, key: bytes, value: bytes, location: str) -> None:
        future = self.producer.send(self.topic, value=value, key=key)
        self._handed += 1
        future.add_callback(self._delivered).add_errback(self._undelivered, location)

    def wait(self) -> None:
        deadline = time.monotonic() + self.producer.config["delivery_timeout_ms"] / 1000
        while self._done < self._handed:
            if time.monotonic() > deadline:
                raise KafkaTimeoutError(f"{self._handed - self._done} records still unsent")
            with contextlib.suppress(UnknownError):  # "Future not done": see the class doc
                self.producer.flush(timeout=max(0.0, deadline - time.monotonic()))

    def _delivered(self, _metadata: object) -> None:
        with self._lock:
            self._done += 1

    def _undelivered(self, location: str, exc: BaseException) -> None:
        self.failed.append(InputProblem(location, f"not delivered: {exc}"))
        with self._lock:
            self._done += 1


def _pace(summary: ProduceSummary, sent: int, rate: float) -> None:
    summary.tick()
    ahead = sent / rate - summary.seconds
    if ahead > 0:
        time.sleep(ahead)
