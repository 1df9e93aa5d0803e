"""Entity tone in the enrichment: the learned target model by default, VADER as the fallback."""

import logging

import numpy as np
import pytest

from stancewire.enrich import Enricher
from stancewire.errors import ConfigError
from stancewire.models import Article, EnrichedArticle
from stancewire.nlp import target_tone
from stancewire.nlp.entity_tone import (
    FEATURES,
    EntityEvidence,
    EntityToneModel,
    aggregate,
    evidence_features,
)
from stancewire.nlp.target_tone import TargetToneModel
from stancewire.nlp.tone import VaderTone, compound, label_of
from stancewire.settings import Settings

# Two entities in one sentence, treated in opposite ways.
TWO_TARGETS = [
    ("Smith praised Jones's courage, while Brown was accused of fraud.",
     {"Jones": "positive", "Brown": "negative"}),
    ("Critics slammed Microsoft for the disastrous deal, but fans hailed Apple as a hero.",
     {"Microsoft": "negative", "Apple": "positive"}),
    ("Prosecutors charged Peter Miller with fraud, while the court praised Anna Keller "
     "for her brave testimony.", {"Peter Miller": "negative", "Anna Keller": "positive"}),
]


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher(Settings())


def _tones(enricher: Enricher, text: str) -> dict[str, tuple[str, float]]:
    result = enricher.enrich(Article(id="t", text=text))
    return {e.name: (e.tone.label, e.tone.score) for e in result.entities}


def test_the_model_is_the_default(enricher):
    assert isinstance(enricher.tone, TargetToneModel)


@pytest.mark.parametrize(("text", "expected"), TWO_TARGETS)
def test_two_entities_of_one_sentence_get_their_own_tone(enricher, text, expected):
    tones = _tones(enricher, text)
    assert {name: tones[name][0] for name in expected} == expected
    # The scores (their mentions' mean) rank them the same way, though a praised
    # second target in a sentence of blame may score just below zero.
    praised, blamed = (next(n for n, label in expected.items() if label == wanted)
                       for wanted in ("positive", "negative"))
    assert tones[praised][1] > tones[blamed][1] + 0.5
    assert tones[blamed][1] < 0


def test_a_sentence_parsed_only_for_its_entity_is_scored(enricher):
    sentence = "The scandal-hit minister Brown was forced to resign in disgrace."
    assert not enricher.lexicon.parse_cues(sentence)  # no quote, cue or stance word
    text = "The weather in Paris was mild. " + sentence
    assert _tones(enricher, text)["Brown"][0] == "negative"


def test_lexicon_setting_scores_the_sentence_with_vader():
    enricher = Enricher(Settings.from_env({"STANCEWIRE_TONE": "lexicon"}))
    assert isinstance(enricher.tone, VaderTone)
    text, _ = TWO_TARGETS[0]
    score = round(compound(text), 4)
    assert {tone for tone in _tones(enricher, text).values()} == {(label_of(score), score)}


def test_a_missing_model_falls_back_to_the_lexicon_with_one_warning(
        monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(target_tone, "DEFAULT_PATH", tmp_path / "absent")
    with caplog.at_level(logging.WARNING, logger="stancewire.nlp.tone"):
        enricher = Enricher(Settings())
    assert isinstance(enricher.tone, VaderTone)
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "falls back to the lexicon" in caplog.records[0].getMessage()
    result = enricher.enrich(Article(id="t", text=TWO_TARGETS[0][0]))
    assert isinstance(result, EnrichedArticle) and result.entities


def test_unknown_tone_setting_is_rejected():
    with pytest.raises(ConfigError, match="STANCEWIRE_TONE"):
        Settings.from_env({"STANCEWIRE_TONE": "bert"})


@pytest.mark.parametrize(
    ("predictions", "expected"),
    [
        ([], ("neutral", 0.0)),
        ([("negative", -0.8)], ("negative", -0.8)),
        ([("neutral", 0.3)], ("neutral", 0.3)),  # the model's label, not the score's
        ([("positive", 0.6), ("positive", 0.2), ("negative", -0.2)], ("positive", 0.2)),
        ([("positive", 0.2), ("negative", -0.6)], ("negative", -0.2)),  # a tie: the mean
    ],
)
def test_aggregate(predictions, expected):
    label, score = aggregate(predictions)
    assert (label, round(score, 6)) == expected


def _evidence(predictions, **changes) -> EntityEvidence:
    fields = dict(predictions=predictions, sentence_tones=[0.0] * len(predictions),
                  mentions=len(predictions), first=0.0, share=0.5, label="PERSON", opposed=0,
                  supported=0, opposes=0, supports=0, quoted=0)
    return EntityEvidence(**{**fields, **changes})


def test_evidence_features_follow_their_names():
    features = dict(zip(FEATURES, evidence_features(_evidence(
        [("negative", -0.8), ("neutral", 0.1), ("negative", -0.3)], label="ORG", opposed=2)),
        strict=True))
    assert features["mean"] == pytest.approx(-1.0 / 3)
    assert (features["lowest"], features["highest"]) == (-0.8, 0.1)
    assert features["negative"] == pytest.approx(2 / 3)
    assert features["positive"] == 0.0
    assert features["negative_mentions"] == pytest.approx(np.log(3))
    assert features["positive_mentions"] == 0.0
    assert (features["is_ORG"], features["is_PERSON"]) == (1.0, 0.0)
    assert features["opposed"] == pytest.approx(np.log(3))
    assert features["mentions"] == pytest.approx(np.log(4))


def test_entity_tone_model_reads_its_weights_and_round_trips(tmp_path):
    # Weights that look only at "opposed": negative when it is high, else neutral.
    weights = np.zeros((len(FEATURES), 3))
    weights[FEATURES.index("opposed")] = [1.0, -1.0, 0.0]
    model = EntityToneModel(weights, np.array([0.0, 0.5, 0.0]), np.zeros(len(FEATURES)),
                            np.ones(len(FEATURES)), {"samples": 3})
    calm = _evidence([("positive", 0.4), ("positive", 0.2)])
    attacked = _evidence([("positive", 0.4)], opposed=3)
    assert model.predict(calm) == ("neutral", pytest.approx(0.3))
    assert model.predict(attacked)[0] == "negative"
    model.save(tmp_path / "entity_tone.json")
    loaded = EntityToneModel.load(tmp_path / "entity_tone.json")
    assert loaded.meta == {"samples": 3}
    assert loaded.predict(attacked) == model.predict(attacked)


def test_entity_tone_model_refuses_other_features(tmp_path):
    path = tmp_path / "entity_tone.json"
    path.write_text('{"features": ["mean"], "weights": [], "bias": [], "mean": [], "scale": []}')
    with pytest.raises(ValueError, match="saved for other features"):
        EntityToneModel.load(path)


def test_the_enrichment_gathers_each_entity_s_evidence(enricher):
    from stancewire.nlp.annotate import annotate
    from stancewire.nlp.pipeline import analyse

    text = ("Anna Keller criticised Peter Miller on Monday. "
            "Peter Miller was born in Ohio. The weather in Paris was mild.")
    [analysis] = analyse(enricher.nlp, [text], enricher.lexicon, enricher.gazetteer,
                         parse_mentions=True)
    evidence = annotate(analysis, enricher.lexicon, enricher.tone,
                        enricher.attribution).entity_evidence
    miller, keller = evidence["peter-miller"], evidence["anna-keller"]
    assert (miller.mentions, len(miller.predictions), miller.label) == (2, 2, "PERSON")
    assert (miller.opposed, keller.opposes) == (1, 1)
    assert (keller.opposed, miller.opposes) == (0, 0)
    assert keller.first == 0.0 < miller.first
    assert miller.share == pytest.approx(2 / 5)  # of Keller, Miller twice, Ohio and Paris


def test_a_mention_across_two_sentences_is_not_scored(enricher):
    from stancewire.nlp.annotate import annotate
    from stancewire.nlp.entities import EntityMention
    from stancewire.nlp.gazetteer import Canonical
    from stancewire.nlp.pipeline import analyse

    text = "Critics slammed Smith. Officials met in Paris."
    [analysis] = analyse(enricher.nlp, [text], enricher.lexicon, enricher.gazetteer,
                         parse_mentions=True)
    across = EntityMention(Canonical("smith-officials", "Smith. Officials", "PERSON"),
                           "Smith. Officials", 16, 32)
    annotation = annotate(analysis._replace(mentions=[*analysis.mentions, across]),
                          enricher.lexicon, enricher.tone, enricher.attribution)
    assert "smith-officials" not in annotation.entity_tone
    assert "paris" in annotation.entity_tone
