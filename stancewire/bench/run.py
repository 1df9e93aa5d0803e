"""One bench run: plain spaCy and the pipeline, side by side at each process count.

At each process count (1, then ``processes``) plain ``nlp.pipe`` runs first
and the pipeline right after, on the same texts, so that load from other work
on the machine falls on both of a pair alike. ``repeat`` rounds of these pairs
give each ratio as the median of its rounds. With several processing
guarantees, each pair's plain spaCy run is followed by one pipeline run per
guarantee (their order turned round every round), so that what transactions
cost is measured side by side. The latency run follows on the worker with the
most processes of the last round (the last guarantee), at half the best rate
measured.
"""

from __future__ import annotations

import math
import os
import statistics
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

from stancewire.bench.broker import BenchBroker, bench_broker
from stancewire.bench.environment import environment, load_average
from stancewire.bench.nlp import nlp_pipe_words_per_second, words
from stancewire.bench.pipeline import BenchError, PipelineRun, PipelineUnderTest, labelled
from stancewire.bench.usage import Usage
from stancewire.inputs import InputRecord, read_inputs
from stancewire.settings import ProcessingGuarantee, Settings

Layout = Literal["processes", "workers"]

#: The load set, in ``Settings.shared_data``.
ARTICLES_FILE = Path("news") / "bbc_articles.jsonl"
#: Latency percentiles reported.
PERCENTILES = (50, 95, 99)


@dataclass(frozen=True, kw_only=True)
class BenchOptions:
    """What to measure. The defaults finish in under 10 minutes on 2 cores."""

    #: Articles of the load set for each throughput measure.
    articles: int = 400
    #: Processes of the parallel configuration (plain spaCy's ``n_process``, the
    #: worker's ``STANCEWIRE_NLP_PROCESSES``); one process is always measured too.
    processes: int = 2
    #: Seconds of steady input, at half the best rate, for the latency figures.
    latency_seconds: float = 30.0
    #: How the pipeline uses ``processes`` cores: one worker with that many NLP
    #: processes, or that many workers (one consumer group) with one NLP process each.
    layout: Layout = "processes"
    #: Rounds of the pairs; each ratio reported is the median of the rounds' (a
    #: machine's speed can move by 10-20% between minutes: one pair decides little).
    repeat: int = 1
    #: Processing guarantees of the pipeline runs; empty: the settings' own.
    guarantees: tuple[ProcessingGuarantee, ...] = ()


def load_records(settings: Settings, limit: int) -> list[InputRecord]:
    """The first ``limit`` articles of the load set."""
    path = settings.shared_data / ARTICLES_FILE
    if not path.is_file():
        raise BenchError(f"no load set at {path} (set STANCEWIRE_SHARED_DATA)")
    records = [item for item in read_inputs([path]) if isinstance(item, InputRecord)]
    return records[:limit]


def run_bench(settings: Settings, options: BenchOptions, *, workdir: Path,
              say: Callable[[str], None]) -> dict[str, Any]:
    """Measure everything; returns the report as JSON-ready data."""
    began = time.monotonic()
    guarantees = options.guarantees or (settings.processing_guarantee,)
    records = load_records(settings, options.articles)
    texts = [str(record.value["text"]) for record in records]
    report: dict[str, Any] = {
        "environment": environment(spacy_model=settings.spacy_model),
        "articles": len(records), "words": words(texts),
        "load_average_start": load_average(),
    }
    runs: list[dict[str, Any]] = []
    with bench_broker(settings, data_dir=workdir / "broker") as broker:
        say(f"broker at {broker.bootstrap} ({'started' if broker.started else 'running'})")
        broker_rss = 0
        for round_ in range(options.repeat):
            # turned round every round: neither guarantee always runs right after spaCy
            order = guarantees[::-1] if round_ % 2 else guarantees
            for processes in sorted({1, options.processes}):
                with_latency = round_ == options.repeat - 1 and processes == options.processes
                pair = _pair(settings, options, records, texts, broker, processes, order, runs,
                             workdir=workdir, with_latency=with_latency, say=say)
                runs += [{**run, "round": round_} for run in pair.runs]
                broker_rss = max(broker_rss, pair.broker_rss)
                if pair.latency is not None:
                    report["latency"] = pair.latency
    report["runs"] = runs
    by_round = [run_ratios([run for run in runs if run["round"] == n], guarantees)
                for n in range(options.repeat)]
    report.update({key: round(statistics.median(ratios[key] for ratios in by_round), 3)
                   for key in by_round[0]})
    if options.repeat > 1:
        report["ratios_by_round"] = by_round
    report["broker"] = {"bootstrap": broker.bootstrap, "started_by_bench": broker.started,
                        "peak_rss_bytes": broker_rss or None}
    report["load_average_end"] = load_average()
    report["seconds"] = round(time.monotonic() - began, 1)
    return report


class _Pair(NamedTuple):
    """What :func:`_pair` measured."""

    runs: list[dict[str, Any]]  # per guarantee, both members' figures (spaCy's shared)
    latency: dict[str, Any] | None
    broker_rss: int  # peak, 0 when the broker is not a process we can see


def _pair(settings: Settings, options: BenchOptions, records: Sequence[InputRecord],
          texts: Sequence[str], broker: BenchBroker, processes: int,
          guarantees: Sequence[ProcessingGuarantee], earlier: Sequence[dict[str, Any]], *,
          workdir: Path, with_latency: bool, say: Callable[[str], None]) -> _Pair:
    """Plain spaCy on ``texts`` (those of ``records``), then the pipeline under each of
    ``guarantees``, at ``processes``; ``with_latency``: the latency run follows on the last
    worker, at half the best rate of these and the ``earlier`` runs."""
    say(f"plain nlp.pipe, {processes} process(es), {len(texts)} texts")
    baseline = _baseline(settings, texts, processes, broker)
    workers = processes if options.layout == "workers" else 1
    runs: list[dict[str, Any]] = []
    latency = None
    broker_rss = 0
    for guarantee in guarantees:
        say(f"pipeline, {workers} worker(s) with {processes // workers} NLP process(es), "
            f"{guarantee}")
        pipeline_settings = settings.with_(
            bootstrap=broker.bootstrap, nlp_processes=processes // workers,
            processing_guarantee=guarantee,
            session_timeout=6.0, topic_prefix=f"bench-{uuid.uuid4().hex[:8]}.",
            app_id=f"stancewire-bench-{uuid.uuid4().hex[:8]}",
            data_dir=workdir / f"workers-{len(earlier) + len(runs)}")
        run = {**baseline, "guarantee": guarantee}
        with PipelineUnderTest(pipeline_settings, home=pipeline_settings.data_dir,
                               workers=workers) as pipe, \
                Usage(_pids(pipe, broker)) as usage:
            before = usage.cpu_seconds()
            label = f"throughput-{len(earlier) + len(runs)}"
            throughput = pipe.run(labelled(records, label))
            run.update(_pipeline_report(throughput, _since(before, usage.cpu_seconds())))
            if with_latency and guarantee == guarantees[-1]:
                rate = max(r["pipeline_articles_per_second"] for r in [*earlier, *runs, run]) / 2
                say(f"latency at {rate:.1f} articles/s for {options.latency_seconds:.0f} s")
                latency = _latency(pipe, records, rate, options.latency_seconds)
        run.update(workers=workers, worker_peak_rss_bytes=usage.trees["worker"].peak_rss,
                   load_average=load_average())
        runs.append(run)
        if "broker" in usage.trees:
            broker_rss = max(broker_rss, usage.trees["broker"].peak_rss)
    return _Pair(runs, latency, broker_rss)


def _baseline(settings: Settings, texts: Sequence[str], processes: int, broker: BenchBroker
              ) -> dict[str, Any]:
    """Plain spaCy: words per second, and per CPU second of this process and its children
    (the model load included: a small bias in spaCy's disfavour)."""
    pids = {"bench": [os.getpid()]}
    if broker.started and broker.pid is not None:
        pids["broker"] = [broker.pid]  # a child of ours: its CPU is not spaCy's
    with Usage(pids) as usage:
        before = usage.cpu_seconds()
        speed = nlp_pipe_words_per_second(texts, n_process=processes, settings=settings)
        used = _since(before, usage.cpu_seconds())
    cpu = used["bench"] - used.get("broker", 0.0)
    return {"processes": processes, "baseline_words_per_second": round(speed),
            "baseline_words_per_cpu_second": round(words(texts) / cpu)}


def _since(before: Mapping[str, float], now: Mapping[str, float]) -> dict[str, float]:
    return {name: seconds - before[name] for name, seconds in now.items()}


def _pids(pipe: PipelineUnderTest, broker: BenchBroker) -> dict[str, list[int]]:
    pids = {"worker": [worker.process.pid for worker in pipe.workers]}
    if broker.pid is not None:
        pids["broker"] = [broker.pid]
    return pids


def _latency(pipe: PipelineUnderTest, records: Sequence[InputRecord], rate: float,
             seconds: float) -> dict[str, Any]:
    count = max(2, math.ceil(rate * seconds))
    steady = [records[n % len(records)] for n in range(count)]
    run = pipe.run(labelled(steady, "latency"), rate=rate)
    figures = {f"p{percent}_ms": round(run.latency_ms(percent), 1) for percent in PERCENTILES}
    if run.in_worker:  # the share until the worker sent the enriched event
        figures.update({f"in_worker_p{percent}_ms": round(run.in_worker_ms(percent), 1)
                        for percent in PERCENTILES})
    return {"rate_per_second": round(rate, 2), "articles": run.articles, "failed": run.failed,
            **figures, "max_ms": round(1000 * max(run.latencies), 1)}


def _pipeline_report(run: PipelineRun, cpu_seconds: Mapping[str, float]) -> dict[str, Any]:
    broker = cpu_seconds.get("broker")
    return {
        "pipeline_articles_per_second": round(run.articles_per_second, 2),
        "pipeline_words_per_second": round(run.words_per_second),
        "pipeline_words_per_cpu_second": round(run.words / cpu_seconds["worker"]),
        "pipeline_seconds": round(run.seconds, 2),
        "failed": run.failed,
        # cores kept busy during the run (CPU seconds / wall seconds)
        "worker_cores_used": round(cpu_seconds["worker"] / run.seconds, 2),
        "broker_cores_used": None if broker is None else round(broker / run.seconds, 2),
    }


def run_ratios(runs: Sequence[dict[str, Any]], guarantees: Sequence[ProcessingGuarantee]
            ) -> dict[str, float]:
    """Every ratio under a key ending in ``_ratio``, for comparison across commits; with
    several guarantees, each pipeline ratio once per guarantee (its name in the key), and
    exactly-once's speed over at-least-once's at each process count."""
    ratios: dict[str, float] = {}
    for guarantee in guarantees:
        tag = f"_{guarantee}" if len(guarantees) > 1 else ""
        mine = _pipeline_ratios([run for run in runs if run["guarantee"] == guarantee])
        ratios.update({key if key == "spacy_scaling_ratio" else
                       f"{key.removesuffix('_ratio')}{tag}_ratio": value
                       for key, value in mine.items()})
    if {"at_least_once", "exactly_once"} <= set(guarantees):
        for processes in sorted({run["processes"] for run in runs}):
            speed = {run["guarantee"]: run["pipeline_words_per_second"] for run in runs
                     if run["processes"] == processes}
            ratios[f"exactly_once_vs_at_least_once_{processes}_process_ratio"] = round(
                speed["exactly_once"] / speed["at_least_once"], 3)
    return ratios


def _pipeline_ratios(runs: Sequence[dict[str, Any]]) -> dict[str, float]:
    """The ratios of one guarantee's runs, one per process count, against plain spaCy."""
    ratios: dict[str, float] = {}
    for run in runs:
        ratios[f"pipeline_vs_spacy_{run['processes']}_process_ratio"] = round(
            run["pipeline_words_per_second"] / run["baseline_words_per_second"], 3)
        # the same per CPU second: what the pipeline costs, whatever else the machine runs
        ratios[f"pipeline_vs_spacy_cpu_{run['processes']}_process_ratio"] = round(
            run["pipeline_words_per_cpu_second"] / run["baseline_words_per_cpu_second"], 3)
    first, last = runs[0], runs[-1]
    if last is not first:
        ratios["pipeline_scaling_ratio"] = round(
            last["pipeline_words_per_second"] / first["pipeline_words_per_second"], 3)
        ratios["spacy_scaling_ratio"] = round(
            last["baseline_words_per_second"] / first["baseline_words_per_second"], 3)
        # how much of what the cores give plain spaCy the pipeline gets
        ratios["pipeline_scaling_vs_spacy_ratio"] = round(
            ratios["pipeline_scaling_ratio"] / ratios["spacy_scaling_ratio"], 3)
    return ratios
