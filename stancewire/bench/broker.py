"""The broker a bench runs against: the configured one when it answers, else a local one."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

from stancewire.broker.launcher import LocalBroker
from stancewire.clients import broker_answers
from stancewire.settings import Settings
from stancewire.workers import free_port


@dataclass(frozen=True)
class BenchBroker:
    """Where the broker is, whether this run started it, and its pid when known."""

    bootstrap: str
    started: bool
    pid: int | None


@contextlib.contextmanager
def bench_broker(settings: Settings, *, data_dir: Path) -> Iterator[BenchBroker]:
    """``settings.bootstrap`` if a broker answers there; else the local launcher on free
    ports with its data in ``data_dir``, stopped on exit."""
    if broker_answers(settings):
        yield BenchBroker(settings.bootstrap, False, _listening_pid(settings.bootstrap))
        return
    local = LocalBroker(settings.with_(bootstrap=f"127.0.0.1:{free_port(pair=True)}",
                                       data_dir=data_dir))
    local.start(timeout=120)
    try:
        yield BenchBroker(local.settings.bootstrap, True, local.status().pid)
    finally:
        local.stop()


def _listening_pid(bootstrap: str) -> int | None:
    """The local process listening on the first bootstrap port, when it is on this host
    and visible to us."""
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    if host not in ("127.0.0.1", "localhost", "0.0.0.0", "[::1]", ""):
        return None
    try:
        connections = psutil.net_connections(kind="tcp")
    except psutil.AccessDenied:
        return None
    return next((c.pid for c in connections
                 if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == int(port)),
                None)
