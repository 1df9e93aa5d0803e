"""The progress line and the closing summary of ``stancewire produce`` and ``enrich``, on stderr."""

from __future__ import annotations

import time
from typing import Protocol

import click

_WIDTH = 30  # characters of the bar itself
_EVERY = 0.1  # seconds between redraws


class Totals(Protocol):
    """The running totals a producer reports (``ProduceSummary``)."""

    sent: int
    failed: int
    bytes: int
    seconds: float

    @property
    def articles_per_second(self) -> float: ...


class Progress:
    """A bar (or, without a known total, a counter) with count, rate and bytes."""

    def __init__(self, *, enabled: bool, total: int | None, dry_run: bool = False,
                 verb: str = "sent") -> None:
        self.enabled = enabled
        self.total = total
        self.verb = "valid" if dry_run else verb
        self._drawn = 0  # length of the line on screen, 0 when none
        self._next = 0.0

    def update(self, totals: Totals) -> None:
        """Redraw, at most every 0.1 s."""
        now = time.monotonic()
        if self.enabled and now >= self._next:
            self._next = now + _EVERY
            self._draw(totals)

    def echo(self, message: str) -> None:
        """A message line that does not get mixed up with the bar."""
        self.close()
        click.echo(message, err=True)

    def finish(self, totals: Totals) -> None:
        """The final bar and the summary."""
        if self.enabled:
            self._draw(totals)
        self.close()
        click.echo(self.summary(totals), err=True)

    def finish_interrupted(self) -> None:
        self.close()
        click.echo("interrupted: records handed over so far were flushed", err=True)

    def close(self) -> None:
        """End the bar's line so that what follows starts on a fresh one."""
        if self._drawn:
            click.echo("", err=True)
            self._drawn = 0

    def summary(self, totals: Totals) -> str:
        suffix = " (dry run: nothing sent)" if self.verb == "valid" else ""
        return (f"{self.verb} {totals.sent:,}, failed {totals.failed:,}, "
                f"{_megabytes(totals.bytes)} in {totals.seconds:.2f} s, "
                f"{totals.articles_per_second:,.0f} articles/s{suffix}")

    def _draw(self, totals: Totals) -> None:
        done = totals.sent + totals.failed
        if self.total:
            filled = min(_WIDTH, _WIDTH * done // self.total)
            count = f"[{'#' * filled}{'.' * (_WIDTH - filled)}] {done:,}/{self.total:,}"
        else:
            count = f"{done:,} read"
        line = (f"{count}  {totals.articles_per_second:,.0f} articles/s  "
                f"{_megabytes(totals.bytes)}  failed {totals.failed:,}")
        click.echo("\r" + line.ljust(self._drawn), nl=False, err=True)
        self._drawn = len(line)


def _megabytes(count: int) -> str:
    return f"{count / 1e6:,.1f} MB"
