"""Reading every input format into records with file:line locations (no Kafka)."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest

from stancewire.inputs import InputProblem, InputRecord, estimate_total, read_inputs

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Example Herald</title>
<item>
  <title>First item</title>
  <link>https://example.org/1</link>
  <guid>https://example.org/1</guid>
  <description>Short summary of the first item.</description>
  <pubDate>Thu, 26 Nov 2026 09:30:00 GMT</pubDate>
  <author>desk@example.org (Desk)</author>
</item>
<item>
  <title>Second item</title>
  <link>https://example.org/2</link>
  <description>Summary two.</description>
</item>
<item>
  <title>No body at all</title>
  <link>https://example.org/3</link>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Desk</title>
  <entry>
    <title>Atom entry</title>
    <id>urn:example:atom:1</id>
    <link href="https://example.org/a1"/>
    <updated>2026-11-25T08:00:00Z</updated>
    <content type="text">Full content of the atom entry.</content>
  </entry>
</feed>
"""


def read(*paths: Path, **options) -> list[InputRecord | InputProblem]:
    return list(read_inputs(list(paths), **options))


def locations(items) -> list[str]:
    return [item.location for item in items]


def test_text_file_is_one_article_titled_by_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("\n  Harbour reopens\nThe harbour reopened on Monday.\n", encoding="utf-8")
    [item] = read(path)
    assert isinstance(item, InputRecord)
    assert item.location == f"{path}:1"
    assert item.value == {"title": "Harbour reopens", "text": path.read_text()}


def test_jsonl_reports_bad_lines_and_keeps_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b'{"id": "a", "text": "one"}\n\n[1, 2]\n{"id": "b", "text": \n'
                     b'{"id": "c", "text": "three"}\n{"id": "d", "te')
    items = read(path)
    assert [type(item).__name__ for item in items] == [
        "InputRecord", "InputRecord", "InputProblem", "InputRecord", "InputProblem"]
    assert locations(items) == [f"{path}:{n}" for n in (1, 3, 4, 5, 6)]
    assert items[1].value == [1, 2]  # refused later, by the same rule as the worker
    assert "invalid JSON" in items[2].reason
    assert "cut short" in items[4].reason


def test_ndjson_is_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "a.ndjson"
    path.write_bytes(b'{"text": "x"}\n{"text": "y"}\n')
    assert [item.value["text"] for item in read(path)] == ["x", "y"]


def test_json_object_and_array_elements_carry_their_line(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text('\n\n{"text": "alone"}\n')
    many = tmp_path / "many.json"
    many.write_text('[\n  {"text": "first"},\n\n  {"text": "second",\n   "id": 7},\n  "odd"\n]')
    assert [(i.location, i.value) for i in read(single)] == [(f"{single}:3", {"text": "alone"})]
    items = read(many)
    assert locations(items) == [f"{many}:2", f"{many}:4", f"{many}:6"]
    assert items[1].value == {"text": "second", "id": 7}
    assert items[2].value == "odd"


@pytest.mark.parametrize(("content", "line", "words"), [
    ('[\n {"text": "ok"},\n {"text": oops}\n]', 3, "rest of the file is skipped"),
    ('{"text": "x"} {"text": "y"}', 1, "extra data"),
    ('[{"text": "x"} {"text": "y"}]', 1, "expected ','"),
    ('{"text": "never closed"', 1, "invalid JSON"),
])
def test_broken_json_is_one_problem_at_its_line(tmp_path: Path, content: str, line: int,
                                                words: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content)
    items = read(path)
    assert isinstance(items[-1], InputProblem)
    assert items[-1].location == f"{path}:{line}"
    assert words in items[-1].reason
    assert all(isinstance(item, InputRecord) for item in items[:-1])


def test_invalid_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title\nsecond line\nCaf\xe9".encode("latin-1"))
    [item] = read(path)
    assert isinstance(item, InputProblem)
    assert item.location == f"{path}:3"
    assert "UTF-8" in item.reason


def test_rss_items_become_articles_with_link_date_and_publisher(tmp_path: Path) -> None:
    path = tmp_path / "herald.rss"
    path.write_text(RSS)
    first, second, empty = read(path)
    assert isinstance(first, InputRecord) and isinstance(second, InputRecord)
    assert first.value == {
        "id": "https://example.org/1", "title": "First item",
        "text": "Short summary of the first item.", "url": "https://example.org/1",
        "source": "Example Herald", "published_at": "2026-11-26T09:30:00Z",
        "author": "desk@example.org (Desk)"}
    assert second.value["id"] == "https://example.org/2"
    assert locations([first, second, empty]) == [f"{path}:{n}" for n in (4, 12, 17)]
    assert isinstance(empty, InputProblem) and "neither content nor a summary" in empty.reason


def test_atom_entry_uses_its_content(tmp_path: Path) -> None:
    path = tmp_path / "desk.atom"
    path.write_text(ATOM)
    [entry] = read(path)
    assert isinstance(entry, InputRecord)
    assert entry.value["text"] == "Full content of the atom entry."
    assert entry.value["source"] == "Atom Desk"
    assert entry.value["published_at"] == "2026-11-25T08:00:00Z"
    assert entry.location == f"{path}:4"


def test_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "page.xml"
    path.write_text("<html><body>nothing here</body></html>")
    [item] = read(path)
    assert isinstance(item, InputProblem) and "not a feed" in item.reason


def test_directories_are_read_recursively_by_extension(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("A\nbody a")
    (tmp_path / "b" / "c.jsonl").write_text('{"text": "c1"}\n{"text": "c2"}\n')
    (tmp_path / "b" / "deep" / "d.json").write_text('{"text": "d"}')
    (tmp_path / "b" / "notes.md").write_text("# not an article")
    (tmp_path / ".hidden.txt").write_text("hidden")
    texts = [item.value["text"] for item in read(tmp_path)]
    assert texts == ["A\nbody a", "c1", "c2", "d"]
    assert estimate_total([tmp_path]) is None  # a .json file needs parsing to count
    (tmp_path / "b" / "deep" / "d.json").unlink()
    assert estimate_total([tmp_path]) == 3


def test_stdin_is_jsonl_or_one_text_article() -> None:
    stream = io.BytesIO(b'{"text": "from a pipe"}\n')
    [item] = read(Path("-"), stdin=stream)
    assert (item.location, item.value) == ("<stdin>:1", {"text": "from a pipe"})
    stream = io.BytesIO(b"Piped title\nPiped body\n")
    [item] = read(Path("-"), stdin=stream, input_format="text")
    assert item.value == {"title": "Piped title", "text": "Piped title\nPiped body\n"}


def test_jsonl_lines_longer_than_a_read_chunk(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    long_text = "word " * 500_000  # 2.5 MB: the reader's 1 MiB chunks split it
    path.write_bytes(orjson.dumps({"text": long_text}) + b"\n" + b'{"text": "short"}\n')
    assert [len(item.value["text"]) for item in read(path)] == [len(long_text), 5]


def test_missing_and_unknown_files_are_problems(tmp_path: Path) -> None:
    unknown = tmp_path / "data.csv"
    unknown.write_text("a,b")
    missing, odd = read(tmp_path / "nope.jsonl", unknown)
    assert isinstance(missing, InputProblem) and "no such file" in missing.reason
    assert isinstance(odd, InputProblem) and "--format" in odd.reason
    [forced] = read(unknown, input_format="text")
    assert isinstance(forced, InputRecord)
