"""The local broker launcher: clear errors, and data kept across a restart."""

from __future__ import annotations

import socket

import pytest
from kafka.admin import NewTopic

from stancewire.broker.launcher import LocalBroker, _cluster_id, kafka_version
from stancewire.clients import make_admin
from stancewire.errors import BrokerError
from stancewire.settings import Settings
from stancewire.workers import free_port
from tests.kafka_helpers import produce, read_all


def test_version_is_pinned_to_a_kafka_4_release():
    assert kafka_version().startswith("4.")


def test_kafka_home_without_jars_is_a_clear_error(tmp_path):
    broker = LocalBroker(Settings.from_env({}, kafka_home=tmp_path, data_dir=tmp_path))
    with pytest.raises(BrokerError, match="unpacked Kafka release"):
        broker.jars()


def test_missing_java_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    broker = LocalBroker(Settings.from_env({}, bootstrap=f"127.0.0.1:{free_port(pair=True)}",
                                           data_dir=tmp_path))
    with pytest.raises(BrokerError, match="java not found"):
        broker.start()


def test_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        broker = LocalBroker(Settings.from_env({}, bootstrap=f"127.0.0.1:{port}",
                                               data_dir=tmp_path))
        with pytest.raises(BrokerError, match="in use"):
            broker.start()


@pytest.mark.kafka
def test_topics_and_data_survive_stop_and_start(tmp_path):
    settings = Settings.from_env({}, bootstrap=f"127.0.0.1:{free_port(pair=True)}",
                                 data_dir=tmp_path, partitions=2)
    broker = LocalBroker(settings)
    broker.start(timeout=120)
    try:
        assert broker.status().answering
        admin = make_admin(settings)
        admin.create_topics([NewTopic("kept", 2, 1)])
        admin.close()
        produce(settings, "kept", [(b"k", b"survives a restart")])
        with pytest.raises(BrokerError, match="already running"):
            broker.start()
        assert broker.stop()
        assert not broker.status().running
        broker.start(timeout=120)
        assert [record.value for record in read_all(settings, "kept")] == [b"survives a restart"]
    finally:
        broker.stop()
    assert not broker.stop()


def test_cluster_ids_never_look_like_an_option() -> None:
    # an id starting with "-" made the storage tool fail (one start in 64)
    ids = [_cluster_id() for _ in range(2000)]
    assert not [cluster_id for cluster_id in ids if cluster_id.startswith("-")]
    assert all(len(cluster_id) == 22 for cluster_id in ids)  # 16 bytes, base64 unpadded
    assert len(set(ids)) == len(ids)
