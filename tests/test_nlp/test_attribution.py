"""The tagger's features and the reading of its labels, on inline sentences."""

import pytest

from stancewire.nlp.attribution import AttributionTagger, labelled_spans, token_features
from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.lexicon import load_lexicon
from stancewire.nlp.pipeline import analyse, load_pipeline
from stancewire.settings import Settings


@pytest.fixture(scope="module")
def parsed():
    nlp = load_pipeline(Settings().spacy_model)
    text = "Turkey said it would block the bid."
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer(), parse_mentions=True)
    return analysis.parsed[0]


def test_features_name_the_word_its_neighbours_and_its_path_to_a_cue(parsed):
    cue_words = AttributionTagger().cue_words
    features = token_features(parsed.doc, cue_words, lambda at: False, parsed.offset)
    turkey, said, *_, stop = (set(f) for f in features)
    assert {"w=turkey", "BOS", "-BOS", "+w=said", "-q"} <= turkey
    assert "ad=nsubj" in turkey  # the subject of a cue word
    assert {"w=said", "l=say", "sv", "-w=turkey", "+w=it"} <= said
    assert {"EOS", "+EOS"} <= stop


def test_quoted_tokens_are_marked(parsed):
    features = token_features(parsed.doc, frozenset(), lambda at: at >= 12, parsed.offset)
    assert ["q" in f for f in features] == [token.idx >= 12 for token in parsed.doc]


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["B-SRC", "B-CUE", "B-CON", "I-CON", "O"], [("SRC", 0, 1), ("CUE", 1, 2), ("CON", 2, 4)]),
        (["I-CON", "I-CON", "B-CON"], [("CON", 0, 2), ("CON", 2, 3)]),
        (["O", "O"], []),
    ],
)
def test_labelled_spans(labels, expected):
    assert list(labelled_spans(labels)) == expected
