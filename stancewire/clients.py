"""kafka-python clients built from :class:`Settings`, for the CLI and tests.

Producing and subscribing never go through the Faust app; they use these.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from stancewire import topic_names
from stancewire.errors import BrokerError
from stancewire.settings import Settings

#: What :func:`broker_problem` says when no broker is there at all (not a refusal).
NOTHING_LISTENS = "nothing listens there"


def make_producer(settings: Settings, **options: Any) -> KafkaProducer:
    """An idempotent producer (acks=all) with raw bytes in and out."""
    config: dict[str, Any] = {
        "acks": "all",
        "enable_idempotence": True,
        "linger_ms": 5,
        "batch_size": 256 * 1024,
        "max_request_size": 16 * 1024 * 1024,
        **settings.kafka_python_config(),
    }
    config.update(options)
    return KafkaProducer(**config)


def make_consumer(settings: Settings, *topics: str, **options: Any) -> KafkaConsumer:
    """A consumer of ``topics`` (full names); no group and no commits unless given."""
    config: dict[str, Any] = {
        "auto_offset_reset": "earliest",
        "enable_auto_commit": False,
        "isolation_level": "read_committed",
        **settings.kafka_python_config(),
    }
    config.update(options)
    return KafkaConsumer(*topics, **config)


def make_admin(settings: Settings, **options: Any) -> KafkaAdminClient:
    return KafkaAdminClient(**settings.kafka_python_config(), **options)


def broker_answers(settings: Settings, *, timeout: float = 3.0) -> bool:
    """True when a broker at ``settings.bootstrap`` answers a metadata request."""
    return broker_problem(settings, timeout=timeout) is None


def broker_problem(settings: Settings, *, timeout: float = 3.0) -> str | None:
    """None when a broker at ``settings.bootstrap`` answers, else why it does not.

    kafka-python reports a refused password, an untrusted certificate or a
    protocol mismatch only as a bootstrap timeout; the reason is in what it
    logs, which is kept here to say it.
    """
    if not any(_port_open(server, timeout) for server in settings.bootstrap.split(",")):
        # fail fast: kafka-python retries a closed port for its whole timeout
        return NOTHING_LISTENS
    with _kafka_log() as seen:
        try:
            admin = make_admin(settings, request_timeout_ms=int(timeout * 1000),
                               bootstrap_timeout_ms=int(timeout * 1000))
            try:
                admin.list_topics()
            finally:
                admin.close()
        except KafkaError as exc:
            return _reason(settings, seen) or f"{type(exc).__name__}: {exc}"
    return None


def require_broker(settings: Settings, *, timeout: float = 3.0) -> None:
    """Raise :class:`BrokerError` at once, saying why, when no broker answers, rather than
    after kafka-python's 30 s bootstrap timeout."""
    problem = broker_problem(settings, timeout=timeout)
    if problem == NOTHING_LISTENS:
        raise BrokerError(f"no Kafka broker answers at {settings.bootstrap} (start one with "
                          "`stancewire broker start`, or set STANCEWIRE_BOOTSTRAP)")
    if problem is not None:
        raise BrokerError(f"the Kafka broker at {settings.bootstrap} refused us: {problem}")


class _KeptRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _kafka_log() -> Iterator[list[logging.LogRecord]]:
    handler = _KeptRecords()
    logger = logging.getLogger("kafka")
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    # the cause of a refused login is logged below WARNING, beside the SASL exchange:
    # those records stay here, read for their kind, never passed on
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _reason(settings: Settings, records: list[logging.LogRecord]) -> str | None:
    """The cause of a failed bootstrap in kafka-python's log records, in words.

    Debug records are read for their kind only: they can hold SASL exchanges,
    so none is ever quoted.
    """
    debug = " ".join(r.getMessage() for r in records if r.levelno < logging.WARNING)
    warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    text = " ".join(warnings)
    if "SaslAuthenticationFailed" in text or "Authentication failed" in text or (
            "SaslAuthenticateRequest" in debug and "disconnected" in debug + text):
        return (f"SASL authentication failed for user {settings.sasl_username!r} "
                f"({settings.sasl_mechanism}): wrong user name or password")
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return ("the broker's TLS certificate is not trusted (certificate verify failed): "
                "set STANCEWIRE_SSL_CAFILE to the CA that signed it")
    if "UnsupportedSaslMechanism" in text + debug:
        return f"the broker does not take {settings.sasl_mechanism} on that port"
    if not settings.ssl_enabled and "ApiVersionsRequest" in debug:
        return (f"the broker answered no {settings.security_protocol} request: does it "
                "listen with TLS there? (set STANCEWIRE_SECURITY_PROTOCOL)")
    return warnings[-1] if warnings else None


def _port_open(server: str, timeout: float) -> bool:
    host, _, port = server.strip().rpartition(":")
    try:
        with socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout):
            return True
    except (OSError, ValueError):
        return False


def ensure_topics(settings: Settings, topics: Iterable[str] = topic_names.ALL) -> list[str]:
    """Create our topics (prefixed) with the configured partitions and replication.

    Returns the full names of the topics that were created; existing ones are
    left as they are.
    """
    admin = make_admin(settings)
    try:
        existing = set(admin.list_topics())
        wanted = [settings.topic(name) for name in topics]
        new = [NewTopic(name, settings.partitions, settings.replication)
               for name in wanted if name not in existing]
        created = []
        for topic in new:
            try:
                admin.create_topics([topic])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass
        return created
    finally:
        admin.close()
