"""Fan-out: ask every worker of the group for its slice of an answer, at the same time.

The workers are the hosts in the partition assignor's changelog distribution
(``app.router.tables_metadata()``), named by their canonical URL
(``http://STANCEWIRE_WEB_HOST:STANCEWIRE_WEB_PORT``). This worker answers
its own slice in-process; the others over HTTP at ``/api/local/{part}/``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import aiohttp
import faust

from stancewire.web.guard import bearer_header
from stancewire.web.snapshot import JSON

#: Seconds to wait for another worker's slice.
PEER_TIMEOUT = 2.0

LocalAnswer = Callable[[str, Mapping[str, str]], JSON]


class Gathered(NamedTuple):
    """The slices that came back, and how each worker fared."""

    slices: list[JSON]
    workers: list[JSON]

    @property
    def complete(self) -> bool:
        return all(worker["ok"] for worker in self.workers)


class Cluster:
    """The workers sharing this app's partitions, as seen from this one."""

    def __init__(self, app: faust.App, local: LocalAnswer, *,
                 timeout: float = PEER_TIMEOUT, token: str | None = None) -> None:
        self.app = app
        self.local = local
        self.timeout = timeout
        self._headers = bearer_header(token) if token else {}  # the peers share our token

    @property
    def own_url(self) -> str:
        return str(self.app.conf.canonical_url)

    def urls(self) -> list[str]:
        """Every worker's URL; only this one before the first assignment."""
        return sorted({str(url) for url in self.app.router.tables_metadata()} | {self.own_url})

    async def gather(self, part: str, params: Mapping[str, str]) -> Gathered:
        """Each worker's answer to ``part`` with ``params``; failures are reported, not raised."""
        urls = self.urls()
        replies = await asyncio.gather(*(self._ask(url, part, params) for url in urls))
        slices = [reply for reply in replies if isinstance(reply, dict)]
        workers = [_status(url, reply) for url, reply in zip(urls, replies, strict=True)]
        return Gathered(slices, workers)

    async def _ask(self, url: str, part: str, params: Mapping[str, str]) -> JSON | str:
        if url == self.own_url:
            return self.local(part, params)
        try:
            async with self.app.http_client.get(
                    f"{url}/api/local/{part}/", params=dict(params), headers=self._headers,
                    timeout=aiohttp.ClientTimeout(total=self.timeout)) as response:
                response.raise_for_status()
                answer: Any = await response.json()
        except (TimeoutError, aiohttp.ClientError) as exc:
            return f"{type(exc).__name__}: {exc}"
        return answer if isinstance(answer, dict) else f"unexpected answer {type(answer)}"


def _status(url: str, reply: JSON | str) -> JSON:
    if isinstance(reply, str):
        return {"url": url, "ok": False, "error": reply, "partitions": []}
    return {"url": url, "ok": True, "partitions": reply.get("partitions", [])}
