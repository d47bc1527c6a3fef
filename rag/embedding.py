"""Embedder protocol, the offline MiniLM default and the OpenAI option.

The store records the embedder's `name`; querying with a different one is refused, because vectors
from two models are not comparable.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
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


#: MiniLM graph precisions (`RAG_EMBED_PRECISION`); int8 vectors are not fp32's, so the name
#: the store records differs and an index built with one is not queried with the other.
PRECISIONS = ("fp32", "int8")


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on onnxruntime: no torch, no network; the graph is cached in `cache_dir`."""

    def __init__(self, cache_dir: Path, precision: str = "fp32") -> None:
        from rag.minilm_onnx import OnnxMiniLM

        self.name = "all-MiniLM-L6-v2" + ("" if precision == "fp32" else f":{precision}")
        self._model = OnnxMiniLM(cache_dir, precision=precision)
        self._last: tuple[str, np.ndarray] | None = None  # the last text embedded alone

    def embed(self, texts: list[str]) -> np.ndarray:
        """The last text embedded alone is kept for the next call with it alone: a question,
        which retrieval embeds and then the answerer. Alone only, since in a batch a text is
        padded to its longest neighbour and its vector may differ in the last bits; the last
        one only, so a run over many questions still embeds each (what benchmarks time)."""
        if len(texts) != 1:
            return self._model.encode(texts)
        last = self._last
        if last is None or last[0] != texts[0]:
            vector = self._model.encode(texts)[0]
            vector.flags.writeable = False
            last = self._last = (texts[0], vector)
        return last[1][None].copy()

    def count_tokens(self, text: str) -> int:
        return self._model.count_tokens(text)

    def token_vectors(self, texts: list[str]) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        """Each text's word-piece vectors and their character spans (`rag.minilm_onnx`)."""
        return self._model.token_vectors(texts)


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


#: One MiniLM per precision and process (the UI and the evals ask many questions), whichever
#: data dir first asked for it: the weights are the same everywhere.
_LOADED: dict[str, MiniLMEmbedder] = {}


def _minilm(cache_dir: Path, precision: str) -> MiniLMEmbedder:
    if precision not in PRECISIONS:
        raise ConfigError(
            f"unknown embedding precision {precision!r} (use {' or '.join(PRECISIONS)})"
        )
    if precision not in _LOADED:
        _LOADED[precision] = MiniLMEmbedder(cache_dir, precision)
    return _LOADED[precision]


def make_embedder(settings: Settings) -> Embedder:
    if settings.embedder == "minilm":
        return _minilm(settings.data_dir.resolve() / "cache", settings.embed_precision)
    if settings.embedder == "openai":
        return OpenAIEmbedder(settings)
    raise ConfigError(f"unknown embedder {settings.embedder!r} (use minilm or openai)")


class VectorMemo:
    """An embedder that embeds each distinct text once per ingest, across documents.

    The same wire story runs in many outlets and articles share boilerplate sentences; a copy's
    chunks then cost a dictionary lookup, not a MiniLM pass. Keyed by a 16-byte digest and
    bounded, so a large distinct collection does not hold every vector in memory.
    """

    def __init__(self, embedder: Embedder, limit: int = 20_000) -> None:
        self.name = embedder.name
        self._embedder = embedder
        self._limit = limit
        self._rows: dict[bytes, np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._rows}
        fresh: dict[bytes, np.ndarray] = {}
        if missing:
            fresh = dict(zip(missing, self._embedder.embed(list(missing.values())), strict=True))
        out = np.stack([fresh[k] if k in fresh else self._rows[k] for k in keys])
        for key, vector in fresh.items():
            if len(self._rows) >= self._limit:
                del self._rows[next(iter(self._rows))]  # the oldest
            self._rows[key] = vector
        return out


def embed_with_sentences(
    embedder: Embedder, texts: list[str], sentences: list[list[str]]
) -> tuple[np.ndarray, np.ndarray | None]:
    """Vectors for the texts and for their sentences (flattened in order; None if there are none).

    One call, so MiniLM batches chunks and sentences together by length. Each sentence is
    embedded on its own: pooling it from its chunk's pass (half the work) matched on retrieval
    but its vectors cost the extractive answerer 4 points of correctness on dev. A text that
    repeats (sentences in the overlap of neighbouring chunks, a chunk that is a single sentence,
    as on unpunctuated text) is embedded once.
    """
    flat = [s for group in sentences for s in group]
    wanted = texts + flat
    unique = list(dict.fromkeys(wanted))
    row = {text: i for i, text in enumerate(unique)}
    vectors = embedder.embed(unique)[[row[t] for t in wanted]]
    return vectors[: len(texts)], vectors[len(texts) :] if flat else None
