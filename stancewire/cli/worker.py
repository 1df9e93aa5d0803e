"""``stancewire worker``: run one Faust worker (agents, tables, web view)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click

from stancewire.settings import ENV_PREFIX


@click.command()
@click.option("--web-port", type=int, help="Web view port (STANCEWIRE_WEB_PORT, 6066).")
@click.option("--data-dir", type=click.Path(path_type=Path),
              help="Worker state folder (STANCEWIRE_DATA_DIR, .stancewire).")
@click.option("--processes", type=int, help="NLP processes (STANCEWIRE_NLP_PROCESSES, 1).")
@click.option("--loglevel", "-l", default=None, help="Log level (STANCEWIRE_LOG_LEVEL, info).")
def worker(web_port: int | None, data_dir: Path | None, processes: int | None,
           loglevel: str | None) -> None:
    """Start a worker; several workers with the same app id share the partitions."""
    overrides = {"WEB_PORT": web_port, "DATA_DIR": data_dir, "NLP_PROCESSES": processes,
                 "LOG_LEVEL": loglevel}
    # The app reads its settings from the environment when imported, and the
    # NLP processes inherit it: options become variables before that import.
    for name, value in overrides.items():
        if value is not None:
            os.environ[ENV_PREFIX + name] = str(value)
    run_worker()


def run_worker() -> None:
    """Run the worker of ``stancewire.app`` in this process until it is stopped."""
    import faust

    from stancewire.app import app, settings

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.processing_guarantee == "exactly_once" and settings.table_store == "rocksdb":
        # The local store already holds the updates of transactions that a crash
        # aborted; replaying their input would count them twice. Rebuilding from
        # the changelogs (read committed) makes the tables exactly-once too.
        shutil.rmtree(app.conf.tabledir, ignore_errors=True)
    faust.Worker(app, loglevel=settings.log_level, quiet=True).execute_from_commandline()
