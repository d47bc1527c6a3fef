"""Dates written other ways than `May 16, 2024`, as the support rule reads them: in digits
(`2024-05-16`, `16/05/2024`, `05/16/2024`), with an ordinal (`May 16th`, `the 16th of May`) or
day first (`16 May 2024`) are spelled out before the check, so their day, month and year are
checked as dates and not as figures; and a part of a month (`early May`) must fit the day its
sources give."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from rag.relative_dates import parse_day, resolve, spell
from rag.text import MONTH_NAME

_ORDINAL = r"(?:st|nd|rd|th)"
_IN_DIGITS = re.compile(
    r"(?<![\w/.-])(?:(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"|(?P<a>\d{1,2})([/.])(?P<b>\d{1,2})\5(?P<y2>(?:19|20)\d\d))(?![\w/-]|\.\d)"
)
_DAY_FIRST = re.compile(
    rf"\b(?:the )?(?P<d>\d{{1,2}}){_ORDINAL}?(?: of)? (?P<m>{MONTH_NAME})\b(?:,? (?P<y>(?:19|20)\d\d)\b)?"
)
_MONTH_ORDINAL = re.compile(rf"\b(?P<m>{MONTH_NAME}) (?P<d>\d{{1,2}}){_ORDINAL}\b")
_PART = re.compile(
    rf"\b(?P<part>early|mid|late)[\s-]+(?:in )?(?:the )?(?P<m>{MONTH_NAME}|(?:19|20)\d\d(?:s\b|\b))",
    re.I,
)
_MONTH_DAY = re.compile(rf"\b(?P<m>{MONTH_NAME}) (?P<d>\d{{1,2}})\b(?!,\d)")
# the days of a month each part may mean; they overlap, as people use them
PARTS = {"early": range(1, 13), "mid": range(8, 24), "late": range(18, 32)}


def spelled(text: str, days: Iterable[str | None] = ()) -> str:
    """The text with each date in digits, day first or with an ordinal written as `May 16,
    2024` (or `May 16` without a year). `05/06/2024` may be May 6 or June 5: the reading that
    is one of `days` (the cited articles' ISO dates) is taken, else the day-first one."""
    dated = {d for d in map(parse_day, days) if d}

    def digits(m: re.Match[str]) -> str:
        if m["y"]:
            readings = [(int(m["y"]), int(m["m"]), int(m["d"]))]
        else:
            a, b, year = int(m["a"]), int(m["b"]), int(m["y2"])
            readings = [(year, b, a), (year, a, b)]  # day first, then month first
        valid = [d for d in map(_date, readings) if d]
        if not valid:
            return m[0]
        return spell(next((d for d in valid if d in dated), valid[0]))

    def day_first(m: re.Match[str]) -> str:
        year = f", {m['y']}" if m["y"] else ""
        return f"{m['m']} {int(m['d'])}{year}"

    text = _IN_DIGITS.sub(digits, text)
    text = _DAY_FIRST.sub(day_first, text)
    return _MONTH_ORDINAL.sub(lambda m: f"{m['m']} {int(m['d'])}", text)


def _date(parts: tuple[int, int, int]) -> dt.date | None:
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def wrong_part(sentence: str, evidence: str, known: Iterable[str]) -> str:
    """A part of a month, year or decade (`early May`, `late 2021`, `the early 2000s`) that
    the evidence gives as another part (`late May`), or that fits no day of that month the
    evidence gives (`May 16`) or `known` (full dates: the days its relative ones fall on)."""
    theirs = {(m["m"].lower(), m["part"].lower()) for m in _PART.finditer(evidence)}
    given = [m for day in [evidence, *known] for m in _MONTH_DAY.finditer(day)]
    for m in _PART.finditer(sentence):
        part, what = m["part"].lower(), m["m"].lower()
        said = {p for w, p in theirs if w == what}
        if said and part not in said:
            return f"its source says {', '.join(sorted(said))} {m['m']}, not {part} {m['m']}"
        days = [int(g["d"]) for g in given if g["m"].lower() == what]
        if not said and days and not any(d in PARTS[part] for d in days):
            shown = ", ".join(f"{m['m']} {d}" for d in sorted(set(days)))
            return f"its sources give {shown}, not {part} {m['m']}"
    return ""


def week_days(texts: Iterable[tuple[str, str | None]]) -> set[str]:
    """The full dates of each week a text's `last week` or `next week` means in its article (text
    and ISO date): the seven days before or after that date."""
    found = set()
    for text, published in texts:
        for _, label in resolve(text, published):
            if label.startswith("the week "):
                side, day = label.removeprefix("the week ").split(" ", 1)
                on = dt.datetime.strptime(day, "%B %d, %Y").date()
                way = -1 if side == "before" else 1
                found |= {spell(on + dt.timedelta(days=way * k)) for k in range(1, 8)}
    return found
