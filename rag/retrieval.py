"""Hybrid retrieval in three steps: ranked lists -> fusion -> adjustments.

Ranked lists of chunks:
- dense: chunk vectors in Chroma (the passage's overall topic);
- sentence: each chunk ranked by its best sentence vector (a short fact inside a long chunk);
- bm25: rare names and numbers that MiniLM blurs.
Fusion is reciprocal rank fusion (RRF), which needs no score calibration between the lists.
The adjustments keep what RRF would bury (see `_adjust`). An optional reranker runs after this,
in the Pipeline (`rag/reranking/`).

Near-duplicate chunks (one wire story in many outlets; `rag/near_duplicates.py`) are folded into
the best-ranked copy before the final fusion: each list keeps a story once, at its best rank, so
the k passages are k different texts and the ranks are those a corpus without the copies gives.
The representative records the documents its copies came from (`Passage.also_in`).

A question naming a day in full ("on March 5, 2026") prefers that day: the passages of documents
dated that day (fetched under a date filter too, so they are in the pool) or stating the date
come first, in every list and in the fused order. Twelve daily reports from one template otherwise rank alike, and the
answer quoted another day's figure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from rag.bm25 import BM25Index, load_or_build
from rag.documents import full_dates
from rag.embedding import Embedder
from rag.filters import Filters
from rag.leads import with_lead
from rag.near_duplicates import representatives
from rag.occasions import without_occasion
from rag.passages import Passage
from rag.store import Store, StoredChunk
from rag.text import split_sentences

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of top ranks
LISTS = ("dense", "bm25", "sentence")  # the ranked lists, in fusion order
_WIDEN_ROUNDS = 3  # re-queries with a wider pool when copies crowd the lists
#: with folding, lists are fetched this much deeper than the pool: a list holding a few copies
#: (10% of a synthetic 10,000-chunk index) is then full without a second fetch
_MARGIN = 1.25
#: how stale another client's ingest into a Chroma server may be seen: the chunk count (the BM25
#: index's freshness check, 1 ms at 10,000 chunks) is read at most this often; on the embedded
#: store every write bumps the change marker, seen at once
_RECOUNT_S = 1.0
_MAX_DEPTH = 64  # pools: how deep a crowded list is fetched at most


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
    def __init__(
        self, store: Store, embedder: Embedder, exact_k: bool = False, fold: bool = True
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.fold = fold  # near-duplicates count once (off: every copy is its own passage)
        #: False: the best-sentence chunks come after the k fused passages (what evals tuned);
        #: True: they take the last slots of k, so k passages means k (the web UI's slider).
        self.exact_k = exact_k
        self._bm25: BM25Index | None = None
        self._bm25_key: tuple | None = None
        self._counted = -_RECOUNT_S  # when the chunk count was last read

    def _bm25_index(self) -> BM25Index:
        # Loading reads every chunk id; re-check cheaply first. Another process may have written
        # the index (a new generation or change marker, seen at once) or, on a Chroma server,
        # changed its size (its count is read at most every `_RECOUNT_S`).
        version = self.store.version
        recount = time.monotonic() - self._counted >= _RECOUNT_S
        if self._bm25 is None or recount or (self._bm25_key or (None,))[0] != version:
            key = (version, self.store.count())
            self._counted = time.monotonic()
            if self._bm25 is None or self._bm25_key != key:
                self._bm25 = load_or_build(self.store)
                self._bm25_key = key
        return self._bm25

    def chunks_at(self, key: tuple) -> list[StoredChunk] | None:
        """Every chunk of the store, from memory, if the BM25 index was loaded at this key
        (`Store.version`, chunk count); else None (read them from the store)."""
        return self._bm25.chunks if self._bm25 is not None and self._bm25_key == key else None

    def refresh(self) -> None:
        """Forget the BM25 index after an ingest that may have kept the chunk count equal."""
        self._bm25 = None

    def candidates(self, question: str, pool: int, filters: Filters | None = None) -> Candidates:
        """The ranked lists with near-duplicates folded into their best-ranked copy, each still
        `pool` long where the store has that many distinct chunks.

        Copies crowd a list (40 copies of a story fill a pool of 20), so with folding each list is
        fetched `_MARGIN` deeper than the pool, and one that came back full but short of `pool`
        distinct chunks is fetched again deeper, by the share of copies it held, up to
        `_WIDEN_ROUNDS` times and `_MAX_DEPTH` pools; the other lists are kept.
        """
        core = without_occasion(question)  # the sentence search also without "on his trip to X"
        vectors = self.embedder.embed([question] if core == question else [question, core])
        lists = _Lists(self.store, self._bm25_index(), question, vectors, filters)
        depth = dict.fromkeys(LISTS, int(pool * _MARGIN) if self.fold else pool)
        raw = {name: lists.fetch(name, depth[name]) for name in LISTS}
        found = Candidates.of(raw, pool, self.fold, lists.index.shingles)
        for _ in range(_WIDEN_ROUNDS):
            short = [n for n in LISTS if len(raw[n]) >= depth[n] and len(found.lists[n]) < pool]
            deeper = {n: _deeper(depth[n], len(found.lists[n]) / len(raw[n]), pool) for n in short}
            deeper = {n: d for n, d in deeper.items() if d > depth[n]}
            if not deeper:
                break
            for name, d in deeper.items():
                depth[name], raw[name] = d, lists.fetch(name, d)
            found = Candidates.of(raw, pool, self.fold, lists.index.shingles)
        return found

    def retrieve(
        self,
        question: str,
        k: int = 5,
        filters: Filters | None = None,
        spread: int = 0,
        sought: Callable[[str], bool] = bool,
    ) -> list[Passage]:
        """The k passages to answer from; with `spread`, after them the best left-out chunk of
        up to `spread` documents whose text is `sought` (see `spread_over`)."""
        pool = max(4 * k, 20)
        found = self.candidates(question, pool, filters)
        days = [d for d in sorted(full_dates(question)) if _admits(filters, d)]
        named = {d.isoformat() for d in days}
        if days:
            dated = [self.candidates(question, pool, _on(filters, d)) for d in days]
            found = found.preferring(named, dated)
        fused = fuse(found.lists)
        if days:  # first in the fused order too: a chunk only one list holds is not buried by RRF
            order = sorted(fused.order, key=lambda c: not _on_days(found.chunks[c], named))
            fused = Fused(order, fused.scores, fused.ranks)
        best = _adjust(fused, found.lists, k, self.exact_k)
        chunks = found.chunks
        left = [c for c in fused.order if sought(chunks[c].text)] if spread else []
        best += spread_over(left, best, lambda c: chunks[c].path, spread)
        vectors = self.store.sentence_vectors([(c, split_sentences(chunks[c].text)) for c in best])
        index = self._bm25_index()
        return [
            passage_of(_led(chunks[c], index), fused.scores[c], fused.ranks[c], vectors.get(c, {}),
                       found.also_in(c))
            for c in best
        ]  # fmt: skip


def spread_over(
    order: list[str], chosen: list[str], document: Callable[[str], str], most: int
) -> list[str]:
    """Of the fused `order` (of the chunks sought), the first chunk left out of `chosen` of each
    of up to `most` documents: when sources may disagree, the other side is often a report's
    passage that reads less like the question than its own best passage or than the many
    passages of one report ("Nonetheless, there are limits to its cooperation" against a "no
    limits" partnership); each document's next such passage gives that side a place to be
    found, and no document fills the places alone."""
    taken, seen, extra = set(chosen), set[str](), list[str]()
    for cid in order:
        if len(extra) >= most:
            break
        if cid in taken or document(cid) in seen:
            continue
        seen.add(document(cid))
        extra.append(cid)
    return extra


def _led(chunk: StoredChunk, index: BM25Index) -> StoredChunk:
    """The chunk with the sentence before it in its document when its first sentence leans on
    that one ("It broke apart at ..."; `rag/leads.py`), read from the chunk before it."""
    position = int(chunk.meta.get("position", 0))
    before = index.by_place.get((chunk.path, position - 1)) if position else None
    if before is None:
        return chunk
    return replace(chunk, text=with_lead(chunk.text, index.by_id[before].text))


def _admits(filters: Filters | None, day: dt.date) -> bool:
    return not filters or (
        (filters.since is None or filters.since <= day)
        and (filters.until is None or day <= filters.until)
    )


def _on(filters: Filters | None, day: dt.date) -> Filters:
    """The filters narrowed to documents dated `day`."""
    return replace(filters or Filters(), since=day, until=day)


def _deeper(depth: int, distinct: float, pool: int) -> int:
    """How deep to fetch a list again whose `distinct` share of chunks were not copies: deep
    enough for `pool` distinct ones at that share, with a margin, at most `_MAX_DEPTH` pools."""
    return min(int(depth * _MARGIN / max(distinct, 1 / depth)) + 1, _MAX_DEPTH * pool)


class _Lists:
    """One question's ranked lists, each fetched to any depth: the question is embedded and
    scored by BM25 once, and a list is fetched again deeper only when copies crowd it."""

    def __init__(
        self, store: Store, index: BM25Index, question: str, vectors: np.ndarray,
        filters: Filters | None,
    ) -> None:  # fmt: skip
        """`vectors`: the question's, then (optional) the question's without its occasion."""
        self.store, self.index, self.filters = store, index, filters
        self.vector, self.cores = vectors[0], vectors[1:]
        self.scores = index.scores(question)
        self.allowed = set(store.chunk_ids(filters)) if filters else None

    def fetch(self, name: str, depth: int) -> list[StoredChunk]:
        """The list's best `depth` chunks within the filters."""
        if name == "dense":
            return self.chunks(
                [cid for cid, _ in self.store.query(self.vector, depth, self.filters)]
            )
        if name == "bm25":
            return self.index.top(self.scores, depth, self.allowed)
        # with an occasion, the two searches take turns, the one without it first: their
        # similarities are on different scales
        ranked = [
            [cid for cid, _ in self.store.query_sentences(vector, 3 * depth, self.filters)]
            for vector in (*self.cores, self.vector)
        ]
        turns = dict.fromkeys(cid for row in itertools.zip_longest(*ranked) for cid in row if cid)
        return self.chunks(list(turns))[:depth]

    def chunks(self, ids: list[str]) -> list[StoredChunk]:
        """The chunks with these ids, in order: from the BM25 index's copy, from the store for
        any it lacks (another process's ingest since it was loaded)."""
        known = self.index.by_id
        missing = [cid for cid in ids if cid not in known]
        read = {c.id: c for c in self.store.get_chunks(missing)} if missing else {}
        return [c for c in (known.get(cid) or read.get(cid) for cid in ids) if c is not None]


@dataclass(frozen=True)
class Candidates:
    """Ranked lists without near-duplicates, and where the folded copies were."""

    lists: dict[str, list[StoredChunk]]  # each story once, as its representative
    chunks: dict[str, StoredChunk]  # every chunk the raw lists held, copies too
    copies: dict[str, list[str]]  # representative id -> its copies' ids, best-ranked first

    @classmethod
    def of(
        cls, raw: dict[str, list[StoredChunk]], pool: int, fold: bool = True,
        shingles: Mapping[str, np.ndarray] | None = None,
    ) -> Candidates:  # fmt: skip
        """Group the raw lists' chunks in their fused order (so the best-ranked copy represents
        its group), then keep each group once per list, at its best rank. `shingles`: chunks'
        shingle hashes at hand, by id (`BM25Index.shingles`)."""
        chunks = {c.id: c for hits in raw.values() for c in hits}
        order = fuse(raw).order
        if fold:
            rep_of = representatives(((cid, chunks[cid].text) for cid in order), shingles)
        else:
            rep_of = {cid: cid for cid in order}
        copies: dict[str, list[str]] = {}
        for cid in order:
            if rep_of[cid] != cid:
                copies.setdefault(rep_of[cid], []).append(cid)
        lists = {
            name: [chunks[rep] for rep in dict.fromkeys(rep_of[c.id] for c in hits)][:pool]
            for name, hits in raw.items()
        }
        return cls(lists, chunks, copies)

    def preferring(self, days: set[str], dated: list[Candidates]) -> Candidates:
        """These lists with the `dated` candidates (fetched under a filter on one of `days`)
        merged in, and every chunk of a document dated one of the days or stating one first."""
        lists = {}
        for name, hits in self.lists.items():
            theirs = [c for found in dated for c in found.lists[name]]
            merged = list({c.id: c for c in theirs + hits}.values())
            lists[name] = sorted(merged, key=lambda c: not _on_days(c, days))  # stable
        chunks = {cid: c for f in [*dated, self] for cid, c in f.chunks.items()}
        copies = {rep: ids for f in [*dated, self] for rep, ids in f.copies.items()}
        return Candidates(lists, chunks, copies)

    def also_in(self, rep: str) -> tuple[str, ...]:
        """The other documents holding a copy of this chunk (their identities)."""
        own = self.chunks[rep].path
        paths = (self.chunks[c].path for c in self.copies.get(rep, ()))
        return tuple(p for p in dict.fromkeys(paths) if p != own)


def _on_days(chunk: StoredChunk, days: set[str]) -> bool:
    """Whether the chunk's document is dated one of `days` (ISO) or the chunk states one."""
    return chunk.meta.get("date") in days or any(
        d.isoformat() in days for d in full_dates(chunk.text)
    )


def passage_of(
    chunk: StoredChunk,
    score: float,
    ranks: dict[str, int],
    sentence_vectors: dict[str, np.ndarray] | None = None,
    also_in: tuple[str, ...] = (),
) -> Passage:
    """A stored chunk as a passage to answer from."""
    m = chunk.meta
    return Passage(chunk.id, chunk.text, m["source"], m.get("title", ""), m.get("date"), score,
                   ranks, position=int(m.get("position", 0)), path=chunk.path,
                   sentence_vectors=sentence_vectors or {}, also_in=also_in)  # fmt: skip
