"""``stancewire broker start|stop|status``: the local Apache Kafka broker."""

from __future__ import annotations

import click

from stancewire.broker.launcher import LocalBroker, kafka_version
from stancewire.errors import BrokerError
from stancewire.settings import Settings


@click.group()
def broker() -> None:
    """Run a local Apache Kafka broker (KRaft, one node) for development and tests."""


@broker.command()
@click.option("--timeout", default=90.0, show_default=True, help="Seconds to wait for it.")
def start(timeout: float) -> None:
    """Start the broker; return once it answers metadata requests."""
    local = LocalBroker(Settings.from_env())
    try:
        seconds = local.start(timeout=timeout)
    except BrokerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Apache Kafka {kafka_version()} up at {local.settings.bootstrap} "
               f"in {seconds:.1f} s (data: {local.home}, log: {local.log_file})")


@broker.command()
@click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for exit.")
def stop(timeout: float) -> None:
    """Stop the broker (SIGTERM, then wait)."""
    if LocalBroker(Settings.from_env()).stop(timeout=timeout):
        click.echo("broker stopped")
    else:
        click.echo("no local broker running")


@broker.command()
def status() -> None:
    """Say whether the local broker runs and answers; exit 1 when it does not answer."""
    state = LocalBroker(Settings.from_env()).status()
    running = f"running (pid {state.pid})" if state.running else "not started by us"
    answering = "answering" if state.answering else "not answering"
    click.echo(f"{state.bootstrap}: {running}, {answering}")
    if not state.answering:
        raise SystemExit(1)
