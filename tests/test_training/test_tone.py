import numpy as np
import pytest
import spacy

from stancewire.evaluation.newsmtsc import ToneExample
from stancewire.nlp.target_tone import DEFAULT_SPACY_MODEL, LABELS
from stancewire.nlp.transformer_tone import TransformerTone
from stancewire.training.tone import (
    Taught,
    article_targets,
    cross_validate,
    parse_sentences,
    teach,
    train,
)

ROWS = [
    ("Critics slammed Smith for the disastrous and corrupt deal.", "Smith", "negative"),
    ("Prosecutors charged Jones with fraud, bribery and money laundering.", "Jones", "negative"),
    ("Fans praised Garcia for her brilliant, inspiring performance.", "Garcia", "positive"),
    ("Admirers hailed Lee as a hero who saved dozens of lives.", "Lee", "positive"),
    ("The committee will meet on Tuesday in Washington.", "committee", "neutral"),
    ("Miller was born in Ohio and studied law in Boston.", "Miller", "neutral"),
]


def _examples(copies: int = 2) -> list[ToneExample]:
    examples = []
    for copy in range(copies):
        for number, (sentence, target, polarity) in enumerate(ROWS):
            start = sentence.index(target)
            examples.append(ToneExample(sentence, start, start + len(target), polarity,
                                        f"{copy}-{number}"))
    return examples


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(DEFAULT_SPACY_MODEL)


def test_training_is_reproducible_and_fits_its_data(nlp):
    examples = _examples()
    docs = parse_sentences(nlp, examples)
    first = train(examples, docs, seed=3, regularisation=10.0)
    second = train(examples, docs, seed=3, regularisation=10.0)
    assert first.features == second.features
    assert np.array_equal(first.weights, second.weights)
    assert first.meta["examples"] == len(examples)
    predicted = first.predict([(e.sentence, e.start, e.end) for e in examples])
    assert [label for label, _ in predicted] == [e.polarity for e in examples]


def test_training_needs_every_class(nlp):
    examples = [e for e in _examples() if e.polarity != "neutral"]
    with pytest.raises(ValueError, match="must hold all"):
        train(examples, parse_sentences(nlp, examples))


def test_each_sentence_is_parsed_once(nlp):
    examples = _examples(copies=2)
    docs = parse_sentences(nlp, examples)
    assert docs[0] is docs[len(ROWS)]
    assert len({id(doc) for doc in docs}) == len(ROWS)


def test_cross_validation_scores_each_fold(nlp):
    # The copies of a sentence fall in one fold together, whatever their ids; three
    # sentences of each class keep every class in each fold's training part.
    more = [("Voters condemned Davis over the shameful bribery scandal.", "Davis", "negative"),
            ("Colleagues applauded Patel for her generous, wonderful gift.", "Patel", "positive"),
            ("Wilson will travel to Denver next week.", "Wilson", "neutral")]
    examples = _examples(copies=4) + [
        ToneExample(sentence, sentence.index(target), sentence.index(target) + len(target),
                    polarity, f"extra-{copy}-{number}")
        for copy in range(4) for number, (sentence, target, polarity) in enumerate(more)]
    result = cross_validate(examples, parse_sentences(nlp, examples), folds=3,
                            regularisation=10.0)
    assert len(result.f1_macro) == 3
    assert all(0.0 <= f1 <= 1.0 for f1 in result.f1_macro)
    assert result.mean == pytest.approx(sum(result.f1_macro) / 3)


def test_article_targets_are_the_entity_mentions_of_whole_sentences(nlp):
    sentence = "Angela Merkel met Emmanuel Macron in Paris on Monday to discuss the budget."
    texts = [f"Budget talks\nstall in Brussels again as ministers argue about the figures."
             f"\n\n{sentence}", sentence]
    items, docs = article_targets(nlp, texts)
    # The sentence given twice counts once, without the paragraph break before it; the
    # line run into a headline not at all.
    assert sorted(items) == sorted([(sentence, 0, 13), (sentence, 18, 33), (sentence, 37, 42)])
    assert all(doc.text == sentence for doc in docs)


def test_teacher_labels_come_back_in_the_items_order():
    teacher = TransformerTone.load()
    items = [("Everyone praised Smith for her courage, her kindness and her generosity.", 16, 21),
             ("Critics accused Jones of lies.", 16, 21)]
    probabilities = teach(teacher, items)
    assert [LABELS[int(np.argmax(row))] for row in probabilities] == ["positive", "negative"]
    # Batched shortest first: the same batch, put back in the items' order.
    assert np.allclose(probabilities, teacher.probabilities(items[::-1])[::-1], atol=1e-6)


def test_the_fit_learns_from_the_teachers_probabilities(nlp):
    # Words NewsMTSC's rows never hold: only the taught targets can tie them to a tone.
    taught_rows = [("Reporters met Novak at the zephyrine summit.", [0.9, 0.08, 0.02]),
                   ("Reporters met Novak at the ambrosial summit.", [0.02, 0.08, 0.9])] * 3
    sentences = [sentence for sentence, _ in taught_rows]
    taught = Taught([(sentence, 14, 19) for sentence in sentences],
                    [nlp(sentence) for sentence in sentences],
                    np.array([row for _, row in taught_rows]))
    examples = _examples()
    docs = parse_sentences(nlp, examples)
    model = train(examples, docs, regularisation=10.0, taught=taught)
    assert model.meta["teacher_targets"] == 6
    predicted = model.predict([("Voters saw Petrov at the zephyrine summit.", 11, 17),
                               ("Voters saw Petrov at the ambrosial summit.", 11, 17)])
    assert [label for label, _ in predicted] == ["negative", "positive"]
    plain = train(examples, docs, regularisation=10.0)
    assert not any("zephyrine" in name for name in plain.features)
