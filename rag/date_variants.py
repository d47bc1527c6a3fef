"""Wrong copies of an answer's dates, the ways a language model gets a date wrong: the stress
perturbations of `rag eval --checker --stress` (see rag/checker_eval.py).

Each variant changes one date of the text and is labelled with how (its `way`): a weekday,
month or year swapped; a day of the month changed, as it is written or as an ordinal ("May
17th") or in digits ("2024-05-17", "17/05/2024"); a relative day turned round ("yesterday" for
"tomorrow", "last week" for "next week", "this year" for "last year"); a part of a month turned
round ("early May" for "late May", "early May" for "May 16"); two dates of one kind in two
clauses swapped (the date moved into the other clause). Deterministic: no hand-picking.
"""

from __future__ import annotations

import re

from rag.support.dates import date_kind
from rag.text import MONTH_NAME, MONTHS, WEEKDAY_NAME, WEEKDAYS, YEAR

WAYS = ("weekday", "month", "year", "day", "ordinal", "numeric", "relative", "part", "clause")

_MONTH_OR_DAY = re.compile(rf"\b({MONTH_NAME}|{WEEKDAY_NAME})\b")
_DAY_OF_MONTH = re.compile(
    rf"\b(?P<month>{MONTH_NAME}) (?P<day>\d{{1,2}})\b(?:,? (?P<year>(?:19|20)\d\d)\b)?"
)
_PART = re.compile(
    rf"\b(?P<part>[Ee]arly|[Ll]ate|[Mm]id)[\s-]+(?P<what>{MONTH_NAME}|(?:19|20)\d0s|(?:19|20)\d\d)\b"
)
# each relative time and what turns it round (the first word decides the case)
_TURNED = {
    "yesterday": ["tomorrow"],
    "tomorrow": ["yesterday"],
    "today": ["yesterday", "tomorrow"],
    "last week": ["next week"],
    "next week": ["last week"],
    "this week": ["last week", "next week"],
    "last month": ["next month"],
    "next month": ["last month"],
    "this month": ["last month", "next month"],
    "last year": ["next year", "this year"],
    "next year": ["last year", "this year"],
    "this year": ["last year", "next year"],
    "the week before": ["the week after"],
    "the week after": ["the week before"],
    "the month before": ["the month after"],
    "the month after": ["the month before"],
    "the year before": ["the year after"],
    "the year after": ["the year before"],
    "earlier that week": ["later that week"],
    "later that week": ["earlier that week"],
    "a year earlier": ["a year later"],
    "a year later": ["a year earlier"],
}
_RELATIVE = re.compile(rf"\b(?:{'|'.join(sorted(_TURNED, key=len, reverse=True))})\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s-\s|\b(?:and|but|while|after|before|then)\b")


def date_variants(text: str) -> list[tuple[str, str]]:
    """Every date of the text changed several ways, one at a time: (way, changed text)."""
    return [
        *_swapped_names(text),
        *_years(text),
        *_days(text),
        *_relative(text),
        *_parts(text),
        *_clauses(text),
    ]


def _put(text: str, span: tuple[int, int], new: str) -> str:
    return text[: span[0]] + new + text[span[1] :]


def change_date(text: str) -> str:
    """The text's first month or weekday moved on by one, else its first year: the one date
    change of the checker benchmark without `--stress`."""
    if m := _MONTH_OR_DAY.search(text):
        return _put(text, m.span(), _moved(m.group(), 1))
    m = YEAR.search(text)
    return _put(text, m.span(), str(int(m.group()) + 1)) if m else text


def _moved(name: str, step: int) -> str:
    """A month or weekday `step` on in its cycle, capitalised: `December`, 1 -> `January`."""
    cycle = MONTHS if name.lower() in MONTHS else WEEKDAYS
    return cycle[(cycle.index(name.lower()) + step) % len(cycle)].capitalize()


def _swapped_names(text: str) -> list[tuple[str, str]]:
    """Each month moved by 1, 4 and 7, each weekday by 1, 2 and 4."""
    found = []
    for m in _MONTH_OR_DAY.finditer(text):
        kind = date_kind(m.group().lower())
        steps = (1, 4, 7) if kind == "month" else (1, 2, 4)
        found += [(kind, _put(text, m.span(), _moved(m.group(), s))) for s in steps]
    return found


def _years(text: str) -> list[tuple[str, str]]:
    """Each year moved by -1, +1 and +2."""
    return [("year", _put(text, m.span(), str(int(m.group()) + s)))
            for m in YEAR.finditer(text) for s in (-1, 1, 2)]  # fmt: skip


def _other_day(day: int, step: int) -> int:
    """A day of the month `step` away, kept within 1..28 (every month has it)."""
    return (day - 1 + step) % 28 + 1


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _days(text: str) -> list[tuple[str, str]]:
    """Each day of a month (`May 16`, `May 16, 2024`) moved by -1, +1 and +7; then written as
    an ordinal a day later (`May 17th`); and, with a year, in digits a day later or a month later
    (`2024-05-17`, `17/05/2024`, `2024-06-16`)."""
    found = []
    for m in _DAY_OF_MONTH.finditer(text):
        day, month = int(m["day"]), MONTHS.index(m["month"].lower()) + 1
        year = f", {m['year']}" if m["year"] else ""
        if not 1 <= day <= 31:
            continue
        found += [("day", _put(text, m.span(), f"{m['month']} {_other_day(day, s)}{year}"))
                  for s in (-1, 1, 7)]  # fmt: skip
        later = _other_day(day, 1)
        found.append(("ordinal", _put(text, m.span(), f"{m['month']} {_ordinal(later)}{year}")))
        if m["year"]:
            y = int(m["year"])
            found += [
                ("numeric", _put(text, m.span(), f"{y}-{month:02d}-{later:02d}")),
                ("numeric", _put(text, m.span(), f"{later:02d}/{month:02d}/{y}")),
                ("numeric", _put(text, m.span(), f"{y}-{month % 12 + 1:02d}-{day:02d}")),
            ]
    return found


def _relative(text: str) -> list[tuple[str, str]]:
    """Each relative time turned round: `yesterday` -> `tomorrow`, `last week` -> `next week`."""
    found = []
    for m in _RELATIVE.finditer(text):
        for new in _TURNED[m.group().lower()]:
            cased = new.capitalize() if m.group()[0].isupper() else new
            found.append(("relative", _put(text, m.span(), cased)))
    return found


def _parts(text: str) -> list[tuple[str, str]]:
    """Each part of a month or decade turned round (`early May` -> `late May`, `mid-May` ->
    `early May` and `late May`), and each day of a month said as the part it is not in (`May
    16` -> `early May`, `May 4` -> `late May`)."""
    found = []
    for m in _PART.finditer(text):
        part = m["part"].lower()
        others = {"early": ["late"], "late": ["early"], "mid": ["early", "late"]}[part]
        for new in others:
            cased = new.capitalize() if m["part"][0].isupper() else new
            found.append(("part", _put(text, m.span(), f"{cased} {m['what']}")))
    for m in _DAY_OF_MONTH.finditer(text):
        wrong = "late" if int(m["day"]) <= 15 else "early"
        year = f" {m['year']}" if m["year"] else ""
        found.append(("part", _put(text, m.span(), f"{wrong} {m['month']}{year}")))
    return found


def _clauses(text: str) -> list[tuple[str, str]]:
    """Two different months, weekdays or years in two clauses of the text swapped: each date
    moved into the other's clause."""
    found = []
    dated = [m for m in [*_MONTH_OR_DAY.finditer(text), *YEAR.finditer(text)]]
    dated.sort(key=lambda m: m.start())
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            if a.group() == b.group() or date_kind(a.group().lower()) != date_kind(
                b.group().lower()
            ):
                continue
            between = text[a.end() : b.start()]
            if len(between.split()) < 3 or not _CLAUSE_BREAK.search(between):
                continue  # "in March and April" is a list, not two clauses
            swapped = text[: a.start()] + b.group() + text[a.end() : b.start()] + a.group()
            found.append(("clause", swapped + text[b.end() :]))
    return found
