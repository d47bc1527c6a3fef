"""Near-duplicate passages: the same wire story in several outlets, re-labelled copies, a copy with
another header line or a few edited words.

Two passages are near-duplicates when their normalised texts are equal or share at least
`THRESHOLD` of their word 3-shingles (Jaccard). Measured on the seeds plus re-labelled, re-headed
and edited copies of them (160 chunks): copies of one chunk share 0.59-1.0 of their shingles,
different chunks at most 0.13, even two articles on the same trip. Chunk vectors separate them less
well (copies 0.92-1.0 cosine, different chunks up to 0.85) and would cost a store read, so the rule
is on text alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.text import fold

SHINGLE = 3  # words per shingle: long enough that two articles on one event rarely share many
THRESHOLD = 0.5  # Jaccard at or above which two passages are one: more shared than not
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The text's words, folded (case, accents, quotes): what copies keep when outlets re-typeset."""
    return _WORD.findall(fold(text))


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """Every run of `SHINGLE` consecutive words (the whole text when it is shorter)."""
    w = words(text)
    return frozenset(tuple(w[i : i + SHINGLE]) for i in range(max(1, len(w) - SHINGLE + 1)))


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def near_duplicates(a: str, b: str) -> bool:
    """Whether two passages say the same thing in (nearly) the same words."""
    return jaccard(shingles(a), shingles(b)) >= THRESHOLD


def representatives(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """(id, text) pairs, best-ranked first -> id -> the id of its group's representative.

    Each passage joins the most similar representative it near-duplicates (the earlier one on a
    tie), else becomes one: the best-ranked copy always represents its group.
    """
    rep_of: dict[str, str] = {}
    by_text: dict[tuple[str, ...], str] = {}  # exact copies (the common case) skip the shingles
    reps: list[tuple[str, frozenset]] = []
    for cid, text in texts:
        if cid in rep_of:
            continue
        key = tuple(words(text))
        if key in by_text:
            rep_of[cid] = by_text[key]
            continue
        mine = shingles(text)
        best, best_sim = cid, THRESHOLD
        for rep, theirs in reps:
            sim = jaccard(mine, theirs)
            if sim >= best_sim and (best == cid or sim > best_sim):
                best, best_sim = rep, sim
        if best == cid:
            reps.append((cid, mine))
        rep_of[cid] = by_text[key] = best
    return rep_of
