"""The enrich agent: articles in, enriched events, fan-out events and dead letters out.

Articles are taken in batches (``STANCEWIRE_BATCH_SIZE`` within
``STANCEWIRE_BATCH_TIMEOUT`` seconds) and enriched in the NLP pool, off the
event loop. A batch is cut into consecutive groups, all handed to the pool at
once and published in order, each while the pool works on the later ones. A
group is acknowledged only after every message it caused is acknowledged by
Kafka. In exactly-once mode each message goes into the transaction of the
input partition it came from, the same transaction that commits that
partition's offsets, and no commit runs between a group's first send and its
acknowledgement.
"""

from __future__ import annotations

import asyncio
import base64
import codecs
import logging
import time
from collections.abc import Awaitable, Sequence
from typing import Any

import faust
from faust.types import EventT

from stancewire import topic_names
from stancewire.app import app, commit_guard, settings
from stancewire.articles import ENRICHMENT_FAILED, decode_article
from stancewire.errors import InputError
from stancewire.fanout import Output
from stancewire.models import Article, DeadLetter
from stancewire.pool import EnrichmentFailure, EnrichmentResult, NlpPool
from stancewire.topics import articles

log = logging.getLogger(__name__)

#: Bytes of the original value a dead letter carries. Longer values are cut so
#: that the letter stays under Kafka's default 1 MB message limit: a 10 MB input
#: would otherwise fail to send and crash the agent on the same record forever.
DEAD_LETTER_VALUE_BYTES = 256 * 1024


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
    groups = [batch[span.start:span.stop]
              for span in pool.groups([len(event.value or b"") for event in batch])]
    # Every group goes to the pool at once; each is published, in order, while the
    # pool works on the later ones.
    started = [_start(group, pool) for group in groups]
    try:
        for group, (outputs, accepted, enriching) in zip(groups, started, strict=True):
            results = await enriching if enriching is not None else []
            for (event, _), result in zip(accepted, results, strict=True):
                if isinstance(result, EnrichmentFailure):
                    outputs.append((event, _dead_letter(event, ENRICHMENT_FAILED, result.error)))
                else:
                    outputs.extend((event, output) for output in result)
            await _publish(group, outputs)
            commit_guard.failpoints.reached("mid-batch")
    finally:
        for _, _, enriching in started:
            if enriching is not None:
                enriching.cancel()  # when a group failed, the later ones are not waited for


# A group handed to the pool: its dead letters, its accepted articles, the pool's work.
Started = tuple[list[tuple[EventT[bytes], Output]], list[tuple[EventT[bytes], Article]],
                asyncio.Future[list[EnrichmentResult]] | None]


def _start(group: Sequence[EventT[bytes]], pool: NlpPool) -> Started:
    """Decode the group's articles and hand the good ones to the pool (no future when
    there are none)."""
    outputs: list[tuple[EventT[bytes], Output]] = []
    accepted: list[tuple[EventT[bytes], Article]] = []
    for event in group:
        try:
            article = decode_article(event.message.key, event.value,
                                     max_text_chars=settings.max_text_chars)
        except InputError as exc:
            outputs.append((event, _dead_letter(event, exc.code, str(exc))))
        else:
            accepted.append((event, article))
    enriching = pool.submit([article for _, article in accepted]) if accepted else None
    return outputs, accepted, enriching


async def _publish(group: Sequence[EventT[bytes]],
                   outputs: Sequence[tuple[EventT[bytes], Output]]) -> None:
    """Send a group's outputs and acknowledge its events once Kafka has them all."""
    async with commit_guard.unit():
        sent = [await _send(event, output) for event, output in outputs]
        await asyncio.gather(*sent)
        for event in group:
            event.ack()  # inside the unit: no commit sees the outputs without the offsets


async def _send(source: EventT[bytes], output: Output) -> Awaitable[Any]:
    """Queue ``output`` in the producer; the returned future resolves on the broker's ack."""
    return await app.producer.send(settings.topic(output.topic), output.key.encode(),
                                   output.value, None, None, None,
                                   transactional_id=commit_guard.transactional_id(
                                       source.message.tp))


def _dead_letter(event: EventT[bytes], code: str, error: str) -> Output:
    message = event.message
    raw: bytes = message.value or b""
    kept = raw[:DEAD_LETTER_VALUE_BYTES]
    if len(kept) < len(raw):
        error += (f" (the dead letter keeps the first {len(kept):,} of the value's "
                  f"{len(raw):,} bytes)")
    try:  # incremental: a character cut in two at the end is dropped, not an error
        value = codecs.getincrementaldecoder("utf-8")().decode(kept, final=len(kept) == len(raw))
        encoding = "utf-8"
    except UnicodeDecodeError:
        value, encoding = base64.b64encode(kept).decode("ascii"), "base64"
    key = message.key.decode("utf-8", errors="replace") if message.key else None
    letter = DeadLetter(error_code=code, error=error, value=value, value_encoding=encoding,
                        key=key, topic=message.topic, partition=message.partition,
                        offset=message.offset, timestamp=message.timestamp,
                        failed_at=time.time())
    return Output(topic_names.DLQ, key or f"{message.topic}/{message.partition}/{message.offset}",
                  letter.dumps())
