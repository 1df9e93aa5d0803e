"""``stancewire demo``: the whole thing in one command.

Uses the broker at the configured bootstrap, or starts the local one; starts
a worker; produces the sample articles (or ``--input``); prints each enriched
event as it arrives. Ctrl-C stops what the demo started.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from types import FrameType

import click
import orjson
from kafka import KafkaConsumer, TopicPartition

from stancewire.broker.launcher import LocalBroker, kafka_version
from stancewire.cli.render import render_pretty
from stancewire.cli.subscribe import stop_on_ctrl_c
from stancewire.cli.watch import WorkerWatch
from stancewire.clients import broker_answers, ensure_topics, make_consumer
from stancewire.errors import StancewireError
from stancewire.inputs import read_inputs
from stancewire.producing import produce_articles
from stancewire.settings import Settings
from stancewire.topic_names import ENRICHED
from stancewire.workers import WorkerProcess

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"


@click.command()
@click.option("--input", "inputs", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Articles to produce instead of the samples (any `produce` format).")
@click.option("--follow/--no-follow", default=True, show_default=True,
              help="Keep the worker and web view running after the articles came back.")
@click.option("--timeout", default=300.0, show_default=True,
              help="Seconds to wait for the enriched events.")
def demo(inputs: tuple[Path, ...], follow: bool, timeout: float) -> None:
    """Local Kafka, a worker, sample articles in, enriched events printed."""
    settings = Settings.from_env()
    paths = list(inputs) or [SAMPLES]
    # `kill` (SIGTERM) stops the demo as Ctrl-C does: what it started is stopped too.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with ExitStack() as stack:
            stack.enter_context(_broker(settings))
            ensure_topics(settings)
            worker = stack.enter_context(_worker(settings))
            consumer = _consumer_at_end(settings)
            stack.callback(consumer.close)
            click.echo(f"Web view: {settings.web_url}/dashboard/  (worker log: {worker.log})")
            summary = produce_articles(settings, read_inputs(paths),
                                       on_problem=lambda p: click.echo(str(p), err=True))
            click.echo(f"Produced {summary.sent} articles; waiting for them to come back "
                       "enriched (the first batch waits for spaCy to load)...\n")
            _print_events(consumer, worker, expected=summary.sent, timeout=timeout)
            click.echo(f"All {summary.sent} articles came back enriched.")
            if follow:
                click.echo(f"The worker keeps running: web view at {settings.web_url}/dashboard/, "
                           "more articles with `stancewire produce`. Ctrl-C to stop.")
                _print_events(consumer, worker, expected=None, timeout=timeout)
    except KeyboardInterrupt:
        click.echo("\nStopped.")
    except StancewireError as exc:
        raise click.ClickException(str(exc)) from exc


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def _broker(settings: Settings) -> Iterator[None]:
    if broker_answers(settings):
        click.echo(f"Using the Kafka broker at {settings.bootstrap}")
        yield
        return
    local = LocalBroker(settings)
    click.echo(f"No broker at {settings.bootstrap}: starting Apache Kafka {kafka_version()} "
               f"locally (the first start downloads its jars with Maven)...")
    seconds = local.start()
    click.echo(f"Broker up in {seconds:.1f} s (data: {local.home})")
    try:
        yield
    finally:
        local.stop()
        click.echo("Broker stopped.")


@contextmanager
def _worker(settings: Settings) -> Iterator[WorkerProcess]:
    worker = WorkerProcess.start(settings, home=settings.data_dir, web_port=settings.web_port,
                                 extra_env={})
    try:
        yield worker
    finally:
        with suppress(subprocess.TimeoutExpired):
            worker.stop(timeout=60)
        worker.kill()
        click.echo("Worker stopped.")


def _consumer_at_end(settings: Settings) -> KafkaConsumer:
    """A consumer of the enriched topic placed at its end, so only new events show."""
    consumer = make_consumer(settings)
    topic = settings.topic(ENRICHED)
    partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
    consumer.assign(partitions)
    consumer.seek_to_end()
    for tp in partitions:
        consumer.position(tp)  # resolve the end now, before anything is produced
    return consumer


def _print_events(consumer: KafkaConsumer, worker: WorkerProcess, *, expected: int | None,
                  timeout: float) -> None:
    """Print enriched events as they come, watching the worker while waiting for them."""
    seen = 0
    deadline = time.monotonic() + timeout
    color = sys.stdout.isatty()
    watch = WorkerWatch(worker)
    with stop_on_ctrl_c() as stop:  # kafka-python's poll can swallow a KeyboardInterrupt
        while expected is None or seen < expected:
            if stop.is_set():
                raise KeyboardInterrupt
            watch.check()
            if expected is not None and time.monotonic() > deadline:
                raise click.ClickException(
                    f"only {seen} of {expected} enriched events came back within "
                    f"{timeout:.0f} s; the worker is {watch.stage()}. Its log: {worker.log}")
            for records in consumer.poll(timeout_ms=500).values():
                for record in records:
                    click.echo(render_pretty(orjson.loads(record.value), color=color))
                    seen += 1
