import numpy as np
import pytest

from stancewire.nlp.entity_tone import EntityEvidence
from stancewire.training.entity_tone import EntitySample, class_offsets, cross_validate, fit


def _sample(story: str, gold: str, score: float) -> EntitySample:
    label = "negative" if score < -0.2 else "positive" if score > 0.2 else "neutral"
    evidence = EntityEvidence(predictions=[(label, score)], sentence_tones=[score], mentions=1,
                              first=0.1, share=0.5, label="PERSON", opposed=0, supported=0,
                              opposes=0, supports=0, quoted=0)
    return EntitySample(story, gold, evidence)  # type: ignore[arg-type]


SAMPLES = [_sample(f"story-{i % 4}", gold, score)
           for i, (gold, score) in enumerate([("negative", -0.8), ("negative", -0.6),
                                              ("neutral", 0.0), ("neutral", 0.1),
                                              ("neutral", -0.1), ("positive", 0.7),
                                              ("positive", 0.5), ("neutral", 0.05)] * 3)]


def test_offsets_are_zero_when_the_scores_already_separate_the_classes():
    scores = np.array([[2.0, 0.0, -2.0], [0.0, 2.0, 0.0], [-2.0, 0.0, 2.0]])
    assert class_offsets(scores, ["negative", "neutral", "positive"]).tolist() == [0, 0, 0]


def test_offsets_hold_back_a_class_predicted_too_often():
    # Positive wins every neutral row by a little: lowering it recovers them.
    scores = np.array([[0.0, 1.0, 1.25]] * 6 + [[0.0, 0.0, 2.0]] * 2)
    gold = ["neutral"] * 6 + ["positive"] * 2
    offsets = class_offsets(scores, gold)
    assert offsets[1] == 0.0
    assert offsets[2] == pytest.approx(-0.3)  # the smallest that does
    assert (scores + offsets).argmax(axis=1).tolist() == [1] * 6 + [2] * 2


def test_fit_adds_the_offsets_to_the_bias():
    plain = fit(SAMPLES, regularisation=1.0)
    shifted = fit(SAMPLES, regularisation=1.0, offsets=np.array([0.3, 0.0, -0.2]))
    assert shifted.bias - plain.bias == pytest.approx([0.3, 0.0, -0.2])
    assert shifted.meta["offsets"] == [0.3, 0.0, -0.2]
    assert np.array_equal(shifted.weights, plain.weights)


def test_cross_validation_reports_both_figures_and_offsets_for_the_final_fit():
    cv = cross_validate(SAMPLES, folds=4, regularisation=1.0)
    assert len(cv.plain.f1_macro) == len(cv.offset.f1_macro) == 4
    assert all(0.0 <= f1 <= 1.0 for f1 in [*cv.plain.f1_macro, *cv.offset.f1_macro])
    assert cv.offsets.shape == (3,)
    assert cv.offsets[1] == 0.0
