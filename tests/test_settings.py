"""Settings come from STANCEWIRE_* variables and are checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from stancewire.errors import ConfigError
from stancewire.settings import Settings


def test_defaults_without_environment():
    settings = Settings.from_env({})
    assert settings.bootstrap == "127.0.0.1:9092"
    assert settings.topic("articles") == "articles"
    assert settings.web_url == "http://127.0.0.1:6066"
    assert settings.processing_guarantee == "at_least_once"


def test_variables_are_parsed_to_their_types():
    settings = Settings.from_env({
        "STANCEWIRE_BOOTSTRAP": "k1:9092,k2:9092", "STANCEWIRE_PARTITIONS": "8",
        "STANCEWIRE_BATCH_TIMEOUT": "0.25", "STANCEWIRE_DATA_DIR": "/var/lib/sw",
        "STANCEWIRE_TOPIC_PREFIX": "prod.", "KAFKA_HOME": "/opt/kafka",
        "STANCEWIRE_PROCESSING_GUARANTEE": "exactly_once",
    })
    assert settings.partitions == 8
    assert settings.batch_timeout == 0.25
    assert settings.data_dir == Path("/var/lib/sw")
    assert settings.kafka_home == Path("/opt/kafka")
    assert settings.topic("articles.dlq") == "prod.articles.dlq"
    assert settings.kafka_python_config()["bootstrap_servers"] == ["k1:9092", "k2:9092"]
    assert settings.processing_guarantee == "exactly_once"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STANCEWIRE_PARTITIONS": "four"}, "STANCEWIRE_PARTITIONS"),
        ({"STANCEWIRE_PARTITIONS": "0"}, "STANCEWIRE_PARTITIONS"),
        ({"STANCEWIRE_PROCESSING_GUARANTEE": "twice"}, "exactly_once"),
        ({"STANCEWIRE_SECURITY_PROTOCOL": "TLS"}, "SASL_SSL"),
        ({"STANCEWIRE_SECURITY_PROTOCOL": "SASL_SSL"}, "STANCEWIRE_SASL_USERNAME"),
    ],
)
def test_bad_values_are_named_in_the_error(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


def test_sasl_applies_to_kafka_python_and_the_password_stays_out_of_repr():
    settings = Settings.from_env({
        "STANCEWIRE_SECURITY_PROTOCOL": "SASL_SSL", "STANCEWIRE_SASL_MECHANISM": "SCRAM-SHA-512",
        "STANCEWIRE_SASL_USERNAME": "reader", "STANCEWIRE_SASL_PASSWORD": "s3cret-value",
    })
    config = settings.kafka_python_config()
    assert config["security_protocol"] == "SASL_SSL"
    assert config["sasl_mechanism"] == "SCRAM-SHA-512"
    assert config["sasl_plain_password"] == "s3cret-value"
    assert "s3cret-value" not in repr(settings)
    assert settings.ssl_context() is not None
