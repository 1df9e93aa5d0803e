"""The table attribute ruler gives what spaCy's attribute ruler gives, on real news."""

import itertools
from pathlib import Path

import orjson
import pytest
import spacy
from spacy.language import Language

from stancewire.nlp.attributes import TableAttributeRuler
from stancewire.nlp.pipeline import _PARSE_PIPES, _SENTENCE_ENDS, _sentence_docs
from stancewire.settings import Settings


@pytest.fixture(scope="module")
def spacy_nlp() -> Language:
    """The model as spaCy ships it, with pass 1's sentencizer."""
    nlp = spacy.load(Settings().spacy_model, exclude=["senter"])
    nlp.add_pipe("sentencizer", first=True, config={"punct_chars": _SENTENCE_ENDS})
    return nlp


def test_pos_morphology_and_lemmas_equal_spacys_on_bbc_sentences(spacy_nlp: Language,
                                                                 shared_data: Path) -> None:
    with (shared_data / "news" / "bbc_articles.jsonl").open() as lines:
        texts = [orjson.loads(line)["text"] for line in itertools.islice(lines, 120)]
    docs = spacy_nlp.pipe(texts, disable=list(_PARSE_PIPES))
    sentences = [sentence for doc in docs for sentence in _sentence_docs(doc, list(doc.sents))]
    parsed = list(spacy_nlp.pipe(sentences, disable=["sentencizer", "ner", "attribute_ruler",
                                                     "lemmatizer"]))
    ruler, lemmatizer = spacy_nlp.get_pipe("attribute_ruler"), spacy_nlp.get_pipe("lemmatizer")
    table = TableAttributeRuler(ruler)
    theirs = [lemmatizer(ruler(doc.copy())) for doc in parsed]
    ours = [lemmatizer(table(doc.copy())) for doc in parsed]
    tokens = 0
    for their_doc, our_doc in zip(theirs, ours, strict=True):
        for their, our in zip(their_doc, our_doc, strict=True):
            tokens += 1
            assert (our.pos_, str(our.morph), our.lemma_) == \
                (their.pos_, str(their.morph), their.lemma_), f"{our.text!r} in {our_doc.text!r}"
    assert tokens > 40_000
    # every kind of rule was used: tag maps, word exceptions and two-token rules
    assert len(table.tables) > 3 and len(table.matcher) > 5
