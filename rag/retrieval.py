"""Hybrid retrieval in three steps: ranked lists -> fusion -> adjustments.

Ranked lists of chunks:
- dense: chunk vectors in Chroma (the passage's overall topic);
- sentence: each chunk ranked by its best sentence vector (a short fact inside a long chunk);
- bm25: rare names and numbers that MiniLM blurs.
Fusion is reciprocal rank fusion (RRF), which needs no score calibration between the lists.
The adjustments keep what RRF would bury (see `_adjust`). An optional reranker runs after this,
in the Pipeline (`rag/reranking/`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rag.bm25 import BM25Index, load_or_build
from rag.embedding import Embedder
from rag.filters import Filters
from rag.passages import Passage
from rag.store import Store, StoredChunk
from rag.text import split_sentences

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of top ranks
LISTS = ("dense", "bm25", "sentence")  # the ranked lists, in fusion order


@dataclass(frozen=True)
class Fused:
    """RRF's order of chunk ids, with each chunk's score and its rank in every list that had it."""

    order: list[str]
    scores: dict[str, float]
    ranks: dict[str, dict[str, int]]


def fuse(lists: dict[str, list[StoredChunk]]) -> Fused:
    """Reciprocal rank fusion: a chunk scores sum(1 / (RRF_K + rank)) over the lists."""
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, hits in lists.items():
        for rank, chunk in enumerate(hits, start=1):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + 1.0 / (RRF_K + rank)
            ranks.setdefault(chunk.id, {})[name] = rank
    return Fused(sorted(scores, key=lambda cid: -scores[cid]), scores, ranks)


def _adjust(fused: Fused, lists: dict[str, list[StoredChunk]], k: int, exact_k: bool) -> list[str]:
    """The k ids to answer from, with what RRF tends to bury put back.

    - Each list's first hit stays in the top k (up to a third of it): BM25's top hit on a rare
      name is often the answer even when only BM25 finds it.
    - The chunks holding the three best-matching sentences are added (the extractive answerer
      picks sentences): after the k when `exact_k` is off (what the evals tuned), else in the
      last slots of k, at most a third of them.
    """
    best = fused.order[:k]
    firsts = [lists[name][0].id for name in ("bm25", "sentence", "dense") if lists[name]]
    kept = list(dict.fromkeys(firsts))[: max(1, k // 3)]
    for cid in (c for c in kept if c not in best):
        # replace the lowest-fused passage that is not itself kept
        slot = next((i for i in range(len(best) - 1, -1, -1) if best[i] not in kept), None)
        if slot is not None:
            best[slot] = cid
    top_sentences = [c.id for c in lists["sentence"][:3]]
    extra = [cid for cid in dict.fromkeys(top_sentences) if cid not in best]
    if exact_k:
        extra = extra[: k // 3]
        while len(best) + len(extra) > k:
            slot = next(i for i in range(len(best) - 1, -1, -1) if best[i] not in kept)
            del best[slot]
    return best + extra


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
        key = (self.store.generation, self.store.count())
        if self._bm25 is None or self._bm25_key != key:
            self._bm25 = load_or_build(self.store)
            self._bm25_key = key
        return self._bm25

    def refresh(self) -> None:
        """Forget the BM25 index after an ingest that may have kept the chunk count equal."""
        self._bm25 = None

    def ranked_lists(
        self, question: str, pool: int, filters: Filters | None = None
    ) -> dict[str, list[StoredChunk]]:
        """Each list's best `pool` chunks for the question, all within the filters."""
        vector = self.embedder.embed([question])[0]
        dense = [c for c, _ in self.store.query(vector, pool, filters)]
        index = self._bm25_index()
        scores = index.scores(question)
        allowed = set(self.store.chunk_ids(filters)) if filters else None
        ranked = (index.chunks[i] for i in np.argsort(-scores, kind="stable") if scores[i] > 0)
        bm25 = [c for c in ranked if allowed is None or c.id in allowed][:pool]
        by_sentence = [cid for cid, _ in self.store.query_sentences(vector, 3 * pool, filters)]
        known = {c.id: c for c in dense + bm25}
        unseen = [cid for cid in by_sentence if cid not in known]
        known.update((c.id, c) for c in self.store.get_chunks(unseen))
        sentence = [known[cid] for cid in by_sentence if cid in known][:pool]
        return dict(zip(LISTS, (dense, bm25, sentence), strict=True))

    def retrieve(self, question: str, k: int = 5, filters: Filters | None = None) -> list[Passage]:
        lists = self.ranked_lists(question, max(4 * k, 20), filters)
        fused = fuse(lists)
        best = _adjust(fused, lists, k, self.exact_k)
        chunks = {c.id: c for hits in lists.values() for c in hits}
        vectors = self.store.sentence_vectors(
            [(c, len(split_sentences(chunks[c].text))) for c in best]
        )
        return [
            passage_of(chunks[c], fused.scores[c], fused.ranks[c], vectors.get(c, {})) for c in best
        ]


def passage_of(
    chunk: StoredChunk,
    score: float,
    ranks: dict[str, int],
    sentence_vectors: dict[str, np.ndarray] | None = None,
) -> Passage:
    """A stored chunk as a passage to answer from."""
    m = chunk.meta
    return Passage(chunk.id, chunk.text, m["source"], m.get("title", ""), m.get("date"), score,
                   ranks, position=int(m.get("position", 0)), path=chunk.path,
                   sentence_vectors=sentence_vectors or {})  # fmt: skip
