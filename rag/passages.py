"""A retrieved passage: what the answerers, the citation check and every front end read."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk, its fused score and the rank each ranked list gave it."""

    chunk_id: str
    text: str
    source: str  # the document's display name; `path` is its identity
    title: str
    date: str | None
    score: float
    #: list name ("dense", "bm25", "sentence") -> 1-based rank in that list, for those that had it
    ranks: dict[str, int] = field(default_factory=dict, compare=False)
    position: int = 0
    path: str = ""
    # the store's vector for each of the chunk's sentences, by text (the extractive answerer's)
    sentence_vectors: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    #: the other documents holding a near-duplicate of this passage (folded into it by retrieval);
    #: their identities, as `path`, until the Pipeline labels them with display names
    also_in: tuple[str, ...] = ()
