"""The exceptions stancewire raises.

::

    StancewireError              root: catch this to catch all of ours
    ├── ConfigError              a setting is missing or out of range
    ├── BrokerError              the local Kafka launcher cannot do what was asked
    ├── InputError               an input record cannot be turned into an article
    │   (``code`` names the reason; it becomes the DLQ error code)
    └── EnrichmentError          the NLP failed on an accepted article
"""

from __future__ import annotations


class StancewireError(Exception):
    """Root of every error stancewire raises on purpose."""


class ConfigError(StancewireError):
    """A setting is missing, malformed or out of range."""


class BrokerError(StancewireError):
    """The local Kafka broker cannot be started, stopped or reached."""


class InputError(StancewireError):
    """An input record is not an acceptable article.

    ``code`` is a short stable identifier (``invalid_utf8``, ``empty_text``,
    ...) used as the dead-letter error code.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class EnrichmentError(StancewireError):
    """The NLP failed on an article that passed validation."""
