"""The spaCy pipeline, run in two passes so that only what is needed is computed.

Pass 1 runs the rule-based sentencizer and NER over whole texts (NER has its
own embedding layer and is about twice as fast as the full pipeline). Pass 2
runs tok2vec, tagger, parser and lemmatizer over the sentences that need a
parse (a quotation mark, a speech verb or a stance word, or a position the
caller names, such as an entity mention whose tone a model scores over the
parse), batched across all texts of the call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

from stancewire.nlp.lexicon import Lexicon

_PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
_SENTENCE_PIPE = "sentencizer"
# Paragraph and line breaks end a sentence too: titles and bullet lines have no full stop.
_SENTENCE_ENDS = [*Sentencizer.default_punct_chars, "\n", "\n\n"]


class ParsedSentence(NamedTuple):
    """A parsed sentence; its token offsets are relative to ``offset`` in the text."""

    offset: int
    doc: Doc
    text: str  # the sentence as in the article (Doc.text would rebuild it each time)


class Analysis(NamedTuple):
    """One text after both passes."""

    doc: Doc  # sentences and entities over the whole text
    parsed: list[ParsedSentence]  # in text order


def load_pipeline(model: str) -> Language:
    """Load ``model`` and add the sentencizer that pass 1 uses instead of the parser."""
    nlp = spacy.load(model, exclude=["senter"])
    missing = {*_PARSE_PIPES, "ner"} - set(nlp.pipe_names)
    if missing:
        raise ValueError(f"spaCy pipeline {model!r} lacks {', '.join(sorted(missing))}")
    nlp.add_pipe(_SENTENCE_PIPE, first=True, config={"punct_chars": _SENTENCE_ENDS})
    return nlp


def analyse(
    nlp: Language, texts: Sequence[str], lexicon: Lexicon, *, batch_size: int = 64,
    also_parse: Callable[[Doc], Iterable[int]] | None = None,
) -> list[Analysis]:
    """Both passes over ``texts``, in order.

    ``also_parse`` names character offsets of a pass-1 doc whose sentences
    pass 2 parses too.
    """
    docs = list(nlp.pipe(texts, batch_size=batch_size, disable=list(_PARSE_PIPES)))
    wanted = [(i, sent) for i, doc in enumerate(docs)
              for sent in _needing_parse(doc, lexicon, also_parse)]
    parses = nlp.pipe(
        (sent.as_doc() for _, sent in wanted),
        batch_size=batch_size * 4,
        disable=[_SENTENCE_PIPE, "ner"],
    )
    parsed: list[list[ParsedSentence]] = [[] for _ in docs]
    for (i, sent), parse in zip(wanted, parses, strict=True):
        parsed[i].append(ParsedSentence(sent.start_char, parse, sent.text))
    return [Analysis(doc, sentences) for doc, sentences in zip(docs, parsed, strict=True)]


def _needing_parse(doc: Doc, lexicon: Lexicon,
                   also_parse: Callable[[Doc], Iterable[int]] | None) -> Iterator[Span]:
    # One regex pass over the text, then each hit is placed in its sentence.
    text = doc.text
    # The sentencizer glues a mark opening a paragraph to the sentence before;
    # the quote's own sentence is parsed for its closing mark or cue anyway.
    hits = [m.start() for m in lexicon.needs_parse.finditer(text)
            if m.start() == 0 or text[m.start() - 1] != "\n"]
    if also_parse is not None:
        hits = sorted([*hits, *also_parse(doc)])
    if not hits:
        return
    position = 0
    for sent in doc.sents:
        while position < len(hits) and hits[position] < sent.start_char:
            position += 1
        if position < len(hits) and hits[position] < sent.end_char:
            yield sent
