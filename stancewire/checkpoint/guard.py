"""The commit order around Faust 0.15's commits and transactions.

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
(:mod:`stancewire.checkpoint.consumer`) commits what was acknowledged before the
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
from faust.types import TP

from stancewire.checkpoint.failpoints import FailPoints
from stancewire.errors import ConfigError

log = logging.getLogger(__name__)

#: The faust-streaming version whose behaviour this package replaces in places.
FAUST_VERSION = "0.15.3"

#: Seconds a commit waits for the broker to acknowledge the table writes before it.
#: Past it the commit is skipped: its events are processed again after a crash,
#: never lost.
CHANGELOG_ACK_TIMEOUT = 5.0


class CommitGuard:
    """One per worker: ``async with guard.unit():`` around each unit of work."""

    def __init__(self, app: faust.App, failpoints: FailPoints) -> None:
        self.app = app
        self.failpoints = failpoints
        self._lock = asyncio.Lock()
        self._installed = False
        self._changelog: set[asyncio.Future[Any]] = set()  # table writes not yet acked
        self._writes_since_commit = 0

    def transactional_id(self, tp: TP) -> str | None:
        """The transaction of input partition ``tp`` in exactly-once, else None.

        Faust's own format (``TransactionManager.transactional_id_format``): the
        outputs an input causes commit or abort with its offset.
        """
        if not self.app.in_transaction:
            return None
        group = self.app.assignor.group_for_topic(tp.topic)
        return f"{self.app.conf.id}-{group}-{tp.partition}"

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[None]:
        """Hold off commits while a unit of work sends its outputs and acks its input."""
        async with self._lock:
            yield

    def install(self) -> None:
        """Wrap the consumer's commit and the tables' changelog sends; idempotent.

        Replaces Faust's commit, whose buffer flush gives up after 0.1 s of
        quiet with table writes still buffered, and which may run in the middle
        of a unit of work (an agent's sends and acks).
        """
        check_faust_version(faust.__version__)
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
                # the fail points count the commits that cover table writes
                writes, self._writes_since_commit = self._writes_since_commit, 0
                if writes:
                    self.failpoints.reached("before-commit")
                committed = await commit(*args, **kwargs)
                if writes:
                    self.failpoints.reached("after-commit")
                return committed

        consumer.commit = guarded_commit

    def _track_changelog(self, table: Any) -> None:
        """Keep each changelog message of ``table`` until the broker acknowledged it."""
        send: Callable[..., asyncio.Future[Any]] = table.send_changelog

        def tracked(*args: Any, **kwargs: Any) -> asyncio.Future[Any]:
            future = send(*args, **kwargs)
            self._writes_since_commit += 1
            self._changelog.add(future)
            future.add_done_callback(self._changelog.discard)
            return future

        table.send_changelog = tracked


def check_faust_version(version: str) -> None:
    """ConfigError unless ``version`` is the faust-streaming this package was written for."""
    if version != FAUST_VERSION:
        raise ConfigError(
            f"stancewire.checkpoint replaces parts of faust-streaming {FAUST_VERSION}'s commit "
            f"and offset handling; faust-streaming {version} is installed. Install "
            f"faust-streaming=={FAUST_VERSION}, or review stancewire/checkpoint/ against it.")
