"""Embedder protocol, the offline MiniLM default and the OpenAI option.

The store records the embedder's `name`; querying with a different one is refused, because vectors
from two models are not comparable.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import numpy as np

from rag.errors import ConfigError, EmbeddingError
from rag.openai_client import describe_api_error, make_client

if TYPE_CHECKING:
    from rag.settings import Settings


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 in numpy: 0.3 s to load, no torch, no network."""

    name = "all-MiniLM-L6-v2"

    def __init__(self) -> None:
        from rag.minilm import MiniLM

        self._model = MiniLM()

    def embed(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts)

    def count_tokens(self, text: str) -> int:
        return self._model.count_tokens(text)


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible endpoint (`RAG_EMBEDDER=openai`)."""

    def __init__(self, settings: Settings) -> None:
        self._client = make_client(settings, "OpenAI embeddings (RAG_EMBEDDER=openai)")
        self._model = settings.embed_model
        self.name = f"openai:{settings.embed_model}"

    def embed(self, texts: list[str]) -> np.ndarray:
        try:
            response = self._client.embeddings.create(model=self._model, input=texts)
        except Exception as exc:
            raise describe_api_error(exc, error=EmbeddingError) from None
        vectors = np.array([item.embedding for item in response.data], dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)


@lru_cache(maxsize=1)
def _minilm() -> MiniLMEmbedder:
    # One loaded model per process: the UI and the evals ask many questions.
    return MiniLMEmbedder()


def make_embedder(settings: Settings) -> Embedder:
    if settings.embedder == "minilm":
        return _minilm()
    if settings.embedder == "openai":
        return OpenAIEmbedder(settings)
    raise ConfigError(f"unknown embedder {settings.embedder!r} (use minilm or openai)")
