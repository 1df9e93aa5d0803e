"""The long-lived parts of the web view, wired to the app: fan-out, Kafka reads, rate timer."""

from __future__ import annotations

import time
from typing import Any

from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth
from mode.types.signals import BaseSignalT

from stancewire import topic_names
from stancewire.app import app, settings
from stancewire.tables import article_outcomes
from stancewire.web import local
from stancewire.web.cluster import Cluster
from stancewire.web.kafka_reads import KafkaReads

cluster = Cluster(app, local.answer)
kafka = KafkaReads(bootstrap=settings.bootstrap.split(","),
                   auth=credentials_to_aiokafka_auth(app.conf.broker_credentials),
                   topics=[settings.topic(name) for name in topic_names.ALL])


async def sample_article_rate() -> None:
    local.article_rate.record(time.monotonic(), dict(article_outcomes.items()))


async def close_kafka_reads(sender: Any, *args: Any, signal: BaseSignalT[Any],
                            **kwargs: Any) -> None:
    await kafka.close()


app.timer(interval=1.0)(sample_article_rate)
# mode's SignalHandlerT is unsatisfiable under mypy (even its own documented handler
# signature is refused), hence the ignore
app.on_before_shutdown.connect(close_kafka_reads)  # type: ignore[arg-type]
