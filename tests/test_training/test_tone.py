import numpy as np
import pytest
import spacy

from stancewire.evaluation.newsmtsc import ToneExample
from stancewire.nlp.target_tone import DEFAULT_SPACY_MODEL
from stancewire.training.tone import cross_validate, parse_sentences, train

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
