""" "What happened on April 9, 2025?": the news of one day, answered by that day's articles' ledes.

Such a question holds no term but the day, which an article states in its date line and not in
its sentences: no sentence reads like it, and the answerer would decline. An article's first
sentence says what happened; the articles dated that day are the ones that report it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from rag.answering.questions import asked_date
from rag.text import MONTHS, WEEKDAYS, fold

if TYPE_CHECKING:
    from rag.answering.extractive import Candidate
    from rag.passages import Passage

_WHAT_HAPPENED = re.compile(r"^\W*what\s+happened\s+(?:on\s+)?(.+?)[\s?.!]*$", re.I)
# the words a day may be written with besides its figures: "Wednesday, April 9, 2025"
_DATE_WORDS = {*MONTHS, *WEEKDAYS, *(m[:3] for m in MONTHS)}


def asked_day_news(question: str) -> dt.date | None:
    """The day a question asks the news of ("What happened on April 9, 2025?"); None when it
    asks anything more ("What happened to the bridge on April 9, 2025?") or names no one day."""
    match = _WHAT_HAPPENED.match(question.strip())
    day = asked_date(question)
    if not match or day is None:
        return None
    rest = re.findall(r"[a-z]+", fold(match.group(1)))
    return day if all(w in _DATE_WORDS for w in rest) else None


def ledes(
    found: list[Candidate], passages: list[Passage], day: dt.date, most: int, budget: int
) -> list[Candidate]:
    """The first answer unit of each article dated `day` whose opening chunk was retrieved, in
    the passages' order, at most `most` of them in `budget` words."""
    chosen: list[Candidate] = []
    words = 0
    for n, passage in enumerate(passages, start=1):
        if passage.position or not (passage.date or "").startswith(day.isoformat()):
            continue
        first = next((c for c in found if c.passage == n), None)  # units come in text order
        if first is None or len(chosen) == most or words + len(first.text.split()) > budget:
            continue
        chosen.append(first)
        words += len(first.text.split())
    return chosen
