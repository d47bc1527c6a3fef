"""Questions that ask what several sources say ("what do the reports say about ...", "which
analysts commented on ..."): the answer quotes each document's best sentence, not the best
document's alone. Sources differ in what they report and whom they quote; one sentence from one
of them answers only part of what was asked."""

from __future__ import annotations

import re
from typing import Protocol, TypeVar

from rag.answering.speakers import names_speaker
from rag.verbs import past_tense

# "the reports", "both articles", "the 2021 and 2024 accounts", "the two reports": the
# collection, in the plural; "which outlets reported": the ones of it that say so (not "which
# sources of funding")
_COLLECTION = r"(?:articles|reports|sources|outlets|accounts|stories|newspapers)\b"
_SOURCES = re.compile(
    r"\b(?:the|both|all|these|several)(?: (?:two|three|four|five|different|various))?"
    rf" (?:(?:19|20)\d\d (?:and|or) (?:19|20)\d\d )?{_COLLECTION}"
    rf"|^\W*which {_COLLECTION}(?= (?:\w+ed|said|say|says|describe|mention|cite|quote)\b)",
    re.I,
)
# "Which analysts commented ...", "Which Chinese officials were ...": several of a kind, each
# likely in its own report. The plural is the subject of the verb after it: not "Which US list
# bars the ..." (a verb) nor "Which news agency reported ..." (a noun before a noun).
_PLURAL_WHICH = re.compile(
    r"^\W*which\s+(?:[\w-]+\s+){0,2}?[a-z]{2,}[^\Wsu]s\s+"
    rf"(?:{past_tense('are|were|have|had|do|did|will|would|could|can|should|might|may')})\b",
    re.I,
)


def asks_sources(question: str) -> bool:
    """Does the question ask what the sources (plural) say?"""
    return bool(_SOURCES.search(question))


def asks_several(question: str) -> bool:
    """Does the question ask which ones of a kind ("which analysts commented")?"""
    return bool(_PLURAL_WHICH.search(question))


class Unit(Protocol):
    text: str
    source: str
    score: float


U = TypeVar("U", bound=Unit)


def repeats(unit: Unit, chosen: list[U]) -> bool:
    """Is it inside a chosen unit, or one inside it (a sentence and its "They ..." pair)?"""
    return any(unit.text in c.text or c.text in unit.text for c in chosen)


def each_source(chosen: list[U], ranked: list[U], floor: float, most: int, budget: int) -> list[U]:
    """The chosen units and then, for each document none of them is from, its first unit in
    `ranked` (the caller's order of preference) that scores at least `floor` (near enough to the
    best to be a part of the answer), while `most` units and `budget` words fit.
    When the best names who spoke ("said Ana Ruiz, an economist"), the others must too: asked
    which analysts commented, another document's sentence on the topic names none of them."""
    kept, words = list(chosen), sum(len(c.text.split()) for c in chosen)
    quoted = names_speaker(chosen[0].text)
    for cand in ranked:
        if len(kept) >= most or cand.score < floor:
            break
        size = len(cand.text.split())
        if any(cand.source == c.source for c in kept) or words + size > budget:
            continue
        if quoted and not names_speaker(cand.text):
            continue
        if repeats(cand, kept):
            continue
        kept.append(cand)
        words += size
    return kept
