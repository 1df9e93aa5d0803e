"""The names of stancewire's topics, and the short aliases the CLI accepts.

The one place these strings live: the app, the CLI, the web view and the
tests all take them from here. A prefix (``STANCEWIRE_TOPIC_PREFIX``) may be
put in front of each; :meth:`stancewire.settings.Settings.topic` does that.
"""

from __future__ import annotations

ARTICLES = "articles"
ENRICHED = "articles.enriched"
MENTIONS = "entities.mentions"
STANCES = "stance.signals"
QUOTES = "quotes"
DLQ = "articles.dlq"

#: Every topic stancewire reads or writes, input first.
ALL = (ARTICLES, ENRICHED, MENTIONS, STANCES, QUOTES, DLQ)

#: Short names for ``stancewire subscribe`` and friends.
ALIASES = {"articles": ARTICLES, "enriched": ENRICHED, "entities": MENTIONS,
           "mentions": MENTIONS, "stances": STANCES, "quotes": QUOTES, "dlq": DLQ}
