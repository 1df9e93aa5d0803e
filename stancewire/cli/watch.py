"""Watching a worker subprocess from the command that started it.

While the command waits for enriched events it tells the user what the
worker is doing (starting, recovering its tables, ready) from the worker's
log, and stops with the log's last lines and what to do when the worker has
exited, instead of waiting on a dead worker.
"""

from __future__ import annotations

import re

import click

from stancewire.workers import WorkerProcess

_TAIL_LINES = 20
# Faust's log lines that mark the stages of a worker's start, last stage first.
_STAGES = (
    (b"Worker]: Ready", "ready"),
    (b"Recovery]: Still fetching", "recovering its tables from the changelogs"),
    (b"Recovery]: Starting", "recovering its tables from the changelogs"),
    (b"Worker]: Starting", "starting (joining the consumer group)"),
)
_PROGRESS = re.compile(rb"Still fetching changelog topics for recovery[^\n]*")


class WorkerWatch:
    """Follows one worker's log; :meth:`check` raises when the worker has exited."""

    def __init__(self, worker: WorkerProcess) -> None:
        self.worker = worker
        self._last_progress = b""

    def stage(self) -> str:
        """What the worker's log says it is doing now."""
        log = self._log()
        for marker, stage in _STAGES:
            if marker in log:
                return stage
        return "loading (no log line yet)"

    def check(self) -> None:
        """Echo new recovery progress; raise ClickException if the worker has exited."""
        if not self.worker.alive():
            code = self.worker.process.returncode
            raise click.ClickException(
                f"the worker exited with code {code}. The last lines of its log "
                f"({self.worker.log}):\n{self.worker.tail(_TAIL_LINES)}\n"
                "Fix what the log names and run the command again; "
                "`stancewire worker --reset-state` sets aside table state left by another run.")
        progress = _PROGRESS.findall(self._log())
        if progress and progress[-1] != self._last_progress:
            self._last_progress = progress[-1]
            click.echo(f"worker: {progress[-1].decode(errors='replace')}", err=True)

    def _log(self) -> bytes:
        return self.worker.log.read_bytes() if self.worker.log.exists() else b""
