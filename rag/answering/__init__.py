"""Answerers turn a question and numbered passages into text that cites them as `[n]`.

Each backend implements one method; `make_answerer` picks one by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.answering.base import ABSTAIN, Answerer, is_abstention
from rag.errors import AnswerError

if TYPE_CHECKING:
    from rag.embedding import Embedder
    from rag.settings import Settings

__all__ = ["ABSTAIN", "ANSWERERS", "Answerer", "is_abstention", "make_answerer"]

ANSWERERS = ("extractive", "openai", "local")


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
