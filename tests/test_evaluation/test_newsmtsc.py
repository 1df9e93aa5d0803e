import json

import pytest

from stancewire.evaluation.newsmtsc import format_report, read_newsmtsc, score_tone


@pytest.mark.parametrize(
    ("gold", "predicted", "f1_macro", "accuracy"),
    [
        (["negative", "neutral", "positive"], ["negative", "neutral", "positive"], 1.0, 1.0),
        (["negative", "negative"], ["neutral", "neutral"], 0.0, 0.0),
        (["negative", "positive", "positive", "neutral"],
         ["negative", "positive", "neutral", "neutral"], (1 + 2 / 3 + 2 / 3) / 3, 0.75),
    ],
)
def test_score_tone(gold, predicted, f1_macro, accuracy):
    report = score_tone(gold, predicted)
    assert report.f1_macro == pytest.approx(f1_macro)
    assert report.accuracy == pytest.approx(accuracy)


def test_score_tone_needs_one_prediction_per_gold_label():
    with pytest.raises(ValueError, match="1 predictions for 2 gold labels"):
        score_tone(["negative", "neutral"], ["neutral"])


def test_report_puts_f1m_first_and_the_confusion_last():
    lines = format_report(score_tone(["negative", "positive"], ["negative", "neutral"]))
    assert lines.splitlines()[0] == "F1m: 0.333"
    assert lines.splitlines()[-1].split() == ["positive", "0", "1", "0"]


def _write(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def test_read_newsmtsc_keeps_offsets_and_sentence_ids(tmp_path):
    path = _write(tmp_path / "rows.jsonl", [
        {"sentence_id": "s1", "sentence": "A met B.", "from": 6, "to": 7, "polarity": "neutral"},
        {"sentence": "C won.", "from": 0, "to": 1, "polarity": "positive"},
    ])
    first, second = read_newsmtsc(path)
    assert (first.sentence[first.start:first.end], first.sentence_id) == ("B", "s1")
    assert second.polarity == "positive"
    assert second.sentence_id != first.sentence_id


def test_read_newsmtsc_refuses_unknown_polarity(tmp_path):
    path = _write(tmp_path / "rows.jsonl",
                  [{"sentence": "A met B.", "from": 0, "to": 1, "polarity": "mixed"}])
    with pytest.raises(ValueError, match=r"rows\.jsonl:1: unknown polarity 'mixed'"):
        read_newsmtsc(path)
