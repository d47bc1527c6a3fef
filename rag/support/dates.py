"""Dates as the support rule reads them: months, weekdays and years a text states or implies,
and the ways a date can be moved while each part stays stated (a figure's date, a date's
words, a relative date restated)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from rag.relative_dates import named_months, parse_day, resolved_days, spell
from rag.support.date_forms import PARTS as _PARTS
from rag.support.figures import (
    _SCALES,
    _UNITS,
    Quantity,
    _quantities,
    _show,
)
from rag.text import MONTH_NAME, MONTHS, STOPWORDS, WEEKDAY_NAME, WEEKDAYS, fold, stem

_FULL_DATE = re.compile(rf"\b({MONTH_NAME}) (\d{{1,2}}),? ((?:19|20)\d\d)\b")
_MONTH_DAY = re.compile(rf"\b({MONTH_NAME}) (\d{{1,2}})\b(?!,? ?\d)")
_WEEKDAY_DATE = re.compile(rf"\b({WEEKDAY_NAME}),? ({MONTH_NAME}) (\d{{1,2}}),? ((?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(rf"\b({MONTH_NAME}) (?:\d{{1,2}},? )?((?:19|20)\d\d)\b")
_RELATIVE = re.compile(
    r"(?P<relative>\b(?:last|previous|next|coming|this) (?:month|year)\b)"
    # what follows may restate it (`last year (2023)`), not the day it is counted from
    r"(?:\s*(?:\(|,|[—–-])\s*(?!\s*(?:relative to|counted from|counting from|from|as of|before|after)\b)"
    r"(?:that is,?\s*|i\.e\.,?\s*|namely\s*)?(?P<restated>[^).;,]{0,25}))?",
    re.I,
)
_DATED = re.compile(  # the date said right after a figure: `$190 billion in 2022`
    r"\s+(?:in|during|for|by|since|until|through|as of)\s+(?:(?:early|late|mid)[\s-]+)?"
    rf"(?P<date>{'|'.join(MONTHS + WEEKDAYS)}|(?:19|20)\d\d)\b"
)
_CLAUSE_END = re.compile(r"[,;:()—–]|\s-\s")
_FIGURE_REACH = 60  # characters after a figure of the evidence where its date may stand
_DATE_WORDS = re.compile(rf"\b({MONTH_NAME}|{WEEKDAY_NAME})\b|\b((?:19|20)\d\d)\b(?!\s*%)")


_DATELINE_WORDS = {*MONTHS, *WEEKDAYS, "date", "am", "pm", "updated", "published"}


def dates(text: str) -> set[str]:
    """Months, weekdays (capitalised, so `may` the verb is not May) and years."""
    return {(a or b).lower() for a, b in _DATE_WORDS.findall(text)}


def _full(m: re.Match[str]) -> str:
    """A full date as `spell` writes it: `December 15, 2021`."""
    return f"{m[1]} {int(m[2])}, {m[3]}"


def known_days(days: Iterable[str | None], texts: Iterable[tuple[str, str | None]]) -> set[str]:
    """The full dates ("December 15, 2021") that the cited articles' own dates (ISO `days`) or a
    relative day of a text in its article (`texts`: text and article date; "on Wednesday" in an
    article of 2021-12-15) give."""
    known = {spell(d) for d in map(parse_day, days) if d}
    return known | {d for text, day in texts for d in resolved_days(text, day)}


def held_days(text: str, known: set[str], published: Iterable[str | None] = ()) -> str:
    """The text with each known full date written as its month and year: its day is held, and
    what is left is checked as a month and year, not as the figure 15. A month and day without
    a year ("the follow-up (August 21) says") is held when it is a cited article's own date
    (`published`, ISO): any other day the passages give may be another event's."""
    text = _FULL_DATE.sub(lambda m: f"{m[1]} {m[3]}" if _full(m) in known else m[0], text)
    days = {spell(d).rsplit(",", 1)[0] for d in map(parse_day, published) if d}  # "August 21"
    return _MONTH_DAY.sub(lambda m: m[1] if f"{m[1]} {int(m[2])}" in days else m[0], text)


def _is_dateline(text: str) -> bool:
    """A line that only dates its article (`- 12:19 PM, May 16, 2024`, `date 2024-05-17`): it
    says when the article was written, not when what it reports happened."""
    return all(w.isdigit() or w in _DATELINE_WORDS for w in re.findall(r"[a-z]+|\d+", fold(text)))


def article_dates(day: str) -> set[str]:
    """`2021-12-15` -> {"2021", "december", "wednesday"}: what an article's date states."""
    parsed = parse_day(day)
    if parsed is None:
        return set()
    return {str(parsed.year), MONTHS[parsed.month - 1], WEEKDAYS[parsed.weekday()]}


def _day(published: list[str | None], index: int) -> str | None:
    return published[index] if index < len(published) else None


def implied_dates(text: str, published: str | None = None) -> set[str]:
    """Dates a text states without naming them: the weekday of a full date (`May 16, 2024` is a
    Thursday) and, in an article of known date, `last month`, `next year`, `last November` and
    the like."""
    found = set()
    for month, day, year in _FULL_DATE.findall(text):
        try:
            found.add(
                WEEKDAYS[dt.date(int(year), MONTHS.index(month.lower()) + 1, int(day)).weekday()]
            )
        except ValueError:
            continue
    on = parse_day(published)
    if on is None:
        return found
    for m in _RELATIVE.finditer(fold(text)):
        which, unit = m.group("relative").split()
        step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit == "year":
            found.add(str(on.year + step))
        else:
            month = on.month - 1 + step
            found |= {MONTHS[month % 12], str(on.year + month // 12)}
    for label in named_months(text, on):  # "last November" in an article of March 2024
        month, year = label.split()
        found |= {month.lower(), year}
    return found


def _restated_relative(sentence: str, days: list[str | None]) -> str:
    """A month or year put right after a relative one (`last year (2023)`, `last month, that is
    April 2024`) must be what the relative one means in one of the cited articles: each alone
    is stated, so only together can they be wrong."""
    dated = [d for d in days if parse_day(d)]
    for m in _RELATIVE.finditer(sentence):
        given = dates(m.group("restated") or "")
        if not given or not dated:
            continue
        meant = [implied_dates(m.group("relative"), d) for d in dated]
        if not any(given <= means for means in meant):
            return f"{m.group('relative').lower()} is {', '.join(sorted(meant[0]))} in its sources, not {', '.join(sorted(given))}"
    return ""


_COUNTED_FROM = re.compile(
    rf"(?:\b(?P<said>(?:{MONTH_NAME})(?: (?:19|20)\d\d)?|(?:19|20)\d\d)"
    r"\s*\(\s*)?(?P<relative>\b(?:last|previous|next|coming|this) (?:month|year)\b)\s*,?\s*"
    r"(?:relative to|counted from|counting from|from|as of)\s+(?P<ref>[^).;]{0,30})"
)


def _counted_from(sentence: str, days: list[str | None]) -> str:
    """A relative date said with the day it is counted from (`April 2024 (last month, relative
    to May 16, 2024)`): that day must be a cited article's date, any part of a month said of it
    must fit (`early May` is not May 16), and the date said before it must be what the relative
    one means from there."""
    dated = [d for d in map(parse_day, days) if d]
    for m in _COUNTED_FROM.finditer(sentence):
        ref = m["ref"]
        given = dates(ref)
        part = re.search(r"\b(early|mid|late)\b", ref, re.I)
        fits = [d for d in dated if given <= dates(spell(d)) | {WEEKDAYS[d.weekday()]}
                and all(str(d.day) == n for n in re.findall(r"\b\d{1,2}\b", ref))
                and not (part and d.day not in _PARTS[part[1].lower()])]  # fmt: skip
        if given and not fits:
            return f"its sources are dated {', '.join(dict.fromkeys(map(spell, dated))) or 'otherwise'}, not {ref.strip()}"
        said = dates(m["said"] or "")
        meant = [implied_dates(m["relative"], d.isoformat()) for d in fits or dated]
        if said and meant and not any(said <= means for means in meant):
            return f"{m['relative'].lower()} is {', '.join(sorted(meant[0]))} in its sources, not {', '.join(sorted(said))}"
    return ""


def _article_month(sentence: str, passages: list[str], days: list[str | None]) -> str:
    """A month said with a year (`by December 2024`) that no cited passage's words state or
    imply, only a cited article's date (an article of December 2021): that date gives the month
    in its own year, not in any year another passage states."""
    told = {d for i, p in enumerate(passages) for d in dates(p) | implied_dates(p, _day(days, i))}
    for m in _MONTH_YEAR.finditer(sentence):
        month, year = m[1].lower(), m[2]
        on = [d for d in map(parse_day, days) if d and MONTHS[d.month - 1] == month]
        years = sorted({str(d.year) for d in on})
        if month not in told and years and year not in years:
            return f"its sources date only {m[1]} {', '.join(years)}, not {m[1]} {year}"
    return ""


def _replaced_date(mine: set[str], near: set[str]) -> str:
    """A month, weekday or year said where the closest source sentence gives another."""
    for kind in (set(MONTHS), set(WEEKDAYS), None):
        said = {d for d in mine if (d in kind if kind else d.isdigit())}
        given = {d for d in near if (d in kind if kind else d.isdigit())}
        if given - said and said - given:
            return f"its source says {', '.join(sorted(given - said))}, not {', '.join(sorted(said - given))}"
    return ""


def _dated_figures(text: str, within: int = 0) -> list[tuple[Quantity, str]]:
    """Each figure of the text with the month, weekday or year said right after it, or (with
    `within`) later in its clause, up to that many characters on and before the next figure in
    digits (`$240 billion in two-way trade between China and Russia in 2023`)."""
    folded = fold(text)
    found = _quantities(folded)
    dated = []
    for k, (m, q) in enumerate(found):
        later = [n.start() for n, _ in found[k + 1 :] if n["num"][0].isdigit()]  # not `two-way`
        end = min([m.end() + within, *later])
        rest = _CLAUSE_END.split(folded[m.end() : end], maxsplit=1)[0]
        d = _DATED.match(folded, m.end()) or (within and _DATED.search(rest))
        if d:
            dated.append((q, d["date"]))
    return dated


def _moved_date(sentence: str, evidence: str) -> str:
    """A figure put at another date of the same kind than the evidence gives it (`$190 billion
    in 2023` for `up from $190 billion in 2022`): each alone is stated, only the pair is wrong.
    The evidence may give the date later in the figure's clause (`$240 billion in two-way trade
    ... in 2023`); the sentence, right after it."""
    theirs = _dated_figures(evidence, within=_FIGURE_REACH)
    for q, day in _dated_figures(sentence):
        given = {d for t, d in theirs if q.matches(t)}
        if given and day not in given and any(date_kind(d) == date_kind(day) for d in given):
            return f"its sources give {_show(q)} for {', '.join(sorted(given)).title()}, not {day.title()}"
    return ""


_YEAR_AWAY = re.compile(
    r"\s*,?\s*(?:the (?P<a>year|month) (?P<b>before|after|earlier|later)"
    r"|an? (?P<c>year|month) (?P<d>before|after|earlier|later))\b"
)


def _figure_years_apart(sentence: str, evidence: str) -> str:
    """A figure said `the year before` (or after, earlier, later) another figure of the sentence
    must stand, in the evidence, a year before that one's (`up from $190 billion the year after`
    is not `$240 billion in 2023, up from $190 billion in 2022`); a month likewise."""
    theirs = _dated_figures(evidence, within=_FIGURE_REACH)
    folded = fold(sentence)
    said = _quantities(folded)
    for k, (m, q) in enumerate(said[1:], start=1):
        away = _YEAR_AWAY.match(folded, m.end())
        if not away:
            continue
        unit = away["a"] or away["c"]
        step = -1 if (away["b"] or away["d"]) in ("before", "earlier") else 1
        mine = {d for t, d in theirs if q.matches(t) and date_kind(d) == unit}
        for earlier in (p for _, p in said[:k]):
            other = {d for t, d in theirs if earlier.matches(t) and date_kind(d) == unit}
            meant = {_step(d, step) for d in other}
            if mine and meant and not mine & meant:
                return f"its sources give {_show(q)} for {', '.join(sorted(mine)).title()}, not {', '.join(sorted(meant)).title()}"
    return ""


def _step(day: str, step: int) -> str:
    """The year or month `step` away: `2023`, -1 -> "2022"; `january`, -1 -> "december"."""
    if day.isdigit():
        return str(int(day) + step)
    return MONTHS[(MONTHS.index(day) + step) % 12]


def _date_contexts(text: str) -> list[tuple[tuple[str, str], str]]:
    """Each month, weekday and year of the text with the two words right before it, by stem
    (`fund on` Thursday, `decline since` January), when one of them is no stop word and neither
    is part of a figure (`$190 billion in 2022` is a figure's date: `_moved_date`)."""
    found = []
    for m in _DATE_WORDS.finditer(text):
        before = re.search(r"([\w'’-]+) ([\w'’-]+) $", text[: m.start()])
        if not before:
            continue
        first, second = before.groups()
        said = {fold(first), fold(second)}
        figure = any(w[0].isdigit() or w in _SCALES or w in _UNITS or w == "percent" for w in said)
        if not said <= STOPWORDS and not figure:
            found.append(((stem(fold(first)), stem(fold(second))), (m[1] or m[2]).lower()))
    return found


def date_kind(day: str) -> str:
    """The kind of a lower-case month, weekday or year: "month", "weekday" or "year"."""
    return "year" if day.isdigit() else "month" if day in MONTHS else "weekday"
