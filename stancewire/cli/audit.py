"""``stancewire audit``: was every input article enriched or dead-lettered, once?

Exit codes: 0 every input record accounted for (and none duplicated, unless
``--allow-duplicates``); 1 some are missing or duplicated, or the broker
failed.
"""

from __future__ import annotations

import re
import time
from datetime import datetime

import click
import orjson
from kafka.errors import KafkaError

from stancewire.audit import CLOCK_SKEW, AuditReport, Offsets
from stancewire.audit import audit as audit_topics
from stancewire.clients import require_broker
from stancewire.errors import StancewireError
from stancewire.settings import Settings

_AGO = re.compile(r"^(\d+(?:\.\d+)?)([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

#: Ids listed at most in the text report; --format json lists all.
_SHOWN_IDS = 20


def parse_moment(text: str, *, now: float | None = None) -> float:
    """Epoch seconds from ``15m``/``2h``/``1d`` ago, an ISO-8601 time or epoch seconds."""
    ago = _AGO.match(text.strip())
    if ago:
        return (time.time() if now is None else now) - float(ago[1]) * _UNIT_SECONDS[ago[2]]
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        raise click.BadParameter(f"{text!r}: expected 15m, 2h, 1d, an ISO-8601 time or "
                                 "epoch seconds") from None


def parse_offsets(text: str) -> Offsets:
    """``0:120,1:98`` as {partition: offset}."""
    try:
        pairs = (item.split(":") for item in text.split(",") if item.strip())
        return {int(partition): int(offset) for partition, offset in pairs}
    except ValueError:
        raise click.BadParameter(f"{text!r}: expected partition:offset pairs, "
                                 "like 0:120,1:98") from None


def render_report(report: AuditReport) -> str:
    lines = [report.summary()]
    for title, ids in (("missing", report.missing),
                       ("duplicated", [f"{key} (+{extra})"
                                       for key, extra in report.duplicated.items()])):
        if ids:
            more = f" ... and {len(ids) - _SHOWN_IDS} more" if len(ids) > _SHOWN_IDS else ""
            lines.append(f"{title}: {', '.join(ids[:_SHOWN_IDS])}{more}")
    return "\n".join(lines)


@click.command()
@click.option("--bootstrap", help="Kafka bootstrap servers. [env: STANCEWIRE_BOOTSTRAP]")
@click.option("--since", help="Inputs from this time: 15m/2h/1d ago, ISO-8601, epoch seconds.")
@click.option("--until", help="Inputs before this time (same forms as --since).")
@click.option("--from-offsets", help="Inputs from these offsets (inclusive): 0:120,1:98.")
@click.option("--to-offsets", help="Inputs up to these offsets (exclusive): 0:500,1:480.")
@click.option("--clock-skew", type=click.FloatRange(min=0), default=CLOCK_SKEW,
              show_default=True,
              help="Seconds of outputs read from before the earliest input's timestamp.")
@click.option("--allow-duplicates", is_flag=True,
              help="Exit 0 with duplicates (at_least_once mode), as long as nothing is missing.")
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(["text", "json"]))
def audit(bootstrap: str | None, since: str | None, until: str | None,
                  from_offsets: str | None, to_offsets: str | None, clock_skew: float,
                  allow_duplicates: bool, output_format: str) -> None:
    """Match input articles to enriched events (by id) and dead letters (by position).

    Reads read_committed the input topic over the range (default: all of it)
    and the enriched and dead-letter topics, and reports the ids missing and
    duplicated.
    """
    try:
        settings = Settings.from_env(None, **({"bootstrap": bootstrap} if bootstrap else {}))
        require_broker(settings)
        report = audit_topics(settings, since=parse_moment(since) if since else None,
                              until=parse_moment(until) if until else None,
                              start=parse_offsets(from_offsets) if from_offsets else None,
                              end=parse_offsets(to_offsets) if to_offsets else None,
                              clock_skew=clock_skew)
    except (KafkaError, StancewireError) as exc:
        raise click.ClickException(str(exc)) from None
    if output_format == "json":
        click.echo(orjson.dumps(report.as_dict()).decode())
    else:
        click.echo(render_report(report))
    if not report.ok(allow_duplicates=allow_duplicates):
        raise SystemExit(1)

