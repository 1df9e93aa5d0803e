"""kafka-python clients built from :class:`Settings`, for the CLI and tests.

Producing and subscribing never go through the Faust app; they use these.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from stancewire import topic_names
from stancewire.errors import BrokerError
from stancewire.settings import Settings


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
    if not any(_port_open(server, timeout) for server in settings.bootstrap.split(",")):
        return False  # fail fast: kafka-python retries a closed port for its whole timeout
    try:
        admin = make_admin(settings, request_timeout_ms=int(timeout * 1000))
    except KafkaError:
        return False
    try:
        admin.list_topics()
        return True
    except KafkaError:
        return False
    finally:
        admin.close()


def require_broker(settings: Settings, *, timeout: float = 3.0) -> None:
    """Raise :class:`BrokerError` at once when no broker answers, rather than after
    kafka-python's 30 s bootstrap timeout."""
    if not broker_answers(settings, timeout=timeout):
        raise BrokerError(f"no Kafka broker answers at {settings.bootstrap} (start one with "
                          "`stancewire broker start`, or set STANCEWIRE_BOOTSTRAP)")


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
