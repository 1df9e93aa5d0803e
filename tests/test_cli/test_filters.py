"""--entity, --speaker, --relation and --source (no Kafka)."""

from __future__ import annotations

import orjson
import pytest

from stancewire.cli.filters import EventFilter
from stancewire.models import MentionEvent, QuoteEvent, StanceEvent
from tests.test_cli.events import alliance_article, quote, stance, unrelated_article

ALLIANCE = alliance_article()
OTHER = unrelated_article(1)


@pytest.mark.parametrize(("options", "alliance", "other"), [
    ({}, True, True),
    ({"entities": ("NATO",)}, True, False),
    ({"entities": ("nato",)}, True, False),  # case is ignored
    ({"entities": ("The Atlantic Alliance",)}, True, False),  # an alias: a mention's text
    ({"entities": ("Ankara",)}, True, False),
    ({"entities": ("NAT",)}, False, False),  # whole names only
    ({"entities": ("Senator",)}, False, False),
    ({"entities": ("Senator Bloggs",)}, False, True),
    ({"entities": ("NATO", "Lisbon")}, True, True),  # any of one option
    ({"speakers": ("Ana Example",)}, True, False),
    ({"speakers": ("she",)}, True, False),  # the speaker as written
    ({"relations": ("oppose",)}, True, False),
    ({"relations": ("praise",)}, False, True),
    ({"sources": ("example herald",)}, True, False),
    ({"sources": ("Test Wire",)}, False, True),
    ({"entities": ("NATO",), "relations": ("praise",)}, False, False),  # all options
])
def test_enriched_articles(options: dict, alliance: bool, other: bool) -> None:
    event_filter = EventFilter.of(**options)
    assert (event_filter.matches(ALLIANCE), event_filter.matches(OTHER)) == (alliance, other)


def event(record) -> dict:
    return orjson.loads(record.dumps(serializer="json"))


def test_fan_out_events() -> None:
    mention = event(MentionEvent(article_id="a", entity_id="nato", name="NATO", label="ORG",
                                 count=1, tone=0.0))
    signal = event(StanceEvent(article_id="a", signal=stance("Turkey", "oppose", "NATO")))
    said = event(QuoteEvent(article_id="a", quote=quote("Soon", "Ana Example")))
    nato = EventFilter.of(entities=("NATO",))
    assert [nato.matches(e) for e in (mention, signal, said)] == [True, True, False]
    assert EventFilter.of(relations=("oppose",)).matches(signal)
    assert not EventFilter.of(relations=("oppose",)).matches(mention)
    assert EventFilter.of(speakers=("ana example",)).matches(said)
    assert not EventFilter.of(sources=("Test Wire",)).matches(said)  # no source: no match
