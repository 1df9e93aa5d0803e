"""``stancewire subscribe``: read what the worker writes, as a Kafka user expects.

Without ``--group`` nothing is committed and every run starts from
``--from-beginning`` or ``--latest`` (the default). With a group, Kafka's
committed offsets win, as with kafka-console-consumer. ``--offset`` and
``--partition`` read partitions directly from a given position, as kcat's
``-o`` and ``-p`` do; ``--envelope`` shows each record as kcat's ``-J``
does: topic, partition, offset, timestamp, key, headers and value.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any, Literal, NamedTuple, cast

import click
import orjson
from kafka import KafkaConsumer, OffsetAndMetadata, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import CommitFailedError, KafkaError, RebalanceInProgressError

from stancewire import topic_names
from stancewire.cli.filters import EventFilter
from stancewire.cli.render import render_fields, render_json, render_pretty, terminal_safe
from stancewire.clients import ensure_topics, make_consumer, require_broker
from stancewire.errors import StancewireError
from stancewire.settings import Settings

OutputFormat = Literal["pretty", "json"]

#: Where to start reading each partition: its first or end offset, an offset, or
#: (negative) that many records before the end.
StartOffset = Literal["beginning", "end"] | int

_POLL_MS = 200
# How long the last commit waits for a rebalance to finish: three times the default
# session timeout (STANCEWIRE_SESSION_TIMEOUT, 10 s), after which a silent member is out.
_COMMIT_SECONDS = 30.0


def resolve_topic(settings: Settings, topic: str) -> str:
    """The full name of ``topic``: an alias (prefixed) or a name taken as it is.

    Our own topics are created when missing, as the worker would create them,
    so that subscribing may start before the first worker does.
    """
    alias = topic_names.ALIASES.get(topic)
    if alias is None:
        return topic
    ensure_topics(settings, [alias])
    return settings.topic(alias)


def open_consumer(settings: Settings, topic: str, *, from_beginning: bool,
                  group: str | None, start: StartOffset | None = None,
                  partition: int | None = None) -> KafkaConsumer:
    """A consumer of ``topic`` (full name), which must exist.

    With ``start`` or ``partition`` it is assigned the partition (all without
    one) and placed at ``start`` (or where ``from_beginning`` says) instead of
    subscribing.
    """
    consumer = make_consumer(
        settings, group_id=group, enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
        allow_auto_create_topics=False, session_timeout_ms=int(settings.session_timeout * 1000),
        fetch_max_bytes=64 * 1024 * 1024)
    try:
        if topic not in consumer.topics():
            raise StancewireError(f"topic {topic!r} does not exist on {settings.bootstrap} "
                                  "(is a worker running? is STANCEWIRE_TOPIC_PREFIX right?)")
        if start is None and partition is None:
            consumer.subscribe([topic])
            return consumer
        partitions = sorted(consumer.partitions_for_topic(topic) or ())
        if partition is not None and partition not in partitions:
            raise StancewireError(f"topic {topic!r} has no partition {partition} (it has "
                                  f"{len(partitions)}, from 0)")
        assigned = [TopicPartition(topic, number) for number in partitions
                    if partition in (None, number)]
        consumer.assign(assigned)
        seek(consumer, assigned, start if start is not None
             else "beginning" if from_beginning else "end")
    except BaseException:
        consumer.close()
        raise
    return consumer


def seek(consumer: KafkaConsumer, partitions: Sequence[TopicPartition], start: StartOffset
         ) -> None:
    """Place each partition at ``start``, kept within the offsets it holds."""
    first = consumer.beginning_offsets(list(partitions))
    end = consumer.end_offsets(list(partitions))
    for tp in partitions:
        if start == "beginning":
            offset = first[tp]
        elif start == "end":
            offset = end[tp]
        else:
            offset = min(max(end[tp] + start if start < 0 else start, first[tp]), end[tp])
        consumer.seek(tp, offset)


class Shown(NamedTuple):
    """A record to show and its decoded event (what the filters look at)."""

    record: ConsumerRecord
    event: dict[str, Any]


def read_events(consumer: KafkaConsumer, *, event_filter: EventFilter | None = None,
                max_events: int | None = None, timeout: float | None = None,
                commit: bool = False, stop: threading.Event | None = None,
                ) -> Iterator[list[Shown]]:
    """Batches of matching records, until ``max_events`` were yielded, ``timeout``
    seconds passed without a record (forever when both are None) or ``stop`` is set.

    With ``commit``, the offsets of the records a caller has taken (all of a
    batch once it asks for the next) are committed, and never those of records
    fetched but not shown because ``max_events`` was reached.
    """
    shown = 0
    idle_since = time.monotonic()
    taken: dict[TopicPartition, OffsetAndMetadata] = {}
    try:
        while (max_events is None or shown < max_events) and not (stop and stop.is_set()):
            polled = consumer.poll(timeout_ms=_POLL_MS)
            if not polled:
                if timeout is not None and time.monotonic() - idle_since >= timeout:
                    return
                continue
            idle_since = time.monotonic()
            batch: list[Shown] = []
            examined: dict[TopicPartition, OffsetAndMetadata] = {}
            for record in itertools.chain.from_iterable(polled.values()):
                if max_events is not None and shown + len(batch) >= max_events:
                    break
                examined[TopicPartition(record.topic, record.partition)] = \
                    OffsetAndMetadata(record.offset + 1, "", -1)
                event = decode_event(record.value)
                if event_filter is None or event_filter.matches(event):
                    batch.append(Shown(record, event))
            shown += len(batch)
            if batch:
                yield batch
            taken.update(examined)
            if commit:
                consumer.commit_async(dict(examined))
    finally:
        if commit and taken:
            _commit(consumer, taken)


def _commit(consumer: KafkaConsumer, offsets: dict[TopicPartition, OffsetAndMetadata]) -> None:
    """Commit, letting a rebalance that started meanwhile finish first (it does
    with a fresh group, right after the first records come in, and lasts until a
    member that left without a word times out: up to the session timeout)."""
    deadline = time.monotonic() + _COMMIT_SECONDS
    while True:
        try:
            consumer.commit(offsets)
            return
        except (RebalanceInProgressError, CommitFailedError):
            if time.monotonic() >= deadline:
                raise
            consumer.poll(timeout_ms=1000, max_records=1)  # completes the rebalance


def decode_event(value: bytes | None) -> dict[str, Any]:
    """The JSON object of a record, or ``{"value": text}`` for anything else."""
    if value is None:
        return {"value": None}
    try:
        event = orjson.loads(value)
    except orjson.JSONDecodeError:
        return {"value": value.decode("utf-8", errors="replace")}
    return event if isinstance(event, dict) else {"value": event}


def record_envelope(record: ConsumerRecord) -> dict[str, Any]:
    """The record with where it sits, as kcat's ``-J`` shows it: the value as JSON
    when it is JSON, else as text; the timestamp in milliseconds; headers as
    [name, value] pairs in their order (a name may come twice)."""
    return {"topic": record.topic, "partition": record.partition, "offset": record.offset,
            "timestamp": record.timestamp, "key": _text(record.key),
            "headers": [[name, _text(value)] for name, value in record.headers or ()],
            "value": _json_or_text(record.value)}


def _json_or_text(value: bytes | None) -> Any:
    try:
        return None if value is None else orjson.loads(value)
    except orjson.JSONDecodeError:
        return _text(value)


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("utf-8", errors="replace")


class OffsetType(click.ParamType):
    """kcat's ``-o``: ``beginning``, ``end``, an offset N, or -N (N before the end)."""

    name = "beginning|end|N|-N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> StartOffset:
        if isinstance(value, int):
            return value
        if value in ("beginning", "end"):
            return cast(StartOffset, value)
        try:
            return int(value)
        except ValueError:
            self.fail(f"{value!r} is not beginning, end, an offset N or -N (N records "
                      f"before the end)", param, ctx)


@click.command()
@click.option("--topic", default="enriched", show_default=True,
              help="enriched, entities, stances, quotes, dlq, articles, or any topic name.")
@click.option("--bootstrap", help="Kafka bootstrap servers. [env: STANCEWIRE_BOOTSTRAP]")
@click.option("--from-beginning/--latest", default=None,
              help="Start at the oldest record, or only show new ones. [default: --latest]")
@click.option("--offset", "start", type=OffsetType(), metavar="beginning|end|N|-N",
              help="Start each partition here: beginning, end, an offset N, or -N (the last "
                   "N records), as kcat -o. Reads without a group.")
@click.option("--partition", type=click.IntRange(min=0), metavar="P",
              help="Read only this partition, as kcat -p. Reads without a group.")
@click.option("--follow", is_flag=True,
              help="Keep waiting for new events (the default without --max or --timeout).")
@click.option("--max", "max_events", type=click.IntRange(min=1),
              help="Stop after this many events (after filtering).")
@click.option("--timeout", type=click.FloatRange(min=0),
              help="Stop after this many seconds without a new record.")
@click.option("--group", help="Consumer group; offsets are committed only with one.")
@click.option("--entity", multiple=True, help="Only events naming this entity (or alias).")
@click.option("--speaker", multiple=True, help="Only events with a quote by this speaker.")
@click.option("--relation", multiple=True, help="Only events with this stance relation.")
@click.option("--source", multiple=True, help="Only articles from this publisher.")
@click.option("--format", "output_format", type=click.Choice(["pretty", "json"]),
              help="Event format. [default: pretty]")
@click.option("--fields", help="Comma-separated dotted fields to show (entities.name): "
              "tab-separated, or a JSON object with --format json.")
@click.option("--envelope", is_flag=True,
              help="Each record as one JSON line: topic, partition, offset, timestamp (ms), "
                   "key, headers and value, as kcat -J.")
@click.option("--print-key", is_flag=True,
              help="Show each record's key before its event, tab-separated, as kcat -K.")
@click.option("--color/--no-color", default=None,
              help="Colour the pretty format. [default: when stdout is a terminal]")
def subscribe(topic: str, bootstrap: str | None, from_beginning: bool | None,
              start: StartOffset | None, partition: int | None, follow: bool,
              max_events: int | None, timeout: float | None, group: str | None,
              entity: tuple[str, ...], speaker: tuple[str, ...], relation: tuple[str, ...],
              source: tuple[str, ...], output_format: OutputFormat | None, fields: str | None,
              envelope: bool, print_key: bool, color: bool | None) -> None:
    """Show events from a topic: enriched articles by default.

    Ends after --max events, after --timeout seconds without a record, or
    on Ctrl-C; a closed pipe (| head) ends it quietly too.
    """
    _check_options(follow=follow, timeout=timeout, from_beginning=from_beginning, start=start,
                   partition=partition, group=group, envelope=envelope, print_key=print_key,
                   output_format=output_format, fields=fields)
    try:
        settings = Settings.from_env(None, **({"bootstrap": bootstrap} if bootstrap else {}))
        require_broker(settings)
        consumer = open_consumer(settings, resolve_topic(settings, topic),
                                 from_beginning=bool(from_beginning), group=group, start=start,
                                 partition=partition)
    except (KafkaError, StancewireError) as exc:
        raise click.ClickException(str(exc)) from None
    event_filter = EventFilter.of(entities=entity, speakers=speaker, relations=relation,
                                  sources=source)
    picked = [name.strip() for name in fields.split(",") if name.strip()] if fields else None
    colored = sys.stdout.isatty() if color is None else color
    shown = 0
    with stop_on_ctrl_c() as stop:
        try:
            for batch in read_events(consumer, event_filter=event_filter,
                                     max_events=max_events, timeout=timeout,
                                     commit=group is not None, stop=stop):
                lines = [render_record(shown, picked, output_format=output_format or "pretty",
                                       envelope=envelope, print_key=print_key, color=colored)
                         for shown in batch]
                click.echo("\n".join(lines), color=colored)
                shown += len(batch)
        except BrokenPipeError:
            silence_stdout()
            return
        except KafkaError as exc:
            raise click.ClickException(f"reading {topic!r}: {exc}") from None
        finally:
            consumer.close()
    click.echo(f"{shown:,} events", err=True)


def render_record(shown: Shown, fields: list[str] | None, *, output_format: OutputFormat,
                  envelope: bool, print_key: bool, color: bool) -> str:
    """How one record is shown: its envelope, or its event with the key before it."""
    if envelope:
        return orjson.dumps(record_envelope(shown.record)).decode()
    event = shown.event
    text = (render_fields(event, fields, as_json=output_format == "json") if fields
            else render_json(event) if output_format == "json"
            else render_pretty(event, color=color) + "\n")
    if not print_key:
        return text
    return f"{terminal_safe(_text(shown.record.key) or '')}\t{text}"


def _check_options(*, follow: bool, timeout: float | None, from_beginning: bool | None,
                   start: StartOffset | None, partition: int | None, group: str | None,
                   envelope: bool, print_key: bool, output_format: OutputFormat | None,
                   fields: str | None) -> None:
    """Refuse options that contradict each other, naming them."""
    clashes = [
        (follow and timeout is not None, "--follow waits forever; it cannot be used with "
                                         "--timeout"),
        (start is not None and from_beginning is not None,
         "--offset says where to start; it cannot be used with --from-beginning/--latest"),
        ((start is not None or partition is not None) and group is not None,
         "--offset and --partition read without a group; they cannot be used with --group"),
        (envelope and (output_format is not None or fields is not None or print_key),
         "--envelope shows whole records as JSON; it cannot be used with --format, "
         "--fields or --print-key"),
    ]
    for clash, message in clashes:
        if clash:
            raise click.UsageError(message)


@contextlib.contextmanager
def stop_on_ctrl_c() -> Iterator[threading.Event]:
    """An event Ctrl-C (or SIGTERM) sets while in the block. kafka-python's poll can
    swallow a KeyboardInterrupt raised inside it (seen: a follow that never ended), so
    the read loop checks this flag between polls instead."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop  # signals reach the main thread only
        return
    previous = {number: signal.signal(number, lambda signum, frame: stop.set())
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def silence_stdout() -> None:
    """After ``| head`` closed the pipe, point stdout at /dev/null so that the
    interpreter's final flush does not fail again."""
    with contextlib.suppress(OSError, ValueError):  # not a file descriptor in tests
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
