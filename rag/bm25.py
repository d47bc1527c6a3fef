"""BM25 over every chunk in the store, saved under the data dir's cache so a new process loads it.
It keeps what retrieval reads of every chunk beside it: the chunks themselves, and their shingle
hashes (`rag/near_duplicates.py`), which folding copies would otherwise compute for each of a
question's ~100 candidates (most of its time at 10,000 chunks).

The saved index is keyed by a fingerprint of the store's chunk ids, which hash everything a chunk
holds (its text, and its document's title, date and name: `rag/chunking.py`), so any ingest or
removal, by this process or another, makes a new one; older ones are deleted when a new one is
saved, and a reset deletes them all (`forget_saved`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np

from rag.near_duplicates import hash_shingles
from rag.store import Store, StoredChunk
from rag.text import terms

_VERSION = "4"  # bump when `terms`, the shingle hashes, the saved layout or chunk ids change


class BM25Index:
    def __init__(
        self, chunks: list[StoredChunk], bm25, shingles: list[np.ndarray] | None = None
    ) -> None:
        self.chunks = chunks
        #: every chunk by id: retrieval reads hits' text and metadata here instead of the store
        self.by_id = {c.id: c for c in chunks}
        #: every chunk's id by its document's identity and its place in it
        self.by_place = {(c.path, int(c.meta.get("position", 0))): c.id for c in chunks}
        #: every chunk's `hash_shingles`, by id
        if shingles is None:
            shingles = [hash_shingles(c.text) for c in chunks]
        self.shingles = {c.id: h for c, h in zip(chunks, shingles, strict=True)}
        self._bm25 = bm25

    @classmethod
    def build(cls, chunks: list[StoredChunk]) -> BM25Index:
        import bm25s

        bm25 = bm25s.BM25()
        bm25.index([terms(c.text) or ["_"] for c in chunks], show_progress=False)
        return cls(chunks, bm25)

    def scores(self, question: str) -> np.ndarray:
        query = [t for t in terms(question) if t]
        if not query or not self.chunks:
            return np.zeros(len(self.chunks))
        return np.asarray(self._bm25.get_scores(query))

    def top(self, scores: np.ndarray, n: int, allowed: set[str] | None = None) -> list[StoredChunk]:
        """The `n` best-scoring chunks with a score above 0 (and in `allowed`), best first, ties
        in index order: what a stable sort of every score gives, without sorting every score."""
        if allowed is not None:
            scores = np.where([c.id in allowed for c in self.chunks], scores, 0.0)
        hits = np.flatnonzero(scores > 0)
        if 0 < n < len(hits):
            nth = np.partition(scores[hits], len(hits) - n)[len(hits) - n]
            hits = hits[scores[hits] >= nth]  # the n best and any tied with the n-th
        best = hits[np.lexsort((hits, -scores[hits]))][:n]
        return [self.chunks[i] for i in best]

    def save(self, path: Path) -> None:
        """Write to a temporary folder and rename it: readers see all of it or none."""
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        self._bm25.save(str(tmp), show_progress=False)
        with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as out:
            for c in self.chunks:
                out.write(json.dumps([c.id, c.text, c.meta], ensure_ascii=False) + "\n")
        hashes = [self.shingles[c.id] for c in self.chunks]
        np.save(tmp / "shingle_counts.npy", np.array([len(h) for h in hashes], np.int64))
        np.save(tmp / "shingles.npy", np.concatenate(hashes or [np.zeros(0, np.uint64)]))
        try:
            tmp.rename(path)
        except OSError:  # another process saved the same index first
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, path: Path) -> BM25Index:
        import bm25s

        bm25 = bm25s.BM25.load(str(path), show_progress=False)
        with (path / "chunks.jsonl").open(encoding="utf-8") as lines:
            chunks = [StoredChunk(*json.loads(line)) for line in lines]
        counts = np.load(path / "shingle_counts.npy")
        flat = np.load(path / "shingles.npy")
        if len(counts) != len(chunks) or counts.sum() != len(flat):
            raise ValueError("the saved shingles do not match the chunks")
        flat.flags.writeable = False  # shared, as `shingle_hashes` results are
        return cls(chunks, bm25, np.split(flat, np.cumsum(counts)[:-1]) if chunks else [])


def load_or_build(store: Store) -> BM25Index:
    """The index of the store's current chunks: loaded when saved, else built and saved."""
    server = store.location if store.settings.chroma_host else ""  # else: the data dir itself
    tag = hashlib.sha256(f"{_VERSION}\n{server}\n{store.settings.collection}".encode())
    prefix = f"bm25-{tag.hexdigest()[:8]}-"
    cache = store.settings.data_dir / "cache"
    path = cache / (prefix + _fingerprint(store.chunk_ids()))
    if path.is_dir():
        try:
            return BM25Index.load(path)
        except (OSError, ValueError, KeyError):
            shutil.rmtree(path, ignore_errors=True)  # damaged: rebuild below
    index = BM25Index.build(store.all_chunks())
    try:
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob(prefix + "*"):
            if not old.name.endswith(".tmp"):
                shutil.rmtree(old, ignore_errors=True)
        index.save(cache / (prefix + _fingerprint([c.id for c in index.chunks])))
    except OSError:
        pass  # a read-only data dir still answers; the index is rebuilt next time
    return index


def forget_saved(data_dir: Path) -> None:
    """Delete every saved index under this data dir (after a reset: it rebuilt the store)."""
    for old in (data_dir / "cache").glob("bm25-*"):
        shutil.rmtree(old, ignore_errors=True)


def _fingerprint(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]
