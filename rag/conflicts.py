"""Sources that disagree on a number or a time of day: found in the checked answer, carried as
data, then said.

When two cited documents give different figures for what was asked ("37th time" in December
2021, "more than 40 times" in May 2024), or different times ("4:30 p.m." in the first report,
"11:50 a.m." in the follow-up), the reader needs both values, each with its source and
date, rather than one of them presented as the fact. Front ends render `Answer.conflicts`; they
never re-parse the answer text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answering.questions import (
    another_kind,
    asks_time,
    compounds,
    counted,
    counts_next,
    question_type,
    times_of_day,
)
from rag.citations import CheckedSentence, Citation
from rag.text import NAMING, NUMBER_WORD, YEAR, amounts, fold, numbers, terms

# A qualifier is part of the figure: "at least four" is not what "four" says.
_VALUE = re.compile(
    r"(?:\b(?:(?:more|fewer|less|greater) than|at (?:least|most)|up to|as (?:many|much) as|about|around"
    r"|nearly|almost|over|some|roughly|approximately) )?"
    rf"(?:(?<![\w.])[$€£]?\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|\b(?:{NUMBER_WORD})\b(?! of\b(?! the \d)))"
    r"(?:[ -](?:percent|billion|million|thousand|times?))?",
    re.I,
)


@dataclass(frozen=True)
class Stated:
    """One source's figure: what it says, the citation number, and whose and when it is."""

    value: str
    n: int
    source: str
    title: str
    date: str | None


def compared(question: str) -> bool:
    """Is the question one whose answer is a value sources may state differently: a figure
    ("how many", "how much") or a time of day ("at what time")?"""
    return question_type(question) == "count" or asks_time(question)


def values(sentence: str, question: str) -> list[str]:
    """The figures a sentence states, without years and numbers the question already holds;
    with "how many X" (or "how long"), only those that count X: "at least four people", not
    "about 600 homes", for "how many people". Asked at what time, its times of day."""
    if asks_time(question):
        return times_of_day(sentence)
    asked = amounts(question)
    found = []
    for match in _VALUE.finditer(sentence):
        nums = amounts(match.group(0))
        if NAMING.search(sentence[: match.start()]) and not numbers(match.group(0)):
            continue
        if nums and not nums <= asked and not any(YEAR.fullmatch(n) for n in nums):
            found.append(match)
    if things := counted(question):  # a figure of something else is not the asked one
        found = [m for m in found if _counts(m, sentence, things)]
    return [m.group(0).strip() for m in found]


def _counts(match: re.Match[str], sentence: str, things: set[str]) -> bool:
    """Does the figure count one of the asked things ("40 times", "four people were")?"""
    return bool(things & set(terms(match.group(0)))) or counts_next(sentence, match.end(), things)


def find_conflicts(
    question: str, sentences: list[CheckedSentence], citations: list[Citation]
) -> list[Stated]:
    """Each cited source's first figure in a supported sentence that not every source states,
    when at least two sources state different figures; otherwise empty. A figure they all state
    is the setting, not the disputed value ("the plan to raise the wall by 1.1 metres would have
    cost £85 million" against "... 1.1 metres, at an estimated cost of £62 million"); a source
    that states no other figure agrees with the rest ("$240 billion" in both, and "more than
    two years" in one of them, is no dispute)."""
    by_n = {c.n: c for c in citations}
    stated: dict[str, list[Stated]] = {}
    pairs = compounds(question)
    for sentence in sentences:
        if not sentence.supported or another_kind(sentence.text, pairs):
            continue
        for n in sentence.citations:
            if c := by_n.get(n):
                found = values(sentence.text, question)
                stated.setdefault(c.path, []).extend(
                    Stated(v, n, c.source, c.title, c.date) for v in found
                )
    said_by = [found for found in stated.values() if found]
    if len(said_by) < 2:
        return []
    shared = set.intersection(*({_same(s.value) for s in found} for found in said_by))
    disputed = [[s for s in found if _same(s.value) not in shared] for found in said_by]
    if not all(disputed):
        return []
    firsts = [found[0] for found in disputed]
    return firsts if len({_same(s.value) for s in firsts}) > 1 else []


def _same(value: str) -> frozenset[str] | str:
    """What two sources' values must share to agree: a figure's amounts ("37th" and "37 times"
    agree), else its words ("afternoon" and "evening" differ)."""
    return frozenset(amounts(value)) or fold(value)


def newest(conflicts: list[Stated]) -> int | None:
    """The citation number of the one most recent figure, when the sources' dates differ: a
    later report may have updated the earlier one's count, so the reader is told which it is."""
    dated = [s for s in conflicts if s.date]
    if len({s.date for s in dated}) < 2:
        return None
    last = max(s.date or "" for s in dated)
    tops = [s.n for s in dated if s.date == last]
    return tops[0] if len(tops) == 1 else None


def conflict_note(conflicts: list[Stated]) -> str:
    """The one-line note for the terminal: each value with its citation and date, the newest
    marked."""
    top = newest(conflicts)
    parts = []
    for s in conflicts:
        when = [s.date] if s.date else []
        when += ["the newest"] if s.n == top else []
        parts.append(f"{s.value} [{s.n}]" + (f" ({', '.join(when)})" if when else ""))
    return "Sources differ: " + "; ".join(parts) + "."
