import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
import spacy

from stancewire.nlp.target_tone import LABELS, TargetToneModel, target_features, target_vector
from stancewire.nlp.word_embeddings import DIMENSIONS, mean_embedding, pieces

CLEAR_CASES = [
    ("Critics slammed Smith for the disastrous and corrupt deal.", "Smith", "negative"),
    ("Prosecutors charged Jones with fraud, bribery and money laundering.", "Jones", "negative"),
    ("The scandal-hit minister Brown was forced to resign in disgrace.", "Brown", "negative"),
    ("Fans praised Garcia for her brilliant, inspiring performance.", "Garcia", "positive"),
    ("Admirers hailed Lee as a hero who saved dozens of lives.", "Lee", "positive"),
    ("The committee will meet on Tuesday in Washington.", "committee", "neutral"),
    ("Miller was born in Ohio and studied law in Boston.", "Miller", "neutral"),
]


def _item(sentence: str, target: str) -> tuple[str, int, int]:
    start = sentence.index(target)
    return sentence, start, start + len(target)


@pytest.fixture(scope="module")
def model() -> TargetToneModel:
    return TargetToneModel.load()


@pytest.fixture(scope="module")
def nlp(model):
    return spacy.load(model.spacy_model)


@pytest.mark.parametrize(("sentence", "target", "expected"), CLEAR_CASES)
def test_clear_cases(model, sentence, target, expected):
    [(label, score)] = model.predict([_item(sentence, target)])
    assert label == expected
    if expected == "negative":
        assert score < 0
    elif expected == "positive":
        assert score > 0


def test_given_parses_give_the_same_predictions(model, nlp):
    items = [_item(sentence, target) for sentence, target, _ in CLEAR_CASES]
    docs = list(nlp.pipe(sentence for sentence, _, _ in items))
    spans = [doc[:] for doc in docs]
    assert model.predict(items, parsed=docs) == model.predict(items)
    assert model.predict(items, parsed=spans) == model.predict(items)


def test_sentence_span_inside_a_longer_doc(model, nlp):
    text = "The weather was mild. " + CLEAR_CASES[0][0]
    sentence = list(nlp(text).sents)[1]
    item = _item(sentence.text, "Smith")
    # The tok2vec rows near the sentence's edge see a few tokens of the sentence before.
    [(label, score)] = model.predict([item], parsed=[sentence])
    [(alone_label, alone_score)] = model.predict([item])
    assert label == alone_label
    assert score == pytest.approx(alone_score, abs=0.05)


def test_scores_lie_in_range_and_agree_with_labels(model):
    results = model.predict([_item(sentence, target) for sentence, target, _ in CLEAR_CASES])
    for label, score in results:
        assert label in LABELS
        assert -1.0 <= score <= 1.0
    assert model.predict([]) == []


def test_parsed_count_must_match(model, nlp):
    with pytest.raises(ValueError, match="1 items but 2 parsed"):
        model.predict([_item("A met B.", "A")], parsed=[nlp("A met B."), nlp("B met A.")])


def test_offsets_outside_the_sentence_are_refused(nlp):
    with pytest.raises(ValueError, match="not inside"):
        target_features(nlp("Short one.")[:], 40, 45)


def test_target_words_are_not_features_of_their_own_context(nlp):
    features = target_features(nlp("Critics slammed Smith.")[:], 16, 21)
    assert "s:smith" not in features
    assert features["s:slammed"] > 0
    assert features["lex"] < 0


@pytest.mark.parametrize(
    ("sentence", "target", "quoted"),
    [
        ("“We trust Smith completely,” she said.", "Smith", True),
        ('"We trust Smith completely," she said.', "Smith", True),
        ("Smith said: “we trust them completely.”", "Smith", False),
        ("“We trust them,” Smith said.", "Smith", False),
    ],
)
def test_quotation_feature(nlp, sentence, target, quoted):
    _, start, end = _item(sentence, target)
    assert ("inquote" in target_features(nlp(sentence)[:], start, end)) is quoted


def test_save_load_and_pickle_round_trips(model, tmp_path):
    items = [_item(sentence, target) for sentence, target, _ in CLEAR_CASES]
    model.save(tmp_path)
    loaded = TargetToneModel.load(tmp_path)
    assert loaded.features == model.features
    assert loaded.meta == model.meta
    expected = [label for label, _ in model.predict(items)]
    assert [label for label, _ in loaded.predict(items)] == expected
    assert pickle.loads(pickle.dumps(model)).predict(items) == model.predict(items)


def _predict_in_child(model: TargetToneModel) -> list[tuple[str, float]]:
    return model.predict([_item(CLEAR_CASES[3][0], "Garcia")])


def test_model_crosses_into_a_spawned_process(model):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        assert pool.submit(_predict_in_child, model).result(timeout=120)[0][0] == "positive"


def test_target_marked_ngrams(nlp):
    sentence = "Critics slammed Smith for fraud."
    features = target_features(nlp(sentence)[:], 16, 21)
    ngrams = {name for name in features if name[:3] in ("g2:", "g3:")}
    assert ngrams == {"g2:slammed <t>", "g2:<t> for", "g3:critics slammed <t>",
                      "g3:slammed <t> for", "g3:<t> for fraud"}


def test_target_at_the_start_has_only_right_ngrams(nlp):
    features = target_features(nlp("Smith won.")[:], 0, 5)
    assert {name for name in features if name[:3] in ("g2:", "g3:")} == {"g2:<t> won",
                                                                          "g3:<t> won ."}


def test_target_vector_reads_the_parse_s_tok2vec_rows_then_wordllama_s(nlp):
    doc = nlp("Critics slammed Smith.")
    vector = target_vector(doc[:], 16, 21)
    width = doc.tensor.shape[1]
    assert vector.shape == (2 * width + 2 * DIMENSIONS,)
    assert np.allclose(vector[:width], doc.tensor[2])
    assert np.allclose(vector[width : 2 * width], doc.tensor.mean(axis=0))
    sentence = vector[2 * width : 2 * width + DIMENSIONS]
    assert np.allclose(sentence, mean_embedding(pieces("Critics slammed Smith.")))
    # three tokens: the window of five on each side holds the whole sentence
    assert np.allclose(vector[2 * width + DIMENSIONS :], sentence)


def test_the_wordllama_window_holds_five_tokens_each_side_of_the_target(nlp):
    words = "one two three four five six seven Smith eight nine ten eleven twelve thirteen"
    doc = nlp(words)
    start = words.index("Smith")
    window = target_vector(doc[:], start, start + 5)[-DIMENSIONS:]
    assert np.allclose(window, mean_embedding(pieces(
        "three four five six seven Smith eight nine ten eleven twelve")))
    assert not np.allclose(window, mean_embedding(pieces(words)))


def test_a_doc_without_tok2vec_vectors_is_refused(nlp):
    doc = spacy.tokens.Doc(nlp.vocab, words=["Smith", "won"])
    with pytest.raises(ValueError, match="without tok2vec vectors"):
        target_vector(doc[:], 0, 5)


@pytest.mark.parametrize(
    ("sentence", "target", "role"),
    [
        ("Smith criticised the senator.", "Smith", "agent"),
        ("The senator criticised Smith.", "Smith", "patient"),
        ("Smith was criticised by the senator.", "Smith", "patient"),
        ("The senator was criticised by Smith.", "Smith", "agent"),
        ("Critics attacked Smith's plan.", "Smith", "owner"),
        ("The senator spoke about Smith.", "Smith", "pobj"),
    ],
)
def test_the_target_s_role_in_its_clause(nlp, sentence, target, role):
    features = target_features(nlp(sentence)[:], *_item(sentence, target)[1:])
    assert [name for name in features if name.startswith("role:")] == [f"role:{role}"]


def test_role_valence_turns_round_under_negation(nlp):
    def role_valence(sentence: str) -> float:
        features = target_features(nlp(sentence)[:], *_item(sentence, "Smith")[1:])
        return features["rv:patient"]

    assert role_valence("The senator praised Smith.") > 0
    assert role_valence("The senator did not praise Smith.") < 0


def test_clause_features_read_the_target_s_clause_only(nlp):
    sentence = "Critics who called the plan a disaster said Smith won the vote."
    features = target_features(nlp(sentence)[:], *_item(sentence, "Smith")[1:])
    assert features["rl:agent:win"] == 1.0
    assert features["cl:vote"] == 0.5
    assert "cl:disaster" not in features
    assert features["cllex"] > 0  # "won"
    assert features["oclex"] < 0  # "disaster" lies outside Smith's clause


def test_predict_s_folded_embeddings_score_as_the_dense_features_do(nlp):
    # predict reads each WordLlama token's share of the scores, not the embeddings:
    # the same linear model over target_vector must give the same probabilities
    model = TargetToneModel.load()
    sentence = ("Prosecutors charged Peter Miller with fraud, while the court praised "
                "Anna Keller for her brave testimony.")
    doc = nlp(sentence)
    for name in ("Peter Miller", "Anna Keller", "Prosecutors"):
        start = sentence.index(name)
        features = target_features(doc[:], start, start + len(name))
        scores = model.bias + target_vector(doc[:], start, start + len(name)) @ model.dense_weights
        for feature, value in features.items():
            if feature in model.features:
                scores += value * model.weights[model.features.index(feature)]
        expected = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
        [(label, score)] = model.predict([(sentence, start, start + len(name))], parsed=[doc])
        assert label == LABELS[int(np.argmax(expected))]
        assert score == pytest.approx(expected[2] - expected[0], abs=1e-9)
