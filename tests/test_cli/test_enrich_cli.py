import orjson
import pytest
from click.testing import CliRunner

from stancewire.cli.main import cli


@pytest.mark.parametrize(
    ("stdin", "entity_id"),
    [
        ('{"id": "a1", "text": "Angela Merkel met Emmanuel Macron in Paris."}', "angela-merkel"),
        ("A title\nThe Turkish government said no.", "turkey"),
    ],
)
def test_enrich_prints_the_enriched_event(stdin, entity_id):
    result = CliRunner().invoke(cli, ["enrich", "-", "--compact"], input=stdin)
    assert result.exit_code == 0, result.output
    event = orjson.loads(result.output)
    assert event["schema"] == "stancewire.enriched/1"
    assert entity_id in {entity["id"] for entity in event["entities"]}
    assert "__faust" not in event


def test_enrich_rejects_empty_input():
    result = CliRunner().invoke(cli, ["enrich", "-"], input="")
    assert result.exit_code == 1
    assert "Error" in result.output
