"""``stancewire schema NAME``: the JSON Schema of one kind of event."""

from __future__ import annotations

import click
import orjson

from stancewire.schemas import EVENTS, json_schema


@click.command()
@click.argument("name", type=click.Choice(list(EVENTS)), default="enriched")
@click.option("--compact", is_flag=True, help="One line of JSON instead of indented.")
def schema(name: str, compact: bool) -> None:
    """Print the JSON Schema (draft 2020-12) of the events NAME (default: enriched).

    $id is the schema version. Events: article (the input topic),
    enriched, mention, stance, quote (the fan-out topics) and dlq.
    """
    option = 0 if compact else orjson.OPT_INDENT_2
    click.echo(orjson.dumps(json_schema(name), option=option).decode())
