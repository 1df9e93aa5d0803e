"""A bench report as a table for people; ``--json`` prints the report data as it is."""

from __future__ import annotations

from typing import Any

_MB = 1024 * 1024
# The bench's goals.
_MIN_VS_SPACY = 1.0
_MIN_SCALING = 1.7
_MAX_P99_MS = 500.0
_MAX_WORKER_RSS = 1.5 * 1024 * _MB


def render(report: dict[str, Any]) -> str:
    """The report as aligned text tables."""
    env = report["environment"]
    lines = [
        f"{env['cpu']}, {env['cores']} cores, Python {env['python']}, "
        f"spaCy {env['versions']['spacy']} ({env['spacy_model']}), "
        f"faust-streaming {env['versions']['faust-streaming']}",
        f"{report['articles']} articles, {report['words']:,} words; broker "
        f"{report['broker']['bootstrap']}; load average {_load(report['load_average_start'])}"
        f" at start, {_load(report['load_average_end'])} at end; {report['seconds']:.0f} s",
        "",
        f"{'round':>5}  {'processes':>9}  {'workers':>7}  {'guarantee':>13}  "
        f"{'spaCy words/s':>13}  "
        f"{'pipeline words/s':>16}  {'articles/s':>10}  {'ratio':>5}  {'worker RSS':>10}  "
        f"{'cores used':>10}  {'load':>5}",
    ]
    for run in report["runs"]:
        ratio = run["pipeline_words_per_second"] / run["baseline_words_per_second"]
        lines.append(
            f"{run.get('round', 0) + 1:>5}  {run['processes']:>9}  {run['workers']:>7}  "
            f"{run.get('guarantee', ''):>13}  "
            f"{run['baseline_words_per_second']:>13,}  "
            f"{run['pipeline_words_per_second']:>16,}  "
            f"{run['pipeline_articles_per_second']:>10.2f}  {ratio:>5.2f}  "
            f"{run['worker_peak_rss_bytes'] / _MB:>7.0f} MB  {_cores(run):>10}  "
            f"{run['load_average'][0]:>5.2f}")
    latency = report.get("latency")
    if latency:
        lines += ["", f"latency at {latency['rate_per_second']} articles/s "
                      f"({latency['articles']} articles): p50 {latency['p50_ms']:.0f} ms, "
                      f"p95 {latency['p95_ms']:.0f} ms, p99 {latency['p99_ms']:.0f} ms, "
                      f"max {latency['max_ms']:.0f} ms"]
        if "in_worker_p50_ms" in latency:
            lines.append(f"  of which in the worker, until it sent the enriched event: "
                         f"p50 {latency['in_worker_p50_ms']:.0f} ms, "
                         f"p95 {latency['in_worker_p95_ms']:.0f} ms, "
                         f"p99 {latency['in_worker_p99_ms']:.0f} ms")
    broker_rss = report["broker"]["peak_rss_bytes"]
    lines.append(f"broker peak RSS: {broker_rss / _MB:.0f} MB" if broker_rss
                 else "broker peak RSS: unknown (not a local process we can see)")
    rounds = report.get("ratios_by_round", [])
    lines += ["", f"ratios (median of {len(rounds)} rounds; each round's in brackets):"
              if rounds else "ratios:"]
    lines += [f"  {key} = {value:.3f}" + (
        " [" + ", ".join(f"{ratios[key]:.3f}" for ratios in rounds) + "]" if rounds else "")
        for key, value in report.items() if key.endswith("_ratio")]
    lines += ["", "goals:"]
    lines += [f"  [{'met' if met else 'MISSED'}] {goal}" for goal, met in goals(report)]
    return "\n".join(lines)


def goals(report: dict[str, Any]) -> list[tuple[str, bool]]:
    """Each goal that the report has figures for, and whether it was met."""
    checks = [(f"{key} >= {_MIN_VS_SPACY}", value >= _MIN_VS_SPACY)
              for key, value in report.items()
              if key.startswith("pipeline_vs_spacy_") and "_cpu_" not in key]
    # plain spaCy's scaling on the same machine in the same run: what the cores allow
    checks += [(f"{key} >= {_MIN_SCALING} (spaCy's own here: "
                f"{report['spacy_scaling_ratio']:.2f})", value >= _MIN_SCALING)
               for key, value in report.items()
               if key.startswith("pipeline_scaling_") and "_vs_spacy" not in key]
    if "latency" in report:
        checks.append((f"p99 latency <= {_MAX_P99_MS:.0f} ms",
                       report["latency"]["p99_ms"] <= _MAX_P99_MS))
    worker_rss = max(run["worker_peak_rss_bytes"] for run in report["runs"])
    checks.append(("worker peak RSS <= 1.5 GB", worker_rss <= _MAX_WORKER_RSS))
    return checks


def _cores(run: dict[str, Any]) -> str:
    """Cores the worker (and the broker, when seen) kept busy, as "worker+broker"."""
    broker = run["broker_cores_used"]
    return f"{run['worker_cores_used']:.2f}" + ("" if broker is None else f"+{broker:.2f}")


def _load(values: list[float]) -> str:
    return " ".join(f"{value:.2f}" for value in values)
