"""``stancewire enrich PATH|-``: the enriched event of one article, as JSON, without Kafka."""

from __future__ import annotations

from typing import Any

import click
import faust
import orjson

from stancewire.articles import decode_article
from stancewire.errors import StancewireError
from stancewire.settings import Settings


@click.command()
@click.argument("source", type=click.File("rb"), metavar="PATH|-")
@click.option("--compact", is_flag=True, help="One line of JSON instead of indented.")
def enrich(source: click.utils.LazyFile, compact: bool) -> None:
    """Print the enriched event of the article in PATH (or stdin for -).

    The input follows the input topic's rules: a JSON object with at least
    ``text``, or plain text whose first line is the title.
    """
    from stancewire.enrich import Enricher  # loads spaCy: only when the command runs

    settings = Settings.from_env()
    try:
        article = decode_article(None, source.read(), max_text_chars=settings.max_text_chars)
        enriched = Enricher(settings).enrich(article)
    except StancewireError as exc:
        raise click.ClickException(str(exc)) from exc
    option = 0 if compact else orjson.OPT_INDENT_2
    click.echo(orjson.dumps(_plain(enriched), option=option).decode())


def _plain(value: Any) -> Any:
    """A record as plain JSON values, without Faust's metadata."""
    if isinstance(value, faust.Record):
        return {key: _plain(item) for key, item in value.asdict().items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
