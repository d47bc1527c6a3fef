"""The offline default: answer with the passages' own sentences, each cited, or abstain.

Nothing is generated, so nothing can be invented. The work is choosing: every sentence of the
retrieved passages is scored by embedding similarity to the question, IDF-weighted overlap of
content terms, whether it holds the kind of thing asked for (names for "who", a date for "when",
a number for "how many"), and its passage's rank. The best one is kept when it clears a
threshold tuned on `evals/dev.jsonl` (never on the gold test set); close runners-up from other
sources are added, so that sources which differ are shown side by side.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from rag.answering.base import ABSTAIN
from rag.answering.questions import focus_words, has_answer_type, question_type
from rag.citations import defuse_markers
from rag.embedding import Embedder
from rag.passages import Passage
from rag.text import fold, is_fragment, numbers, split_sentences, stem, terms


@dataclass(frozen=True)
class Weights:
    """Scoring weights and thresholds; defaults come from evals/tune_extractive.py on dev."""

    sim: float = 1.0
    lex: float = 0.6
    typed: float = 0.0
    rank: float = 0.1
    min_score: float = 0.72  # below this the best sentence does not answer: abstain
    near_best: float = 0.08  # a runner-up must score within this of the best ...
    max_words: int = 75  # ... and fit in the answer's length budget
    max_sentences: int = 2
    type_gate: bool = True  # a typed question ("how many") only takes sentences of that type
    focus_sim: float = 0.55  # a word this close (MiniLM cosine) to the asked attribute stands in


_ANAPHOR = re.compile(r"^(they|he|she|it|this|these|those|that|the two|both|his|her|their)\b", re.I)


_OPENERS = "\"“‘'(["  # a quoted sentence starts with a quote mark, not a capital


@dataclass
class Candidate:
    """One answer unit: a sentence (with the one before it when it starts with `They`...)."""

    text: str
    passage: int  # 1-based index into the passages: the citation number
    source: str
    sim: float = 0.0
    lex: float = 0.0
    typed: float = 0.0
    score: float = 0.0
    has_focus: bool = True  # holds the asked-for attribute ("population") or a word close to it

    def rescore(self, w: Weights) -> None:
        prior = self.passage**-0.5  # retrieval rank, gently: later passages still compete
        self.score = w.sim * self.sim + w.lex * self.lex + w.typed * self.typed + w.rank * prior


class ExtractiveAnswerer:
    name = "extractive"
    chat = None  # nothing is generated

    def __init__(self, embedder: Embedder, weights: Weights | None = None) -> None:
        self.embedder = embedder
        self.weights = weights or Weights()
        self._vectors: dict[str, np.ndarray] = {}

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str]:
        yield self.answer(question, passages)

    def answer(self, question: str, passages: list[Passage]) -> str:
        chosen = choose(self.candidates(question, passages), question, self.weights)
        if not chosen:
            return ABSTAIN
        # Cite every sentence, also both halves of a "... They included ..." pair.
        return " ".join(f"{s} [{c.passage}]" for c in chosen for s in split_sentences(c.text))

    def candidates(self, question: str, passages: list[Passage]) -> list[Candidate]:
        """Every distinct answer unit of the passages with its features."""
        seen: set[str] = set()
        found: list[Candidate] = []
        for n, passage in enumerate(passages, start=1):
            previous = ""
            for raw in split_sentences(defuse_markers(passage.text)):
                sentence = raw.strip()  # a document's own "[9]" is now "(9)": not ours
                text = (
                    f"{previous} {sentence}" if previous and _ANAPHOR.match(sentence) else sentence
                )
                previous = sentence
                cut = not sentence.lstrip(_OPENERS)[:1].isupper() or is_fragment(sentence)
                if fold(text) in seen or len(sentence.split()) < 5 or cut:
                    continue  # skip repeats from overlapping chunks and pieces cut at chunk edges
                seen.add(fold(text))
                found.append(Candidate(text, n, passage.source))
        if not found:
            return []
        q_terms = set(terms(question))
        idf = _idf([set(terms(c.text)) for c in found])
        unseen = math.log(1 + len(found))  # a question term no sentence has weighs most
        q_weight = sum(idf.get(t, unseen) for t in q_terms) or 1.0
        sims = (
            self._sentence_vectors([c.text for c in found], passages) @ self._embed([question])[0]
        )
        kind = question_type(question)
        for cand, sim in zip(found, sims, strict=True):
            cand.sim = float(sim)
            cand.lex = sum(idf[t] for t in q_terms & set(terms(cand.text))) / q_weight
            cand.typed = has_answer_type(kind, cand.text, question)
            cand.rescore(self.weights)
        self._mark_focus(question, found)
        return found

    def _mark_focus(self, question: str, found: list[Candidate]) -> None:
        """Which candidates name the question's focus: same stem, or a MiniLM-close word."""
        focus = focus_words(question)
        if not focus:
            return
        words = {c.text: set(terms(c.text)) for c in found}
        vocab = sorted(set().union(*words.values()))
        close = self._embed(focus) @ self._embed(vocab).T >= self.weights.focus_sim
        for cand in found:
            held = words[cand.text]
            cand.has_focus = all(
                stem(f) in held or any(v in held for v in np.asarray(vocab)[close[i]])
                for i, f in enumerate(focus)
            )

    def _sentence_vectors(self, texts: list[str], passages: list[Passage]) -> np.ndarray:
        """The store's vectors of these sentences where retrieval brought them, else embedded."""
        stored = {t: v for p in passages for t, v in p.sentence_vectors.items()}
        rest = [t for t in texts if t not in stored]
        embedded = dict(zip(rest, self._embed(rest), strict=True)) if rest else {}
        return np.stack([stored[t] if t in stored else embedded[t] for t in texts])

    def _embed(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            if len(self._vectors) > 20_000:
                self._vectors.clear()
            self._vectors.update(zip(missing, self.embedder.embed(missing), strict=True))
        return np.stack([self._vectors[t] for t in texts])


def choose(candidates: list[Candidate], question: str, w: Weights) -> list[Candidate]:
    """The units that answer, best first; empty when none clears the threshold."""
    for cand in candidates:
        cand.rescore(w)
    if w.type_gate and question_type(question):
        candidates = [c for c in candidates if c.typed >= 0.5]
    candidates = [c for c in candidates if c.has_focus]
    ranked = sorted(candidates, key=lambda c: -c.score)
    if not ranked or ranked[0].score < w.min_score:
        return []
    best = ranked[0]
    chosen, words = [best], len(best.text.split())
    counting = question_type(question) == "count"
    for cand in ranked[1:]:
        if len(chosen) == w.max_sentences or best.score - cand.score > w.near_best:
            break
        size = len(cand.text.split())
        if words + size > w.max_words or any(cand.text in c.text or c.text in cand.text
                                             for c in chosen):  # fmt: skip
            continue
        new_source = all(cand.source != c.source for c in chosen)
        new_number = counting and all(numbers(cand.text) != numbers(c.text) for c in chosen)
        if new_source or new_number:
            chosen.append(cand)
            words += size
    return chosen


def _idf(docs: list[set[str]]) -> dict[str, float]:
    """Smoothed IDF over the candidate sentences: names every sentence shares weigh little."""
    counts: dict[str, int] = {}
    for doc in docs:
        for term in doc:
            counts[term] = counts.get(term, 0) + 1
    return {t: math.log(1 + len(docs) / c) for t, c in counts.items()}
