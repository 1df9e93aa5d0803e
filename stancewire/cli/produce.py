"""``stancewire produce``: put articles onto the input topic.

Validation and sending are :func:`stancewire.producing.produce_articles`.
Exit codes: 0 all sent; 2 some input was bad (the rest was sent); 1 a
delivery or broker failure; 130 interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from kafka.errors import KafkaError

from stancewire.cli.progress import Progress
from stancewire.errors import StancewireError
from stancewire.inputs import InputFormat, estimate_total, read_inputs
from stancewire.producing import Compression, produce_articles
from stancewire.settings import Settings

#: Exit code when some input records were bad but the others were sent.
EXIT_BAD_INPUT = 2


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--topic", help="Topic to produce to. [default: the (prefixed) articles topic]")
@click.option("--bootstrap", help="Kafka bootstrap servers. [env: STANCEWIRE_BOOTSTRAP]")
@click.option("--key-field", default="id", show_default=True,
              help="Field whose value becomes the record key (the article id).")
@click.option("--rate", type=click.FloatRange(min=0, min_open=True),
              help="At most this many articles per second.")
@click.option("--limit", type=click.IntRange(min=0), help="Stop after this many articles.")
@click.option("--format", "input_format", default="auto", show_default=True,
              type=click.Choice(["auto", "jsonl", "json", "text", "feed"]),
              help="Input format; auto goes by file extension and reads stdin as JSONL.")
@click.option("--compression", default="none", show_default=True,
              type=click.Choice(["none", "gzip", "snappy", "lz4", "zstd"]))
@click.option("--dry-run", is_flag=True, help="Validate the input; send nothing.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar on stderr. [default: when stderr is a terminal]")
def produce(paths: tuple[Path, ...], topic: str | None, bootstrap: str | None, key_field: str,
            rate: float | None, limit: int | None, input_format: InputFormat,
            compression: Compression, dry_run: bool, progress: bool | None) -> None:
    """Produce articles from PATHS (files, directories, - for stdin) onto the input topic.

    Reads .txt (first line is the title), .json (object or array), .jsonl and
    .ndjson, RSS/Atom feeds (.rss, .atom, .xml) and directories of them.
    Records are sent whole with acks=all by an idempotent producer. A bad
    record is reported as FILE:LINE: REASON and the others are still sent.
    Exit code 2 when some input was bad, 1 when delivery failed.
    """
    try:
        settings = Settings.from_env(None, **({"bootstrap": bootstrap} if bootstrap else {}))
    except StancewireError as exc:
        raise click.UsageError(str(exc)) from None
    paths = paths or (Path("-"),)
    total = estimate_total(paths, input_format=input_format)
    bar = Progress(enabled=sys.stderr.isatty() if progress is None else progress,
                   total=total if limit is None else min(limit, total or limit), dry_run=dry_run)
    records = read_inputs(paths, input_format=input_format)
    try:
        summary = produce_articles(
            settings, records, topic=topic, rate=rate, limit=limit, key_field=key_field,
            compression=compression, dry_run=dry_run, on_progress=bar.update,
            on_problem=lambda problem: bar.echo(str(problem)))
    except KeyboardInterrupt:
        bar.finish_interrupted()
        sys.exit(130)
    except (KafkaError, StancewireError) as exc:
        bar.close()
        raise click.ClickException(f"cannot produce to {settings.bootstrap}: {exc}") from None
    bar.finish(summary)
    if summary.undelivered:
        sys.exit(1)
    if summary.failed:
        sys.exit(EXIT_BAD_INPUT)
