"""Which of a question's words a sentence says with another word of like meaning, each word
embedded alone ("reporters" for "journalists", "ballots" for "votes", "war" for "fighting").

A question worded apart from its article ("paraphrase") or an article machine-reworded
("spun": "supervisor" for "manager") shares few terms with the sentence that answers it. The
token vectors in context (rag/answering/counterparts.py) pull a word toward its sentence's
topic; a word's own vector keeps its sense, and the closest word of the sentence is a
counterpart of a strength the caller grades.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from rag.text import STOPWORDS, WORD, fold, terms

Embed = Callable[[list[str]], np.ndarray]


def asked_words(question: str) -> dict[str, str]:
    """Each content term of the question with the word it stands for ("journalist":
    "journalists"). Not a name (a capital after the first word: another name is close to it,
    never the same) nor a figure."""
    named = {fold(m.group(0)) for m in re.finditer(r"(?<=\s)[A-Z][\w'’-]*", question)}
    found: dict[str, str] = {}
    for match in WORD.finditer(fold(question)):
        word = match.group(0)
        if word in named or not _plain(word):
            continue
        term = terms(word)
        if term:
            found.setdefault(term[0], word)
    return found


def sentence_words(text: str) -> set[str]:
    """The text's plain content words: the candidates to stand for a question's word."""
    return {w for w in WORD.findall(fold(text)) if _plain(w)}


def _plain(word: str) -> bool:
    return word.isalpha() and len(word) > 2 and word not in STOPWORDS


def closeness(asked: dict[str, str], texts: list[str], embed: Embed) -> list[dict[str, float]]:
    """Per text, each asked term's best cosine to one of the text's words (both embedded
    alone)."""
    held = [sentence_words(t) for t in texts]
    vocab = sorted(set().union(*held)) if held else []
    if not asked or not vocab:
        return [{} for _ in texts]
    names = list(asked)
    sims = embed([asked[t] for t in names]) @ embed(vocab).T
    column = {w: i for i, w in enumerate(vocab)}
    out = []
    for words in held:
        cols = [column[w] for w in words]
        best = sims[:, cols].max(axis=1) if cols else np.zeros(len(names))
        out.append(dict(zip(names, best.tolist(), strict=True)))
    return out
