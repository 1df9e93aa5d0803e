"""The JSON API: ``/api/...`` views, read-only (GET and HEAD only).

Table answers are gathered from every worker (:mod:`stancewire.web.cluster`)
and joined (:mod:`stancewire.web.merge`); each says which workers answered
(``workers``) and whether all did (``complete``). Topic tails come from
Kafka directly (:mod:`stancewire.web.kafka_reads`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import faust
from aiokafka.errors import KafkaError
from faust.web import Request, Response

from stancewire import topic_names
from stancewire.app import app, settings
from stancewire.web import local, merge, records
from stancewire.web.cluster import Gathered
from stancewire.web.params import BadRequest, bounded, top, window
from stancewire.web.services import cluster, kafka
from stancewire.web.snapshot import JSON

#: Response headers of every API answer: live data, never cached, never sniffed.
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
#: The most records a tail request may ask for.
MAX_LIMIT = 200


class ApiView(faust.web.View):
    """A GET view answering JSON.

    400 on bad parameters, 404 when ``answer`` gives None, 503 when Kafka
    cannot be read.
    """

    async def get(self, request: Request, **match: Any) -> Response:
        try:
            body = await self.answer(request.query, **match)
        except BadRequest as exc:
            return self._error(400, str(exc))
        except KafkaError as exc:
            return self._error(503, f"Kafka cannot be read: {type(exc).__name__}: {exc}")
        if body is None:
            return self._error(404, "not found")
        return self.json(body, headers=dict(API_HEADERS))

    def _error(self, status: int, message: str) -> Response:
        return self.json({"error": message}, status=status, headers=dict(API_HEADERS))

    async def answer(self, query: Mapping[str, str], **match: Any) -> JSON | None:
        raise NotImplementedError


def _cluster(gathered: Gathered) -> JSON:
    return {"workers": gathered.workers, "complete": gathered.complete}


@app.page("/api/stats/")
class Stats(ApiView):
    """Articles processed and rejected, rate, lag, table sizes."""

    async def answer(self, query: Mapping[str, str], **match: Any) -> JSON:
        gathered = await cluster.gather("stats", {})
        lag: JSON | None
        try:
            by_topic = await kafka.lag(settings.app_id)
        except KafkaError:
            lag = None
        else:
            lag = {"articles": by_topic[settings.topic(topic_names.ARTICLES)],
                   "total": sum(by_topic.values())}
        return {**merge.stats(gathered.slices), "lag": lag,
                "window_seconds": settings.window_seconds, "generated_at": time.time(),
                **_cluster(gathered)}


@app.page("/api/entities/")
class Entities(ApiView):
    """The top entities by all-time or current-window mentions, with their trends."""

    async def answer(self, query: Mapping[str, str], **match: Any) -> JSON:
        wanted, span = top(query), window(query)
        gathered = await cluster.gather("entities", {"top": str(wanted), "window": span})
        return {"window": span, "window_seconds": settings.window_seconds,
                **merge.entities(gathered.slices, top=wanted, window=span),
                **_cluster(gathered)}


@app.page("/api/entities/{entity_id}/")
class EntityDetail(ApiView):
    """One entity: mentions, trend, quotes, stance pairs."""

    async def answer(self, query: Mapping[str, str], **match: Any) -> JSON | None:
        gathered = await cluster.gather("entity", {"id": match["entity_id"]})
        found = merge.entity(gathered.slices)
        return None if found is None else {**found, **_cluster(gathered)}


@app.page("/api/stances/")
class Stances(ApiView):
    """The strongest support and oppose pairs, optionally of one source or target."""

    async def answer(self, query: Mapping[str, str], **match: Any) -> JSON:
        wanted = top(query)
        params = {"top": str(wanted), **{name: query[name] for name in ("source", "target")
                                         if query.get(name)}}
        gathered = await cluster.gather("stances", params)
        return {**merge.stances(gathered.slices, top=wanted), **_cluster(gathered)}


@app.page("/api/quotes/")
class Quotes(ApiView):
    """The latest quotes (of one speaker id), and the speakers with the most quotes."""

    async def answer(self, query: Mapping[str, str], **match: Any) -> JSON:
        limit, speaker = _limit(query), query.get("speaker") or None
        latest = await kafka.latest(settings.topic(topic_names.QUOTES), limit, key=speaker)
        gathered = await cluster.gather("speakers", {"top": str(top(query, default=10))})
        return {"quotes": records.quotes(latest),
                "speakers": merge.speakers(gathered.slices, top=top(query, default=10)),
                **_cluster(gathered)}


@app.page("/api/dlq/")
class DeadLetters(ApiView):
    """The latest dead letters: error code, error, where the input came from, an excerpt."""

    async def answer(self, query: Mapping[str, str], **match: Any) -> JSON:
        latest = await kafka.latest(settings.topic(topic_names.DLQ), _limit(query))
        return {"dead_letters": records.dead_letters(latest)}


@app.page("/api/articles/")
class Articles(ApiView):
    """The latest enriched articles: title, source and how much was found in each."""

    async def answer(self, query: Mapping[str, str], **match: Any) -> JSON:
        latest = await kafka.latest(settings.topic(topic_names.ENRICHED), _limit(query))
        return {"articles": records.articles(latest)}


@app.page("/api/local/{part}/")
class LocalSlice(ApiView):
    """This worker's slice of a table answer; what the other workers' fan-out asks for."""

    async def answer(self, query: Mapping[str, str], **match: Any) -> JSON:
        return local.answer(match["part"], query)


def _limit(query: Mapping[str, str]) -> int:
    return bounded(query, "limit", 20, MAX_LIMIT)
