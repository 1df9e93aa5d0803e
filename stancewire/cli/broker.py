"""``stancewire broker start|stop|status``: the local Apache Kafka broker."""

from __future__ import annotations

import click

from stancewire.broker.launcher import LocalBroker, kafka_version
from stancewire.broker.secure import ADMIN, MECHANISM, READER, WORKER
from stancewire.errors import BrokerError
from stancewire.settings import Settings


@click.group()
def broker() -> None:
    """Run a local Apache Kafka broker (KRaft, one node) for development and tests."""


_SECURE = click.option(
    "--secure", is_flag=True,
    help="The secured broker: SASL_SSL with SCRAM-SHA-512 users, a CA of its own and ACLs "
         "(its own data folder, .stancewire/broker-secure).")


@broker.command()
@click.option("--timeout", default=90.0, show_default=True, help="Seconds to wait for it.")
@_SECURE
def start(timeout: float, secure: bool) -> None:
    """Start the broker; return once it answers metadata requests."""
    local = LocalBroker(Settings.from_env(), secure=secure)
    try:
        seconds = local.start(timeout=timeout)
    except BrokerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Apache Kafka {kafka_version()} up at {local.settings.bootstrap} "
               f"in {seconds:.1f} s (data: {local.home}, log: {local.log_file})")
    if secure:
        click.echo(_connection_help(local, show_passwords=False))


@broker.command()
@click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for exit.")
@_SECURE
def stop(timeout: float, secure: bool) -> None:
    """Stop the broker (SIGTERM, then wait)."""
    if LocalBroker(Settings.from_env(), secure=secure).stop(timeout=timeout):
        click.echo("broker stopped")
    else:
        click.echo("no local broker running")


@broker.command()
@_SECURE
@click.option("--show-passwords", is_flag=True, help="With --secure: print the passwords too.")
def status(secure: bool, show_passwords: bool) -> None:
    """Say whether the local broker runs and answers; exit 1 when it does not answer.

    With --secure, also how to connect: protocol, mechanism, CA file and users.
    """
    local = LocalBroker(Settings.from_env(), secure=secure)
    state = local.status()
    running = f"running (pid {state.pid})" if state.running else "not started by us"
    answering = "answering" if state.answering else "not answering"
    click.echo(f"{state.bootstrap}: {running}, {answering}")
    if secure:
        click.echo(_connection_help(local, show_passwords=show_passwords))
    if not state.answering:
        raise SystemExit(1)


def _connection_help(local: LocalBroker, *, show_passwords: bool) -> str:
    made = local.credentials()
    lines = [f"STANCEWIRE_BOOTSTRAP={local.settings.bootstrap}",
             "STANCEWIRE_SECURITY_PROTOCOL=SASL_SSL",
             f"STANCEWIRE_SASL_MECHANISM={MECHANISM}",
             f"STANCEWIRE_SSL_CAFILE={made.ca_file.resolve()}",
             f"users: {WORKER} (worker, produce), {READER} (reads articles.enriched only), "
             f"{ADMIN} (ACLs)"]
    if show_passwords:
        lines += [f"password of {user}: {password}" for user, password in made.passwords.items()]
    else:
        lines.append("passwords: stancewire broker status --secure --show-passwords")
    return "\n".join(lines)
