"""The two passes: which sentences pass 2 parses, and the sentence docs it parses."""

import pytest
from spacy.tokens import Span

from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.lexicon import load_lexicon
from stancewire.nlp.pipeline import _PARSE_PIPES, _sentence_docs, analyse, load_pipeline
from stancewire.settings import Settings

TEXT = ("The weather in Paris was mild. Angela Merkel met the United Nations envoy in Berlin. "
        "She said they would not give in. Nothing else happened.")


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(Settings().spacy_model)


@pytest.mark.parametrize(("parse_mentions", "parsed"), [
    (False, ["She said they would not give in."]),
    (True, ["The weather in Paris was mild.",
            "Angela Merkel met the United Nations envoy in Berlin.",
            "She said they would not give in."]),
])
def test_sentences_naming_an_entity_are_parsed_on_request(nlp, parse_mentions, parsed):
    [analysis] = analyse(nlp, [TEXT], load_lexicon(), Gazetteer(),
                         parse_mentions=parse_mentions)
    assert [sentence.text for sentence in analysis.parsed] == parsed
    for sentence in analysis.parsed:
        assert TEXT[sentence.offset:].startswith(sentence.text)
        assert all(token.dep_ for token in sentence.doc)
    assert {m.text for m in analysis.mentions} >= {"Paris", "Angela Merkel", "Berlin"}


@pytest.mark.parametrize("text", [
    "Sen. Bernie Sanders (I-Vt.) said the vote was close.",
    "Sen. Joe Manchin, D-W.Va., said the vote was close.",
    "Rep. Liz Cheney (R-Wyo.) said the vote was close.",
    "Sen. Dianne Feinstein (D-Calif.) said the vote was close.",  # spaCy's own exception
])
def test_a_state_abbreviation_does_not_end_the_sentence(nlp, text):
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer())
    assert [sentence.text for sentence in analysis.doc.sents] == [text]


def test_sentence_docs_are_those_of_span_as_doc(nlp):
    doc = nlp(TEXT, disable=list(_PARSE_PIPES))
    sents = list(doc.sents)
    for built, sent in zip(_sentence_docs(doc, sents), sents, strict=True):
        copied = sent.as_doc()
        assert built.text == copied.text
        assert [(e.start, e.end, e.label_) for e in built.ents] == [
            (e.start, e.end, e.label_) for e in copied.ents]
        assert [t.is_sent_start for t in built] == [t.is_sent_start for t in copied]


def test_an_entity_cut_by_a_sentence_end_begins_again_in_the_next(nlp):
    doc = nlp("Smith met Jones. Corp left.", disable=list(_PARSE_PIPES))
    doc.ents = [Span(doc, 2, 5, "ORG")]  # "Jones. Corp"
    first, second = _sentence_docs(doc, list(doc.sents))
    assert [(e.text, e.label_) for e in first.ents] == [("Jones.", "ORG")]
    assert [(e.text, e.label_) for e in second.ents] == [("Corp", "ORG")]


@pytest.mark.parametrize(("text", "cues"), [
    ('He SAID "no" and she Says “yes”.', ["SAID", '"', '"', "Says", "“", "”"]),
    ("Critics condemned the Russian-backed plan.", ["condemned", "backed"]),
    ("The unsaid words of sayings and sayers.", []),  # a form only as a whole word
    ("Nothing here: weather, 2024, über.", []),
])
def test_parse_cues_are_quote_marks_and_whole_cue_words_in_any_case(text, cues):
    assert [text[start:start + len(cue)] for start, cue in
            zip(load_lexicon().parse_cues(text), cues, strict=True)] == cues


def test_a_paragraph_opening_with_a_cue_word_is_parsed(nlp):
    text = "The talks ended.\nCondemning the plan, critics walked out.\n\nNothing else."
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer())
    assert [sentence.text.strip() for sentence in analysis.parsed] == [
        "Condemning the plan, critics walked out."]
