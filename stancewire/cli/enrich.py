"""``stancewire enrich PATH...``: enriched events of articles from files or stdin, no Kafka.

Reading, checking and enriching are :func:`stancewire.enriching.enrich_inputs`:
the inputs ``stancewire produce`` reads, through the worker's NLP pool, one
event per line in input order. Exit codes: 0 all enriched; 2 some input was
bad (the rest was written); 130 interrupted.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import BinaryIO, cast

import click
import orjson

from stancewire.cli.produce import EXIT_BAD_INPUT
from stancewire.cli.progress import Progress
from stancewire.cli.subscribe import silence_stdout
from stancewire.errors import StancewireError
from stancewire.inputs import STDIN, InputFormat, estimate_total, read_inputs
from stancewire.settings import Settings


class _EventWriter:
    """Events to stdout, one per line; the event of a single record indented unless
    ``compact``. The first event is held until a second shows there are several."""

    def __init__(self, stream: BinaryIO, *, compact: bool) -> None:
        self.stream = stream
        self.compact = compact
        self._first: bytes | None = None

    def __call__(self, event: bytes) -> None:
        if not self.compact and self._first is None:
            self._first = event
            return
        if self._first is not None:
            self.stream.write(self._first + b"\n")
            self._first, self.compact = None, True
        self.stream.write(event + b"\n")

    def close(self, *, records: int) -> None:
        """Write what is held; ``records``: how many the input held, bad ones too."""
        if self._first is not None:
            option = orjson.OPT_INDENT_2 if records == 1 else 0
            self.stream.write(orjson.dumps(orjson.loads(self._first), option=option) + b"\n")
        self.stream.flush()


def _stdin_format(stream: BinaryIO) -> tuple[InputFormat, BinaryIO]:
    """How to read stdin when no --format was given, by its first character: JSON
    lines (``{``), a JSON array (``[``) or one plain-text article (also when
    empty: reported as such, as an empty file is)."""
    # click's test runner gives a BytesIO, which cannot peek
    reader = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(
        cast(io.RawIOBase, stream))
    first = reader.peek(1).lstrip()[:1]
    return ("jsonl" if first == b"{" else "json" if first == b"[" else "text"), reader


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--format", "input_format", default="auto", show_default=True,
              type=click.Choice(["auto", "jsonl", "json", "text", "feed"]),
              help="Input format; auto goes by file extension, and by the first character "
                   "on stdin: JSON lines, a JSON array, or one plain-text article.")
@click.option("--processes", type=click.IntRange(min=0),
              help="NLP processes; 0 analyses in this process. "
                   "[default: 1; env: STANCEWIRE_NLP_PROCESSES]")
@click.option("--compact", is_flag=True,
              help="One line of JSON even for a single article (always so for several).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar on stderr. [default: when stderr is a terminal]")
def enrich(paths: tuple[Path, ...], input_format: InputFormat, processes: int | None,
           compact: bool, progress: bool | None) -> None:
    """Print the enriched event of every article in PATHS (files, directories, - for stdin).

    Reads what `stancewire produce` reads: .txt, .json, .jsonl, .ndjson, feeds
    and directories of them. Writes one event per line in input order (a
    single record indented unless --compact). A bad record is reported as
    FILE:LINE: REASON on stderr and the others are still enriched; the exit
    code is then 2.
    """
    try:
        settings = Settings.from_env(
            None, **({"nlp_processes": processes} if processes is not None else {}))
    except StancewireError as exc:
        raise click.UsageError(str(exc)) from None
    paths = paths or (STDIN,)
    stdin: BinaryIO | None = None
    if paths == (STDIN,) and input_format == "auto":
        input_format, stdin = _stdin_format(sys.stdin.buffer)
    bar = Progress(enabled=sys.stderr.isatty() if progress is None else progress,
                   total=estimate_total(paths, input_format=input_format), verb="enriched")
    from stancewire.enriching import enrich_inputs  # loads spaCy: only when the command runs

    writer = _EventWriter(sys.stdout.buffer, compact=compact)
    try:
        summary = enrich_inputs(settings, read_inputs(paths, input_format=input_format,
                                                      stdin=stdin),
                                write=writer, on_progress=bar.update,
                                on_problem=lambda problem: bar.echo(str(problem)))
    except KeyboardInterrupt:
        bar.close()
        sys.exit(130)
    except BrokenPipeError:  # | head took what it wanted
        bar.close()
        silence_stdout()
        return
    except StancewireError as exc:
        bar.close()
        raise click.ClickException(str(exc)) from None
    writer.close(records=summary.sent + summary.failed)
    if bar.enabled:
        bar.finish(summary)
    if summary.failed:
        sys.exit(EXIT_BAD_INPUT)
