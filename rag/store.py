"""The Chroma collection of chunks: embedded on disk by default, client/server when a host is set.

The collection's metadata records which embedder built it, so a query with another embedder is a
clear error instead of silently meaningless neighbours.
"""

from __future__ import annotations

import contextlib
import fcntl
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.chunking import Chunk

if TYPE_CHECKING:
    from rag.settings import Settings

_UUID_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_RESET_HINT = "run `rag ingest --reset` to rebuild it"


class StoreError(RuntimeError):
    """The index cannot be used as it is; the message names the fix."""


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    meta: dict[str, Any]

    @property
    def source(self) -> str:
        return self.meta["source"]


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client = None
        self._collection = None
        self._sentences = None

    # -- connection -------------------------------------------------------------------------
    @property
    def location(self) -> str:
        s = self.settings
        return f"http://{s.chroma_host}:{s.chroma_port}" if s.chroma_host else str(s.data_dir)

    def client(self):
        if self._client is None:
            import chromadb

            chroma_settings = chromadb.Settings(anonymized_telemetry=False, allow_reset=False)
            try:
                if self.settings.chroma_host:
                    self._client = chromadb.HttpClient(
                        host=self.settings.chroma_host,
                        port=self.settings.chroma_port,
                        settings=chroma_settings,
                    )
                else:
                    self.settings.data_dir.mkdir(parents=True, exist_ok=True)
                    self._client = chromadb.PersistentClient(
                        path=str(self.settings.data_dir), settings=chroma_settings
                    )
            except Exception as exc:  # chroma raises many types for a bad dir or a dead server
                raise StoreError(
                    f"cannot open the index at {self.location}: {_first_line(exc)}; {_RESET_HINT}"
                ) from None
        return self._client

    def collection(self, embedder_name: str, create: bool = True):
        """The chunk collection, checked against the embedder that will query it."""
        if self._collection is None:
            self._collection = self._open(self.settings.collection, embedder_name, create)
            if self._collection is None:
                return None
        built_with = (self._collection.metadata or {}).get("embedder")
        if built_with != embedder_name:
            raise StoreError(
                f"the index was built with embedder {built_with!r} but {embedder_name!r} is "
                f"configured; re-ingest with `rag ingest --reset` or set RAG_EMBEDDER back"
            )
        return self._collection

    def sentences(self, embedder_name: str):
        """Every chunk's sentences with their own vectors: sharp dense matches for short facts."""
        self.collection(embedder_name)  # checks the embedder first
        if self._sentences is None:
            self._sentences = self._open(self._sentences_name, embedder_name, create=True)
        return self._sentences

    @property
    def _sentences_name(self) -> str:
        return f"{self.settings.collection}-sentences"

    def _open(self, name: str, embedder_name: str, create: bool):
        """Get (or create) a collection; None when `create` is off and it does not exist."""
        try:
            if create:
                return self.client().get_or_create_collection(
                    name,
                    embedding_function=None,
                    metadata={"embedder": embedder_name, "hnsw:space": "cosine"},
                )
            return self.client().get_collection(name, embedding_function=None)
        except StoreError:
            raise
        except Exception as exc:
            if not create and "does not exist" in str(exc):
                return None
            raise StoreError(
                f"cannot read the index at {self.location}: {_first_line(exc)}; {_RESET_HINT}"
            ) from None

    # -- writes -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Serialise writers (two `rag ingest` at once) on an embedded store."""
        if self.settings.chroma_host:
            yield
            return
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.settings.data_dir / ".write.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def upsert(
        self,
        embedder_name: str,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        sentences: Sequence[tuple[Chunk, int, str]] = (),
        sentence_vectors: np.ndarray | None = None,
    ) -> None:
        """Write sentences first, chunks last: a chunk present means its sentences are too."""
        if sentences:
            self.sentences(embedder_name).upsert(
                ids=[f"{c.id}:s{j}" for c, j, _ in sentences],
                embeddings=sentence_vectors,
                documents=[text for _, _, text in sentences],
                metadatas=[{**c.metadata(), "chunk_id": c.id} for c, _, _ in sentences],
            )
        self.collection(embedder_name).upsert(
            ids=[c.id for c in chunks],
            embeddings=vectors,
            documents=[c.text for c in chunks],
            metadatas=[c.metadata() for c in chunks],
        )

    def delete(self, embedder_name: str, ids: Sequence[str]) -> None:
        """Delete chunks first, then their sentences (the reverse of `upsert`)."""
        if ids:
            self.collection(embedder_name).delete(ids=list(ids))
            self.sentences(embedder_name).delete(where={"chunk_id": {"$in": list(ids)}})

    def reset(self) -> None:
        """Drop both collections; if the data dir is unreadable, remove only Chroma's own files."""
        try:
            for name in (self.settings.collection, self._sentences_name):
                self._delete_collection(name)
        except StoreError:
            if self.settings.chroma_host:
                raise
            self._client = None
            _remove_chroma_files(self.settings)
        self._collection = self._sentences = None

    def _delete_collection(self, name: str) -> None:
        try:
            self.client().delete_collection(name)
        except StoreError:
            raise
        except Exception as exc:  # chroma's NotFoundError differs between versions
            if "does not exist" not in str(exc) and "not found" not in str(exc).lower():
                raise StoreError(f"cannot reset {self.location}: {_first_line(exc)}") from None

    # -- reads ------------------------------------------------------------------------------
    def ids_by_source(self, embedder_name: str) -> dict[str, set[str]]:
        got = self.collection(embedder_name).get(include=["metadatas"])
        by_source: dict[str, set[str]] = {}
        for chunk_id, meta in zip(got["ids"], got["metadatas"], strict=True):
            by_source.setdefault(meta["source"], set()).add(chunk_id)
        return by_source

    def chunk_ids(self, embedder_name: str) -> list[str]:
        return self.collection(embedder_name).get(include=[])["ids"]

    def all_chunks(self, embedder_name: str) -> list[StoredChunk]:
        return self.get_chunks(embedder_name, None)

    def query(
        self, embedder_name: str, vector: np.ndarray, n: int, where: dict | None = None
    ) -> list[tuple[StoredChunk, float]]:
        """Nearest chunks with cosine similarity (1 - Chroma's cosine distance)."""
        col = self.collection(embedder_name)
        got = col.query(
            query_embeddings=[vector],
            n_results=max(1, min(n, col.count())),
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        return [
            (StoredChunk(i, t, m), 1.0 - d)
            for i, t, m, d in zip(
                got["ids"][0],
                got["documents"][0],
                got["metadatas"][0],
                got["distances"][0],
                strict=True,
            )
        ]

    def get_chunks(self, embedder_name: str, ids: Sequence[str] | None) -> list[StoredChunk]:
        """The chunks with these ids; every chunk when ids is None."""
        if ids is not None and not ids:
            return []
        got = self.collection(embedder_name).get(
            ids=None if ids is None else list(ids), include=["documents", "metadatas"]
        )
        return [
            StoredChunk(i, t, m)
            for i, t, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]

    def query_sentences(
        self, embedder_name: str, vector: np.ndarray, n: int, where: dict | None = None
    ) -> list[tuple[str, float]]:
        """Chunk ids in order of their best-matching sentence."""
        col = self.sentences(embedder_name)
        total = col.count()
        if total == 0:
            return []
        got = col.query(query_embeddings=[vector], n_results=min(n, total), where=where,
                        include=["metadatas", "distances"])  # fmt: skip
        best: dict[str, float] = {}
        for meta, dist in zip(got["metadatas"][0], got["distances"][0], strict=True):
            best.setdefault(meta["chunk_id"], 1.0 - dist)
        return list(best.items())

    def sentence_vectors(
        self, embedder_name: str, chunks: Sequence[tuple[str, int]]
    ) -> dict[str, dict[str, np.ndarray]]:
        """Stored sentence vectors of these (chunk id, sentence count) pairs: id -> text -> vector."""
        ids = [f"{cid}:s{j}" for cid, n in chunks for j in range(n)]
        if not ids:
            return {}
        got = self.sentences(embedder_name).get(ids=ids, include=["documents", "embeddings"])
        found: dict[str, dict[str, np.ndarray]] = {}
        for sid, text, vector in zip(got["ids"], got["documents"], got["embeddings"], strict=True):
            found.setdefault(sid.rsplit(":s", 1)[0], {})[text] = np.asarray(vector, np.float32)
        return found

    def count(self, embedder_name: str) -> int:
        col = self.collection(embedder_name, create=False)
        return 0 if col is None else col.count()


def _remove_chroma_files(settings: Settings) -> None:
    """Delete chroma.sqlite3 and Chroma's segment folders; leave anything else in the dir alone."""
    root = settings.data_dir
    for name in ("chroma.sqlite3", "chroma.sqlite3-wal", "chroma.sqlite3-shm"):
        (root / name).unlink(missing_ok=True)
    for child in root.iterdir() if root.is_dir() else ():
        if child.is_dir() and _UUID_DIR.match(child.name):
            shutil.rmtree(child)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
