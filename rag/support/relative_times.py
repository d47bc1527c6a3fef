"""Relative times as the support rule reads them: `yesterday`, `next week`, `the year before`,
`earlier this month` each point one way (back, now, ahead) in one unit (day, week, month,
year). Each word alone is common, so overlap cannot see `next week` put for `last week`; the
rule compares the way they point.

A relative time of a sentence must point the way one of the same unit in its evidence points
(`last week` = `the week before` = `a week earlier`). Where the evidence has none of its unit,
one said from the article's date (`last year`, `tomorrow`, `next month`) must mean a year, month
or day its sources state (`last year` in an article of 2024 is 2023); one said from another
time (`the year before`) cannot be checked that way and passes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rag.relative_dates import parse_day, spell
from rag.text import MONTHS

_UNIT = r"(?:day|week|month|year)"
_TIME = re.compile(
    r"\b(?:(?P<near>yesterday|today|tonight|tomorrow)"
    rf"|(?P<side>earlier|later) (?P<this>this|that|the same) (?P<u1>{_UNIT})"
    rf"|the (?P<order>previous|following|next|prior) (?P<u2>{_UNIT})"
    rf"|(?P<which>last|previous|past|this|next|coming) (?P<u3>{_UNIT})"
    rf"|(?:the|a|one) (?P<u4>{_UNIT}) (?P<then>before|after|earlier|later|prior))\b",
    re.I,
)
_STEP = {"last": -1, "previous": -1, "past": -1, "prior": -1, "before": -1, "earlier": -1,
         "this": 0, "next": 1, "coming": 1, "following": 1, "after": 1, "later": 1}  # fmt: skip
_NEAR = {
    "yesterday": ("day", -1),
    "today": ("day", 0),
    "tonight": ("day", 0),
    "tomorrow": ("day", 1),
}


@dataclass(frozen=True)
class Time:
    unit: str  # day, week, month, year
    step: float  # -1 back, 0 now, 1 ahead; -0.5 / 0.5 earlier / later within the same one
    from_article: bool  # said from the article's date ("last year"), not from another time
    said: str


def relative_times(text: str) -> list[Time]:
    """Each relative time of the text."""
    found = []
    for m in _TIME.finditer(text):
        said = m.group().lower()
        if m["near"]:
            unit, step = _NEAR[m["near"].lower()]
            found.append(Time(unit, step, True, said))
        elif m["side"]:
            # "earlier this week", "earlier that week": within the week, before its day
            this = m["this"].lower() == "this"
            found.append(Time(m["u1"].lower(), _STEP[m["side"].lower()] / 2, this, said))
        elif m["order"]:
            found.append(Time(m["u2"].lower(), _STEP[m["order"].lower()], False, said))
        elif m["which"]:
            found.append(Time(m["u3"].lower(), _STEP[m["which"].lower()], True, said))
        else:
            found.append(Time(m["u4"].lower(), _STEP[m["then"].lower()], False, said))
    return found


def _agree(a: float, b: float) -> bool:
    """The same way, or `this week` for `earlier this week`."""
    return a == b or 0 in (a, b) and abs(a + b) == 0.5


def meaning(time: Time, published: str | None) -> set[str]:
    """What a relative time said from an article's date means, as the rule states dates: `last
    year` -> {"2023"}, `next month` -> {"june", "2024"}, `yesterday` -> {"May 15, 2024"};
    empty for a week or without a date."""
    on = parse_day(published)
    if on is None or not time.from_article or time.unit == "week":
        return set()
    step = round(time.step)
    if time.unit == "year":
        return {str(on.year + step)}
    if time.unit == "month":
        month = on.month - 1 + step
        return {MONTHS[month % 12], str(on.year + month // 12)}
    return {spell(on + dt.timedelta(days=step))}


def turned_time(
    sentence: str, evidence: str, days: list[str | None], stated: set[str], told: set[str]
) -> str:
    """A relative time pointing another way than the evidence's of its unit, or (said from the
    article's date, where the evidence has none of its unit) meaning a date its sources do not
    state; "" when there is none. `stated` are the months, weekdays, years and full dates the
    sources state (their articles' dates too), `told` those the evidence's words state: a time
    they state by date (`this year` for `in 2024`) is no turn."""
    theirs = relative_times(evidence)
    dated = [d for d in days if parse_day(d)]
    for time in relative_times(sentence):
        means = [m for m in (meaning(time, d) for d in dated) if m]
        alike = [t for t in theirs if t.unit == time.unit]
        if alike and not any(_agree(time.step, t.step) for t in alike):
            if not any(m <= told for m in means):
                shown = " / ".join(dict.fromkeys(t.said for t in alike))
                return f"its source says {shown}, not {time.said}"
        elif not alike and means and not any(m <= stated for m in means):
            return f"{time.said} is {', '.join(sorted(means[0]))} by its sources' dates, which they do not state"
    return ""
