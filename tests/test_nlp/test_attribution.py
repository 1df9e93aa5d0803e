"""The tagger's features and the reading of its labels, on inline sentences."""

import numpy as np
import pycrfsuite
import pytest

from stancewire.nlp.attribution import (
    MODEL_FILE,
    AttributionTagger,
    TokenClusters,
    default_path,
    labelled_spans,
    token_features,
)
from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.lexicon import load_lexicon
from stancewire.nlp.pipeline import analyse, load_pipeline
from stancewire.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(Settings().spacy_model)


@pytest.fixture(scope="module")
def clusters():
    return AttributionTagger().clusters


@pytest.fixture(scope="module")
def parsed(nlp):
    text = "Turkey said it would block the bid."
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer(), parse_mentions=True)
    return analysis.parsed[0]


def test_features_name_the_word_its_neighbours_and_its_path_to_a_cue(parsed, clusters):
    cue_words = AttributionTagger().cue_words
    features = token_features(parsed.doc, cue_words, clusters, lambda at: False, parsed.offset)
    turkey, said, *_, stop = (set(f) for f in features)
    assert {"w=turkey", "BOS", "-BOS", "+w=said", "-q"} <= turkey
    assert "ad=nsubj" in turkey  # the subject of a cue word
    assert {"w=said", "l=say", "sv", "-w=turkey", "+w=it"} <= said
    assert {"EOS", "+EOS"} <= stop


def test_features_look_two_words_out_and_two_heads_up(parsed, clusters):
    features = token_features(parsed.doc, frozenset(), clusters, lambda at: False, parsed.offset)
    turkey, the = set(features[0]), set(features[5])
    assert {"-2w=BOS", "-2p=BOS", "+2w=it", "+2p=PRON", "s=Xxxxx", "ld=Turkey|nsubj"} <= turkey
    assert {"-2w=would", "+2w=.", "+2p=PUNCT", "hl=bid", "hhl=block", "hhd=ccomp"} <= the
    assert "scue" not in turkey  # no cue words given: the sentence holds none


def test_features_name_the_cue_word_and_the_verb_above(parsed, clusters):
    cue_words = frozenset({"say"})
    features = token_features(parsed.doc, cue_words, clusters, lambda at: False, parsed.offset)
    turkey, said, the = (set(features[i]) for i in (0, 1, 5))
    assert {"sv", "svs", "svc", "scue"} <= said  # a cue word with a subject and a clause
    assert {"ac=say", "gv=say", "gvc"} <= turkey
    assert {"ac=say", "ad=ccomp", "gv=block"} <= the
    assert not any(f.startswith("gv") for f in said)  # the root has no verb above it


def test_features_of_a_one_word_sentence(nlp, clusters):
    [features] = token_features(nlp("Yes"), frozenset(), clusters, lambda at: False, 0)
    assert {"BOS", "EOS", "-2w=BOS", "+2w=EOS", "-2p=BOS", "+2p=EOS"} <= set(features)
    assert {"-k64=BOS", "+k64=EOS", "-k512=BOS", "+k512=EOS"} <= set(features)


def test_cluster_features_name_the_nearest_centroid_of_each_token_and_its_neighbours():
    # Two sizes of centroids over 2-wide rows: tokens near (0, 0), (10, 0) and (0, 10).
    clusters = TokenClusters([np.array([[0.0, 0.0], [10.0, 0.0]]),
                              np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])])
    rows = clusters.features(np.array([[1.0, 0.5], [9.0, 1.0], [1.0, 8.0]], dtype=np.float32))
    assert rows == [
        ["k2=0", "-k2=BOS", "+k2=1", "k3=0", "-k3=BOS", "+k3=1"],
        ["k2=1", "-k2=0", "+k2=0", "k3=1", "-k3=0", "+k3=2"],
        ["k2=0", "-k2=1", "+k2=EOS", "k3=2", "-k3=1", "+k3=EOS"],
    ]


def test_cluster_features_refuse_rows_of_another_width(clusters):
    with pytest.raises(ValueError, match="retrain the tagger"):
        clusters.features(np.zeros((3, 300), dtype=np.float32))


def test_tagger_clusters_read_back_as_saved(tmp_path, clusters):
    clusters.save(tmp_path / "clusters.npz")
    again = TokenClusters.read(tmp_path / "clusters.npz")
    assert [c.shape for c in again.centroids] == [(64, 96), (512, 96)]
    assert all(np.array_equal(a, b) for a, b in zip(again.centroids, clusters.centroids,
                                                     strict=True))


def test_quoted_tokens_are_marked(parsed, clusters):
    features = token_features(parsed.doc, frozenset(), clusters, lambda at: at >= 12,
                              parsed.offset)
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


def test_a_cue_sentence_left_without_content_is_labelled_by_its_marginals(nlp):
    text = "Jane Doe lashed out at the press."
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer(), parse_mentions=True)
    [sentence] = analysis.parsed
    tagger = AttributionTagger()
    features = token_features(sentence.doc, tagger.cue_words, tagger.clusters, lambda at: False,
                              sentence.offset)
    most_likely = pycrfsuite.Tagger()
    most_likely.open(str(default_path() / MODEL_FILE))
    assert not [run for run in labelled_spans(most_likely.tag(features)) if run[0] == "CON"]
    labels = tagger.tag(sentence.doc, lambda at: False, sentence.offset)
    spans = {role: sentence.doc[first:end].text for role, first, end in labelled_spans(labels)}
    assert spans["SRC"] == "Jane Doe"
    assert spans["CUE"].startswith("lashed out")
    assert spans["CON"].endswith("press")
