"""What every answerer shares: the `Answerer` protocol and the one abstention phrase."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rag.chat import ChatModel
    from rag.passages import Passage

#: The one abstention phrase: the prompt tells models to use it, and code detects it.
ABSTAIN = "I can't find that in the sources."


class Answerer(Protocol):
    name: str

    @property
    def chat(self) -> ChatModel | None:
        """The chat model behind an LLM answerer (condensing reuses it); None for the others."""
        ...

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str]:
        """Yield the answer text in pieces; `[n]` refers to passages[n-1]."""
        ...


def is_abstention(text: str) -> bool:
    return ABSTAIN.lower().rstrip(".") in text.lower() or not text.strip()
