"""Speed of the enrichment against plain spaCy on the same texts, cores and run.

``python -m stancewire.bench.nlp [N [PROCESSES]]`` prints words per second of
``nlp.pipe(texts, batch_size=128)`` with every component of the pipeline
on, of :meth:`Enricher.enrich_many` over the same texts with each entity
tone (``STANCEWIRE_TONE``: the model, the lexicon), of ``stancewire enrich``
(groups through the NLP pool, events in input order), and their ratios.
Texts are the first N (default 1,500) of ``news/bbc_articles.jsonl`` in
``Settings.shared_data``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import get_args

import orjson
import spacy

from stancewire.inputs import InputRecord
from stancewire.pool import NlpPool, enrich_chunk, load_enricher
from stancewire.settings import Settings, ToneChoice

_BATCH = 128
_ROUNDS = 4


def words(texts: Sequence[str]) -> int:
    """Whitespace-separated words: the unit of every figure here."""
    return sum(len(text.split()) for text in texts)


def nlp_pipe_words_per_second(texts: Sequence[str], *, n_process: int = 1,
                              settings: Settings | None = None) -> float:
    """Words/s of the full spaCy pipeline (every component on, as loaded)."""
    model = (settings or Settings()).spacy_model
    nlp = spacy.load(model, exclude=["senter"])
    began = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=_BATCH, n_process=n_process):
        pass
    return words(texts) / (time.perf_counter() - began)


def enrich_words_per_second(texts: Sequence[str], *, n_process: int = 1,
                            settings: Settings | None = None) -> float:
    """Words/s of the whole enrichment and fan-out, as the worker's NLP pool runs it."""
    settings = settings or Settings()
    chunks = [[{"id": str(i), "text": text} for i, text in enumerate(texts[p::n_process])]
              for p in range(n_process)]
    if n_process == 1:
        load_enricher(settings)
        began = time.perf_counter()
        _enrich_batches(chunks[0])
        return words(texts) / (time.perf_counter() - began)
    with ProcessPoolExecutor(n_process, initializer=load_enricher, initargs=(settings,)) as pool:
        list(pool.map(_warm, range(n_process)))  # load the pipelines before the clock starts
        began = time.perf_counter()
        list(pool.map(_enrich_batches, chunks))
        return words(texts) / (time.perf_counter() - began)


def batch_enrich_words_per_second(texts: Sequence[str], *, n_process: int = 1,
                                  settings: Settings | None = None) -> float:
    """Words/s of ``stancewire enrich`` on the texts, its pool started beforehand."""
    from stancewire.enriching import enrich_inputs

    settings = (settings or Settings()).with_(nlp_processes=n_process)
    records = [InputRecord(f"bench:{n}", {"id": str(n), "text": text})
               for n, text in enumerate(texts)]
    pool = NlpPool(settings)
    try:
        pool.warm_up()
        began = time.perf_counter()
        enrich_inputs(settings, records, write=lambda event: None, pool=pool)
        return words(texts) / (time.perf_counter() - began)
    finally:
        pool.close()


def _warm(_: int) -> None:
    time.sleep(0.2)  # every worker runs its initializer before the clock starts


def _enrich_batches(articles: list[dict[str, str]]) -> int:
    for start in range(0, len(articles), _BATCH):
        enrich_chunk(articles[start : start + _BATCH])
    return len(articles)


def bbc_texts(shared_data: Path, limit: int | None = None) -> list[str]:
    """Texts of the BBC news load set."""
    path = shared_data / "news" / "bbc_articles.jsonl"
    with path.open("rb") as lines:
        texts = [orjson.loads(line)["text"] for line in lines if line.strip()]
    return texts[:limit]


def main(argv: Sequence[str]) -> None:
    settings = Settings.from_env()
    limit = int(argv[0]) if argv else None
    n_process = int(argv[1]) if len(argv) > 1 else 1
    texts = bbc_texts(settings.shared_data, limit)
    print(f"{len(texts)} texts, {words(texts):,} words, {n_process} process(es), "
          f"load average {_load()}")
    # Rotate the measures over slices of the texts so that load from other
    # processes on the machine falls on all alike.
    baseline = "nlp.pipe (full pipeline)"
    measures: dict[str, Callable[[Sequence[str]], float]] = {
        baseline: partial(nlp_pipe_words_per_second, n_process=n_process, settings=settings),
        **{f"enrichment, {tone} tone": partial(
            enrich_words_per_second, n_process=n_process, settings=settings.with_(tone=tone))
           for tone in get_args(ToneChoice)},
        "stancewire enrich": partial(batch_enrich_words_per_second, n_process=n_process,
                                     settings=settings),
    }
    seconds = dict.fromkeys(measures, 0.0)
    for round_ in range(_ROUNDS):
        chunk = texts[round_::_ROUNDS]
        names = list(measures)
        for name in names[round_ % len(names):] + names[: round_ % len(names)]:
            spent = words(chunk) / measures[name](chunk)
            seconds[name] += spent
            print(f"  slice {round_ + 1}: {name}: {words(chunk) / spent:,.0f} words/s",
                  flush=True)
    for name, spent in seconds.items():
        print(f"{name}: {words(texts) / spent:,.0f} words/s")
    for name, spent in seconds.items():
        if name != baseline:
            print(f"ratio, {name}: {seconds[baseline] / spent:.2f}")
    print(f"load average {_load()}")


def _load() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


if __name__ == "__main__":
    main(sys.argv[1:])
