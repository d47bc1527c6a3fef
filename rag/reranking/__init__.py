"""Optional rerankers: reorder the retrieved passages before the answerer sees them.

The Pipeline calls the configured one (`RAG_RERANKER`, default none) between retrieval and
answering. Adding a reranker is one module with a class that has `rerank`, plus one entry in
`RERANKERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from rag.errors import ConfigError

if TYPE_CHECKING:
    from rag.embedding import Embedder
    from rag.passages import Passage


class Reranker(Protocol):
    name: str

    def rerank(self, question: str, passages: list[Passage]) -> list[Passage]:
        """The same passages, best first (a reranker may reorder, never add)."""
        ...


def _mmr(embedder: Embedder) -> Reranker:
    from rag.reranking.mmr import MMRReranker

    return MMRReranker(embedder)


#: name -> factory; "none" (no reranking) is not a reranker but the default setting.
RERANKERS: dict[str, Callable[[Embedder], Reranker]] = {"mmr": _mmr}


def make_reranker(name: str, embedder: Embedder) -> Reranker | None:
    if name == "none":
        return None
    if name not in RERANKERS:
        choices = ", ".join(["none", *RERANKERS])
        raise ConfigError(f"unknown reranker {name!r} (choose from: {choices})")
    return RERANKERS[name](embedder)
