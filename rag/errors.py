"""One-line, secret-free descriptions of failures, for the CLI, the UI and logs."""

from __future__ import annotations

import os
import re

_SECRET = re.compile(r"\b(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+\S+)")


def redact(text: str) -> str:
    """Remove API keys: the configured one and anything shaped like one."""
    key = os.environ.get("OPENAI_API_KEY")
    if key and len(key) >= 4:
        text = text.replace(key, "***")
    return _SECRET.sub("***", text)


def describe(exc: BaseException) -> str:
    """The first line of the message; our own errors already say what to do."""
    from rag.answering import AnswerError
    from rag.documents import DocumentError
    from rag.ingest import IngestError
    from rag.pipeline import QuestionError
    from rag.store import StoreError

    lines = str(exc).strip().splitlines()
    message = lines[0] if lines else ""
    if not isinstance(exc, AnswerError | QuestionError | DocumentError | StoreError | IngestError):
        message = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return redact(message)
