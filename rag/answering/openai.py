"""Answers from any OpenAI-compatible chat endpoint (OpenAI, Ollama, vLLM, llama.cpp, LM Studio)."""

from __future__ import annotations

from collections.abc import Iterator

from rag.errors import AnswerError
from rag.openai_client import describe_api_error, make_client
from rag.answering.prompting import answer_messages
from rag.retrieval import Passage
from rag.settings import Settings


class OpenAIAnswerer:
    name = "openai"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = make_client(settings, "the openai answerer")

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str]:
        messages = answer_messages(question, passages, self.settings.context_tokens)
        yield from self.complete(messages, stream=True)

    def complete(self, messages: list[dict], stream: bool = False) -> Iterator[str]:
        """Yield the reply's text; every client failure becomes one AnswerError."""
        try:
            response = self.client.chat.completions.create(
                model=self.settings.model,
                messages=messages,
                temperature=0,
                max_tokens=512,
                stream=stream,
            )
            if not stream:
                yield response.choices[0].message.content or ""
                return
        except Exception as exc:
            raise describe_api_error(exc) from None
        finished = False
        try:
            for event in response:
                if event.choices and event.choices[0].delta.content:
                    yield event.choices[0].delta.content
                finished = finished or bool(event.choices and event.choices[0].finish_reason)
        except Exception as exc:
            raise describe_api_error(exc, mid_stream=True) from None
        if not finished:  # a cut-off stream, or a server that ignored stream=True
            raise AnswerError("the model server's reply ended before the answer was complete")
