"""Shared fixtures: one real Kafka broker per test session, settings and workers per test.

The broker is ``STANCEWIRE_BOOTSTRAP`` when set; else testcontainers' Kafka
container when a Docker engine answers; else the project's own launcher on
free ports with its data in the session's tmp dir.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from stancewire.broker.launcher import LocalBroker, kafka_version
from stancewire.clients import ensure_topics
from stancewire.settings import Settings
from stancewire.workers import WorkerProcess, free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (or STANCEWIRE_SHARED_DATA); skips the test when absent."""
    path = Settings.from_env().shared_data
    path = path if path.is_absolute() else (ROOT / path).resolve()
    if not path.is_dir():
        pytest.skip(f"shared data folder {path} is absent (set STANCEWIRE_SHARED_DATA)")
    return path


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get("STANCEWIRE_BOOTSTRAP"):
        yield os.environ["STANCEWIRE_BOOTSTRAP"]
        return
    if _docker_answers():
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer(f"apache/kafka:{kafka_version()}").with_kraft() as kafka:
            yield kafka.get_bootstrap_server()
        return
    home = tmp_path_factory.mktemp("broker")
    broker = LocalBroker(Settings.from_env(bootstrap=f"127.0.0.1:{free_port(pair=True)}",
                                           data_dir=home))
    broker.start(timeout=120)
    try:
        yield broker.settings.bootstrap
    finally:
        broker.stop()


SettingsFactory = Callable[..., Settings]


@pytest.fixture
def make_settings(kafka_bootstrap: str, tmp_path: Path) -> SettingsFactory:
    """Settings on the session broker with this test's own topic prefix and app id."""
    run = uuid.uuid4().hex[:8]

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "bootstrap": kafka_bootstrap, "topic_prefix": f"t{run}.",
            "app_id": f"stancewire-t{run}", "data_dir": tmp_path / "state",
            "partitions": 4, "session_timeout": 6.0,
        }
        values.update(overrides)
        return Settings.from_env(**values)

    return make


@pytest.fixture
def settings(make_settings: SettingsFactory) -> Settings:
    settings = make_settings()
    ensure_topics(settings)
    return settings


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Start ``stancewire worker`` processes; all are killed after the test."""
    started: list[WorkerProcess] = []

    def start(settings: Settings, *, name: str = "w1", **env: str) -> WorkerProcess:
        process = WorkerProcess.start(settings, home=tmp_path / name, web_port=free_port(),
                                      extra_env=env)
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()
