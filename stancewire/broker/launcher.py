"""Run a local single-node Apache Kafka broker (KRaft, broker+controller) with ``java``.

The jars come from ``$KAFKA_HOME/libs`` when set, otherwise they are resolved
once from Maven Central with ``mvn`` (``pom.xml`` beside this module pins the
version) into the cache folder. Storage is formatted on the first start and
kept in ``<data_dir>/broker`` across restarts; the broker logs to
``<data_dir>/broker/server.log``.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from stancewire.broker.secure import (
    ADMIN,
    Credentials,
    credentials,
    grant,
    scram_format_arguments,
    server_properties,
)
from stancewire.clients import broker_answers
from stancewire.errors import BrokerError
from stancewire.settings import Settings

POM = Path(__file__).with_name("pom.xml")
MIN_JAVA = 17
LOG_TAIL_LINES = 30

_LOG4J2 = """\
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.out.ref = OUT
logger.state.name = state.change.logger
logger.state.level = warn
"""


def kafka_version() -> str:
    """The Kafka version pinned in ``pom.xml``."""
    match = re.search(r"<kafka.version>([^<]+)</kafka.version>", POM.read_text())
    if match is None:
        raise BrokerError(f"no <kafka.version> in {POM}")
    return match.group(1)


@dataclass(frozen=True)
class BrokerStatus:
    bootstrap: str
    pid: int | None
    answering: bool

    @property
    def running(self) -> bool:
        return self.pid is not None


class LocalBroker:
    """The local broker described by ``settings`` (bootstrap host:port, data and cache dirs)."""

    def __init__(self, settings: Settings, *, secure: bool = False) -> None:
        self.settings = settings
        self.secure = secure
        host, _, port = settings.bootstrap.split(",")[0].rpartition(":")
        self.host = host or "127.0.0.1"
        self.port = int(port)
        self.controller_port = self.port + 1
        self.home = settings.data_dir / ("broker-secure" if secure else "broker")
        self.log_file = self.home / "server.log"
        self._pid_file = self.home / "broker.pid"
        self._process: subprocess.Popen[bytes] | None = None  # when started by this object

    # -- jars -----------------------------------------------------------------
    def jars(self) -> Path:
        """The folder of broker jars, resolving them from Maven Central if needed."""
        if self.settings.kafka_home is not None:
            libs = self.settings.kafka_home / "libs"
            if not any(libs.glob("kafka_2.13-*.jar")):
                raise BrokerError(f"KAFKA_HOME={self.settings.kafka_home} has no "
                                  "libs/kafka_2.13-*.jar: is it an unpacked Kafka release?")
            return libs
        libs = self.settings.cache_dir / f"kafka-{kafka_version()}" / "libs"
        if not any(libs.glob("kafka_2.13-*.jar")):
            self._resolve_jars(libs)
        return libs

    def _resolve_jars(self, libs: Path) -> None:
        mvn = shutil.which("mvn")
        if mvn is None:
            raise BrokerError("cannot get the Kafka broker: set KAFKA_HOME to an unpacked "
                              "Apache Kafka release, or install Maven (mvn) to resolve the "
                              "jars from Maven Central")
        partial = libs.with_name("libs.partial")
        shutil.rmtree(partial, ignore_errors=True)
        result = subprocess.run(
            [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
             f"-DoutputDirectory={partial}"],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise BrokerError("mvn could not resolve the Kafka jars:\n"
                              + _tail(result.stdout + result.stderr))
        partial.replace(libs)

    # -- lifecycle --------------------------------------------------------------
    def status(self) -> BrokerStatus:
        return BrokerStatus(self.settings.bootstrap, self._live_pid(),
                            broker_answers(self.admin_settings(), timeout=2.0))

    def credentials(self) -> Credentials:
        """The secured broker's CA and users (made on first use); BrokerError if not secured."""
        if not self.secure:
            raise BrokerError("this broker is not the secured one (--secure)")
        return credentials(self.home / "secure", host=self.host)

    def admin_settings(self) -> Settings:
        """Settings that reach this broker with every right (its admin user when secured)."""
        return self.credentials().client_settings(self.settings, ADMIN) if self.secure \
            else self.settings

    def start(self, *, timeout: float = 90.0) -> float:
        """Start the broker and return the seconds until it answered metadata requests."""
        began = time.monotonic()
        if self._live_pid() is not None:
            raise BrokerError(f"a local broker is already running (pid {self._live_pid()})")
        java = _java()
        for port in (self.port, self.controller_port):
            if _port_in_use(self.host, port):
                raise BrokerError(f"port {self.host}:{port} is in use: another broker or "
                                  "program listens there (stancewire broker status?)")
        libs = self.jars()
        made = self.credentials() if self.secure else None
        config = self._write_config(made)
        classpath = f"{libs}/*"
        if not (self.home / "data" / "meta.properties").exists():
            self._format(java, classpath, config, made)
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                [java, "-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                 f"-Dlog4j2.configurationFile={self.home / 'log4j2.properties'}",
                 "-cp", classpath, "kafka.Kafka", str(config)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self._process = process
        self._pid_file.write_text(str(process.pid))
        deadline = began + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self._pid_file.unlink(missing_ok=True)
                raise BrokerError(f"the broker exited with code {process.returncode}; "
                                  f"last lines of {self.log_file}:\n{self.log_tail()}")
            if broker_answers(self.admin_settings(), timeout=2.0):
                if made is not None:
                    grant(self.settings, made)
                return time.monotonic() - began
            time.sleep(0.2)
        self.stop()
        raise BrokerError(f"the broker did not answer within {timeout:.0f} s; last lines of "
                          f"{self.log_file}:\n{self.log_tail()}")

    def stop(self, *, timeout: float = 60.0) -> bool:
        """SIGTERM the broker and wait for it to exit; False when none was running."""
        pid = self._live_pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)  # a controlled shutdown that hangs loses nothing logged
        if self._process is not None and self._process.pid == pid:
            self._process.wait()
            self._process = None
        self._pid_file.unlink(missing_ok=True)
        return True

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        if not self.log_file.exists():
            return "(no log)"
        return _tail(self.log_file.read_text(errors="replace"), lines)

    # -- internals ---------------------------------------------------------------
    def _live_pid(self) -> int | None:
        try:
            pid = int(self._pid_file.read_text())
        except (FileNotFoundError, ValueError):
            return None
        if _alive(pid):
            return pid
        self._pid_file.unlink(missing_ok=True)
        return None

    def _write_config(self, made: Credentials | None) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "log4j2.properties").write_text(_LOG4J2)
        config = self.home / "server.properties"
        listener, controller = f"{self.host}:{self.port}", f"{self.host}:{self.controller_port}"
        listeners = server_properties(made, listener=listener, controller=controller) \
            if made is not None else [
                f"listeners=PLAINTEXT://{listener},CONTROLLER://{controller}",
                f"advertised.listeners=PLAINTEXT://{listener}",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"]
        config.write_text("\n".join([
            "process.roles=broker,controller",
            "node.id=1",
            f"controller.quorum.voters=1@{controller}",
            *listeners,
            "controller.listener.names=CONTROLLER",
            f"log.dirs={(self.home / 'data').resolve()}",
            f"num.partitions={self.settings.partitions}",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            # one node: no reason to wait for more members before the first rebalance
            "group.initial.rebalance.delay.ms=0",
            "message.max.bytes=16777216",
            "replica.fetch.max.bytes=16777216",
            "",
        ]))
        return config

    def _format(self, java: str, classpath: str, config: Path, made: Credentials | None
                ) -> None:
        users = scram_format_arguments(made) if made is not None else []
        result = subprocess.run(
            [java, "-cp", classpath, "kafka.tools.StorageTool", "format",
             "-t", _cluster_id(), "-c", str(config), *users],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            output = result.stdout + result.stderr
            for password in (made.passwords.values() if made is not None else ()):
                output = output.replace(password, "***")
            raise BrokerError("formatting the broker storage failed:\n" + _tail(output))


def _cluster_id() -> str:
    """A random cluster id as Kafka makes them: never one starting with "-", which
    the storage tool's argument parser reads as an option (1 start in 64 failed)."""
    cluster_id = "-"
    while cluster_id.startswith("-"):
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    return cluster_id


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise BrokerError(f"java not found: the local broker needs Java {MIN_JAVA} or newer "
                          "on PATH")
    result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    major = int(match.group(1)) if match else 0
    if major == 1 and match and match.group(2):
        major = int(match.group(2))  # "1.8.0" style
    if major < MIN_JAVA:
        raise BrokerError(f"{java} is Java {major or 'of unknown version'}; the local Kafka "
                          f"broker needs Java {MIN_JAVA} or newer")
    return java


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours still answers kill(0); reap it if we can
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return done == 0


def _tail(text: str, lines: int = LOG_TAIL_LINES) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
