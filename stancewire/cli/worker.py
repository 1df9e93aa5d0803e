"""``stancewire worker``: run one Faust worker (agents, tables, web view)."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from stancewire.clients import NOTHING_LISTENS, broker_problem
from stancewire.errors import StancewireError
from stancewire.settings import Settings
from stancewire.state import check_state, current_origin, set_state_aside


@click.command()
@click.option("--web-port", type=int, help="Web view port (STANCEWIRE_WEB_PORT, 6066).")
@click.option("--data-dir", type=click.Path(path_type=Path),
              help="Worker state folder (STANCEWIRE_DATA_DIR, .stancewire).")
@click.option("--processes", type=int, help="NLP processes (STANCEWIRE_NLP_PROCESSES, 1).")
@click.option("--loglevel", "-l", default=None, help="Log level (STANCEWIRE_LOG_LEVEL, info).")
@click.option("--reset-state", is_flag=True,
              help="Set the local table state aside first (moved, not deleted); the tables "
                   "are rebuilt from their changelogs.")
def worker(web_port: int | None, data_dir: Path | None, processes: int | None,
           loglevel: str | None, reset_state: bool) -> None:
    """Start a worker; several workers with the same app id share the partitions."""
    options = {"web_port": web_port, "data_dir": data_dir, "nlp_processes": processes,
               "log_level": loglevel}
    try:
        settings = Settings.from_env(None, **{k: v for k, v in options.items() if v is not None})
        settings.check_web_exposure()
    except StancewireError as exc:
        raise click.UsageError(str(exc)) from None
    if reset_state:
        aside = set_state_aside(settings, reason="asked for with --reset-state")
        if aside is not None:
            click.echo(f"Local table state set aside in {aside}; the tables are rebuilt from "
                       "their changelogs.", err=True)
    run_worker(settings)


def run_worker(settings: Settings) -> None:
    """Run a worker of the app built from ``settings`` in this process until it is stopped."""
    import faust

    from stancewire import app as stancewire_app

    stancewire_app.configure(settings)
    app = stancewire_app.app
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    problem = broker_problem(settings, timeout=5.0)
    if problem is None:
        check_state(settings, current_origin(settings))
    elif problem == NOTHING_LISTENS:  # Faust waits for the broker to come
        click.echo(f"No broker at {settings.bootstrap} yet; the worker waits for one.",
                   err=True)
    else:  # refused: a password, a certificate, a protocol; waiting would not help
        raise click.ClickException(f"cannot start the worker: {problem}")
    if settings.processing_guarantee == "exactly_once" and settings.table_store == "rocksdb":
        # The local store already holds the updates of transactions that a crash
        # aborted; replaying their input would count them twice. Rebuilding from
        # the changelogs (read committed) makes the tables exactly-once too.
        shutil.rmtree(app.conf.tabledir, ignore_errors=True)
    faust.Worker(app, loglevel=settings.log_level, quiet=True).execute_from_commandline()
