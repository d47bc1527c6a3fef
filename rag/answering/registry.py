"""Every answerer by name, with what it can do: the one list the CLI help, `make_answerer` and
the UI read. Adding an answerer is one module plus one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.errors import AnswerError

if TYPE_CHECKING:
    from rag.answering.base import Answerer
    from rag.embedding import Embedder
    from rag.settings import Settings


@dataclass(frozen=True)
class AnswererKind:
    name: str
    summary: str
    streams: bool  # text arrives in pieces while it is generated (worth echoing as it comes)
    chat: bool  # carries a chat model (`Answerer.chat`), used to condense follow-ups
    scored: bool  # declines by a score threshold tuned on unfiltered retrieval (see rag.scope)
    make: Callable[[Settings, Embedder], Answerer]
    usable: Callable[[Settings], bool]  # configured and installed (what the UI offers)


def _extractive(settings: Settings, embedder: Embedder) -> Answerer:
    from rag.answering.extractive import ExtractiveAnswerer
    from rag.answering.scorer import load

    model = load() if settings.extractive_scorer == "learned" else None
    if not settings.query_likelihood:
        return ExtractiveAnswerer(embedder, model=model)
    from rag.answering.likelihood import QueryLikelihood

    return ExtractiveAnswerer(
        embedder, likelihood=QueryLikelihood(settings.prompts_dir), model=model
    )


def _openai(settings: Settings, embedder: Embedder) -> Answerer:
    from rag.answering.llm import LLMAnswerer
    from rag.chat import OpenAIChat

    return LLMAnswerer(OpenAIChat(settings), settings)


def _local(settings: Settings, embedder: Embedder) -> Answerer:
    from rag.answering.llm import LLMAnswerer
    from rag.chat import LocalChat

    return LLMAnswerer(LocalChat(settings), settings)


def _local_installed(settings: Settings) -> bool:
    from rag.chat import local_model_installed

    return local_model_installed()


KINDS: dict[str, AnswererKind] = {
    kind.name: kind
    for kind in (
        AnswererKind("extractive", "quotes the passages, offline", streams=False, chat=False,
                     scored=True, make=_extractive, usable=lambda s: True),
        AnswererKind("openai", "any OpenAI-compatible endpoint", streams=True, chat=True,
                     scored=False, make=_openai,
                     usable=lambda s: bool(s.openai_api_key or s.openai_base_url)),
        AnswererKind("local", "SmolLM2-135M in-process", streams=True, chat=True,
                     scored=False, make=_local, usable=_local_installed),
    )
}  # fmt: skip
ANSWERERS = tuple(KINDS)


def answerer_kind(name: str) -> AnswererKind:
    if name not in KINDS:
        raise AnswerError(f"unknown answerer {name!r} (choose from: {', '.join(ANSWERERS)})")
    return KINDS[name]


def make_answerer(name: str, settings: Settings, embedder: Embedder) -> Answerer:
    return answerer_kind(name).make(settings, embedder)


def usable_answerers(settings: Settings) -> list[str]:
    """The answerers these settings can use, the configured default first."""
    usable = [name for name, kind in KINDS.items() if kind.usable(settings)]
    default = settings.resolved_llm()
    return [default, *(n for n in usable if n != default)] if default in KINDS else usable
