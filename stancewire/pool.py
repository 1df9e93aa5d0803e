"""Run the enrichment outside the event loop: worker processes, spaCy loaded once each.

The agent hands over plain dicts (cheap to pickle) and gets back, in the same
order, either the serialized messages to publish for each article or an
:class:`EnrichmentFailure`: serialization and fan-out happen in the pool too.
A batch is split into one chunk per process so that both cores work on it.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, NamedTuple

from models import Article
from stancewire.enrich import Enricher
from stancewire.errors import EnrichmentError
from stancewire.fanout import Output, outputs_for
from stancewire.settings import Settings


class EnrichmentFailure(NamedTuple):
    """Why one article of a batch could not be enriched."""

    error: str


EnrichmentResult = list[Output] | EnrichmentFailure

# One Enricher per process, created by the pool's initializer.
_enricher: Enricher | None = None


def _load_enricher(settings: Settings) -> None:
    global _enricher
    _enricher = Enricher(settings)


def _enrich_chunk(articles: Sequence[dict[str, Any]]) -> list[EnrichmentResult]:
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
            _load_enricher(settings)
            self._executor = ThreadPoolExecutor(max_workers=1)
        else:
            # forkserver: the Faust worker's threads and sockets must not leak into children
            context = multiprocessing.get_context("forkserver")
            self._executor = ProcessPoolExecutor(
                max_workers=settings.nlp_processes, mp_context=context,
                initializer=_load_enricher, initargs=(settings,),
            )

    def warm_up(self) -> None:
        """Load spaCy in every process now rather than on the first batch."""
        probe = [{"id": "warm-up", "text": "Warm-up sentence from Oslo."}]
        futures = [self._executor.submit(_enrich_chunk, probe) for _ in range(self.workers)]
        for future in futures:
            future.result()

    async def enrich(self, articles: Sequence[Article]) -> list[EnrichmentResult]:
        """Enrich ``articles`` in the pool; results in input order."""
        if not articles:
            return []
        payload = [article.asdict() for article in articles]
        loop = asyncio.get_running_loop()
        chunks = await asyncio.gather(*(
            loop.run_in_executor(self._executor, _enrich_chunk, chunk)
            for chunk in self._chunks(payload)
        ))
        return [result for chunk in chunks for result in chunk]

    def _chunks(self, payload: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        """Consecutive chunks of about equal text length, two per process.

        Equal counts of articles leave a process idle while another finishes a
        long one; small chunks let a free process take the next.
        """
        if self.workers == 1:
            return [payload]
        target = sum(len(fields["text"]) for fields in payload) / (2 * self.workers)
        chunks: list[list[dict[str, Any]]] = [[]]
        filled = 0
        for fields in payload:
            if chunks[-1] and filled >= target:
                chunks.append([])
                filled = 0
            chunks[-1].append(fields)
            filled += len(fields["text"])
        return chunks

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
