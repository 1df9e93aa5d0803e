"""Pretty, JSON and picked-field output of events (no Kafka)."""

from __future__ import annotations

import orjson
import pytest

from stancewire.cli.render import (
    pick,
    render_fields,
    render_json,
    render_pretty,
    stance_line,
    terminal_safe,
)
from stancewire.models import DeadLetter, MentionEvent, QuoteEvent, StanceEvent
from tests.test_cli.events import alliance_article, enriched, entity, quote, stance


def as_event(record) -> dict:
    return orjson.loads(record.dumps(serializer="json"))


def test_pretty_block_has_title_top_entities_quotes_and_stances() -> None:
    block = render_pretty(alliance_article(), color=False)
    lines = block.splitlines()
    assert lines[0].startswith("▌ Alliance talks stall over two applications")
    assert "Example Herald" in lines[0] and "alliance-1" in lines[0]
    assert lines[1].strip() == ("entities  Turkey (GPE, 3), NATO (ORG, 2), "
                                "Ana Example (PERSON, 2), Sweden (GPE, 1)")
    assert "“We will keep talking until it is done” — Ana Example" in block
    assert "Turkey —opposes→ accession of Sweden and Finland" in block
    assert "Ana Example —is hopeful about→ a way forward" in block
    assert lines[-1].strip() == "tone      -0.10 neutral"
    assert "\x1b[" not in block


def test_colour_marks_against_red_and_for_green() -> None:
    block = render_pretty(alliance_article(), color=True)
    assert "\x1b[31m—opposes→" in block
    assert "\x1b[32m—is hopeful about→" in block


@pytest.mark.parametrize(("relation", "negated", "hedged", "polarity", "expected"), [
    ("oppose", False, False, -1, "A —opposes→ B"),
    ("support", True, False, 1, "A —does not support→ B"),
    ("accuse", False, True, -1, "A —may accuse→ B"),
    ("criticise", True, True, -1, "A —may not criticise→ B"),
    ("deny", False, False, -1, "A —denies→ B"),
    ("praise", False, False, 1, "A —praises→ B"),
    ("confident", False, False, 1, "A —is confident about→ B"),
    ("hopeful", True, False, 1, "A —is not hopeful about→ B"),
    ("hopeful", False, True, 1, "A —may be hopeful about→ B"),
])
def test_stance_lines_read_as_sentences(relation: str, negated: bool, hedged: bool,
                                        polarity: int, expected: str) -> None:
    signal = as_event(stance("A", relation, "B", polarity=polarity, negated=negated,
                             hedged=hedged))
    assert stance_line(signal, color=False) == expected


def test_untrusted_text_cannot_drive_the_terminal() -> None:
    hostile = "Breaking\x1b[2J\x1b]0;pwned\x07 news\u202eevil\r\nsecond\x9b31m"
    event = enriched("x\x1b[1m", hostile, entities=[entity(hostile, "ORG")],
                     quotes=[quote(hostile, hostile)], stances=[stance(hostile, "oppose", hostile)])
    for color in (False, True):
        block = render_pretty(event, color=color)
        for bad in ("\x1b[2J", "\x1b]", "\x07", "\u202e", "\r", "\x9b"):
            assert bad not in block
    assert terminal_safe("a\tb\nc") == "a b c"
    assert "\n" not in render_fields(event, ["title", "entities.name"], as_json=False)


def test_quotes_are_cut_and_listed_up_to_five() -> None:
    quotes = [quote(f"Quote {n} " + "blah " * 60, None) for n in range(7)]
    block = render_pretty(enriched("q", "Many quotes", quotes=quotes), color=False)
    assert block.count("(unattributed)") == 5
    assert "+2 more quotes" in block
    assert "…" in block


@pytest.mark.parametrize(("record", "expected"), [
    (MentionEvent(article_id="a1", entity_id="nato", name="NATO", label="ORG", count=3,
                  tone=-0.25), "● NATO (ORG, 3)  tone -0.25  [a1]"),
    (StanceEvent(article_id="a1", signal=stance("Turkey", "oppose", "the bid")),
     "Turkey —opposes→ the bid  [a1]"),
    (QuoteEvent(article_id="a1", quote=quote("Not now", "Ana Example")),
     "“Not now” — Ana Example  [a1]"),
    (DeadLetter(error_code="empty_text", error="'text' is empty", value="{}",
                value_encoding="utf-8", key=None, topic="articles", partition=2, offset=7,
                timestamp=0.0, failed_at=0.0),
     "✗ empty_text: 'text' is empty  articles[2]@7"),
])
def test_fan_out_events_and_dead_letters_are_one_line(record, expected: str) -> None:
    assert render_pretty(as_event(record), color=False) == expected


def test_unknown_events_are_shown_as_json() -> None:
    assert render_pretty({"value": "plain text"}, color=False) == '{"value":"plain text"}'


def test_json_drops_faust_metadata_only() -> None:
    event = {"id": "a", "__faust": {"ns": "x"}, "entities": [{"name": "N", "__faust": {}}]}
    assert orjson.loads(render_json(event)) == {"id": "a", "entities": [{"name": "N"}]}


def test_fields_pick_dotted_paths_through_lists() -> None:
    event = alliance_article()
    assert pick(event, "entities.name") == ["NATO", "Turkey", "Sweden", "Ana Example"]
    assert pick(event, "quotes.speaker.name") == ["Ana Example"]
    assert pick(event, "tone.score") == -0.1
    assert pick(event, "nothing.here") is None
    fields = ["id", "entities.name", "missing"]
    assert render_fields(event, fields, as_json=False) == \
        "alliance-1\tNATO, Turkey, Sweden, Ana Example\t"
    assert orjson.loads(render_fields(event, fields, as_json=True)) == {
        "id": "alliance-1", "entities.name": ["NATO", "Turkey", "Sweden", "Ana Example"],
        "missing": None}
