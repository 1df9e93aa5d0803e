"""The enrich agent: articles in, enriched events, fan-out events and dead letters out.

Articles are taken in batches (``STANCEWIRE_BATCH_SIZE`` within
``STANCEWIRE_BATCH_TIMEOUT`` seconds) and enriched in the NLP pool, off the
event loop. A batch is acknowledged only after every message it caused is
acknowledged by Kafka. In exactly-once mode each message goes into the
transaction of the input partition it came from, the same transaction that
commits that partition's offsets.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import Awaitable, Sequence
from typing import Any

import faust
from faust.types import EventT

from models import Article, DeadLetter
from stancewire import settings as names
from stancewire.app import app, settings
from stancewire.articles import ENRICHMENT_FAILED, decode_article
from stancewire.errors import InputError
from stancewire.fanout import Output
from stancewire.pool import EnrichmentFailure, NlpPool
from stancewire.topics import articles

log = logging.getLogger(__name__)


@app.agent(articles)
async def enrich_articles(stream: faust.StreamT[bytes]) -> None:
    pool = NlpPool(settings)
    try:
        began = time.monotonic()
        await asyncio.get_running_loop().run_in_executor(None, pool.warm_up)
        log.info("NLP pool ready: %d process(es), %s, in %.1f s", settings.nlp_processes,
                 settings.spacy_model, time.monotonic() - began)
        # take_events is on faust.Stream but missing from the StreamT interface
        batches = stream.take_events(  # type: ignore[attr-defined]
            settings.batch_size, within=settings.batch_timeout)
        async for batch in batches:
            await _process(batch, pool)
    finally:
        pool.close()


async def _process(batch: Sequence[EventT[bytes]], pool: NlpPool) -> None:
    sent: list[Awaitable[Any]] = []
    accepted: list[tuple[EventT[bytes], Article]] = []
    for event in batch:
        try:
            article = decode_article(event.message.key, event.value,
                                     max_text_chars=settings.max_text_chars)
        except InputError as exc:
            sent.append(await _send(event, _dead_letter(event, exc.code, str(exc))))
        else:
            accepted.append((event, article))
    results = await pool.enrich([article for _, article in accepted])
    for (event, _), result in zip(accepted, results, strict=True):
        if isinstance(result, EnrichmentFailure):
            sent.append(await _send(event, _dead_letter(event, ENRICHMENT_FAILED, result.error)))
        else:
            sent.extend([await _send(event, output) for output in result])
    await asyncio.gather(*sent)


async def _send(source: EventT[bytes], output: Output) -> Awaitable[Any]:
    """Queue ``output`` in the producer; the returned future resolves on the broker's ack."""
    transactional_id = None
    if app.in_transaction:
        tp = source.message.tp
        group = app.assignor.group_for_topic(tp.topic)
        transactional_id = f"{app.conf.id}-{group}-{tp.partition}"
    return await app.producer.send(settings.topic(output.topic), output.key.encode(),
                                   output.value, None, None, None,
                                   transactional_id=transactional_id)


def _dead_letter(event: EventT[bytes], code: str, error: str) -> Output:
    message = event.message
    raw: bytes = message.value or b""
    try:
        value, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        value, encoding = base64.b64encode(raw).decode("ascii"), "base64"
    key = message.key.decode("utf-8", errors="replace") if message.key else None
    letter = DeadLetter(error_code=code, error=error, value=value, value_encoding=encoding,
                        key=key, topic=message.topic, partition=message.partition,
                        offset=message.offset, timestamp=message.timestamp,
                        failed_at=time.time())
    return Output(names.DLQ, key or f"{message.topic}/{message.partition}/{message.offset}",
                  letter.dumps())
