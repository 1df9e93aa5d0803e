"""A secured broker of its own for the session: SASL_SSL, SCRAM-SHA-512 users, ACLs."""

from __future__ import annotations

import importlib.util
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from stancewire.broker.launcher import LocalBroker
from stancewire.broker.secure import grant
from stancewire.clients import ensure_topics
from stancewire.settings import Settings
from stancewire.workers import free_port

SecureFactory = Callable[[str], Settings]


@pytest.fixture(scope="session")
def kcat_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment that runs kcat with a librdkafka able to log in to Kafka 4 by SCRAM.

    Debian's kcat links librdkafka 2.0, whose SCRAM-SHA-512 Kafka 4 refuses (fixed in
    librdkafka 2.6.1); confluent-kafka's wheel carries a current one.
    """
    if shutil.which("kcat") is None:
        pytest.skip("kcat is not installed (scripts/install.sh installs it)")
    libs = Path(importlib.util.find_spec("confluent_kafka").origin).parents[1]  # type: ignore
    bundled = sorted((libs / "confluent_kafka.libs").glob("librdkafka-*.so.1"))
    assert bundled, f"no librdkafka in {libs / 'confluent_kafka.libs'}"
    folder = tmp_path_factory.mktemp("librdkafka")
    (folder / "librdkafka.so.1").symlink_to(bundled[0])
    return {**os.environ, "LD_LIBRARY_PATH": str(folder)}


@pytest.fixture(scope="session")
def secure_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    broker = LocalBroker(Settings.from_env(bootstrap=f"127.0.0.1:{free_port(pair=True)}",
                                           data_dir=tmp_path_factory.mktemp("secure")),
                         secure=True)
    broker.start(timeout=300)  # the first start makes the CA and certificate with keytool
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def secure_settings(secure_broker: LocalBroker, tmp_path) -> SecureFactory:
    """Settings of this test's own topics and app id on the secured broker, as a user.

    The worker user is granted this test's topics, group and transactional ids, and
    they are created; the reader may read this test's enriched topic only.
    """
    run = uuid.uuid4().hex[:8]
    base = secure_broker.settings.with_(topic_prefix=f"s{run}.", app_id=f"stancewire-s{run}",
                                        data_dir=tmp_path / "state", session_timeout=6.0)
    made = secure_broker.credentials()
    grant(base, made)
    ensure_topics(made.client_settings(base, "stancewire"))
    return lambda user: made.client_settings(base, user)
