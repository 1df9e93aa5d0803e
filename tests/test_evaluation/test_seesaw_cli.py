"""``stancewire eval seesaw`` end to end on a hand-made article (no shared data)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from stancewire.cli.evaluate import seesaw

_TEXT = ("Senator Elizabeth Warren sharply criticised Donald Trump on Tuesday. "
         "The weather in Boston was mild.")


def _write(path, stances, sentiments=None):
    row = {"id": "a-1", "story_id": "1", "text": _TEXT,
           "sentences": [{"id": 0, "start": 0, "end": 68}, {"id": 1, "start": 69, "end": 100}],
           "stances": stances, "entity_sentiments": sentiments or {}}
    path.write_text(json.dumps(row) + "\n")
    return path


def test_prints_one_figure_a_line(tmp_path):
    gold = [{"sentence_id": 0, "start": 0, "end": 68, "subject": "Elizabeth Warren",
             "polarity": "negative", "object": "Donald Trump", "annotators": ["A"]}]
    result = CliRunner().invoke(seesaw, [str(_write(tmp_path / "a.jsonl", gold))])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ") for line in result.output.splitlines())
    assert list(lines)[:3] == ["stance precision", "stance recall", "stance F1"]
    assert {"sentence stance F1", "positive stance F1", "negative stance F1",
            "pair recall"} <= set(lines)
    assert lines["stance recall"] == "1.000"
    assert lines["sentence stance recall"] == "1.000"


def test_json_and_uncounted_author(tmp_path):
    author = [{"sentence_id": 1, "start": 69, "end": 100, "subject": "None",
               "polarity": "positive", "object": "Boston", "annotators": ["A"]}]
    result = CliRunner().invoke(seesaw, ["--json", str(_write(tmp_path / "b.jsonl", author))])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["articles"] == 1
    assert figures["stance recall"] == 0.0  # nothing counted: the author's stance is not


def test_entity_tone_line_counts_the_listed_entities_found(tmp_path):
    sentiments = {"Donald Trump": ["Negative", "Slightly Negative", "Neutral"],
                  "Elizabeth Warren": ["Neutral", "Neutral"], "Nobody Named": ["Positive"]}
    result = CliRunner().invoke(seesaw, [str(_write(tmp_path / "c.jsonl", [], sentiments))])
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("entity tone")]
    assert line.startswith("entity tone F1m: ")
    assert line.endswith("(2 of 3 listed entities found)")
