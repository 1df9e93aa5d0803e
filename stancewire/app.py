"""The Faust app: one object that wires settings to Kafka, stores and the web view.

It imports no agent: ``autodiscover`` finds ``stancewire.agents`` (the
``agents/`` folder) and ``stancewire.web`` when a worker starts, and only
those (no ``origin``: Faust would scan that whole package too, commands and
training included). Topics and tables are declared in their own modules.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import faust

from stancewire.checkpoint.consumer import Transport
from stancewire.checkpoint.failpoints import FailPoints
from stancewire.checkpoint.guard import CommitGuard
from stancewire.errors import ConfigError
from stancewire.settings import Settings

#: Modules scanned for agents, tables and views when a worker starts.
DISCOVERED = ["stancewire.agents", "stancewire.web"]


def faust_options(settings: Settings) -> dict[str, Any]:
    """The faust.App keyword options for ``settings``."""
    session = settings.session_timeout
    options: dict[str, Any] = {
        "broker": [f"kafka://{server}" for server in settings.bootstrap.split(",")],
        "store": "rocksdb://" if settings.table_store == "rocksdb" else "memory://",
        "datadir": str(settings.data_dir / "worker"),
        "topic_partitions": settings.partitions,
        "topic_replication_factor": settings.replication,
        "processing_guarantee": settings.processing_guarantee,
        "web_host": settings.web_host,
        "web_port": settings.web_port,
        "web_bind": settings.web_host,
        # Faust's defaults (60 s session) make the first group join of a local
        # worker wait ~30 s; a short session joins and fails over in seconds.
        "broker_session_timeout": session,
        "broker_heartbeat_interval": max(session / 10, 0.5),
        "broker_rebalance_timeout": session,
        "broker_request_timeout": max(session * 2, 30.0),
        "consumer_auto_offset_reset": "earliest",
        "table_standby_replicas": 0,
        "producer_acks": -1,
    }
    if settings.sasl_enabled:
        options["broker_credentials"] = faust.SASLCredentials(
            username=settings.sasl_username,
            password=settings.sasl_password,
            mechanism=settings.sasl_mechanism,
            ssl_context=settings.ssl_context(),
        )
    elif settings.ssl_enabled:
        options["broker_credentials"] = faust.SSLCredentials(settings.ssl_context())
    return options


class StancewireApp(faust.App):
    """The Faust app with stancewire's commit guard installed when it starts."""

    commit_guard: CommitGuard

    async def on_start(self) -> None:
        await super().on_start()  # finalizes the app: agents and tables are declared now
        self.commit_guard.install()


def create_app(settings: Settings) -> StancewireApp:
    """A faust.App configured from ``settings``."""
    app = StancewireApp(
        settings.app_id,
        autodiscover=DISCOVERED,
        **faust_options(settings),
    )
    app.transport = Transport(app.conf.broker_consumer, app)
    app.commit_guard = CommitGuard(app, FailPoints(settings.test_failpoint))
    return app


def configure(settings: Settings) -> None:
    """Build the worker's app from ``settings``.

    Call it before anything imports the app's topics, tables, agents or
    views (the ``worker`` command does). Without it the app is built from the
    environment (:meth:`Settings.from_env`) when first asked for.
    """
    if "app" in globals():
        raise ConfigError("the app is already built; configure it before the first use")
    built = create_app(settings)
    globals().update(app=built, settings=settings, commit_guard=built.commit_guard,
                     WINDOW=timedelta(seconds=settings.window_seconds))


# The worker's app and what is derived from it, built on first use: agents,
# topics, tables and views import them from here and declare themselves on it.
app: StancewireApp
settings: Settings
commit_guard: CommitGuard
WINDOW: timedelta


def __getattr__(name: str) -> Any:
    if name in {"app", "settings", "commit_guard", "WINDOW"}:
        configure(Settings.from_env())
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
