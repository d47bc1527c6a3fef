"""Who a sentence quotes, so that "What did Biden say ...?" is not answered by what Putin said.

A sentence answers "what did X say" when it quotes X ("X said", "X, the minister, told",
"said X", "according to X"), quotes someone it does not name ("he said", "the Chinese leader
said": often X, named a sentence before), or is itself a quotation. A sentence that only quotes
others, or quotes no one ("a summit Biden hosted"), says nothing X said.
"""

from __future__ import annotations

import re

from rag.text import OPENERS, fold

_VERBS = (
    r"(?:said|says|say|told|tells|added|adds|noted|notes|stated|states|wrote|writes|argued"
    r"|argues|warned|warns|mentioned|explained|insisted|urged|called|calls|described|declared"
    r"|announced|claimed|claims|commented|remarked|replied|proclaimed|predicted|acknowledged"
    r"|stressed|suggested)"
)
# The question: "What did Sergei Shoigu say ...", "What did Mr. Biden tell ...".
_ASKED = re.compile(
    r"\b(?:[Ww]hat|[Hh]ow|[Ww]hy)\b.*?\b(?:did|does|do|has|have|had|will|would)\s+"
    r"((?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?(?:[A-Z][\w'’-]*\s+){1,3}?)"
    r"(?:say|tell|claim|argue|warn|write|note|add|state|explain|insist|declare|announce|predict)\b"
)
_NAME = r"((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*)"
_BEFORE = re.compile(
    rf"{_NAME}(?:,[^,]{{1,100}},)?\s+(?:also\s+|has\s+|had\s+|later\s+)?{_VERBS}\b"
)  # "Mr. Putin said", "Cheng Xiaohe, a professor at ..., said"
_AFTER = re.compile(rf"\b(?:{_VERBS}|[Aa]ccording to)\s+(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?{_NAME}")
# "Xi hailed the ties ..., saying they would ...": the speaker is named before the participle.
_PARTICIPLE = re.compile(r",\s+(?:saying|adding|noting|telling|warning|arguing|insisting)\b")
_UNNAMED = re.compile(
    rf"(?:^|[\s,;:—–-])(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t|[Tt]he\s+(?!two\b|three\b|both\b)(?:[\w'’-]+\s+){{0,3}}?"
    rf"[a-z][\w'’-]*)\s+(?:also\s+|has\s+|had\s+|later\s+)?{_VERBS}\b"
)  # "he said", "the Chinese leader said": a speaker the sentence does not name


def asked_speaker(question: str) -> str | None:
    """The surname of the person a "what did X say" question asks about; None otherwise."""
    match = _ASKED.search(question)
    if not match:
        return None
    words = [w for w in match.group(1).split() if w.rstrip(".") not in ("Mr", "Ms", "Mrs", "Dr")]
    return re.sub(r"['’]s$", "", fold(words[-1])) if words else None


def quotes(sentence: str, speaker: str) -> bool:
    """Can the sentence be what the speaker (a folded surname) said?"""
    if sentence.lstrip()[:1] in OPENERS:
        return True  # a quotation: its speaker is often named in the next sentence
    if _UNNAMED.search(sentence):
        return True
    named = [m.group(1) for m in _BEFORE.finditer(sentence)]
    if said := _PARTICIPLE.search(sentence):
        named += re.findall(_NAME, sentence[: said.start()])
    named += [m.group(1) for m in _AFTER.finditer(sentence)]
    return any(speaker in re.findall(r"\w+", fold(name)) for name in named)
