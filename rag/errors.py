"""Every failure we expect, under one base, and one-line, secret-free descriptions of failures.

This module imports nothing from the package, so any layer can raise these errors and any front
end (CLI, UI, logs) can describe them without pulling in the layers that raise them.
"""

from __future__ import annotations

import os
import re

_SECRET = re.compile(r"\b(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+\S+)")


class RagError(Exception):
    """A failure we expected; the message is one line that says what went wrong and what to do."""


class ConfigError(RagError):
    """A setting that cannot work: an unknown embedder, a missing key or endpoint."""


class QuestionError(RagError):
    """The question itself is unusable (empty, too long)."""


class EmptyQuestion(QuestionError):
    """Nothing is left of the question once control characters are gone."""


class QuestionTooLong(QuestionError):
    """The question is over the length limit."""


class DocumentError(RagError):
    """A file that cannot be read as an article (unsupported, wrong encoding, empty, too big)."""


class StoreError(RagError):
    """The index cannot be used as it is; the message names the fix."""


class EmbeddingError(RagError):
    """The embedding model could not embed (an endpoint fault); one line."""


class AnswerError(RagError):
    """The answerer could not produce an answer (a server fault, a missing model); one line."""


class IngestError(RagError):
    """Nothing could be indexed; the index was left as it was. `skipped` holds the one-line
    reasons of the files that were refused, for the front end to show before this error."""

    def __init__(self, message: str, skipped: list[str] | None = None) -> None:
        super().__init__(message)
        self.skipped = list(skipped or [])


class GoldError(RagError):
    """A gold file that does not follow the schema; the message names the line."""


def redact(text: str) -> str:
    """Remove API keys: the configured one and anything shaped like one."""
    key = os.environ.get("OPENAI_API_KEY")
    if key and len(key) >= 4:
        text = text.replace(key, "***")
    return _SECRET.sub("***", text)


def describe(exc: BaseException) -> str:
    """The first line of the message; our own errors already say what to do, others get a name."""
    lines = str(exc).strip().splitlines()
    message = lines[0] if lines else ""
    if not isinstance(exc, RagError):
        message = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return redact(message)
