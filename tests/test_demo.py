"""``stancewire demo``, the README's first command, against the session's broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from stancewire.settings import Settings
from stancewire.workers import free_port, worker_env
from tests.kafka_helpers import wait_for

pytestmark = pytest.mark.kafka


def _start_demo(settings: Settings, tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    env = {**os.environ, **worker_env(settings), "STANCEWIRE_DATA_DIR": str(tmp_path),
           "STANCEWIRE_WEB_PORT": str(free_port())}
    output = tmp_path / "demo.out"
    with output.open("wb") as out:
        demo = subprocess.Popen([sys.executable, "-m", "stancewire.cli.main", "demo"],
                                stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
    return demo, output


def _demo_worker(demo: subprocess.Popen[bytes]) -> list[psutil.Process]:
    return [child for child in psutil.Process(demo.pid).children(recursive=True)
            if "worker" in child.cmdline()]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_demo_prints_the_samples_enriched_and_stops_what_it_started(
        settings: Settings, tmp_path: Path, stop: signal.Signals) -> None:
    demo, output = _start_demo(settings, tmp_path)
    try:
        wait_for(lambda: b"Ctrl-C to stop" in output.read_bytes() or demo.poll() is not None,
                 timeout=300, what="the demo to print the samples enriched")
        text = output.read_text()
        assert "All 5 articles came back enriched." in text, text
        assert "Using the Kafka broker at" in text  # the session's, not a second one
        worker = _demo_worker(demo)
        assert worker, "the demo runs a worker"
        started = time.monotonic()
        demo.send_signal(stop)  # what Ctrl-C sends, or what `kill` sends
        assert demo.wait(90) == 0
        assert "Stopped." in output.read_text()
        assert "Worker stopped." in output.read_text()
        assert not any(process.is_running() and process.status() != psutil.STATUS_ZOMBIE
                       for process in worker)
        print(f"\ndemo stopped {time.monotonic() - started:.1f} s after {stop.name}")
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)


def test_demo_whose_worker_dies_says_so_and_exits_non_zero(settings: Settings,
                                                           tmp_path: Path) -> None:
    demo, output = _start_demo(settings, tmp_path)
    try:
        wait_for(lambda: b"Produced" in output.read_bytes() or demo.poll() is not None,
                 timeout=300, what="the demo to produce its articles")
        worker = _demo_worker(demo)
        assert worker, "the demo runs a worker"
        killed = time.monotonic()
        for process in worker:
            process.kill()
        assert demo.wait(30) == 1
        waited = time.monotonic() - killed
        text = output.read_text()
        assert "the worker exited with code -9" in text, text
        assert "The last lines of its log" in text
        assert waited < 5, f"the demo noticed the dead worker after {waited:.1f} s"
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
