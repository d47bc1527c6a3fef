"""Relative days in news prose ("on Wednesday", "yesterday", "last week") resolved against the
article's own date, so an answer to "when" can say the date and the citation check accepts it.

News style: a bare weekday is the latest such day on or before the article's date, or the next
one after it when its own verb speaks of the future ("is scheduled to", "will"). The tense marker
nearest the weekday inside its own clause (between commas, semicolons or dashes) decides, so
"broke ground on Wednesday on a plant that will make chips" is the Wednesday before, and the
attribution that ends most news sentences ("will vote on Tuesday, the mayor said") is not the
weekday's verb. A clause without a tense marker ("On Tuesday, the council will vote") looks at
the whole sentence.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from rag.text import MONTHS, WEEKDAYS, YEAR

_RELATIVE = re.compile(
    rf"\b(?:(?P<which>last|next|this) )?(?P<weekday>{'|'.join(w.capitalize() for w in WEEKDAYS)})\b(?:['’]s)?"
    r"|\b(?P<near>yesterday|today|tomorrow)\b(?:['’]s)?|\b(?P<week>last|next) week\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|scheduled|expected|due|set|slated|plans?|planned|going) to\b|\bwill\b", re.I
)
# Past tense: regular -ed forms and the irregular verbs of news reports.
_PAST = re.compile(
    r"\b(?:\w{2,}ed|was|were|had|did|said|told|broke|met|held|went|came|took|made|gave|began|"
    r"spoke|wrote|left|won|lost|sent|saw|rose|fell|paid|sold|bought|led|ran|hit|struck|shot|"
    r"flew|drove|sought|brought|thought|stood|found|kept|became|got)\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[,;:\u2013\u2014]|\s-\s")
_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS)})\b", re.I)  # whole words: "mayor" is no "may"
_SHIFT = {"yesterday": -1, "today": 0, "tomorrow": 1}


def parse_day(day: str | None) -> dt.date | None:
    """An ISO date (`2021-12-15`, also with a time after it), or None."""
    try:
        return dt.date.fromisoformat(day[:10]) if day else None
    except ValueError:
        return None


def spell(day: dt.date) -> str:
    """`2021-12-15` -> `December 15, 2021`, the form news prose and the citation check read."""
    return f"{MONTHS[day.month - 1].capitalize()} {day.day}, {day.year}"


def resolve(sentence: str, published: str | None) -> list[tuple[int, str]]:
    """Where each relative day ends in the sentence and what it means, spelled out:
    [(end offset, "December 15, 2021"), ...]; empty without an article date."""
    on = parse_day(published)
    if on is None:
        return []
    future = [m.span() for m in _FUTURE.finditer(sentence)]
    past = [m.span() for m in _PAST.finditer(sentence) if not _inside(m.span(), future)]
    found = []
    for m in _RELATIVE.finditer(sentence):
        if m.group("weekday"):
            if not m.group("weekday")[0].isupper():
                continue  # "may", "sunday" in lower case are not dates in prose
            target = WEEKDAYS.index(m.group("weekday").lower())
            which = (m.group("which") or "").lower()
            clause = _clause(sentence, m.span())
            near_future, near_past = _within(future, clause), _within(past, clause)
            if not near_future and not near_past:
                near_future, near_past = future, past
            if which == "next" or (
                not which and _nearest_is_future(m.span(), near_future, near_past)
            ):
                gap = (target - on.weekday()) % 7 or (7 if which == "next" else 0)
            else:
                gap = -((on.weekday() - target) % 7 or (7 if which == "last" else 0))
            found.append((m.end(), spell(on + dt.timedelta(days=gap))))
        elif m.group("near"):
            shift = _SHIFT[m.group("near").lower()]
            found.append((m.end(), spell(on + dt.timedelta(days=shift))))
        else:
            before = "before" if m.group("week").lower() == "last" else "after"
            found.append((m.end(), f"the week {before} {spell(on)}"))
    return found


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)  # "expected" in "expected to"


def _clause(sentence: str, at: tuple[int, int]) -> tuple[int, int]:
    """The span of the clause around `at`: from the break before it to the break after it."""
    start = max((b.end() for b in _CLAUSE_BREAK.finditer(sentence, 0, at[0])), default=0)
    after = _CLAUSE_BREAK.search(sentence, at[1])
    return start, after.start() if after else len(sentence)


def _within(spans: list[tuple[int, int]], clause: tuple[int, int]) -> list[tuple[int, int]]:
    return [s for s in spans if clause[0] <= s[0] and s[1] <= clause[1]]


def _nearest_is_future(
    at: tuple[int, int], future: list[tuple[int, int]], past: list[tuple[int, int]]
) -> bool:
    """Whether the tense marker closest to the weekday (either side) is a future one."""

    def gap(span: tuple[int, int]) -> int:
        return max(span[0] - at[1], at[0] - span[1], 0)

    return min(map(gap, future), default=math.inf) < min(map(gap, past), default=math.inf)


def resolved_days(text: str, published: str | None) -> set[str]:
    """The full dates (`December 15, 2021`) that a text's relative days stand for."""
    return {label.removeprefix("the week before ").removeprefix("the week after ")
            for _, label in resolve(text, published)}  # fmt: skip


def with_dates(sentence: str, published: str | None) -> str:
    """The sentence with each relative day's date after it: "on Wednesday (December 15, 2021)".

    Left as it is where the sentence already gives a month right there."""
    out, last = [], 0
    for end, label in resolve(sentence, published):
        if _MONTH.search(sentence[end : end + 20]):
            continue
        out += [sentence[last:end], f" ({label})"]
        last = end
    return "".join(out) + sentence[last:]


# Words that place a time after the article's date without naming a day.
_AHEAD = re.compile(
    r"\b(?:next|coming|upcoming|later this|later in the|by the end of|soon|tomorrow|in the "
    r"(?:coming|next)|from now)\b",
    re.I,
)


def may_be_ahead(sentence: str, published: str | None) -> bool:
    """Can the sentence speak of a time after its article's date? Not when its only times are
    relative days that fall on or before it ("before Wednesday's call") or earlier years; a month
    without a year may be either. Without an article date, it can."""
    on = parse_day(published)
    if on is None or _AHEAD.search(sentence) or _MONTH.search(sentence):
        return True
    if any(int(y) >= on.year for y in YEAR.findall(sentence)):
        return True
    for _, label in resolve(sentence, published):
        if label.startswith("the week after"):
            return True
        day = label.removeprefix("the week before ")
        if dt.datetime.strptime(day, "%B %d, %Y").date() > on:
            return True
    return False
