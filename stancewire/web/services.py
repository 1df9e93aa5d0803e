"""The long-lived parts of the web view, wired to the app: access guard, fan-out, Kafka reads,
rate timer."""

from __future__ import annotations

import time
from typing import Any

from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth
from faust.web.drivers import aiohttp as aiohttp_driver
from mode.types.signals import BaseSignalT

from stancewire import topic_names
from stancewire.app import app, settings
from stancewire.errors import ConfigError
from stancewire.tables import article_outcomes
from stancewire.web import local
from stancewire.web.cluster import Cluster
from stancewire.web.guard import guard
from stancewire.web.kafka_reads import KafkaReads

# Faust's web driver is aiohttp; its Application takes middlewares until the server starts.
if not isinstance(app.web, aiohttp_driver.Web):
    raise ConfigError("the web view's access guard needs Faust's aiohttp web driver")
app.web.web_app.middlewares.append(guard(settings.web_secret()))
cluster = Cluster(app, local.answer, token=settings.web_secret())
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
