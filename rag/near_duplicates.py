"""Near-duplicate passages: the same wire story in several outlets, re-labelled copies, a copy with
another header line or a few edited words.

Two passages are near-duplicates when they share at least `THRESHOLD` of their word 3-shingles
(Jaccard, on case-folded words; equal texts skip the comparison). Measured on the seeds plus re-labelled, re-headed
and edited copies of them (160 chunks): copies of one chunk share 0.59-1.0 of their shingles,
different chunks at most 0.13, even two articles on the same trip. Chunk vectors separate them less
well (copies 0.92-1.0 cosine, different chunks up to 0.85) and would cost a store read, so the rule
is on text alone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np

SHINGLE = 3  # words per shingle: long enough that two articles on one event rarely share many
THRESHOLD = 0.5  # Jaccard at or above which two passages are one: more shared than not
_WORD = re.compile(r"\w+")
#: odd 64-bit multipliers: a shingle's hash is sum(word hash * _MIX[position]) mod 2**64
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], np.uint64)
_WORD_HASHES: dict[str, int] = {}  # word -> its stable hash (a news vocabulary is ~100k words)


def words(text: str) -> list[str]:
    """The text's words, case-folded: what copies keep when outlets re-typeset (quotes, dashes).

    Not `rag.text.words`, which keeps only Latin letters and digits: a copy of an article in
    Russian or Chinese would have no words, and every such passage would look like every other."""
    return _WORD.findall(text.casefold())


def hash_shingles(text: str) -> np.ndarray:
    """Every run of `SHINGLE` consecutive words (the whole text when it is shorter), hashed, each
    once, sorted: small to cache, and a pool's passages become one array operation.

    The hashes are the same in every process (unlike Python's `hash` of a string), so the BM25
    index's cache keeps every chunk's (`rag/bm25.py`) and a question compares them unhashed."""
    w = words(text)
    codes = np.fromiter(map(_word_hash, w), np.uint64, len(w))
    if len(w) >= SHINGLE:
        n = len(w) - SHINGLE + 1
        runs = np.zeros(n, np.uint64)
        for i in range(SHINGLE):
            runs += codes[i : i + n] * _MIX[i]  # wraps around mod 2**64, as meant
    else:  # the whole text is one shingle; its length keeps "a" apart from "a a"
        runs = np.array([(codes * _MIX[: len(w)]).sum()], np.uint64) + np.uint64(len(w))
    found = np.unique(runs)
    found.flags.writeable = False  # shared by every caller of `shingle_hashes`
    return found


#: the same chunks come back question after question (~1 KB each)
shingle_hashes = lru_cache(maxsize=4096)(hash_shingles)


def _word_hash(word: str) -> int:
    """A word's 64-bit hash, the same in every process (kept: chunks share most words)."""
    code = _WORD_HASHES.get(word)
    if code is None:
        if len(_WORD_HASHES) >= 500_000:
            _WORD_HASHES.clear()
        digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
        code = _WORD_HASHES[word] = int.from_bytes(digest, "little")
    return code


def shingles(text: str) -> frozenset[int]:
    """The shingle hashes as a set, to compare two passages (`near_duplicates`)."""
    return frozenset(shingle_hashes(text).tolist())


def jaccard(a: frozenset, b: frozenset) -> float:
    if min(len(a), len(b)) < THRESHOLD * max(len(a), len(b)):
        return 0.0  # cannot reach the threshold: skip the intersection (its value is not needed)
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if a or b else 1.0


def near_duplicates(a: str, b: str) -> bool:
    """Whether two passages say the same thing in (nearly) the same words."""
    return jaccard(shingles(a), shingles(b)) >= THRESHOLD


def representatives(
    texts: Iterable[tuple[str, str]], known: Mapping[str, np.ndarray] | None = None
) -> dict[str, str]:
    """(id, text) pairs, best-ranked first -> id -> the id of its group's representative;
    `known` has the `shingle_hashes` of some ids' texts at hand (the BM25 index keeps every chunk's).

    Each passage joins the most similar representative it near-duplicates (the earlier one on a
    tie), else becomes one: the best-ranked copy always represents its group. A repeated text
    joins its first occurrence's group without a comparison.

    Comparing every passage with every representative is quadratic: each passage's shingles
    are one bit set (a Python int over the pool's shingles), so a comparison is an `&` and a bit
    count instead of a set intersection (a pool of 70 passages: 1.0 ms of CPU, not 6.8 ms).
    """
    first: dict[str, str] = {}  # id -> its text, for the first occurrence of each id
    for cid, text in texts:
        first.setdefault(cid, text)
    distinct = list(dict.fromkeys(first.values()))  # the texts compared, in rank order
    owner = {text: cid for cid, text in reversed(first.items())}  # a text's best-ranked id
    group: dict[str, str] = {}  # text -> its representative's id
    reps: list[tuple[str, int, int]] = []  # (id, shingle bits, shingle count)
    known = known or {}
    hashes = [known[owner[t]] if owner[t] in known else shingle_hashes(t) for t in distinct]
    for text, bits, size in zip(distinct, *_bit_sets(hashes), strict=True):
        best, best_sim = owner[text], THRESHOLD
        for rep, their_bits, their_size in reps:
            shared = (bits & their_bits).bit_count()
            sim = shared / (size + their_size - shared)
            if sim > best_sim or (sim == best_sim and best == owner[text]):
                best, best_sim = rep, sim
        if best == owner[text]:
            reps.append((best, bits, size))
        group[text] = best
    return {cid: group[text] for cid, text in first.items()}


def _bit_sets(hashes: list[np.ndarray]) -> tuple[list[int], list[int]]:
    """Each text's shingles (`shingle_hashes`) as bits of one int (bit i: the pool's i-th
    distinct shingle), and how many it has."""
    if not hashes:
        return [], []
    sizes = [len(h) for h in hashes]
    pool, column = np.unique(np.concatenate(hashes), return_inverse=True)
    held = np.zeros((len(hashes), len(pool)), bool)
    held[np.repeat(np.arange(len(hashes)), sizes), column] = True
    rows = np.packbits(held, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in rows], sizes
