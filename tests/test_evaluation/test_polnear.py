"""PolNeAR's scorer: quote recall, speaker accuracy and precision; span scores per role."""

import pytest

from stancewire.evaluation.polnear import (
    FoundQuote,
    GoldAttribution,
    SpanCounts,
    score,
    span_counts,
    summarise,
    summarise_spans,
)

GOLD = GoldAttribution(content=((10, 30),), source=((0, 5),), direct=True)


@pytest.mark.parametrize(
    ("found", "mentions", "expected"),
    [
        ([], [], (1, 0, 0, 0, 0)),
        ([FoundQuote(12, 28, True, (0, 5), None)], [], (1, 1, 1, 1, 1)),
        ([FoundQuote(12, 28, True, (40, 42), None)], [], (1, 1, 0, 1, 1)),
        # a pronoun elsewhere that resolves to the entity named at the gold source
        ([FoundQuote(12, 28, True, (40, 42), "jo-smith")], [("jo-smith", 0, 5)], (1, 1, 1, 1, 1)),
        ([FoundQuote(50, 60, True, (0, 5), None)], [], (1, 0, 0, 1, 0)),
    ],
)
def test_score(found, mentions, expected):
    assert score([GOLD], found, mentions) == expected


def test_summarise_micro_averages():
    scores = summarise([(2, 2, 1, 4, 3), (2, 1, 1, 0, 0)])
    assert (scores.recall, scores.speaker_accuracy, scores.precision) == (0.75, 2 / 3, 0.75)


def test_summarise_nothing():
    assert summarise([]).recall == 0.0


#       0         1         2         3         4         5
#       0123456789012345678901234567890123456789012345678901234
TEXT = "Jo Smith said the plan, in his view, would fail badly."
SPANS = GoldAttribution(content=((14, 22), (37, 53)), source=((0, 8),), direct=False,
                        cue=((9, 13),))


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        # the discontinuous content counts from its first start to its last end
        (FoundQuote(14, 53, False, (0, 8), None, (9, 13)),
         {"source": SpanCounts(1, 1, 1, 1, 1), "cue": SpanCounts(1, 1, 1, 1, 1),
          "content": SpanCounts(1, 1, 1, 1, 1)}),
        # the closing full stop on one side only does not matter
        (FoundQuote(14, 54, False, (0, 8), None, (9, 13)),
         {"source": SpanCounts(1, 1, 1, 1, 1), "cue": SpanCounts(1, 1, 1, 1, 1),
          "content": SpanCounts(1, 1, 1, 1, 1)}),
        # one piece of the content: overlapping, not exact; "Smith" alone likewise
        (FoundQuote(37, 53, False, (3, 8), None, None),
         {"source": SpanCounts(1, 1, 0, 1, 1), "cue": SpanCounts(1, 0, 0, 0, 0),
          "content": SpanCounts(1, 1, 0, 1, 1)}),
        # no speaker found, a content elsewhere
        (FoundQuote(0, 8, False, None, None, (9, 13)),
         {"source": SpanCounts(1, 0, 0, 0, 0), "cue": SpanCounts(1, 1, 1, 1, 1),
          "content": SpanCounts(1, 1, 0, 0, 0)}),
    ],
)
def test_span_counts(found, expected):
    assert span_counts(TEXT, [SPANS], [found]) == expected


def test_one_source_of_two_relations_counts_once():
    second = SPANS._replace(content=((37, 53),))
    found = [FoundQuote(14, 22, False, (0, 8), None), FoundQuote(37, 53, False, (0, 8), None)]
    counts = span_counts(TEXT, [SPANS, second], found)
    assert counts["source"] == SpanCounts(1, 1, 1, 1, 1)
    assert counts["content"] == SpanCounts(2, 2, 1, 2, 2)


def test_summarise_spans_micro_averages():
    scores = summarise_spans([SpanCounts(4, 2, 1, 2, 3), SpanCounts(0, 2, 1, 1, 0)])
    assert (scores.exact_precision, scores.exact_recall) == (0.5, 0.5)
    assert scores.exact_f1 == 0.5
    assert (scores.overlap_precision, scores.overlap_recall) == (0.75, 0.75)


def test_summarise_spans_nothing():
    assert summarise_spans([]).exact_f1 == 0.0



#        0         1         2         3         4
#        012345678901234567890123456789012345678901234567
PIECES = "\u201cWe won,\u201d he said. \u201cThey lost.\u201d\n\n\u201cNext year,\u201d he said."
ONE_RELATION = GoldAttribution(content=((1, 7), (20, 29)), source=((10, 12),), direct=True,
                               cue=((13, 17),))


def test_quotes_sharing_a_cue_in_a_paragraph_are_one_relation():
    found = [FoundQuote(1, 7, True, (10, 12), None, (13, 17)),
             FoundQuote(20, 29, True, (10, 12), None, (13, 17))]
    assert span_counts(PIECES, [ONE_RELATION], found)["content"] == SpanCounts(1, 1, 1, 1, 1)


def test_a_paragraph_break_ends_a_relation_of_one_cue():
    found = [FoundQuote(1, 7, True, (10, 12), None, (13, 17)),
             FoundQuote(34, 43, True, (10, 12), None, (13, 17))]
    counts = span_counts(PIECES, [ONE_RELATION], found)["content"]
    assert (counts.found, counts.exact) == (2, 0)


#          0         1         2         3
#          0123456789012345678901234567890123456789
PARTIAL = "Jo said the plan was \u201cdead on arrival\u201d.\u00a0"


def test_a_partial_quote_inside_reported_speech_is_part_of_it():
    gold = GoldAttribution(content=((8, 38),), source=((0, 2),), direct=True, cue=((3, 7),))
    found = [FoundQuote(22, 37, True, (0, 2), None, (3, 7)),
             FoundQuote(8, 38, False, (0, 2), None, (3, 7))]
    assert span_counts(PARTIAL, [gold], found)["content"] == SpanCounts(1, 1, 1, 1, 1)


def test_no_break_spaces_at_the_ends_are_trimmed():
    gold = GoldAttribution(content=((8, 40),), source=((0, 2),), direct=True, cue=((3, 7),))
    found = [FoundQuote(8, 37, False, (0, 2), None, (3, 7))]
    assert span_counts(PARTIAL, [gold], found)["content"].exact == 1
