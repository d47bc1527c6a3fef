"""Any chat model as an answerer: the answer prompt with the numbered passages, streamed back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rag.answering.prompting import answer_messages

if TYPE_CHECKING:
    from rag.chat import ChatModel
    from rag.passages import Passage
    from rag.settings import Settings


class LLMAnswerer:
    def __init__(self, chat: ChatModel, settings: Settings) -> None:
        self.chat = chat
        self.name = chat.name
        self.settings = settings

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str]:
        s = self.settings
        messages = answer_messages(question, passages, s.context_tokens, s.prompts_dir)
        yield from self.chat.complete(messages, stream=True)
