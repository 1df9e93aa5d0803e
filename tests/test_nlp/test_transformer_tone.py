"""The transformer tone backend: the shipped ONNX model, chosen only when asked."""

import builtins

import pytest

from stancewire.enrich import Enricher
from stancewire.models import Article
from stancewire.nlp.target_tone import TargetToneModel
from stancewire.nlp.tone import load_tone
from stancewire.nlp.transformer_tone import MissingExtra, TransformerTone, marked_pair
from stancewire.settings import Settings


@pytest.fixture(scope="module")
def scorer() -> TransformerTone:
    return TransformerTone.load()


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher(Settings.from_env({"STANCEWIRE_TONE": "transformer"}))


def test_the_target_is_marked_in_its_sentence_and_given_again():
    sentence = "Critics slammed Microsoft for the deal."
    start = sentence.index("Microsoft")
    assert marked_pair(sentence, start, start + 9) == (
        "Critics slammed <t> Microsoft </t> for the deal.", "Microsoft")


@pytest.mark.parametrize(("sentence", "target", "expected"), [
    ("Critics accused Smith of corruption and lies.", "Smith", "negative"),
    ("Everyone praised Smith for her courage and kindness.", "Smith", "positive"),
    ("Smith will travel to Berlin on Tuesday.", "Smith", "neutral"),
])
def test_one_target(scorer, sentence, target, expected):
    start = sentence.index(target)
    [(label, score)] = scorer.predict([(sentence, start, start + len(target))])
    assert label == expected
    assert -1.0 <= score <= 1.0
    if expected != "neutral":
        assert (score > 0) is (expected == "positive")


def test_the_enrichment_scores_each_entity_with_it(enricher):
    assert isinstance(enricher.tone, TransformerTone)
    text = ("Prosecutors charged Peter Miller with fraud. "
            "The court praised Anna Keller for her brave testimony.")
    result = enricher.enrich(Article(id="t", text=text))
    tones = {e.name: e.tone.label for e in result.entities}
    assert tones["Peter Miller"] == "negative"
    assert tones["Anna Keller"] == "positive"


def test_more_targets_than_one_batch_keep_their_order(scorer):
    good = "Everyone praised Smith for her courage and kindness."
    bad = "Critics accused Smith of corruption and lies."
    items = [(s, s.index("Smith"), s.index("Smith") + 5) for s in [good, bad] * 40]
    labels = [label for label, _ in scorer.predict(items)]
    assert labels == ["positive", "negative"] * 40


def test_chosen_only_when_asked():
    assert isinstance(load_tone("transformer"), TransformerTone)
    assert isinstance(load_tone("model"), TargetToneModel)


def test_missing_packages_are_named(monkeypatch):
    real_import = builtins.__import__

    def without_onnxruntime(name, *args, **kwargs):
        if name == "onnxruntime":
            raise ImportError("No module named 'onnxruntime'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_onnxruntime)
    with pytest.raises(MissingExtra, match=r"stancewire\[transformer\]"):
        TransformerTone.load()

