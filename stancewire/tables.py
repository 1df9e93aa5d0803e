"""The Faust tables of stancewire: changelog-backed counters that survive restarts.

Each table is fed by the topic keyed the same way, so a key lives in exactly
one partition. The article outcome counters are kept per input partition
(``processed/3``) for the same reason; readers sum them.
"""

from __future__ import annotations

from stancewire.app import WINDOW, app

entity_mentions = app.Table(
    "entity-mentions", default=int,
    help="Mentions per entity id, all time (from entities.mentions).")
entity_mentions_window = app.Table(
    "entity-mentions-window", default=int,
    help="Mentions per entity id in tumbling windows (STANCEWIRE_WINDOW_SECONDS).",
).tumbling(WINDOW, expires=WINDOW * 24).relative_to_stream()
entity_names = app.Table(
    "entity-names", default=list,
    help="[name, label] of each entity id seen.")
stance_pairs = app.Table(
    "stance-pairs", default=dict,
    help="Per 'source|target': names and support/oppose counts (from stance.signals).")
speaker_quotes = app.Table(
    "speaker-quotes", default=int,
    help="Quotes per speaker entity id (from quotes).")
article_outcomes = app.Table(
    "article-outcomes", default=int,
    help="Articles processed and rejected, per input partition: 'processed/<p>'.")
