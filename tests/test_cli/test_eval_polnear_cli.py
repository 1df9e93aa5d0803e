"""`stancewire eval polnear` on a two-relation article written here."""

import orjson
from click.testing import CliRunner

from stancewire.cli.main import cli

TEXT = "“We will not give in,” the minister said. Officials said the talks had stalled."


def _relation(source, cue, content, quoted):
    after = TEXT.index(source)  # each part is the first of its kind after the source
    spans = {}
    for role, part in (("source", source), ("cue", cue), ("content", content)):
        start = TEXT.index(part, after if role != "content" or not quoted else 0)
        spans[role] = {"spans": [[start, start + len(part)]], "text": part}
    return {"article_id": "a", "id": source, "type": "Attribution",
            "content_has_quote_marks": quoted, **spans}


def test_polnear_json_has_span_scores(tmp_path):
    articles, attributions = tmp_path / "articles.jsonl", tmp_path / "attributions.jsonl"
    articles.write_bytes(orjson.dumps({"id": "a", "text": TEXT}) + b"\n")
    attributions.write_bytes(b"\n".join(orjson.dumps(r) for r in (
        _relation("the minister", "said", "We will not give in", True),
        _relation("Officials", "said", "the talks had stalled", False),
    )))
    result = CliRunner().invoke(cli, ["eval", "polnear", str(articles), str(attributions),
                                      "--json"])
    assert result.exit_code == 0, result.output
    scores = orjson.loads(result.output.strip().splitlines()[-1])
    assert scores["all"]["gold"] == 2 and scores["all"]["recall"] == 1.0
    assert scores["direct"]["speaker_accuracy"] == 1.0
    assert scores["spans"]["source"]["exact_f1"] == 1.0
    assert scores["spans"]["content"]["exact_recall"] == 1.0
    assert scores["spans"]["cue"]["gold"] == 2
