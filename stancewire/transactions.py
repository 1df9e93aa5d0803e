"""Exactly-once around Faust 0.15's transactions: the two gaps we close.

In ``exactly_once`` mode Faust keeps one Kafka transaction per partition
number and commits it, with the offsets of the events acknowledged so far,
every commit interval. Two things break "every article exactly once":

1. The periodic commit can run while an agent is half-way through an event
   or a batch: the outputs sent so far are committed, the offset of the
   event is not, and after a crash the event runs again.
2. A rebalance does not commit: the partitions a worker keeps are sought
   back to their last committed offset while the outputs of the events it
   processed since stay in the still-open transaction and are committed
   later: every such event is published twice.

:class:`CommitGuard` makes agents' units of work and commits exclude each
other and flushes buffered table writes before a commit; the consumer
(:mod:`stancewire.consumer`) commits what was acknowledged before the
partitions are handed out again, through the guarded commit.

In both modes a commit waits until the broker has every table write made
before it. Faust's own flush before a commit gives up when no message went
out for 0.1 s, and an offset committed before its event's table write landed
loses that count for good if the worker dies then.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import faust

log = logging.getLogger(__name__)

#: Seconds a commit waits for the broker to acknowledge the table writes before it.
#: Past it the commit is skipped: its events are processed again after a crash,
#: never lost.
CHANGELOG_ACK_TIMEOUT = 5.0


class CommitGuard:
    """One per worker: ``async with guard.unit():`` around each unit of work."""

    def __init__(self, app: faust.App) -> None:
        self.app = app
        self._lock = asyncio.Lock()
        self._installed = False
        self._changelog: set[asyncio.Future[Any]] = set()  # table writes not yet acked

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[None]:
        """Hold off commits while a unit of work sends its outputs and acks its input."""
        async with self._lock:
            yield

    def install(self) -> None:
        """Wrap the consumer's commit; idempotent."""
        if self._installed:
            return
        self._installed = True
        for table in self.app.tables.values():
            self._track_changelog(table)
        consumer: Any = self.app.consumer
        commit: Callable[..., Coroutine[Any, Any, bool]] = consumer.commit

        async def guarded_commit(*args: Any, **kwargs: Any) -> bool:
            async with self._lock:
                # the flush may return with table writes still buffered (see above)
                await self.app.producer.flush()
                if self._changelog:
                    _, unacked = await asyncio.wait(self._changelog,
                                                    timeout=CHANGELOG_ACK_TIMEOUT)
                    if unacked:  # broker away, or the app stopping: commit later, or never
                        log.warning("commit skipped: %d table writes not acknowledged in "
                                    "%.0f s", len(unacked), CHANGELOG_ACK_TIMEOUT)
                        return False
                return await commit(*args, **kwargs)

        consumer.commit = guarded_commit

    def _track_changelog(self, table: Any) -> None:
        """Keep each changelog message of ``table`` until the broker acknowledged it."""
        send: Callable[..., asyncio.Future[Any]] = table.send_changelog

        def tracked(*args: Any, **kwargs: Any) -> asyncio.Future[Any]:
            future = send(*args, **kwargs)
            self._changelog.add(future)
            future.add_done_callback(self._changelog.discard)
            return future

        table.send_changelog = tracked
