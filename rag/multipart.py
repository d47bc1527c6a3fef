"""Several questions in one line ("Who went with Putin? What did they sign?"), asked one by one.

A line splits into parts only where each piece is a full question of its own: it ends in "?",
opens with a question word or an auxiliary and has at least three words ("Why?" or "And
Xi?" lean on the part before them and stay with it). `join_answers` puts the parts' checked
answers back into one `Answer`: sentences in order, citations renumbered so that one passage
keeps one number, and a part the sources do not answer says so for that part alone.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from rag.answering import ABSTAIN
from rag.citations import CheckedSentence, Citation

if TYPE_CHECKING:
    from rag.conflicts import Stated
    from rag.passages import Passage
    from rag.pipeline import Answer

_OPENER = re.compile(
    r"^(?:who|whom|whose|what|which|when|where|why|how|is|are|was|were|did|does|do|has|have|had"
    r"|will|would|can|could|should)\b",
    re.I,
)
_AFTER_QUESTION = re.compile(r"(?<=\?)\s+(?=\S)")


def split_questions(text: str) -> list[str]:
    """The line's questions, or the line alone when it holds fewer than two full questions."""
    pieces = _AFTER_QUESTION.split(text.strip())
    parts: list[str] = []
    for piece in pieces:
        if parts and not _full_question(piece):
            parts[-1] += " " + piece  # "Why?" stays with the question it leans on
        else:
            parts.append(piece)
    if len(parts) < 2 or not all(_full_question(p) for p in parts):
        return [text]
    return parts


def _full_question(piece: str) -> bool:
    return piece.endswith("?") and bool(_OPENER.match(piece)) and len(piece.split()) >= 3


def declined(question: str) -> str:
    """What a part the sources do not answer says."""
    return f"{question} {ABSTAIN}"


def join_answers(question: str, answers: list[Answer]) -> Answer:
    """One `Answer` for the whole line: each part's sentences in order, its citations renumbered
    (a passage cited by two parts keeps its first number), a sentence two parts quote said once,
    each declined part said in place."""
    numbers: dict[tuple[str, str], int] = {}
    citations: list[Citation] = []
    sentences: list[CheckedSentence] = []
    notes: list[str] = []
    conflicts: list[Stated] = []
    retrieved: dict[tuple[str, str], Passage] = {}
    texts: list[str] = []
    for answer in answers:
        if answer.abstained:
            texts.append(declined(answer.question))
            sentences.append(CheckedSentence(declined(answer.question), [], True))
        renumber: dict[int, int] = {}
        for c in answer.citations:
            key = (c.path or c.source, c.chunk_id)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                citations.append(replace(c, n=numbers[key]))
            renumber[c.n] = numbers[key]
        for s in answer.sentences:
            cited = [renumber[n] for n in s.citations]
            if any(s.text == t.text and cited == t.citations for t in sentences):
                continue  # two parts answered by one sentence: said once
            evidence = [{**e, "n": renumber[e["n"]]} for e in s.evidence]
            sentences.append(replace(s, citations=cited, evidence=evidence))
            texts.append(s.text + "".join(f" [{n}]" for n in cited))
        conflicts += [replace(c, n=renumber[c.n]) for c in answer.conflicts]
        notes += [_renumbered(note, renumber) for note in answer.notes]
        for p in answer.retrieved:
            retrieved.setdefault((p.path or p.source, p.chunk_id), p)
    abstained = all(a.abstained for a in answers)
    timings = {key: sum(a.timings_ms.get(key, 0.0) for a in answers)
               for key in answers[0].timings_ms}  # fmt: skip
    return replace(
        answers[0],
        question=question,
        answer=ABSTAIN if abstained else " ".join(texts).replace("] [", "]["),
        abstained=abstained,
        citations=[] if abstained else citations,
        retrieved=list(retrieved.values()),
        timings_ms=timings,
        sentences=[] if abstained else sentences,
        notes=list(dict.fromkeys(notes)),
        conflicts=conflicts,
    )


def _renumbered(note: str, renumber: dict[int, int]) -> str:
    """A part's note ("Sources differ: ... [2] (2024-05-17)") with the joined answer's numbers."""
    return re.sub(r"\[(\d+)\]", lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", note)
