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

import re
from collections.abc import Iterable
from functools import lru_cache

SHINGLE = 3  # words per shingle: long enough that two articles on one event rarely share many
THRESHOLD = 0.5  # Jaccard at or above which two passages are one: more shared than not
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The text's words, case-folded: what copies keep when outlets re-typeset (quotes, dashes).

    Not `rag.text.words`, which keeps only Latin letters and digits: a copy of an article in
    Russian or Chinese would have no words, and every such passage would look like every other."""
    return _WORD.findall(text.casefold())


@lru_cache(maxsize=1024)  # the same chunks come back question after question (~20 KB each)
def shingles(text: str) -> frozenset[str]:
    """Every run of `SHINGLE` consecutive words (the whole text when it is shorter), as strings:
    their hashes are cached, so comparing sets of them is fast."""
    w = words(text)
    return frozenset(" ".join(w[i : i + SHINGLE]) for i in range(max(1, len(w) - SHINGLE + 1)))


def jaccard(a: frozenset, b: frozenset) -> float:
    if min(len(a), len(b)) < THRESHOLD * max(len(a), len(b)):
        return 0.0  # cannot reach the threshold: skip the intersection (its value is not needed)
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if a or b else 1.0


def near_duplicates(a: str, b: str) -> bool:
    """Whether two passages say the same thing in (nearly) the same words."""
    return jaccard(shingles(a), shingles(b)) >= THRESHOLD


def representatives(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """(id, text) pairs, best-ranked first -> id -> the id of its group's representative.

    Each passage joins the most similar representative it near-duplicates (the earlier one on a
    tie), else becomes one: the best-ranked copy always represents its group.
    """
    rep_of: dict[str, str] = {}
    by_text: dict[str, str] = {}  # exact copies (the common case) skip the shingles
    reps: list[tuple[str, frozenset]] = []
    for cid, text in texts:
        if cid in rep_of:
            continue
        if text in by_text:
            rep_of[cid] = by_text[text]
            continue
        mine = shingles(text)
        best, best_sim = cid, THRESHOLD
        for rep, theirs in reps:
            sim = jaccard(mine, theirs)
            if sim >= best_sim and (best == cid or sim > best_sim):
                best, best_sim = rep, sim
        if best == cid:
            reps.append((cid, mine))
        rep_of[cid] = by_text[text] = best
    return rep_of
