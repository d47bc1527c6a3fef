"""Which of a question's terms a sentence holds in other words ("backed" for "supported",
"Beijing" for "China", "buying" for "purchasing").

Late interaction (ColBERT's MaxSim) over the bundled MiniLM's contextual word-piece vectors:
each piece of a question term is matched to its closest piece of the sentence, and the term's
closeness is the mean over its pieces. In context a word's vector carries its sense, so a
synonym lands near it where the two words alone ("backed", "supported") are far apart.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from rag.text import WORD, fold, terms

TokenVectors = Callable[[list[str]], list[tuple[np.ndarray, list[tuple[int, int]]]]]


class Counterparts:
    """MaxSim closeness of question terms to sentences; sentences' pieces are kept per text."""

    # a seed sentence is about 34 pieces of 384 float32s (52 KB): 2,000 kept are about 100 MB,
    # where 20,000 were a gigabyte in a long-running `rag serve`
    def __init__(self, token_vectors: TokenVectors, limit: int = 2_000) -> None:
        self._token_vectors = token_vectors
        self._limit = limit
        self._pieces: dict[str, np.ndarray] = {}

    def closeness(
        self, question: str, sentences: list[str], only: set[str] | None = None
    ) -> list[dict[str, float]]:
        """Per sentence, each question term's MaxSim (its pieces' mean best cosine); of the terms
        `only`, when given."""
        asked = {t: v for t, v in self._term_pieces(question).items() if only is None or t in only}
        if not asked or not sentences:
            return [{} for _ in sentences]
        pieces = self._sentence_pieces(sentences)
        names = list(asked)
        bounds = np.cumsum([0, *(len(asked[t]) for t in names)])
        stacked = np.concatenate([asked[t] for t in names])
        scores = []
        for held in pieces:
            best = (stacked @ held.T).max(axis=1) if len(held) else np.zeros(len(stacked))
            means = np.add.reduceat(best, bounds[:-1]) / np.diff(bounds)
            scores.append(dict(zip(names, means.tolist(), strict=True)))
        return scores

    def _term_pieces(self, question: str) -> dict[str, np.ndarray]:
        """Each content term of the question with the vectors of its word pieces."""
        text = fold(question)
        vectors, spans = self._token_vectors([text])[0]
        found: dict[str, list[np.ndarray]] = {}
        for match in WORD.finditer(text):  # rag.text's words, with their places
            term = terms(match.group(0))
            inside = [
                i for i, (a, b) in enumerate(spans) if a >= match.start() and b <= match.end()
            ]
            if term and inside:
                found.setdefault(term[0], []).extend(vectors[inside])
        return {t: np.stack(v) for t, v in found.items()}

    def _sentence_pieces(self, sentences: list[str]) -> list[np.ndarray]:
        missing = [s for s in dict.fromkeys(sentences) if s not in self._pieces]
        if missing:
            if len(self._pieces) + len(missing) > self._limit:
                self._pieces.clear()
            for text, (vectors, _) in zip(missing, self._token_vectors(missing), strict=True):
                self._pieces[text] = vectors
        return [self._pieces[s] for s in sentences]
