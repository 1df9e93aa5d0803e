"""The enrichment of the seed article and of bad input."""

import pytest

from stancewire.enrich import Enricher
from stancewire.errors import EnrichmentError
from stancewire.models import Article, EnrichedArticle
from stancewire.nlp.entity_tone import aggregate
from stancewire.settings import Settings

SEED = "seed/nato_accession_article.txt"


@pytest.fixture(scope="module")
def enricher():
    return Enricher(Settings(max_text_chars=20_000))


@pytest.fixture(scope="module")
def seed(enricher, shared_data):
    text = (shared_data / SEED).read_text("utf-8")
    return enricher.enrich(Article(id="seed", text=text))


def _entity(seed, entity_id):
    return next((e for e in seed.entities if e.id == entity_id), None)


@pytest.mark.data
@pytest.mark.parametrize(
    ("entity_id", "name", "label", "mentions"),
    [
        ("jens-stoltenberg", "Jens Stoltenberg", "PERSON", {"Jens Stoltenberg", "the NATO chief"}),
        ("antony-blinken", "Antony Blinken", "PERSON", {"Antony Blinken"}),
        ("recep-tayyip-erdogan", "Recep Tayyip Erdogan", "PERSON", {"Recep Tayyip Erdogan"}),
        ("nato", "NATO", "ORG", {"NATO", "Atlantic Alliance", "Western military alliance"}),
        ("turkey", "Turkey", "GPE", {"Turkey", "Turkish", "Ankara"}),
        ("sweden", "Sweden", "GPE", {"Sweden", "Stockholm", "Swedish"}),
        ("finland", "Finland", "GPE", {"Finland", "Helsinki", "Finnish"}),
        ("united-states", "United States", "GPE", {"American"}),
        ("pkk", "PKK", "ORG", {"PKK"}),
        ("islamic-state", "Islamic State", "ORG", {"Islamic State"}),
        ("ukraine", "Ukraine", "GPE", {"Ukraine"}),
        ("russia", "Russia", "GPE", {"Russia"}),
    ],
)
def test_seed_entity(seed, entity_id, name, label, mentions):
    entity = _entity(seed, entity_id)
    assert entity is not None, f"no entity {entity_id}"
    assert (entity.name, entity.label) == (name, label)
    assert mentions <= {m.text for m in entity.mentions}
    assert entity.count == len(entity.mentions)
    for mention in entity.mentions:
        assert seed.text[mention.start : mention.end] == mention.text


@pytest.mark.data
def test_seed_has_no_broken_entities(seed):
    names = {e.name for e in seed.entities}
    assert "Jens Stoltenberg\u2019s" not in names
    assert "State" not in names
    countries = {"turkey", "sweden", "finland", "ukraine", "russia", "united-states"}
    assert all(e.label == "GPE" for e in seed.entities if e.id in countries)
    assert not [e for e in seed.entities if e.label == "PERSON" and e.id in countries | {"kyiv"}]


@pytest.mark.data
@pytest.mark.parametrize(
    ("quote_start", "speaker_text", "speaker_name"),
    [
        ("We are of course in close contact", "Jens Stoltenberg", "Jens Stoltenberg"),
        ("I will call a meeting", "he", "Jens Stoltenberg"),
        ("intended", "The boss of the Western military alliance", "Jens Stoltenberg"),
        ("At the same time", "he", "Jens Stoltenberg"),
        ("Finland and Sweden have made it clear", "Jens Stoltenberg", "Jens Stoltenberg"),
        ("We know that no other NATO ally", "he", "Jens Stoltenberg"),
        ("important ally", "He", "Jens Stoltenberg"),
        ("I am hopeful", "the NATO chief", "Jens Stoltenberg"),
        ("very confident", "Antony Blinken", "Antony Blinken"),
        ("These are two separate issues", "he", "Antony Blinken"),
    ],
)
def test_seed_quote_speaker(seed, quote_start, speaker_text, speaker_name):
    quote = next(q for q in seed.quotes if q.direct and q.text.startswith(quote_start))
    assert seed.text[quote.start : quote.end] == quote.text
    assert quote.speaker is not None
    assert (quote.speaker.text, quote.speaker.name) == (speaker_text, speaker_name)
    assert seed.text[quote.speaker.start : quote.speaker.end] == speaker_text


@pytest.mark.data
def test_seed_quotes_per_speaker(seed):
    names = [q.speaker.name for q in seed.quotes if q.direct and q.speaker]
    assert names.count("Jens Stoltenberg") >= 10
    assert names.count("Antony Blinken") >= 1


@pytest.mark.data
@pytest.mark.parametrize(
    ("source_id", "relation", "target_id", "polarity"),
    [
        ("turkey", "oppose", "sweden", -1),
        ("turkey", "oppose", "finland", -1),
        ("recep-tayyip-erdogan", "accuse", "sweden", -1),
        ("recep-tayyip-erdogan", "accuse", "finland", -1),
        ("antony-blinken", "support", "jens-stoltenberg", 1),
        ("antony-blinken", "reject", None, -1),
        ("jens-stoltenberg", "hopeful", None, 1),
        ("antony-blinken", "confident", None, 1),
        (None, "support", "sweden", 1),
        (None, "support", "finland", 1),
    ],
)
def test_seed_stance(seed, source_id, relation, target_id, polarity):
    found = [s for s in seed.stances
             if (s.source_id, s.relation, s.target_id) == (source_id, relation, target_id)]
    assert found, [(s.source_id, s.relation, s.target_id) for s in seed.stances]
    signal = found[0]
    assert signal.polarity == polarity
    assert not signal.negated
    assert seed.text[signal.evidence_start : signal.evidence_end] == signal.evidence


@pytest.mark.data
def test_seed_tone(seed):
    assert -1 <= seed.tone.score <= 1
    assert all(-1 <= e.tone.score <= 1 for e in seed.entities)
    assert seed.tone.label in {"negative", "neutral", "positive"}


@pytest.mark.parametrize(
    ("text", "truncated"),
    [
        ("", False),
        ("   \n\t ", False),
        ("a\x00b\x01c said \x7f nothing", False),
        ("<html><body><p>Tom &amp; Jerry</p><script>x()</script></body></html>", False),
        ("Der Bundeskanzler sagte am Mittwoch, dass er „bald“ nach Paris reise.", False),
        ("日本の首相は水曜日に「近いうちに」会うと述べた。", False),
        ("word " * 1_000_000, True),
        ("\"" * 5000, False),
    ],
)
def test_bad_input_gives_a_result_or_a_clear_error(enricher, text, truncated):
    result = enricher.enrich_many([Article(id="x", text=text)])[0]
    assert isinstance(result, EnrichedArticle | EnrichmentError)
    if isinstance(result, EnrichedArticle):
        assert result.truncated is truncated
        assert len(result.text) <= 20_000
        assert "\x00" not in result.text and "<p>" not in result.text


class _FailingTone:
    needs_parses = False

    def predict(self, items, *, parsed=None):
        if any("explode" in sentence for sentence, _, _ in items):
            raise RuntimeError("boom")
        return [("neutral", 0.0) for _ in items]

    def entity_tone(self, evidence):
        return aggregate(evidence.predictions)


def test_one_failing_article_keeps_the_others_in_order():
    enricher = Enricher(Settings(), tone=_FailingTone())
    articles = [Article(id=str(i), text=text) for i, text in
                enumerate(["Paris is calm.", "Rome will explode.", "Berlin is calm."])]
    results = enricher.enrich_many(articles, batch_size=2)
    assert [type(r).__name__ for r in results] == [
        "EnrichedArticle", "EnrichmentError", "EnrichedArticle"]
    assert [r.id for r in results if isinstance(r, EnrichedArticle)] == ["0", "2"]
    with pytest.raises(EnrichmentError, match="article 1"):
        enricher.enrich(articles[1])
