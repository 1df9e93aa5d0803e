"""Fail points: named places in the commit path where a test makes the worker die.

A fault test sets ``STANCEWIRE_TEST_FAILPOINT=NAME:N`` (a test-only setting:
production never sets it, and no default turns it on) and the worker
SIGKILLs itself the N-th time it reaches the place named NAME, so that a
crash lands exactly there rather than wherever the timing of a kill from
outside puts it. The names:

- ``mid-batch``: the first group of a batch is published and acknowledged,
  the rest of the batch is not;
- ``before-commit``: a commit's table writes are acknowledged by the broker,
  the commit has not run;
- ``after-commit``: the commit (in exactly-once, the transactions' commit
  with their offsets) has run, nothing after it has.
Only commits that cover table writes count as visits of the last two.
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from typing import Literal, get_args

FailPointName = Literal["mid-batch", "before-commit", "after-commit"]
NAMES: tuple[str, ...] = get_args(FailPointName)


class FailPoints:
    """The one armed fail point of a worker (or none)."""

    def __init__(self, spec: str | None) -> None:
        self._armed: tuple[str, int] | None = parse(spec) if spec else None
        self._reached: Counter[str] = Counter()

    def reached(self, name: FailPointName) -> None:
        """Die here with SIGKILL when this is the armed point's N-th visit."""
        if self._armed is None or self._armed[0] != name:
            return
        self._reached[name] += 1
        if self._reached[name] == self._armed[1]:
            os.kill(os.getpid(), signal.SIGKILL)


def parse(spec: str) -> tuple[str, int]:
    """``NAME:N`` (``N`` defaults to 1) -> (name, n); ValueError saying why."""
    name, _, count = spec.partition(":")
    if name not in NAMES:
        raise ValueError(f"unknown fail point {name!r}; the names are {', '.join(NAMES)}")
    if count and not (count.isdigit() and int(count) >= 1):
        raise ValueError(f"fail point count must be a whole number from 1, not {count!r}")
    return name, int(count or 1)
