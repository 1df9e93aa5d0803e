"""``stancewire bench``: the pipeline through Kafka measured beside plain spaCy."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click
import orjson

from stancewire.bench.report import render
from stancewire.bench.run import BenchOptions, Layout, run_bench
from stancewire.errors import StancewireError
from stancewire.settings import ProcessingGuarantee, Settings

_DEFAULTS = BenchOptions()


@click.command()
@click.option("--articles", "-n", type=click.IntRange(min=1), default=_DEFAULTS.articles,
              show_default=True, help="Articles of the load set per throughput measure.")
@click.option("--processes", type=click.IntRange(min=1), default=_DEFAULTS.processes,
              show_default=True, help="Processes of the parallel configuration (1 is always "
                                      "measured too).")
@click.option("--latency-seconds", type=click.FloatRange(min=1), show_default=True,
              default=_DEFAULTS.latency_seconds,
              help="Seconds of steady input at half the best rate, for latency.")
@click.option("--layout", type=click.Choice(["processes", "workers"]), show_default=True,
              default=_DEFAULTS.layout,
              help="Parallel configuration: one worker with PROCESSES NLP processes, or "
                   "PROCESSES workers with one each.")
@click.option("--repeat", type=click.IntRange(min=1), default=_DEFAULTS.repeat, show_default=True,
              help="Rounds of the side-by-side pairs; each ratio is the median of the "
                   "rounds' (a machine's speed can move 10-20% between minutes).")
@click.option("--guarantee", "guarantees", multiple=True,
              type=click.Choice(["at_least_once", "exactly_once"]),
              help="Processing guarantee of the pipeline runs; twice to measure both side "
                   "by side.  [default: STANCEWIRE_PROCESSING_GUARANTEE]")
@click.option("--bootstrap", help="Kafka bootstrap servers; when no broker answers there, a "
                                  "local one is started. [env: STANCEWIRE_BOOTSTRAP]")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def bench(articles: int, processes: int, latency_seconds: float, layout: Layout, repeat: int,
          guarantees: tuple[ProcessingGuarantee, ...], bootstrap: str | None,
          as_json: bool) -> None:
    """Measure the pipeline through a real broker beside plain spaCy on the same texts.

    Prints words/s of plain nlp.pipe and of the pipeline (produce N articles,
    wait for N enriched events) with 1 and with PROCESSES processes, their
    ratios, latency at half the best rate, and peak RSS of worker and broker.
    Articles come from news/bbc_articles.jsonl in STANCEWIRE_SHARED_DATA.
    """
    try:
        settings = Settings.from_env(None, **({"bootstrap": bootstrap} if bootstrap else {}))
    except StancewireError as exc:
        raise click.UsageError(str(exc)) from None
    options = BenchOptions(articles=articles, processes=processes,
                           latency_seconds=latency_seconds, layout=layout, repeat=repeat,
                           guarantees=tuple(dict.fromkeys(guarantees)))
    with tempfile.TemporaryDirectory(prefix="stancewire-bench-") as workdir:
        try:
            report = run_bench(settings, options, workdir=Path(workdir),
                               say=lambda line: click.echo(line, err=True))
        except StancewireError as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        sys.stdout.buffer.write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        click.echo(render(report))
