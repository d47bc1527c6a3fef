"""Citations you can trust: parse `[n]`, renumber, and check every sentence against its passages.

Support rule (also in the README): an answer sentence is supported by a passage it cites when
every number in it appears in that passage and either at least 60% of its content terms occur in
the passage (lexical), or its embedding is at least 0.72 cosine-similar to the passage's closest
sentence while sharing at least 30% of its terms (semantic). Markers pointing outside the
retrieved passages are dropped; only retrieved passages can ever be cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.embedding import Embedder
from rag.retrieval import Passage
from rag.text import numbers, split_sentences, terms

LEXICAL_SUPPORT = 0.6
SEMANTIC_SUPPORT = 0.72
SEMANTIC_MIN_OVERLAP = 0.3

_MARKERS = re.compile(r"\s*\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
_LEADING_MARKERS = re.compile(r"^((?:\[\d{1,3}(?:\s*,\s*\d{1,3})*\]\s*)+)")
_GLUED_MARKER = re.compile(r"(?<=[.!?…])(?=\[\d)")  # "Harbin.[1] Xi" -> "Harbin. [1] Xi"


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    title: str
    date: str | None
    chunk_id: str
    text: str
    score: float
    path: str = ""  # the document's identity; `source` is its display name


@dataclass
class CheckedSentence:
    text: str  # without markers
    citations: list[int] = field(default_factory=list)  # renumbered
    supported: bool = False


@dataclass
class CheckedAnswer:
    text: str  # renumbered answer with markers
    citations: list[Citation]
    sentences: list[CheckedSentence]

    @property
    def supported_share(self) -> float:
        return sum(s.supported for s in self.sentences) / len(self.sentences) if self else 0.0

    def __bool__(self) -> bool:
        return bool(self.sentences)


def parse_sentences(draft: str) -> list[tuple[str, list[int]]]:
    """Split a draft into (sentence, cited numbers); markers after a full stop join its sentence."""
    pieces: list[tuple[str, list[int]]] = []
    for raw in split_sentences(_GLUED_MARKER.sub(" ", draft)):
        lead = _LEADING_MARKERS.match(raw)
        if lead and pieces:
            pieces[-1][1].extend(_numbers_in(lead.group(1)))
            raw = raw[lead.end() :]
        cited = _numbers_in(raw)
        text = _MARKERS.sub("", raw).strip()
        if text:
            pieces.append((text, cited))
        elif pieces:
            pieces[-1][1].extend(cited)
    return pieces


def _numbers_in(text: str) -> list[int]:
    return [int(n) for group in _MARKERS.findall(text) for n in re.split(r"\s*,\s*", group)]


def check_answer(draft: str, passages: list[Passage], embedder: Embedder | None) -> CheckedAnswer:
    """Renumber the draft's citations in order of first use and mark each sentence's support."""
    renumber: dict[int, int] = {}
    sentences: list[CheckedSentence] = []
    for text, cited in parse_sentences(draft):
        valid = list(dict.fromkeys(n for n in cited if 1 <= n <= len(passages)))
        for n in valid:
            renumber.setdefault(n, len(renumber) + 1)
        supported = any(supports(text, passages[n - 1].text, embedder) for n in valid)
        sentences.append(CheckedSentence(text, [renumber[n] for n in valid], supported))
    citations = [
        Citation(new, p.source, p.title, p.date, p.chunk_id, p.text, round(p.score, 5), p.path)
        for old, new in renumber.items()
        for p in [passages[old - 1]]
    ]
    text = " ".join(s.text + "".join(f" [{n}]" for n in s.citations) for s in sentences).replace(
        "] [", "]["
    )
    return CheckedAnswer(text, citations, sentences)


def supports(sentence: str, passage: str, embedder: Embedder | None) -> bool:
    """Does the passage back the sentence? (the rule in the module docstring)"""
    if not numbers(sentence) <= numbers(passage):
        return False
    s_terms = set(terms(sentence))
    if not s_terms:
        return False
    overlap = len(s_terms & set(terms(passage))) / len(s_terms)
    if overlap >= LEXICAL_SUPPORT:
        return True
    if embedder is None or overlap < SEMANTIC_MIN_OVERLAP:
        return False
    candidates = split_sentences(passage) or [passage]
    vectors = embedder.embed([sentence, *candidates])
    return float((vectors[1:] @ vectors[0]).max()) >= SEMANTIC_SUPPORT
