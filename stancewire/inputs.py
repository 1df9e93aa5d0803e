"""Read articles for ``stancewire produce`` from files, directories, stdin and feeds.

Every reader yields, in input order, either an :class:`InputRecord` (a JSON
value, normally an object in the shape of the ``articles`` topic) or an
:class:`InputProblem` (why a record cannot be read), each with its
``file:line`` location. Records are validated when produced, by the same
:func:`~stancewire.articles.decode_article` the worker applies. Reading never
stops at a bad record: later records of the same file are still read, except
inside a JSON array that stops parsing, where nothing after the error can be
trusted.

Formats, chosen by extension (``--format`` overrides it, and says how to
read stdin, which is JSONL by default):

- ``.txt``: one article per file; the first line is the title;
- ``.json``: one object, or an array of objects;
- ``.jsonl`` / ``.ndjson``: one object per line; blank lines are skipped;
- ``.rss`` / ``.atom`` / ``.xml``: a feed read with feedparser; each item
  gives title, content (or summary), link, date, author and the feed's title
  as the source.
"""

from __future__ import annotations

import calendar
import json
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

import feedparser
import orjson

InputFormat = Literal["auto", "jsonl", "json", "text", "feed"]

#: Extension -> format, for files and for the files found in directories.
EXTENSIONS: dict[str, InputFormat] = {
    ".txt": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}

#: The path that means standard input.
STDIN = Path("-")

_CHUNK = 1 << 20  # bytes read at a time from JSONL files and stdin

_FEED_ITEM = re.compile(rb"<(?:[\w-]+:)?(?:item|entry)[\s>/]")


@dataclass(frozen=True, slots=True)
class InputRecord:
    """A JSON value as read, not yet validated; normally an article object."""

    location: str
    value: Any
    #: The value's JSON as read (JSONL), sent as it is rather than encoded again.
    raw: bytes | None = None


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A record that could not be read, and why."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


InputItem = InputRecord | InputProblem


def read_inputs(
    paths: Sequence[Path], *, input_format: InputFormat = "auto", stdin: BinaryIO | None = None
) -> Iterator[InputItem]:
    """Everything in ``paths`` (files, directories, ``-`` for stdin), in order."""
    for source in _sources(paths, input_format):
        if isinstance(source, InputProblem):
            yield source
        elif source[0] == STDIN:
            yield from _read_stream(stdin or sys.stdin.buffer, "<stdin>", source[1])
        else:
            yield from _read_file(*source)


def estimate_total(paths: Sequence[Path], *, input_format: InputFormat = "auto") -> int | None:
    """How many records ``paths`` hold, when that is cheap to count (no stdin, JSON or feeds)."""
    total = 0
    for source in _sources(paths, input_format):
        if isinstance(source, InputProblem):
            total += 1
            continue
        path, fmt = source
        if path == STDIN or fmt in ("json", "feed"):
            return None
        try:
            with path.open("rb") as stream:
                total += 1 if fmt == "text" else sum(1 for line in stream if line.strip())
        except OSError:
            total += 1
    return total


def _sources(
    paths: Sequence[Path], input_format: InputFormat
) -> Iterator[tuple[Path, InputFormat] | InputProblem]:
    """Each file to read with its format; directories expanded, stdin as ``-``."""
    for path in paths:
        if path == STDIN:
            yield path, "jsonl" if input_format == "auto" else input_format
        elif path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                fmt = _format_of(found, input_format)
                if fmt is not None and not found.name.startswith("."):
                    yield found, fmt
        elif not path.exists():
            yield InputProblem(f"{path}:0", "no such file or directory")
        else:
            fmt = _format_of(path, input_format)
            if fmt is None:
                yield InputProblem(f"{path}:0", f"unknown input format {path.suffix!r}; "
                                   f"use --format {{jsonl,json,text,feed}}")
            else:
                yield path, fmt


def _format_of(path: Path, input_format: InputFormat) -> InputFormat | None:
    return EXTENSIONS.get(path.suffix.lower()) if input_format == "auto" else input_format


def _read_file(path: Path, fmt: InputFormat) -> Iterator[InputItem]:
    try:
        with path.open("rb") as stream:
            yield from _read_stream(stream, str(path), fmt)
    except OSError as exc:
        yield InputProblem(f"{path}:0", f"cannot read: {exc.strerror or exc}")


def _read_stream(stream: BinaryIO, name: str, fmt: InputFormat) -> Iterator[InputItem]:
    if fmt == "jsonl":
        yield from _read_jsonl(stream, name)
        return
    data = stream.read()
    if fmt == "feed":
        yield from _read_feed(data, name)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        yield InputProblem(f"{name}:{line}", f"not valid UTF-8 ({exc.reason} at byte "
                                             f"{exc.start})")
        return
    if fmt == "text":
        yield _read_text(text, name)
    else:
        yield from _read_json(text, name)


def _read_jsonl(stream: BinaryIO, name: str) -> Iterator[InputItem]:
    for number, line in enumerate(_lines(stream), start=1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield InputProblem(f"{name}:{number}", f"invalid JSON: {_json_reason(line, exc)}")
            continue
        yield InputRecord(f"{name}:{number}", obj, line.strip())


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    """Lines with their ``\n``, read in big chunks.

    Every small read lets the producer's I/O thread take the GIL for up to a
    switch interval (5 ms); reading 8 KB at a time made the reader, not Kafka,
    the bottleneck. ``read1`` returns what a pipe has without waiting for more.
    """
    read = getattr(stream, "read1", stream.read)
    rest = b""
    while chunk := read(_CHUNK):
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        for line in lines:
            yield line + b"\n"
    if rest:
        yield rest


def _read_text(text: str, name: str) -> InputItem:
    stripped = text.strip()
    if not stripped:
        return InputProblem(f"{name}:1", "the file is empty")
    return InputRecord(f"{name}:1", {"title": stripped.split("\n", 1)[0].strip(),
                                      "text": text})


def _read_json(text: str, name: str) -> Iterator[InputItem]:
    """An object or an array of objects, with each element's line number."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if not text.startswith("[", position):
        try:
            obj, end = decoder.raw_decode(text, position)
            if text[end:].strip():
                raise json.JSONDecodeError("extra data after the JSON value", text,
                                           _skip_space(text, end))
        except json.JSONDecodeError as exc:
            yield InputProblem(f"{name}:{exc.lineno}", f"invalid JSON: {exc.msg} "
                                                       f"(column {exc.colno})")
            return
        yield InputRecord(f"{name}:{_line_of(text, position)}", obj)
        return
    position = _skip_space(text, position + 1)
    while not text.startswith("]", position):
        try:
            obj, end = decoder.raw_decode(text, position)
            location = f"{name}:{_line_of(text, position)}"
            position = _skip_space(text, end)
            if not text.startswith((",", "]"), position):
                raise json.JSONDecodeError("expected ',' or ']'", text, position)
        except json.JSONDecodeError as exc:
            yield InputProblem(f"{name}:{exc.lineno}", f"invalid JSON: {exc.msg} "
                               f"(column {exc.colno}); the rest of the file is skipped")
            return
        yield InputRecord(location, obj)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)


def _read_feed(data: bytes, name: str) -> Iterator[InputItem]:
    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = parsed.get("bozo_exception") or "no items"
        yield InputProblem(f"{name}:1", f"not a feed with items: {why}")
        return
    publisher = parsed.feed.get("title")
    lines = [data[: match.start()].count(b"\n") + 1 for match in _FEED_ITEM.finditer(data)]
    for index, entry in enumerate(parsed.entries):
        location = f"{name}:{lines[index] if len(lines) == len(parsed.entries) else 1}"
        contents = entry.get("content") or []
        text = contents[0].get("value") if contents else entry.get("summary")
        if not text or not text.strip():
            yield InputProblem(location, "the feed item has neither content nor a summary")
            continue
        article = {"id": entry.get("id") or entry.get("link"), "title": entry.get("title"),
                   "text": text, "url": entry.get("link"), "source": publisher,
                   "published_at": _feed_date(entry), "author": entry.get("author")}
        yield InputRecord(location, {k: v for k, v in article.items() if v is not None})


def _feed_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        date: str | None = entry.get("published") or entry.get("updated")
        return date
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(parsed)))


def _json_reason(line: bytes, exc: orjson.JSONDecodeError) -> str:
    if not line.endswith(b"\n") and exc.pos >= len(line.rstrip()):
        return "the line is cut short (truncated input?)"
    return f"{exc.msg} (column {exc.colno})"


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1
