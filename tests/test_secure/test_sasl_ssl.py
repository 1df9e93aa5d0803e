"""produce, a worker, subscribe and kcat, all over SASL_SSL with SCRAM and ACLs.

And the refusals a user meets on the day they deploy: each must name its
cause within seconds, and nothing accepted may be lost.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from stancewire import topic_names
from stancewire.broker.launcher import LocalBroker
from stancewire.broker.secure import ADMIN, READER, WORKER
from stancewire.cli.main import cli
from stancewire.settings import Settings
from stancewire.workers import worker_env
from tests.kafka_helpers import read_all, wait_for_values
from tests.test_secure.conftest import SecureFactory

pytestmark = pytest.mark.kafka

ARTICLES = [{"id": f"secure-{n}", "title": f"Note {n}",
             "text": f"Minister Ana Example said on Monday that the plan {n} would go ahead."}
            for n in range(6)]


def _env(settings: Settings) -> dict[str, str]:
    return {**worker_env(settings), "STANCEWIRE_DATA_DIR": str(settings.data_dir)}


def _articles_file(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b"".join(orjson.dumps(a) + b"\n" for a in ARTICLES))
    return path


@pytest.mark.parametrize("guarantee", ["at_least_once", "exactly_once"])
def test_produce_enrich_subscribe_and_kcat_over_sasl_ssl(
        secure_settings: SecureFactory, start_worker, kcat_env: dict[str, str], tmp_path: Path,
        guarantee: str):
    worker_settings = secure_settings(WORKER).with_(processing_guarantee=guarantee)
    reader = secure_settings(READER)
    produced = CliRunner().invoke(cli, ["produce", str(_articles_file(tmp_path))],
                                  env=_env(worker_settings))
    assert produced.exit_code == 0, produced.output
    worker = start_worker(worker_settings)
    events = wait_for_values(reader, topic_names.ENRICHED, len(ARTICLES), timeout=180)
    assert sorted(event["id"] for event in events) == sorted(a["id"] for a in ARTICLES)

    subscribed = CliRunner().invoke(cli, ["subscribe", "--from-beginning", "--max",
                                          str(len(ARTICLES)), "--format", "json"],
                                    env=_env(reader))
    assert subscribed.exit_code == 0, subscribed.output
    assert sorted(orjson.loads(line)["id"] for line in subscribed.output.splitlines()
                  if line.startswith("{")) == sorted(a["id"] for a in ARTICLES)

    kcat = subprocess.run(
        ["kcat", "-C", "-b", reader.bootstrap, "-t", reader.topic(topic_names.ENRICHED),
         "-o", "beginning", "-e", "-q", "-X", "security.protocol=SASL_SSL",
         "-X", "sasl.mechanisms=SCRAM-SHA-512", "-X", f"sasl.username={READER}",
         "-X", f"sasl.password={reader.sasl_password}",
         "-X", f"ssl.ca.location={reader.ssl_cafile}", "-X", "isolation.level=read_committed"],
        capture_output=True, timeout=60, check=True, env=kcat_env)
    assert sorted(orjson.loads(line)["id"] for line in kcat.stdout.splitlines()) \
        == sorted(a["id"] for a in ARTICLES)

    worker.stop()
    log = worker.log.read_text()
    for secret in (worker_settings.sasl_password, reader.sasl_password):
        assert secret and secret not in log + produced.output + subscribed.output


def _refusal(settings: Settings, tmp_path: Path) -> tuple[int, str, float]:
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["produce", str(_articles_file(tmp_path))],
                                env=_env(settings))
    return result.exit_code, result.output, time.monotonic() - started


def test_a_wrong_password_is_named(secure_settings: SecureFactory, tmp_path: Path):
    code, output, seconds = _refusal(secure_settings(WORKER).with_(sasl_password="wrong"),
                                     tmp_path)
    assert code == 1 and "SASL authentication failed for user 'stancewire'" in output, output
    assert seconds < 15 and "wrong" not in output.replace("wrong user name", "")


def test_an_unknown_ca_is_named(secure_settings: SecureFactory, tmp_path: Path):
    code, output, seconds = _refusal(secure_settings(WORKER).with_(ssl_cafile=None), tmp_path)
    assert code == 1 and "certificate is not trusted" in output, output
    assert seconds < 15


def test_a_plaintext_client_on_the_tls_port_is_told(secure_broker: LocalBroker,
                                                     tmp_path: Path):
    plain = secure_broker.settings.with_(data_dir=tmp_path)
    code, output, seconds = _refusal(plain, tmp_path)
    assert code == 1 and "does it listen with TLS there" in output, output
    assert seconds < 15


def test_the_reader_may_not_produce_and_nothing_is_half_written(
        secure_settings: SecureFactory, tmp_path: Path):
    reader = secure_settings(READER)
    code, output, seconds = _refusal(reader, tmp_path)
    assert code == 1 and "Authorization" in output, output
    assert seconds < 15
    admin = secure_settings(ADMIN)
    assert read_all(admin, topic_names.ARTICLES) == []


def test_a_worker_with_a_wrong_password_exits_saying_why(secure_settings: SecureFactory,
                                                         tmp_path: Path):
    settings = secure_settings(WORKER).with_(sasl_password="not-it")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "stancewire.cli.main", "worker"],
                            env={**os.environ, **_env(settings)},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "SASL authentication failed" in result.stderr, result.stderr[-2000:]
    assert time.monotonic() - started < 30
