"""Maximal marginal relevance (Carbonell & Goldstein, 1998): relevant passages that say
different things first.

News collections repeat themselves (a wire story in three outlets, an article and its update);
plain similarity fills the top slots with copies, and the answerer then sees one fact k times.
MMR picks, one at a time, the passage that maximises
`LAMBDA * relevance(p) - (1 - LAMBDA) * max sim(p, picked)`, where relevance is retrieval's own
score over the best one's (so the top passage stays first) and a passage's vector is the mean of its
stored sentence vectors (so reranking embeds nothing new).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from rag.embedding import Embedder
from rag.passages import Passage

LAMBDA = 0.7  # relevance still dominates; a near-copy (similarity ~1) drops below distinct passages


class MMRReranker:
    name = "mmr"

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def rerank(self, question: str, passages: list[Passage]) -> list[Passage]:
        if len(passages) < 3:
            return passages
        vectors = self._vectors(passages)
        similarity = vectors @ vectors.T
        scores = np.clip([p.score for p in passages], 0.0, None)
        relevance = scores / scores.max() if scores.max() > 0 else np.ones(len(passages))
        overlap = np.zeros(len(passages))  # each passage's highest similarity to one picked
        left = list(range(len(passages)))
        picked: list[int] = []
        while left:
            gain = LAMBDA * relevance - (1 - LAMBDA) * overlap
            best = max(left, key=lambda i: gain[i])  # ties keep retrieval's order
            picked.append(best)
            left.remove(best)
            overlap = np.maximum(overlap, similarity[best])
        return [replace(passages[i], ranks={**passages[i].ranks, "mmr": n})
                for n, i in enumerate(picked, start=1)]  # fmt: skip

    def _vectors(self, passages: list[Passage]) -> np.ndarray:
        missing = [p.text for p in passages if not p.sentence_vectors]
        embedded = iter(self.embedder.embed(missing)) if missing else iter(())
        rows = [
            np.mean(list(p.sentence_vectors.values()), axis=0) if p.sentence_vectors
            else next(embedded)
            for p in passages
        ]  # fmt: skip
        matrix = np.asarray(rows, dtype=np.float32)
        return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
