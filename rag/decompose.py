"""A compound question ("How did X describe Y in 2021 compared with May 2024?") as the plain
questions it is made of, each answered alone and joined like a line of several questions
(`rag.multipart`).

One sentence rarely answers both sides of a compound question, and scoring sentences against
the whole question favours whichever side reads most like it; asked alone, each side gets its
own retrieval and its own constraints (a year restricts to that year's sentences). A question
splits only where its coordinated parts are of one kind and the question says they are asked
apart:

- two clauses that each open with a question word ("Why X, and what Y?");
- the same preposition twice ("say about X in 2021 and about Y in 2024");
- two times ("in 2021 compared with May 2024");
- two named subjects that act each on their own ("did A and B each", "both A and B",
  "respectively"), or a present-tense question for a plural noun ("Which think tanks do A and
  B work for?": what each is, not what they did together).

"Who went with Putin and Xi?" or "the trade between China and Russia" ask one thing and stay
whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.answering.questions import PART_BREAK
from rag.text import MONTH_NAME, YEAR

_WH = r"(?:what|why|how|which|who|whom|whose|when|where)"
_PREPOSITION = r"(?:about|on|for|with|to|from|at|during|before|after|against|over)"
_TWICE = re.compile(
    rf"^(?P<head>.+?\s)(?P<p>{_PREPOSITION})\s+(?P<a>.+?),?\s+and\s+(?P=p)\s+(?P<b>[^?]+)\?$", re.I
)
_TIME = rf"(?:(?:{MONTH_NAME})\s+)?{YEAR.pattern}"
_COMPARED = re.compile(
    rf"\bin\s+(?P<a>{_TIME}),?\s+(?:compared\s+(?:with|to)|versus|vs\.?|and(?:\s+in)?)\s+"
    rf"(?P<b>{_TIME})(?![\w-])"
)
_CHANGE = re.compile(
    r"\b(?:grow|grew|rise|rose|fall|fell|increase|decrease|decline|drop|change|shrink|shrank"
    r"|climb|jump)\w*",
    re.I,
)
_AUXILIARY = r"(?:did|does|do|have|has|had|will|would|are|were|is|was|can|could)"
_SUBJECT = r"(?:[A-Z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]*|in\s+(?:19|20)\d\d))*"
_OTHER = rf"(?:{_SUBJECT}|(?:his|her|their|its)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)"
_NAMED_PAIR = re.compile(
    rf"^(?P<head>.*?\b(?P<aux>{_AUXILIARY})\s+)(?P<both>both\s+)?(?P<a>{_SUBJECT})\s+and\s+"
    rf"(?P<b>{_OTHER})\s+(?P<each>each\s+(?!other\b))?(?P<rest>[a-z].*)$"
)
_PLURAL_ASKED = re.compile(
    r"^(?:which|what)\s+(?:[\w-]+\s+){0,2}?[a-z][\w-]*s\s+(?:do|are|have)\s", re.I
)
_TIMED = re.compile(r"\s+in\s+(?:19|20)\d\d$")
_RESPECTIVELY = re.compile(r",?\s+respectively\b", re.I)
_SINGULAR = {"do": "does", "have": "has", "are": "is", "were": "was"}
_PRONOUN = re.compile(r"\b(?:he|she)\b")
# words that lean on the clause before: a pronoun, or "too" ("and which company heads came too?")
_LEANS = re.compile(r"\b(?:it|its|they|them|their|he|she|him|his|her|too|either|as well)\b", re.I)


def decompose(question: str) -> list[str]:
    """The question's sub-questions, or the question alone when it is not compound."""
    for rule in _RULES:
        parts = rule(question.strip())
        if len(parts) > 1:
            return [p for part in parts for p in decompose(part)]
    return [question]


def _clauses(question: str) -> list[str]:
    """ "Why does X need Y, and what does Y gain?": each clause; a "he" or "she" in a later one
    is the subject the first names. A later clause that leans on the first otherwise ("and how
    high is it?", "and which heads came too?", "and when?") keeps the question whole."""
    pieces = PART_BREAK.split(question)
    if len(pieces) < 2:
        return []
    subject = re.match(rf"^\w+\s+{_AUXILIARY}\s+({_SUBJECT})\s", pieces[0])
    parts = [_asked(pieces[0])]
    for piece in pieces[1:]:
        if subject:
            piece = _PRONOUN.sub(subject.group(1), piece, count=1)
        if len(piece.split()) < 3 or _LEANS.search(piece):
            return []  # "and when?", "and how high is it?": not a question alone
        parts.append(_asked(piece))
    return parts


def _twice(question: str) -> list[str]:
    """ "What did X say about A in 2021 and about B in 2024?": one question per phrase."""
    match = _TWICE.match(question)
    if not match or not re.match(rf"^{_WH}\b|^\w+\s+{_WH}\b", question, re.I):
        return []
    head, p = match.group("head"), match.group("p")
    return [f"{head}{p} {match.group('a')}?", f"{head}{p} {match.group('b')}?"]


def _times(question: str) -> list[str]:
    """ "in 2021 compared with May 2024": one question per time. ("the 2021 and 2024 reports"
    stays whole: the answerer takes each year's best sentence, and a report's year alone
    leaves out its undated documents.)"""
    if _CHANGE.search(question):
        return []  # "how much did X grow in 2021 compared with 2023": one change, asked whole
    if match := _COMPARED.search(question):
        before, after = question[: match.start()], question[match.end() :]
        return [f"{before}in {match.group(t)}{after}" for t in ("a", "b")]
    return []


def _named(question: str) -> list[str]:
    """ "How did A and B each describe X?": one question per named subject; "his minister" in
    the second is the first one's."""
    respectively = bool(_RESPECTIVELY.search(question))
    plain = _RESPECTIVELY.sub("", question)
    match = _NAMED_PAIR.match(plain)
    if not match:
        return []
    aux = match.group("aux")
    plural = bool(_PLURAL_ASKED.match(plain)) and aux in ("do", "are", "have")
    if not (match.group("each") or match.group("both") or respectively or plural):
        return []
    a, b = match.group("a"), match.group("b")
    b = re.sub(r"^(?:his|her|their|its)\b", f"{_TIMED.sub('', a)}’s", b)
    head = match.group("head")
    if aux in _SINGULAR:
        head = head[: match.start("aux")] + _SINGULAR[aux] + head[match.end("aux") :]
        if plural:
            head = _singular_noun(head)
    rest = match.group("rest").rstrip("? ")
    return [_timed_last(f"{head}{s}", rest) for s in (a, b)]


def _timed_last(head: str, rest: str) -> str:
    """ "How did Xi in 2024" + "present it": "How did Xi present it in 2024?", the time last,
    where the question rules read it."""
    time = _TIMED.search(head)
    return f"{_TIMED.sub('', head)} {rest}{time.group() if time else ''}?"


def _singular_noun(head: str) -> str:
    """ "Which think tanks does" → "Which think tank does"."""
    return re.sub(
        r"^(\w+\s+(?:[\w-]+\s+){0,2}?)([a-z][\w-]*?)(ies|s)(\s+\w+\s+)$",
        lambda m: m.group(1) + m.group(2) + ("y" if m.group(3) == "ies" else "") + m.group(4),
        head,
    )


def _asked(piece: str) -> str:
    """A clause as a question of its own: a capital first, a question mark last."""
    piece = piece.strip().rstrip("?,. ")
    return f"{piece[:1].upper()}{piece[1:]}?"


_RULES: tuple[Callable[[str], list[str]], ...] = (_clauses, _twice, _times, _named)
