"""The local broker secured as production clusters are: SASL_SSL, SCRAM-SHA-512, ACLs.

Everything lives in the broker's data folder (``secure/``), made on the first
secured start and never in the repository: a CA and the broker's certificate
(``keytool``, which comes with the Java the broker needs), the SCRAM users'
passwords (``credentials.json``, readable by its owner only). The users:

- ``admin``: the broker's own user and the one that writes the ACLs;
- ``stancewire``: the worker and ``stancewire produce``: stancewire's topics,
  its consumer group, its changelog topics and its transactional ids only;
- ``stancewire-reader``: may consume ``articles.enriched`` only.

The ``StandardAuthorizer`` denies whatever no ACL allows.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

import orjson
from kafka.admin import (
    ACL,
    ACLOperation,
    ACLPermissionType,
    ACLResourcePatternType,
    ResourcePattern,
    ResourceType,
)

from stancewire import topic_names
from stancewire.clients import make_admin
from stancewire.errors import BrokerError
from stancewire.settings import Settings

MECHANISM = "SCRAM-SHA-512"
ADMIN, WORKER, READER = "admin", "stancewire", "stancewire-reader"
_VALID_DAYS = "3650"


@dataclass(frozen=True)
class Credentials:
    """Where the secured broker's files are, and its users' passwords."""

    folder: Path
    passwords: dict[str, str]  # user -> password
    store_password: str

    @property
    def ca_file(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def keystore(self) -> Path:
        return self.folder / "broker.p12"

    def client_settings(self, settings: Settings, user: str) -> Settings:
        """``settings`` connecting as ``user`` over SASL_SSL, verified against our CA."""
        return settings.with_(security_protocol="SASL_SSL", sasl_mechanism=MECHANISM,
                              sasl_username=user, sasl_password=self.passwords[user],
                              ssl_cafile=self.ca_file)


def credentials(folder: Path, *, host: str) -> Credentials:
    """The secured broker's credentials in ``folder``, made there on first use."""
    stored = folder / "credentials.json"
    if stored.exists():
        fields = orjson.loads(stored.read_bytes())
        return Credentials(folder, fields["passwords"], fields["store_password"])
    folder.mkdir(parents=True, exist_ok=True)
    made = Credentials(folder, {user: secrets.token_urlsafe(18) for user in (ADMIN, WORKER,
                                                                              READER)},
                       secrets.token_urlsafe(18))
    _make_certificates(made, host)
    stored.write_bytes(orjson.dumps({"passwords": made.passwords,
                                     "store_password": made.store_password}))
    os.chmod(stored, 0o600)
    return made


def server_properties(made: Credentials, *, listener: str, controller: str) -> list[str]:
    """The broker's settings for a SASL_SSL listener at ``listener`` (host:port)."""
    return [
        f"listeners=SASL_SSL://{listener},CONTROLLER://{controller}",
        f"advertised.listeners=SASL_SSL://{listener}",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL",
        "inter.broker.listener.name=SASL_SSL",
        f"sasl.enabled.mechanisms={MECHANISM}",
        f"sasl.mechanism.inter.broker.protocol={MECHANISM}",
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
        "org.apache.kafka.common.security.scram.ScramLoginModule required "
        f'username="{ADMIN}" password="{made.passwords[ADMIN]}";',
        f"ssl.keystore.location={made.keystore.resolve()}",
        "ssl.keystore.type=PKCS12",
        f"ssl.keystore.password={made.store_password}",
        f"ssl.key.password={made.store_password}",
        # the keystore holds the CA as a trusted entry: the broker verifies itself
        f"ssl.truststore.location={made.keystore.resolve()}",
        "ssl.truststore.type=PKCS12",
        f"ssl.truststore.password={made.store_password}",
        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        # ANONYMOUS: the broker's own connections to its controller (loopback, PLAINTEXT)
        f"super.users=User:{ADMIN};User:ANONYMOUS",
        "allow.everyone.if.no.acl.found=false",
    ]


def scram_format_arguments(made: Credentials) -> list[str]:
    """``kafka-storage format`` arguments that create the SCRAM users."""
    arguments = []
    for user, password in made.passwords.items():
        arguments += ["--add-scram", f"{MECHANISM}=[name={user},password={password}]"]
    return arguments


def grant(settings: Settings, made: Credentials) -> None:
    """The ACLs of the worker and reader users (idempotent), written as the admin user."""
    worker, reader = f"User:{WORKER}", f"User:{READER}"
    literal, prefixed = ACLResourcePatternType.LITERAL, ACLResourcePatternType.PREFIXED
    allowed = [
        *((worker, ResourceType.TOPIC, settings.topic(name), literal, ACLOperation.ALL)
          for name in topic_names.ALL),
        # changelogs and Faust's own topics are named after the app id
        (worker, ResourceType.TOPIC, f"{settings.app_id}-", prefixed, ACLOperation.ALL),
        (worker, ResourceType.GROUP, settings.app_id, prefixed, ACLOperation.ALL),
        (worker, ResourceType.TRANSACTIONAL_ID, settings.app_id, prefixed, ACLOperation.ALL),
        (worker, ResourceType.CLUSTER, "kafka-cluster", literal, ACLOperation.IDEMPOTENT_WRITE),
        (worker, ResourceType.CLUSTER, "kafka-cluster", literal, ACLOperation.DESCRIBE),
        (reader, ResourceType.TOPIC, settings.topic(topic_names.ENRICHED), literal,
         ACLOperation.READ),
        (reader, ResourceType.TOPIC, settings.topic(topic_names.ENRICHED), literal,
         ACLOperation.DESCRIBE),
        (reader, ResourceType.GROUP, READER, prefixed, ACLOperation.READ),
    ]
    acls = [ACL(principal, "*", operation, ACLPermissionType.ALLOW,
                ResourcePattern(kind, name, pattern))
            for principal, kind, name, pattern, operation in allowed]
    admin = make_admin(made.client_settings(settings, ADMIN))
    try:
        result = admin.create_acls(acls)
    finally:
        admin.close()
    if result["failed"]:
        raise BrokerError(f"could not write the ACLs: {result['failed']}")


def _make_certificates(made: Credentials, host: str) -> None:
    folder, password = made.folder, made.store_password
    names = f"SAN=dns:localhost,ip:127.0.0.1,ip:{host}" if host != "127.0.0.1" else \
        "SAN=dns:localhost,ip:127.0.0.1"
    ca_store, csr, signed = folder / "ca.p12", folder / "broker.csr", folder / "broker.crt"
    store = ["-storetype", "PKCS12", "-storepass", password]
    for command in (
        ["-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
         "-dname", "CN=stancewire local CA", "-ext", "bc:c", "-validity", _VALID_DAYS,
         "-keystore", str(ca_store), *store],
        ["-exportcert", "-rfc", "-alias", "ca", "-keystore", str(ca_store), *store,
         "-file", str(made.ca_file)],
        ["-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
         "-dname", "CN=localhost", "-ext", names, "-validity", _VALID_DAYS,
         "-keystore", str(made.keystore), *store],
        ["-certreq", "-alias", "broker", "-keystore", str(made.keystore), *store,
         "-file", str(csr)],
        ["-gencert", "-alias", "ca", "-keystore", str(ca_store), *store, "-infile", str(csr),
         "-outfile", str(signed), "-ext", names, "-validity", _VALID_DAYS, "-rfc"],
        ["-importcert", "-noprompt", "-alias", "ca", "-file", str(made.ca_file),
         "-keystore", str(made.keystore), *store],
        ["-importcert", "-noprompt", "-alias", "broker", "-file", str(signed),
         "-keystore", str(made.keystore), *store],
    ):
        result = subprocess.run(["keytool", *command], capture_output=True, text=True,
                                check=False)
        if result.returncode != 0:
            raise BrokerError(f"keytool {command[0]} failed: {result.stdout}{result.stderr}"
                              .replace(password, "***"))
    csr.unlink()
