"""Article record -> enriched record: the one bridge between ``nlp/`` and ``models/``.

An :class:`Enricher` loads the spaCy pipeline and the data files once; it
holds no other state, so a process pool can build one per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from stancewire.errors import EnrichmentError
from stancewire.models import (
    Article,
    EnrichedArticle,
    Entity,
    Mention,
    Quote,
    Speaker,
    StanceSignal,
    Tone,
)
from stancewire.nlp.annotate import Annotation, AttributedQuote, annotate
from stancewire.nlp.attribution import AttributionTagger
from stancewire.nlp.clean import clean_text
from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.lexicon import load_lexicon
from stancewire.nlp.pipeline import Analysis, analyse, load_pipeline
from stancewire.nlp.stance import Stance
from stancewire.nlp.stance_model import shipped_model
from stancewire.nlp.tone import Prediction, ToneScorer, label_of, load_tone
from stancewire.settings import Settings


class Enricher:
    """Turns articles into enriched events (no Kafka here)."""

    def __init__(self, settings: Settings, *, tone: ToneScorer | None = None) -> None:
        self.settings = settings
        self.nlp = load_pipeline(settings.spacy_model)
        self.gazetteer = Gazetteer()
        self.lexicon = load_lexicon()
        self.tone = tone or load_tone(settings.tone)
        self.stance_model = shipped_model()
        self.model = f"{self.nlp.meta['lang']}_{self.nlp.meta['name']}-{self.nlp.meta['version']}"

    @cached_property
    def attribution(self) -> AttributionTagger:
        """The reported-speech tagger, read on first use: analysing alone (as
        `stancewire train attribution` does, to refit it) does not need it."""
        return AttributionTagger()

    def enrich(self, article: Article) -> EnrichedArticle:
        """Enrich one article; raises :class:`EnrichmentError` when the NLP fails."""
        result = self.enrich_many([article], batch_size=1)[0]
        if isinstance(result, EnrichmentError):
            raise result
        return result

    def enrich_many(self, articles: Sequence[Article], *, batch_size: int = 64
                    ) -> list[EnrichedArticle | EnrichmentError]:
        """Enrich a batch in one ``nlp.pipe``; a failing article gets an error in its slot."""
        prepared = [self._prepare(article) for article in articles]
        annotations = self.annotate_many([text for text, _ in prepared], batch_size=batch_size)
        results: list[EnrichedArticle | EnrichmentError] = []
        for article, (text, truncated), annotation in zip(articles, prepared, annotations,
                                                          strict=True):
            if isinstance(annotation, EnrichmentError):
                results.append(annotation)
            elif isinstance(annotation, Exception):
                results.append(_error(article, annotation))
            else:
                results.append(self._record(article, text, truncated, annotation))
        return results

    def annotate_many(self, texts: Sequence[str], *, batch_size: int = 64
                      ) -> list[Annotation | Exception]:
        """Analyse and annotate cleaned texts; a failing text gets its exception in its
        slot, an :class:`EnrichmentError` when spaCy failed."""
        try:
            analyses: list[Analysis | EnrichmentError] = list(self.analyse(texts, batch_size))
        except Exception:  # find the culprit by running each text alone
            analyses = [self._analyse_one(text) for text in texts]
        results: list[Annotation | Exception] = []
        for analysis in analyses:
            if isinstance(analysis, EnrichmentError):
                results.append(analysis)
                continue
            try:
                results.append(annotate(analysis, self.lexicon, self.tone, self.attribution,
                                        self.stance_model))
            except Exception as exc:  # one bad article must not sink the batch
                results.append(exc)
        return results

    def _prepare(self, article: Article) -> tuple[str, bool]:
        # Cut before cleaning so a 5 MB text costs no more than the limit.
        raw = article.text or ""
        truncated = len(raw) > self.settings.max_text_chars
        return clean_text(raw[: self.settings.max_text_chars]).text, truncated

    def analyse(self, texts: Sequence[str], batch_size: int = 64) -> list[Analysis]:
        """Both pipeline passes over cleaned texts, as the enrichment runs them."""
        # The stance model (and a tone model) reads the parses of the sentences naming entities.
        return analyse(self.nlp, texts, self.lexicon, self.gazetteer, batch_size=batch_size,
                       parse_mentions=True)

    def _analyse_one(self, text: str) -> Analysis | EnrichmentError:
        try:
            return self.analyse([text])[0]
        except Exception as exc:  # spaCy raises many kinds
            return EnrichmentError(f"spaCy failed: {type(exc).__name__}: {exc}")

    def _record(self, article: Article, text: str, truncated: bool, annotation: Annotation
                ) -> EnrichedArticle:
        return EnrichedArticle(
            id=article.id, text=text,
            entities=_entities(annotation), quotes=[_quote(q) for q in annotation.quotes],
            stances=[_stance(s) for s in annotation.stances], tone=_tone(annotation.tone),
            truncated=truncated, words=len(text.split()), title=article.title,
            url=article.url, source=article.source, published_at=article.published_at,
            language=article.language, author=article.author, model=self.model,
        )


def _entities(annotation: Annotation) -> list[Entity]:
    entities: dict[str, Entity] = {}
    for mention in annotation.mentions:
        canonical = mention.canonical
        entity = entities.get(canonical.id)
        if entity is None:
            entity = entities[canonical.id] = Entity(
                id=canonical.id, name=canonical.name, label=canonical.label, mentions=[],
                count=0, tone=_entity_tone(annotation.entity_tone.get(canonical.id)))
        entity.mentions.append(Mention(text=mention.text, start=mention.start, end=mention.end))
        entity.count += 1
    return sorted(entities.values(), key=lambda e: (-e.count, e.id))


def _quote(attributed: AttributedQuote) -> Quote:
    quote, entity = attributed
    speaker = None
    if quote.speaker is not None:
        speaker = Speaker(text=quote.speaker.text, start=quote.speaker.start,
                          end=quote.speaker.end, entity_id=entity.id if entity else None,
                          name=entity.name if entity else None)
    return Quote(text=quote.text, start=quote.start, end=quote.end, direct=quote.direct,
                 cue=quote.cue.text if quote.cue else None, speaker=speaker)


def _stance(stance: Stance) -> StanceSignal:
    source, target = stance.source_entity, stance.target_entity
    return StanceSignal(
        source_id=source.id if source else None,
        source_name=source.name if source else stance.source.text,
        relation=stance.relation,
        target_id=target.id if target else None,
        target_name=target.name if target else stance.target.text,
        polarity=stance.polarity, negated=stance.negated, hedged=stance.hedged,
        evidence=stance.evidence.text, evidence_start=stance.evidence.start,
        evidence_end=stance.evidence.end, confidence=stance.confidence,
    )


def _tone(score: float) -> Tone:
    return Tone(score=round(score, 4), label=label_of(score))


def _entity_tone(prediction: Prediction | None) -> Tone:
    if prediction is None:  # none of its mentions could be scored
        return _tone(0.0)
    label, score = prediction
    return Tone(score=round(score, 4), label=label)


def _error(article: Article, exc: Exception) -> EnrichmentError:
    error = EnrichmentError(f"article {article.id}: {type(exc).__name__}: {exc}")
    error.__cause__ = exc
    return error
