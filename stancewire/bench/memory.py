"""Peak resident memory of process trees, sampled in a background thread."""

from __future__ import annotations

import threading
from types import TracebackType

import psutil

_INTERVAL = 0.25  # seconds between samples: spaCy's batches last longer than this


def tree_rss(pid: int) -> int:
    """Bytes resident in process ``pid`` and all its descendants (0 when it is gone)."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue  # exited between the listing and the reading
    return total


class PeakRss:
    """The highest :func:`tree_rss` of each named process while the sampler runs.

    Use as a context manager around the work to watch.
    """

    def __init__(self, pids: dict[str, int]) -> None:
        self.peaks: dict[str, int] = dict.fromkeys(pids, 0)
        self._pids = pids
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True,
                                        name="bench-rss")

    def __enter__(self) -> PeakRss:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _sample_until_stopped(self) -> None:
        while not self._stop.wait(_INTERVAL):
            self._sample()

    def _sample(self) -> None:
        for name, pid in self._pids.items():
            self.peaks[name] = max(self.peaks[name], tree_rss(pid))
