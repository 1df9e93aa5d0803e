"""Run the enrichment outside the event loop: worker processes, spaCy loaded once each.

The agent hands over plain dicts (cheap to pickle) and gets back, in the same
order, either the serialized messages to publish for each article or an
:class:`EnrichmentFailure`: serialization and fan-out happen in the pool too.
A batch is cut into groups, at least two per process, so that every core works
on it and the agent can publish one group while the pool works on the next.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, NamedTuple

from threadpoolctl import threadpool_limits

from stancewire.enrich import Enricher
from stancewire.errors import EnrichmentError
from stancewire.fanout import Output, outputs_for
from stancewire.models import Article
from stancewire.settings import Settings


class EnrichmentFailure(NamedTuple):
    """Why one article of a batch could not be enriched."""

    error: str


EnrichmentResult = list[Output] | EnrichmentFailure

#: Fewest groups a batch is cut into (see :meth:`NlpPool.groups`).
MIN_GROUPS = 4

# One Enricher per process, created by the pool's initializer.
_enricher: Enricher | None = None


def load_enricher(settings: Settings) -> None:
    """Build this process's :class:`Enricher` (a pool initializer; loads spaCy).

    Numpy's BLAS is held to one thread: each NLP process enriches one batch at a
    time, one core's worth, and BLAS threads started for the small products of
    the models (the tagger's token clusters) only spin on the other cores.
    """
    global _enricher
    threadpool_limits(1, user_api="blas")
    _enricher = Enricher(settings)


def _start_nlp_process(settings: Settings) -> None:
    """The initializer of each NLP process: die with its parent, then load the pipeline."""
    _die_with_parent()
    load_enricher(settings)


def _die_with_parent() -> None:
    # A worker SIGKILLed alone (the OOM killer, `kill -9 PID`) cannot stop its
    # children, and the forkserver lives as long as they do (each holds its
    # liveness pipe). The worker's sentinel becomes ready when it dies.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_after, args=(parent,), name="parent-watch",
                         daemon=True).start()


def _exit_after(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    os._exit(1)


def enrich_chunk(articles: Sequence[dict[str, Any]]) -> list[EnrichmentResult]:
    """Enrich and fan out ``articles`` (``Article`` fields) with this process's Enricher."""
    assert _enricher is not None, "the pool initializer did not run"
    records = [Article(**fields) for fields in articles]
    results = _enricher.enrich_many(records)
    return [
        EnrichmentFailure(f"{type(result).__name__}: {result}")
        if isinstance(result, EnrichmentError) else outputs_for(result)
        for result in results
    ]


class NlpPool:
    """``settings.nlp_processes`` processes (or one thread when 0) that enrich batches."""

    def __init__(self, settings: Settings) -> None:
        self.workers = max(settings.nlp_processes, 1)
        self._executor: Executor
        if settings.nlp_processes == 0:
            load_enricher(settings)
            self._executor = ThreadPoolExecutor(max_workers=1)
        else:
            # forkserver: the Faust worker's threads and sockets must not leak into children
            context = multiprocessing.get_context("forkserver")
            self._executor = ProcessPoolExecutor(
                max_workers=settings.nlp_processes, mp_context=context,
                initializer=_start_nlp_process, initargs=(settings,),
            )

    def warm_up(self) -> None:
        """Load spaCy in every process now rather than on the first batch."""
        probe = [{"id": "warm-up", "text": "Warm-up sentence from Oslo."}]
        futures = [self._executor.submit(enrich_chunk, probe) for _ in range(self.workers)]
        for future in futures:
            future.result()

    def submit(self, articles: Sequence[Article]) -> asyncio.Future[list[EnrichmentResult]]:
        """Start enriching ``articles`` in the pool; the future gives the results in
        input order. Futures submitted together are worked on by every process at once."""
        return asyncio.get_running_loop().run_in_executor(
            self._executor, enrich_chunk, [article.asdict() for article in articles])

    def groups(self, sizes: Sequence[int]) -> list[range]:
        """Consecutive groups of items (``sizes``: their lengths) of about equal total length:
        two per process, and at least :data:`MIN_GROUPS`.

        Equal counts of articles would leave a process idle while another finishes a
        long one; small groups let a free process take the next. The agent publishes a
        group while the pool works on the next ones, so that even one process need not
        wait for a whole batch to be sent.
        """
        target = sum(sizes) / max(2 * self.workers, MIN_GROUPS)
        groups: list[range] = []
        start = filled = 0
        for end, size in enumerate(sizes):
            if end > start and filled + size / 2 > target:  # it would end past the mark
                groups.append(range(start, end))
                start, filled = end, 0
            filled += size
        if sizes:
            groups.append(range(start, len(sizes)))
        return groups

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
