"""Citations you can trust: parse `[n]`, renumber, and check every sentence against its passages.

Whether a sentence is supported is decided by `rag.support` (the rule and its reasons live
there and in the README); this module parses and renumbers. Markers pointing outside the
retrieved passages are dropped; only retrieved passages can ever be cited, and markers written
inside passages are defused (`rag.text.defuse_markers`) before any answerer sees them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rag.embedding import Embedder
from rag.passages import Passage
from rag.support import Lexicon, judge, remember
from rag.support.names import NO_LEXICON
from rag.text import MARKER, defuse_markers, split_sentences

#: An optional second opinion: (sentence, its cited passages) -> does it hold? (`RAG_VERIFY=llm`)
Verifier = Callable[[str, list[str]], bool]

_MARKERS = re.compile(rf"\s*{MARKER}")
_LEADING_MARKERS = re.compile(rf"^((?:{MARKER}\s*)+)")
_GLUED_MARKER = re.compile(r"(?<=[.!?…])(?=\[\s*\d)")  # "Harbin.[1] Xi" -> "Harbin. [1] Xi"
_MAX_RANGE = 10


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
    also_in: tuple[str, ...] = ()  # other documents with a near-copy of the passage (display names)


@dataclass
class CheckedSentence:
    text: str  # without markers
    citations: list[int] = field(default_factory=list)  # renumbered
    supported: bool = False
    # The passage sentences the check matched: [{"n": citation number, "text": sentence}].
    evidence: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""  # why it is unsupported, in words


@dataclass
class CheckedAnswer:
    text: str  # renumbered answer with markers
    citations: list[Citation]
    sentences: list[CheckedSentence]

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
    """The numbers the markers in `text` cite; a range `[2-4]` cites 2, 3 and 4."""
    cited: list[int] = []
    for group in _MARKERS.findall(text):
        for part in re.split(r"\s*[,;]\s*", group):
            ends = [int(n) for n in re.split(r"\s*[\-–]\s*", part)]
            low, high = ends[0], ends[-1]
            cited += range(low, high + 1) if 0 <= high - low < _MAX_RANGE else ends
    return cited


def check_answer(
    draft: str,
    passages: list[Passage],
    embedder: Embedder | None,
    verify: Verifier | None = None,
    collection: Lexicon = NO_LEXICON,
    question: str = "",
) -> CheckedAnswer:
    """Renumber the draft's citations in order of first use and mark each sentence's support.

    With `verify`, a sentence the rule supports must also be confirmed by the verifier;
    `collection` holds the names the whole collection writes (`rag.support.lexicon`);
    `question` is what the draft answers (a bare date is checked against it).
    """
    renumber: dict[int, int] = {}
    sentences: list[CheckedSentence] = []
    for passage in passages:
        remember(embedder, passage.sentence_vectors)
    for text, cited in parse_sentences(draft):
        valid = list(dict.fromkeys(n for n in cited if 1 <= n <= len(passages)))
        for n in valid:
            renumber.setdefault(n, len(renumber) + 1)
        sources = [defuse_markers(passages[n - 1].text) for n in valid]
        days = [passages[n - 1].date for n in valid]
        verdict = judge(text, sources, embedder, days, collection, question)
        reason = verdict.reason
        if verdict and verify is not None and not verify(text, sources):
            reason = "the model checking it says its sources do not state it"
        evidence = [{"n": renumber[valid[e.passage]], "text": e.text} for e in verdict.evidence]
        sentences.append(CheckedSentence(text, [renumber[n] for n in valid], not reason, evidence,
                                         reason))  # fmt: skip
    citations = [
        Citation(
            new, p.source, p.title, p.date, p.chunk_id, p.text, round(p.score, 5), p.path, p.also_in
        )  # fmt: skip
        for old, new in renumber.items()
        for p in [passages[old - 1]]
    ]
    text = " ".join(s.text + "".join(f" [{n}]" for n in s.citations) for s in sentences).replace(
        "] [", "]["
    )
    return CheckedAnswer(text, citations, sentences)


def supports(
    sentence: str, passage: str, embedder: Embedder | None, published: str | None = None
) -> bool:
    """Does the passage (of article date `published`) back the sentence? (`rag.support`)"""
    return judge(sentence, [passage], embedder, [published]).supported
