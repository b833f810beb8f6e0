"""The pipeline's small vocabulary of failures.

Callers decide what to do by class: a `TransientError` is worth retrying later, a `PermanentError` is not,
an `InputError` is the user's to fix and must say clearly what is wrong.
"""

from __future__ import annotations


class IlrsWatchError(Exception):
    """Base of every error the pipeline raises on purpose."""


class TransientError(IlrsWatchError):
    """May succeed later: time-outs, connection resets, 5xx, 429/503 (with an optional Retry-After)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(IlrsWatchError):
    """Will fail the same way again: 404, 410, a parse error, a refused address, an oversized body."""


class UnsafeURLError(PermanentError):
    """A URL we refuse to fetch: not http(s), or it points into loopback/private/link-local space."""


class TooLargeError(PermanentError):
    """A body over its size cap, or a document that expands past its bounds (XML entity bombs)."""


class InputError(IlrsWatchError):
    """Bad input from a person (a file, a config, a parameter): the message says what and where."""


class DeliveryError(TransientError):
    """A notification that did not go out; it stays in the outbox for the next run."""


class TooComplexError(PermanentError):
    """A document whose extraction ran past its time budget: recorded as too complex, the run goes on."""


class LanguageFileError(InputError):
    """A language file (`lang/<code>.yaml`) the engine cannot read: one line naming the file and the key."""


class DatabaseUnavailable(TransientError):
    """The database stopped answering during a run: the run fails with one line, and the next run resumes
    (every step is its own transaction, so nothing half-written is kept)."""
