"""The spaCy pipeline, run in two passes so that only what is needed is computed.

Pass 1 runs the rule-based sentencizer and NER over whole texts (NER has its
own embedding layer and is about twice as fast as the full pipeline). Pass 2
runs tok2vec, tagger, parser, attribute ruler (ours: see
:mod:`stancewire.nlp.attributes`) and lemmatizer over the sentences that need a
parse (a quotation mark, a speech verb or a stance word, and on request an
entity mention, whose tone a model reads from the parse), batched across
all texts of the call; its lemmatizer is ours too (:mod:`stancewire.nlp.lemmas`).
The entity mentions are found between the passes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple, cast

import spacy
from spacy.attrs import ENT_IOB, ENT_TYPE, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

from stancewire.nlp.attributes import use_table_attribute_ruler
from stancewire.nlp.entities import EntityMention, entity_mentions
from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.lemmas import use_table_lemmatizer
from stancewire.nlp.lexicon import QUOTE_MARKS, Lexicon

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer
    from thinc.types import Ints2d

# What pass 2 keeps from pass 1 in each sentence's doc; ENT_IOB codes (spacy.attrs).
_KEPT = (SENT_START, ENT_IOB, ENT_TYPE)
_IOB_INSIDE, _IOB_BEGIN = 1, 3
_PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
_SENTENCE_PIPE = "sentencizer"
# Paragraph and line breaks end a sentence too: titles and bullet lines have no full stop.
_SENTENCE_ENDS = [*Sentencizer.default_punct_chars, "\n", "\n\n"]
# AP's state abbreviations that spaCy's English exceptions lack: without them the full
# stop is a token of its own and "Sen. Bernie Sanders (I-Vt.) said" two sentences.
_ABBREVIATIONS = ("Vt.", "W.Va.", "Wyo.")


class ParsedSentence(NamedTuple):
    """A parsed sentence; its token offsets are relative to ``offset`` in the text."""

    offset: int
    doc: Doc
    text: str  # the sentence as in the article (Doc.text would rebuild it each time)


class Analysis(NamedTuple):
    """One text after both passes."""

    text: str  # the text, as analysed (Doc.text would rebuild it from the tokens)
    doc: Doc  # sentences and entities over the whole text
    mentions: list[EntityMention]  # canonical entity mentions, in text order
    parsed: list[ParsedSentence]  # in text order


def load_pipeline(model: str) -> Language:
    """Load ``model``, add the sentencizer that pass 1 uses instead of the parser and the
    abbreviations its tokenizer lacks, and swap its attribute ruler and lemmatizer for
    faster ones with the same result."""
    nlp = spacy.load(model, exclude=["senter"])
    missing = {*_PARSE_PIPES, "ner"} - set(nlp.pipe_names)
    if missing:
        raise ValueError(f"spaCy pipeline {model!r} lacks {', '.join(sorted(missing))}")
    nlp.add_pipe(_SENTENCE_PIPE, first=True, config={"punct_chars": _SENTENCE_ENDS})
    tokenizer = cast("Tokenizer", nlp.tokenizer)  # typed as any callable
    for abbreviation in _ABBREVIATIONS:
        tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    use_table_attribute_ruler(nlp)
    use_table_lemmatizer(nlp)
    return nlp


def analyse(
    nlp: Language, texts: Sequence[str], lexicon: Lexicon, gazetteer: Gazetteer, *,
    batch_size: int = 64, parse_mentions: bool = False,
) -> list[Analysis]:
    """Both passes over ``texts``, in order.

    ``parse_mentions``: pass 2 parses every sentence naming an entity too.
    """
    docs = list(nlp.pipe(texts, batch_size=batch_size, disable=list(_PARSE_PIPES)))
    mentions = [list(entity_mentions(text, doc, gazetteer))
                for text, doc in zip(texts, docs, strict=True)]
    wanted = [list(_needing_parse(text, doc, lexicon, found if parse_mentions else []))
              for text, doc, found in zip(texts, docs, mentions, strict=True)]
    parses = nlp.pipe(
        (sentence for doc, sents in zip(docs, wanted, strict=True)
         for sentence in _sentence_docs(doc, sents)),
        batch_size=batch_size * 4,
        disable=[_SENTENCE_PIPE, "ner"],
    )
    parsed = [[ParsedSentence(sent.start_char, next(parses), text[sent.start_char : sent.end_char])
               for sent in sents] for text, sents in zip(texts, wanted, strict=True)]
    return [Analysis(*parts) for parts in zip(texts, docs, mentions, parsed, strict=True)]


def _sentence_docs(doc: Doc, sents: Sequence[Span]) -> Iterator[Doc]:
    """Each sentence as a doc with pass 1's sentence start and entities.

    ``Span.as_doc`` gives the same docs but copies every attribute, the
    vectors and the tensor: a tenth of the pipeline's time when most
    sentences are parsed.
    """
    if not sents:
        return
    vocab = doc.vocab
    array = doc.to_array([ORTH, SPACY, *_KEPT])
    for sent in sents:
        rows = array[sent.start : sent.end]
        sentence = Doc(vocab, words=[vocab.strings[int(orth)] for orth in rows[:, 0]],
                       spaces=rows[:, 1].astype(bool).tolist())
        kept = rows[:, 2:].copy()
        if kept[0, _KEPT.index(ENT_IOB)] == _IOB_INSIDE:  # an entity begun before the sentence
            kept[0, _KEPT.index(ENT_IOB)] = _IOB_BEGIN
        sentence.from_array(list(_KEPT), cast("Ints2d", kept))  # the stubs say float64
        yield sentence


def _needing_parse(text: str, doc: Doc, lexicon: Lexicon, mentions: list[EntityMention]
                   ) -> Iterator[Span]:
    # One pass over the text, then each hit is placed in its sentence.
    # The sentencizer glues a mark opening a paragraph to the sentence before;
    # the quote's own sentence is parsed for its closing mark or cue anyway.
    hits = [start for start in lexicon.parse_cues(text)
            if start == 0 or text[start - 1] != "\n" or text[start] not in QUOTE_MARKS]
    if mentions:
        hits = sorted([*hits, *(mention.start for mention in mentions)])
    if not hits:
        return
    position = 0
    for sent in doc.sents:
        while position < len(hits) and hits[position] < sent.start_char:
            position += 1
        if position < len(hits) and hits[position] < sent.end_char:
            yield sent
