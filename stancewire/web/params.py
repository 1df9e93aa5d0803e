"""Query parameters of the API: parsed, bounded, and refused with a clear message."""

from __future__ import annotations

from collections.abc import Mapping

from stancewire.errors import StancewireError
from stancewire.web.snapshot import Window

#: The most entities, pairs or speakers one request may ask for.
MAX_TOP = 1000


class BadRequest(StancewireError):
    """A query parameter is missing or out of range (HTTP 400)."""


def top(params: Mapping[str, str], default: int = 20) -> int:
    return bounded(params, "top", default, MAX_TOP)


def bounded(params: Mapping[str, str], name: str, default: int, most: int) -> int:
    """The integer parameter ``name`` (1 to ``most``), ``default`` when absent."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be an integer, not {raw!r}") from None
    if not 1 <= value <= most:
        raise BadRequest(f"{name} must be between 1 and {most}")
    return value


def window(params: Mapping[str, str]) -> Window:
    value = params.get("window") or "all"
    if value == "all":
        return "all"
    if value == "current":
        return "current"
    raise BadRequest(f"window must be 'all' or 'current', not {value!r}")


def required(params: Mapping[str, str], name: str) -> str:
    value = params.get(name)
    if not value:
        raise BadRequest(f"{name} is required")
    return value
