"""Prometheus ``/metrics``: this worker's counters, read from its tables at scrape time.

Every worker is a scrape target and reports only the partitions it holds,
so ``sum()`` over the workers gives the cluster's totals. Article counters
carry a ``partition`` label: a partition that moves to another worker keeps
its series' value, it is just reported by the other worker from then on.
"""

from __future__ import annotations

from collections.abc import Iterator

import faust
from faust.web import Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from stancewire.app import app
from stancewire.web import local, snapshot


class TableCollector(Collector):
    """Turns :func:`stancewire.web.snapshot.stats` of this worker into metric families."""

    def collect(self) -> Iterator[Metric]:
        stats = snapshot.stats(local.tables())
        for outcome in ("processed", "rejected"):
            family = CounterMetricFamily(
                f"stancewire_articles_{outcome}", f"Articles {outcome}, per input partition.",
                labels=["partition"])
            for partition, count in sorted(stats[outcome].items()):
                family.add_metric([partition], count)
            yield family
        yield GaugeMetricFamily("stancewire_articles_per_second",
                                "Articles processed or rejected per second on this worker "
                                "(10 s average).", value=local.article_rate.per_second())
        yield GaugeMetricFamily("stancewire_entities", "Distinct entities in this worker's "
                                "partitions.", value=stats["entities"])
        yield CounterMetricFamily("stancewire_entity_mentions", "Entity mentions counted.",
                                  value=stats["mentions"])
        yield CounterMetricFamily("stancewire_quotes", "Quotes counted.", value=stats["quotes"])
        signals = CounterMetricFamily("stancewire_stance_signals",
                                      "Stance signals counted, by polarity.", labels=["polarity"])
        signals.add_metric(["support"], stats["support"])
        signals.add_metric(["oppose"], stats["oppose"])
        yield signals
        yield GaugeMetricFamily("stancewire_table_partitions",
                                "Table partitions this worker holds.",
                                value=len(local.active_partitions()))


registry = CollectorRegistry(auto_describe=False)
registry.register(TableCollector())


@app.page("/metrics")
class Metrics(faust.web.View):
    """The Prometheus text exposition of this worker's counters."""

    async def get(self, request: Request) -> Response:
        # passed as a header: aiohttp refuses a content_type argument with a charset in it
        return self.bytes(generate_latest(registry), headers={"Content-Type": CONTENT_TYPE_LATEST})
