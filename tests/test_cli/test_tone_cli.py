import json

import pytest
from click.testing import CliRunner

from stancewire.cli.evaluate import newsmtsc
from stancewire.cli.main import cli
from stancewire.cli.train import train
from stancewire.nlp.target_tone import TargetToneModel
from stancewire.nlp.transformer_tone import TransformerTone

ROWS = [
    ("Critics slammed Smith for the disastrous and corrupt deal.", "Smith", "negative"),
    ("Fans praised Garcia for her brilliant, inspiring performance.", "Garcia", "positive"),
    ("The committee will meet on Tuesday in Washington.", "committee", "neutral"),
]

#: NewsMTSC dev file -> least macro F1 the shipped model must reach on it (dev: 0.708 / 0.688).
DEV_THRESHOLDS = {"dev_rw.jsonl": 0.70, "dev_mt.jsonl": 0.65}


def _write_rows(path, rows):
    with path.open("w") as out:
        for sentence, target, polarity in rows:
            start = sentence.index(target)
            row = {"sentence": sentence, "from": start, "to": start + len(target),
                   "mention": target, "polarity": polarity}
            out.write(json.dumps(row) + "\n")
    return path


@pytest.fixture
def rows_file(tmp_path):
    return _write_rows(tmp_path / "rows.jsonl", ROWS)


def test_newsmtsc_prints_f1m_first_then_the_details(rows_file):
    result = CliRunner().invoke(newsmtsc, [str(rows_file)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "F1m: 1.000"
    assert lines[1] == "accuracy: 1.000"
    assert lines[2:5] == ["F1 negative: 1.000", "F1 neutral: 1.000", "F1 positive: 1.000"]
    assert lines[-3].split() == ["negative", "1", "0", "0"]


def test_newsmtsc_json(rows_file):
    result = CliRunner().invoke(newsmtsc, [str(rows_file), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["f1_macro"] == 1.0
    assert report["targets"] == 3
    assert report["confusion"] == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]


def test_newsmtsc_is_part_of_stancewire_eval(rows_file):
    result = CliRunner().invoke(cli, ["eval", "newsmtsc", str(rows_file)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("F1m: ")


def test_newsmtsc_refuses_other_jsonl(tmp_path):
    path = tmp_path / "other.jsonl"
    path.write_text('{"text": "no targets here"}\n')
    result = CliRunner().invoke(newsmtsc, [str(path)])
    assert result.exit_code != 0
    assert "is not NewsMTSC JSONL" in result.output


def test_train_tone_writes_a_loadable_model(tmp_path, rows_file):
    out = tmp_path / "model"
    args = ["tone", "--train", str(rows_file), "--folds", "0", "--dev", str(rows_file),
            "--out", str(out), "--seed", "1", "--regularisation", "10"]
    result = CliRunner().invoke(train, args)
    assert result.exit_code == 0, result.output
    assert "F1m: 1.000" in result.output
    model = TargetToneModel.load(out)
    assert model.meta["seed"] == 1
    assert model.meta["dev"]["rows"]["f1_macro"] == 1.0



def test_train_tone_learns_from_the_articles_it_is_taught_on(tmp_path, rows_file):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"text": "Prosecutors charged Jones with fraud and bribery. "
                                            "Fans praised Garcia for her brilliant goal."}) + "\n")
    out = tmp_path / "model"
    args = ["tone", "--train", str(rows_file), "--folds", "0", "--teach", str(articles),
            "--out", str(out), "--regularisation", "10"]
    result = CliRunner().invoke(train, args)
    assert result.exit_code == 0, result.output
    assert "2 entity mentions in 1 articles" in result.output
    assert TargetToneModel.load(out).meta["teacher_targets"] == 2


def test_train_tone_refuses_articles_without_text(tmp_path, rows_file):
    articles = tmp_path / "articles.jsonl"
    articles.write_text('{"text": "Jones spoke."}\n{"title": "no text"}\n')
    args = ["tone", "--train", str(rows_file), "--folds", "0", "--teach", str(articles),
            "--out", str(tmp_path / "model")]
    result = CliRunner().invoke(train, args)
    assert result.exit_code != 0
    assert "articles.jsonl:2: no text field" in result.output
    assert not (tmp_path / "model").exists()

@pytest.mark.data
@pytest.mark.parametrize(("name", "threshold"), DEV_THRESHOLDS.items())
def test_shipped_model_meets_the_dev_thresholds(shared_data, name, threshold):
    result = CliRunner().invoke(newsmtsc, [str(shared_data / "newsmtsc" / name)])
    assert result.exit_code == 0, result.output
    f1_macro = float(result.output.splitlines()[0].removeprefix("F1m: "))
    assert f1_macro >= threshold


#: The same, for the transformer backend (dev: 0.790 / 0.740 on the machine it was built on;
#: ONNX Runtime's int8 kernels differ a little between CPUs).
TRANSFORMER_DEV_THRESHOLDS = {"dev_rw.jsonl": 0.77, "dev_mt.jsonl": 0.72}


def test_newsmtsc_scores_the_transformer_when_asked(rows_file):
    result = CliRunner().invoke(newsmtsc, [str(rows_file), "--backend", "transformer",
                                           "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["confusion"] == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]


@pytest.mark.data
@pytest.mark.parametrize(("name", "threshold"), TRANSFORMER_DEV_THRESHOLDS.items())
def test_shipped_transformer_meets_the_dev_thresholds(shared_data, name, threshold):
    result = CliRunner().invoke(newsmtsc, [str(shared_data / "newsmtsc" / name),
                                           "--backend", "transformer"])
    assert result.exit_code == 0, result.output
    assert float(result.output.splitlines()[0].removeprefix("F1m: ")) >= threshold


def test_train_tone_transformer_writes_a_loadable_model(tmp_path):
    pytest.importorskip("torch", reason="fine-tuning needs the transformer-train extra")
    pytest.importorskip("all_minilm_l6_v2", reason="the transformer-train extra")
    days = [(f"{sentence} It was day {day}.", target, polarity)
            for day in range(10) for sentence, target, polarity in ROWS]
    rows = _write_rows(tmp_path / "rows.jsonl", days)
    out = tmp_path / "transformer"
    args = ["tone", "--backend", "transformer", "--train", str(rows), "--epochs", "1",
            "--out", str(out)]
    result = CliRunner().invoke(train, args)
    assert result.exit_code == 0, result.output
    assert "held out: F1m" in result.output
    meta = json.loads((out / "meta.json").read_text())
    assert meta["params"]["epochs"] == 1 and meta["held_out"]["folds"] == 5
    scorer = TransformerTone.load(out)
    assert len(scorer.predict([(s, s.index(t), s.index(t) + len(t)) for s, t, _ in ROWS])) == 3
