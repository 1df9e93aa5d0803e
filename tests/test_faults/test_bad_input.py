"""Bad input generated with hypothesis, interleaved with good articles: no crash, every
record enriched or dead-lettered, every good article enriched.

Each example is streamed to one running worker and audited over its own offset range.
Examples are not shrunk: one costs a Kafka round trip through spaCy.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from stancewire import topic_names
from stancewire.articles import OPTIONAL_FIELDS
from stancewire.settings import Settings
from tests.kafka_helpers import produce, read_all
from tests.test_faults.probes import end_offsets, short_articles, wait_accounted

pytestmark = [pytest.mark.faults, pytest.mark.kafka]

Record = tuple[bytes | None, bytes]

GOOD_PER_EXAMPLE = 15
EXAMPLES = 5
HUGE_TEXT = orjson.dumps({"text": "Ten megabytes of words. " * (10 * 1024 * 1024 // 24)})

# Our own sentences, not the data set's: text the English pipeline was not made for.
FOREIGN = ["Die Regierung in Berlin lehnte den Vorschlag am Montag ab.",
           "Правительство в Москве отвергло это предложение.",
           "北京政府周一拒绝了这项提议。", "رفضت الحكومة في القاهرة الاقتراح يوم الاثنين.",
           "Le ministre a déclaré à Paris: « Nous ne céderons pas. »"]
MARKUP = ['<script>alert("x")</script>Minister resigns in <b>Rome</b>.',
          '<img src=x onerror="fetch(1)"><p>Talks in Geneva stalled.</p>',
          "<![CDATA[ ]]><!-- --><style>*{}</style>Oslo &amp; Bern agree &lt;deal&gt;."]

json_int = st.integers(-(2**63), 2**63 - 1)  # orjson's range
wrong_value = st.one_of(json_int, st.floats(allow_nan=False), st.booleans(),
                        st.lists(json_int, max_size=3),
                        st.dictionaries(st.text(max_size=5), json_int, max_size=2))


@st.composite
def wrong_type(draw: st.DrawFn) -> bytes:
    name = draw(st.sampled_from(("text", "id", *OPTIONAL_FIELDS)))
    value = draw(wrong_value.filter(lambda v: not (name == "id" and type(v) is int)))
    return orjson.dumps({"text": "Ministers met in Oslo.", name: value})


@st.composite
def truncated_json(draw: st.DrawFn) -> bytes:
    whole = orjson.dumps({"text": draw(st.text(min_size=1, max_size=200)), "title": "t"})
    return whole[:draw(st.integers(1, len(whole) - 1))]


@st.composite
def invalid_utf8(draw: st.DrawFn) -> bytes:
    text = draw(st.text(min_size=1, max_size=100)).encode()
    cut = draw(st.integers(0, len(text)))
    return text[:cut] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80",
                                              b"\xf8\x88\x80\x80\x80"])) + text[cut:]


def nested(depth: int) -> bytes:
    return b'{"text": "Deep.", "title": ' + b"[" * depth + b"]" * depth + b"}"


controls = st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs"])
bad_value = st.one_of(
    st.binary(max_size=2_000),
    truncated_json(),
    wrong_type(),
    st.integers(1_025, 50_000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(100, 3_000).map(nested),
    st.text(alphabet=controls, max_size=50).map(lambda t: orjson.dumps({"text": t})),
    st.text(min_size=1, max_size=300).map(lambda t: orjson.dumps({"text": f"\x00{t}\x07"})),
    invalid_utf8(),
    st.sampled_from(MARKUP).map(lambda t: orjson.dumps({"text": t, "title": t})),
    st.sampled_from(FOREIGN).map(str.encode),
)
# Keys: none (the id comes from the body or a hash), or one a good article also has.
bad_records = st.lists(st.tuples(st.sampled_from([None, "dup"]), bad_value),
                       min_size=20, max_size=40)


def interleave(good: list[Record], bad: list[Record]) -> list[Record]:
    return [r for pair in itertools.zip_longest(good, bad) for r in pair if r is not None]


def test_hypothesis_bad_input_is_all_accounted_for(settings: Settings, start_worker,
                                                    shared_data: Path, report_scenario):
    worker = start_worker(settings)
    worker.wait_ready()
    pool = iter(short_articles(shared_data, GOOD_PER_EXAMPLE * EXAMPLES))
    totals: dict[str, int] = {"inputs": 0, "enriched": 0, "dead_letters": 0}

    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None,
                         phases=[Phase.generate],
                         suppress_health_check=list(HealthCheck))
    @given(bad=bad_records)
    def one_example(bad: list[tuple[str | None, bytes]]) -> None:
        good = list(itertools.islice(pool, GOOD_PER_EXAMPLE))
        good_records = [(a["id"].encode(), orjson.dumps(a)) for a in good]
        # "dup": the id of a good article of this example, sent again
        bad_keyed = [(good[0]["id"].encode() if key else None, value) for key, value in bad]
        start = end_offsets(settings, topic_names.ARTICLES)
        sent = produce(settings, topic_names.ARTICLES,
                       [*interleave(good_records, bad_keyed), (None, HUGE_TEXT)])
        # no clock skew: the same foreign text (same hashed id) in an earlier example
        # must not count as a duplicate here
        report = wait_accounted(settings, timeout=300, start=start, clock_skew=0.0,
                                end=end_offsets(settings, topic_names.ARTICLES))
        assert report.inputs == sent, report.summary()
        assert worker.alive(), worker.tail()
        enriched = {record.key.decode() for record in read_all(settings, topic_names.ENRICHED)}
        assert {a["id"] for a in good} <= enriched
        for name in totals:
            totals[name] += getattr(report, name)

    one_example()
    report_scenario(f"hypothesis bad input: {totals}")
    letters = [orjson.loads(record.value) for record in read_all(settings, topic_names.DLQ)]
    assert all(letter["error"] for letter in letters)
    # the 10 MB inputs: refused for their length, their dead letter cut to fit in Kafka
    huge = [letter for letter in letters if f"{len(HUGE_TEXT):,} bytes" in letter["error"]]
    assert [letter["error_code"] for letter in huge] == ["text_too_long"] * EXAMPLES
    assert all(HUGE_TEXT.decode().startswith(letter["value"]) for letter in huge)
