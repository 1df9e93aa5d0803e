"""The ``stancewire`` command.

Subcommands are imported only when run, so that ``produce`` and
``subscribe`` start fast and never load spaCy or the Faust app.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

#: command name -> "module:attribute" of its click command.
COMMANDS = {
    "demo": "stancewire.cli.demo:demo",
    "worker": "stancewire.cli.worker:worker",
    "broker": "stancewire.cli.broker:broker",
    "produce": "stancewire.cli.produce:produce",
    "subscribe": "stancewire.cli.subscribe:subscribe",
    "enrich": "stancewire.cli.enrich:enrich",
    "schema": "stancewire.cli.schema:schema",
    "eval": "stancewire.cli.evaluate:evaluate",
    "train": "stancewire.cli.train:train",
    "bench": "stancewire.cli.bench:bench",
    "audit": "stancewire.cli.audit:audit",
}


class LazyGroup(click.Group):
    """A group whose commands live in modules imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, target in COMMANDS.items() if _module_exists(target)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not _module_exists(target):
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command


def _module_exists(target: str) -> bool:
    return importlib.util.find_spec(target.split(":")[0]) is not None


@click.group(cls=LazyGroup)
@click.version_option(package_name="stancewire")
def cli() -> None:
    """stancewire: news articles in, entities, quotes, stances and tone out, over Kafka."""


if __name__ == "__main__":
    cli()
