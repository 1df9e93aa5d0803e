"""Peak resident memory and CPU time of process trees, sampled in a background thread."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from types import TracebackType

import psutil

_INTERVAL = 0.25  # seconds between samples: spaCy's batches last longer than this


class TreeUsage:
    """What some processes and their descendants used: peak RSS (summed over the trees)
    and CPU seconds (user + system) since the first sample."""

    def __init__(self, pids: Sequence[int]) -> None:
        self.pids = pids
        self.peak_rss = 0
        self._cpu_first: dict[int, float] = {}
        self._cpu_last: dict[int, float] = {}

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu_last[pid] - self._cpu_first[pid] for pid in self._cpu_last)

    def sample(self) -> None:
        processes = []
        for pid in self.pids:
            try:
                root = psutil.Process(pid)
                processes += [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
        rss = 0
        for process in processes:
            try:
                with process.oneshot():
                    rss += process.memory_info().rss
                    times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue  # exited between the listing and the reading
            self._cpu_first.setdefault(process.pid, times.user + times.system)
            self._cpu_last[process.pid] = times.user + times.system
        self.peak_rss = max(self.peak_rss, rss)


class Usage:
    """:class:`TreeUsage` of each named group of processes while the context manager is
    open."""

    def __init__(self, pids: Mapping[str, Sequence[int]]) -> None:
        self.trees = {name: TreeUsage(pid) for name, pid in pids.items()}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True,
                                        name="bench-usage")

    def __enter__(self) -> Usage:
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

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds each tree has used so far (sampled now)."""
        self._sample()
        return {name: tree.cpu_seconds for name, tree in self.trees.items()}

    def _sample(self) -> None:
        with self._lock:
            for tree in self.trees.values():
                tree.sample()
