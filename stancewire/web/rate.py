"""Articles per second on one worker, from samples of its per-partition outcome counters.

The rate is computed per counter key, over keys present in both samples, so
a partition that moves to or from this worker in a rebalance does not show
up as a burst: it adds to the rate from the sample after it arrived.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

#: Seconds the rate is averaged over.
RATE_SPAN = 10.0


class RateMeter:
    """Keeps samples of counters (``record``) and tells their summed rate (``per_second``)."""

    def __init__(self, *, span: float = RATE_SPAN) -> None:
        self.span = span
        self._samples: deque[tuple[float, dict[str, int]]] = deque()

    def record(self, now: float, counters: Mapping[str, int]) -> None:
        self._samples.append((now, dict(counters)))
        # keep one sample at least ``span`` old, so the rate spans the whole span
        while len(self._samples) > 2 and now - self._samples[1][0] >= self.span:
            self._samples.popleft()

    def per_second(self) -> float:
        """The summed rate of all counters between the oldest and the newest sample."""
        if len(self._samples) < 2:
            return 0.0
        (then, old), (now, new) = self._samples[0], self._samples[-1]
        if now <= then:
            return 0.0
        grown = sum(max(0, count - old[key]) for key, count in new.items() if key in old)
        return grown / (now - then)
