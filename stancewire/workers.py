"""``stancewire worker`` subprocesses on free ports, for tests and ``stancewire bench``.

Start one with the environment that makes it use given :class:`Settings`,
wait until it consumes, stop it, kill it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from stancewire.settings import Settings


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log: Path
    web_port: int
    home: Path

    @classmethod
    def start(cls, settings: Settings, *, home: Path, web_port: int,
              extra_env: dict[str, str]) -> WorkerProcess:
        home.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **worker_env(settings), "STANCEWIRE_DATA_DIR": str(home),
               "STANCEWIRE_WEB_PORT": str(web_port), **extra_env}
        # a restarted worker keeps the log of the one before: worker.log, worker.1.log, ...
        log, restarts = home / "worker.log", itertools.count(1)
        while log.exists():
            log = home / f"worker.{next(restarts)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "stancewire.cli.main", "worker"],
                stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        return cls(process, log, web_port, home)

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Wait until the worker has joined its group and started its agents."""
        self.wait_logged(b"Worker]: Ready", timeout=timeout)

    def wait_logged(self, marker: bytes, *, timeout: float = 120.0) -> None:
        """Wait until ``marker`` appears in the worker's log; AssertionError if it exits first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited ({self.process.returncode}):\n{self.tail()}")
            if marker in self.log.read_bytes():
                return
            time.sleep(0.2)
        raise AssertionError(f"worker did not log {marker.decode()!r} in {timeout} s:\n"
                             f"{self.tail()}")

    def alive(self) -> bool:
        return self.process.poll() is None

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM the worker (and its NLP processes) and wait for it."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
        return self.process.wait(timeout)

    def kill(self) -> None:
        """SIGKILL the worker's whole process group."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)


def worker_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a worker process use ``settings``."""
    return {
        "STANCEWIRE_BOOTSTRAP": settings.bootstrap,
        "STANCEWIRE_TOPIC_PREFIX": settings.topic_prefix,
        "STANCEWIRE_APP_ID": settings.app_id,
        "STANCEWIRE_PARTITIONS": str(settings.partitions),
        "STANCEWIRE_SESSION_TIMEOUT": str(settings.session_timeout),
        "STANCEWIRE_PROCESSING_GUARANTEE": settings.processing_guarantee,
        "STANCEWIRE_NLP_PROCESSES": str(settings.nlp_processes),
        "STANCEWIRE_BATCH_SIZE": str(settings.batch_size),
        "STANCEWIRE_BATCH_TIMEOUT": str(settings.batch_timeout),
        "STANCEWIRE_SPACY_MODEL": settings.spacy_model,
        "STANCEWIRE_WINDOW_SECONDS": str(settings.window_seconds),
        "STANCEWIRE_SECURITY_PROTOCOL": settings.security_protocol,
        "STANCEWIRE_SASL_MECHANISM": settings.sasl_mechanism,
        **{name: str(value) for name, value in (
            ("STANCEWIRE_SASL_USERNAME", settings.sasl_username),
            ("STANCEWIRE_SASL_PASSWORD", settings.sasl_password),
            ("STANCEWIRE_SSL_CAFILE", settings.ssl_cafile)) if value is not None},
    }


def free_port(*, pair: bool = False) -> int:
    """A free TCP port on 127.0.0.1 (and the next one too when ``pair``)."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if not pair:
            return port
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 1))
                return port
            except OSError:
                continue
