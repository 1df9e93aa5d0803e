"""Articles per second on one worker, from samples of its per-partition outcome counters.

Growth is counted per counter key between consecutive samples, over keys
present in both, so a partition that moves to this worker in a rebalance
(bringing its whole count) does not show up as a burst, and one that moves
away does not take what it grew here with it.
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
        """The summed growth of all counters per second, from the oldest to the newest sample."""
        if len(self._samples) < 2 or self._samples[-1][0] <= self._samples[0][0]:
            return 0.0
        grown = 0
        for (_, old), (_, new) in zip(self._samples, list(self._samples)[1:], strict=False):
            grown += sum(max(0, count - old[key]) for key, count in new.items() if key in old)
        return grown / (self._samples[-1][0] - self._samples[0][0])
