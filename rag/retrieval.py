"""Hybrid retrieval: three ranked lists of chunks, fused by reciprocal rank fusion (RRF).

- dense: chunk vectors in Chroma (the passage's overall topic);
- sentences: each chunk ranked by its best sentence vector (a short fact inside a long chunk);
- BM25: rare names and numbers that MiniLM blurs.
RRF needs no score calibration between them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from rag.bm25 import BM25Index, load_or_build
from rag.embedding import Embedder
from rag.store import Store, StoredChunk
from rag.text import split_sentences

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of top ranks


@dataclass(frozen=True)
class Filters:
    source: str | None = None  # a document's identity (`Pipeline.resolve_source` finds it)
    since: dt.date | None = None
    until: dt.date | None = None

    def chroma_where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.source:
            clauses.append({"path": self.source})
        if self.since:
            clauses.append({"date_int": {"$gte": _date_int(self.since)}})
        if self.until:
            clauses.append({"date_int": {"$lte": _date_int(self.until)}})
        if len(clauses) > 1:
            return {"$and": clauses}
        return clauses[0] if clauses else None

    def accepts(self, meta: dict[str, Any]) -> bool:
        if self.source and (meta.get("path") or meta.get("source")) != self.source:
            return False
        day = meta.get("date_int")
        if day is None:
            return not (self.since or self.until)  # a date filter keeps only dated documents
        if self.since and day < _date_int(self.since):
            return False
        return not (self.until and day > _date_int(self.until))


def _date_int(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score and the ranks each retriever gave it."""

    chunk_id: str
    text: str
    source: str
    title: str
    date: str | None
    score: float
    dense_rank: int | None
    bm25_rank: int | None
    sentence_rank: int | None = None
    position: int = 0
    path: str = ""  # the document's identity; `source` is its display name
    # the store's vector for each of the chunk's sentences, by text (the extractive answerer's)
    sentence_vectors: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_stored(cls, chunk: StoredChunk, score: float, ranks: list[int | None]) -> Passage:
        m = chunk.meta
        dense, bm25, sentence = ranks
        return cls(chunk.id, chunk.text, m["source"], m.get("title", ""), m.get("date"), score,
                   dense, bm25, sentence, position=int(m.get("position", 0)),
                   path=chunk.path)  # fmt: skip


class Retriever:
    def __init__(self, store: Store, embedder: Embedder, exact_k: bool = False) -> None:
        self.store = store
        self.embedder = embedder
        #: False: the best-sentence chunks come after the k fused passages (what evals tuned);
        #: True: they take the last slots of k, so k passages means k (the web UI's slider).
        self.exact_k = exact_k
        self._bm25: BM25Index | None = None
        self._bm25_key: tuple | None = None

    def _bm25_index(self) -> BM25Index:
        # Loading reads every chunk id; re-check cheaply first. Another process may have rebuilt
        # the index (a new generation) or changed its size.
        key = (self.store.generation, self.store.count(self.embedder.name))
        if self._bm25 is None or self._bm25_key != key:
            self._bm25 = load_or_build(self.store, self.embedder.name)
            self._bm25_key = key
        return self._bm25

    def refresh(self) -> None:
        """Forget the BM25 index after an ingest that may have kept the chunk count equal."""
        self._bm25 = None

    def retrieve(self, question: str, k: int = 5, filters: Filters | None = None) -> list[Passage]:
        filters = filters or Filters()
        pool = max(4 * k, 20)
        vector = self.embedder.embed([question])[0]
        where = filters.chroma_where()
        dense = [c for c, _ in self.store.query(self.embedder.name, vector, pool, where)]
        index = self._bm25_index()
        scores = index.scores(question)
        ranked = [i for i in np.argsort(-scores, kind="stable") if scores[i] > 0]
        bm25 = [index.chunks[i] for i in ranked if filters.accepts(index.chunks[i].meta)][:pool]
        chunks = {c.id: c for c in dense + bm25}
        by_sentence = [cid for cid, _ in self.store.query_sentences(
            self.embedder.name, vector, 3 * pool, where)]  # fmt: skip
        unseen = [cid for cid in by_sentence if cid not in chunks]
        chunks.update((c.id, c) for c in self.store.get_chunks(self.embedder.name, unseen))
        sentence_hits = [chunks[cid] for cid in by_sentence if cid in chunks][:pool]

        fused: dict[str, float] = {}
        ranks: dict[str, list[int | None]] = {}
        for which, hits in enumerate((dense, bm25, sentence_hits)):
            for rank, chunk in enumerate(hits, start=1):
                fused[chunk.id] = fused.get(chunk.id, 0.0) + 1.0 / (RRF_K + rank)
                ranks.setdefault(chunk.id, [None, None, None])[which] = rank
        best = sorted(fused, key=lambda cid: -fused[cid])[:k]
        # RRF buries a chunk that only one retriever finds, yet BM25's top hit on a rare name is
        # often the answer: keep each retriever's first hit in the top k.
        firsts = [hits[0].id for hits in (bm25, sentence_hits, dense) if hits]
        kept = list(dict.fromkeys(firsts))[: max(1, k // 3)]
        for cid in (c for c in kept if c not in best):
            # replace the lowest-fused passage that is not itself kept
            slot = next((i for i in range(len(best) - 1, -1, -1) if best[i] not in kept), None)
            if slot is not None:
                best[slot] = cid
        # The chunks holding the best-matching sentences go last, beyond k: the extractive
        # answerer picks sentences, and RRF can rank such a chunk low when only one list has it.
        extra = [cid for cid in dict.fromkeys(by_sentence[:3]) if cid not in best]
        if self.exact_k:  # a third of the k slots at most, taken from the lowest unkept
            extra = extra[: k // 3]
            while len(best) + len(extra) > k:
                slot = next(i for i in range(len(best) - 1, -1, -1) if best[i] not in kept)
                del best[slot]
        best += extra
        vectors = self.store.sentence_vectors(
            self.embedder.name, [(c, len(split_sentences(chunks[c].text))) for c in best]
        )
        return [
            replace(Passage.from_stored(chunks[c], fused[c], ranks[c]),
                    sentence_vectors=vectors.get(c, {}))
            for c in best
        ]  # fmt: skip
