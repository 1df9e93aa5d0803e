"""The table attribute ruler and lemmatizer give what spaCy's give, on real news."""

import itertools
from collections.abc import Iterable
from pathlib import Path

import orjson
import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from stancewire.nlp.attributes import TableAttributeRuler
from stancewire.nlp.lemmas import TableLemmatizer
from stancewire.nlp.pipeline import _PARSE_PIPES, _SENTENCE_ENDS, _sentence_docs
from stancewire.settings import Settings


@pytest.fixture(scope="module")
def spacy_nlp() -> Language:
    """The model as spaCy ships it, with pass 1's sentencizer."""
    nlp = spacy.load(Settings().spacy_model, exclude=["senter"])
    nlp.add_pipe("sentencizer", first=True, config={"punct_chars": _SENTENCE_ENDS})
    return nlp


def _compare(spacy_nlp: Language, docs: list[Doc]) -> tuple[int, TableAttributeRuler]:
    """Run spaCy's ruler and lemmatizer, and ours, on copies of ``docs`` (parsed, not yet
    ruled); every token must come out the same. Returns the tokens compared."""
    ruler, lemmatizer = spacy_nlp.get_pipe("attribute_ruler"), spacy_nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    table, lemmas = TableAttributeRuler(ruler), TableLemmatizer(lemmatizer)
    theirs = [lemmatizer(ruler(doc.copy())) for doc in docs]
    ours = [lemmas(table(doc.copy())) for doc in docs]
    tokens = 0
    for their_doc, our_doc in zip(theirs, ours, strict=True):
        for their, our in zip(their_doc, our_doc, strict=True):
            tokens += 1
            assert (our.pos_, our.tag_, our.dep_, str(our.morph), our.lemma_) == \
                (their.pos_, their.tag_, their.dep_, str(their.morph), their.lemma_), \
                f"{our.text!r} in {our_doc.text!r}"
    return tokens, table


def _parsed(spacy_nlp: Language, docs: Iterable[Doc]) -> list[Doc]:
    return list(spacy_nlp.pipe(docs, disable=["sentencizer", "ner", "attribute_ruler",
                                              "lemmatizer"]))


def test_pos_morphology_and_lemmas_equal_spacys_on_bbc_sentences(spacy_nlp: Language,
                                                                 shared_data: Path) -> None:
    with (shared_data / "news" / "bbc_articles.jsonl").open() as lines:
        texts = [orjson.loads(line)["text"] for line in itertools.islice(lines, 120)]
    docs = spacy_nlp.pipe(texts, disable=list(_PARSE_PIPES))
    sentences = [sentence for doc in docs for sentence in _sentence_docs(doc, list(doc.sents))]
    tokens, table = _compare(spacy_nlp, _parsed(spacy_nlp, sentences))
    assert tokens > 40_000
    # the model's rules are all tested token by token: none is left to a Matcher
    assert len(table.single) > 150 and len(table.spanning) >= 6 and len(table.matcher) == 0


# Sentences of our own for the rules news prose rarely needs: colloquial contractions
# (two-token rules), "there is", pronouns as objects, "ain't", whitespace tokens.
COLLOQUIAL = [
    "I'm gonna tell you, we gotta win.",
    "Let's go, y'all, c'mon!",
    "It ain't over and there's nothin' to fear.",
    "There are problems, and there is hope.",
    "They gave it to me and I gave it to you.",
    "He has had enough; did he do it?  Yes.\n\nThe end.",
    "Whether or not it works, that's what they'd want.",
]


def test_rules_across_tokens_equal_spacys(spacy_nlp: Language) -> None:
    docs = _parsed(spacy_nlp, (spacy_nlp.make_doc(text) for text in COLLOQUIAL))
    tokens, table = _compare(spacy_nlp, docs)
    assert tokens == sum(len(doc) for doc in docs)
    lemmas = {token.lemma_ for doc in docs for token in table(doc.copy())}
    assert {"go", "to", "us", "you", "be", "nothing", "come"} <= lemmas


def test_table_lemmatizer_keys_on_the_words_role_not_its_spelling(spacy_nlp: Language) -> None:
    docs = _parsed(spacy_nlp, (spacy_nlp.make_doc(text) for text in [
        "She saw the leaves fall.", "He leaves the saw on the bench.", "She saw it."]))
    _compare(spacy_nlp, docs)  # the same lemmas as spaCy's, the repeated words included
    lemmatizer = spacy_nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    table, lemmas = TableAttributeRuler(spacy_nlp.get_pipe("attribute_ruler")), \
        TableLemmatizer(lemmatizer)
    first, second, third = (lemmas(table(doc.copy())) for doc in docs)
    assert (first[1].lemma_, first[3].lemma_) == ("see", "leaf")
    assert (second[1].lemma_, second[3].lemma_) == ("leave", "saw")
    assert third[1].lemma_ == "see"  # from the table, as the first time
