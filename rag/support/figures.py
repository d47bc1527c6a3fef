"""Figures as the support rule reads them: values, bounds and shares normalised (`ninety per
cent` = `90%` = `nine in ten`), with what they count and whether they only name a group."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.text import (
    YEAR,
    fold,
    stem,
    terms,
    words,
)

# -- what a sentence claims ------------------------------------------------------------------
_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "bn": 1e9, "mn": 1e6, "dozen": 12}  # fmt: skip
# Spans of time, in seconds: `ninety minutes` = `an hour and a half`, `three decades` = `30 years`.
_DURATIONS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
              "month": 2628000, "year": 31536000, "decade": 315360000, "century": 3153600000}  # fmt: skip
_DURATION = r"(?:second|minute|hour|day|week|month|year|decade)s?|century|centuries"
_BOUNDS = (
    (">", "more than|over|above|upwards of|in excess of|greater than|at least|exceeding"),
    ("<", "less than|fewer than|under|below|up to|at most|as many as|as much as|no more than"),
    ("~", "about|around|nearly|almost|roughly|approximately|some|close to|an estimated|just over"),
)
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_ORDINALS], key=len, reverse=True))
# "seven in ten", "one out of five", "3 in 10": a share, as percent ("one" counts only here)
_PER = r"\s+(?:in|out of)\s+(?P<per>ten|five|four|three|two|hundred|10|100)(?![\d,.])\b"
_PER_WORDS = {"ten": 10, "five": 5, "four": 4, "three": 3, "two": 2, "hundred": 100}
_QUANTITY = re.compile(
    rf"(?:\b(?P<bound>{'|'.join(b for _, b in _BOUNDS)})\s+)?\$?"
    rf"(?P<num>\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|\b(?:{_NUMBER_WORD})(?:-(?:{_NUMBER_WORD}))?\b"
    rf"|\bone\b(?={_PER.replace('?P<per>', '')})"
    # `a dozen`, `half an hour`, `an hour and a half`, `half of the homes` (50%, not `latter half`)
    rf"|\ba dozen\b|\bhalf an?\b(?=\s+(?:{_DURATION})\b)|\ban?\b(?=\s+(?:{_DURATION}) and a half\b)"
    r"|(?<!first )(?<!second )(?<!latter )(?<!other )(?<!the )(?<!a )\bhalf\b(?= (?:of|the|its|their)\b))"
    rf"(?:{_PER})?"
    rf"(?:[\s-]*(?P<scale>{'|'.join(_SCALES)})\b)?"
    r"(?:[\"”’']?\s*(?P<pct>%|percent\b|per cent\b))?"  # `"fourteen" percent` too
    rf"(?:[\s-]+(?P<unit>{_DURATION})\b(?P<half> and a half\b)?)?"
    r"(?:\s+(?P<post>or (?:more|over|fewer|less))\b)?"
)
_SAID = {
    "one": 1.0,
    "a dozen": 12.0,
    "half": 50.0,
    "half a": 0.5,
    "half an": 0.5,
    "a": 1.0,
    "an": 1.0,
}  # figures said in words that are no number words
_AFTER_BOUNDS = {"or more": ">", "or over": ">", "or fewer": "<", "or less": "<"}  # "4 or more"
_DETERMINER = re.compile(r"\b(?:the|these|those|our|their|its|his|her|both)\s+$")
_CLAUSE_START = re.compile(r"(?:^|[(\[;:,—-])\s*$")  # "(first report)", "First, ..."


@dataclass(frozen=True)
class Quantity:
    bound: str  # "", ">", "<" or "~"
    value: float
    percent: bool
    # "the two countries": a number word after a determiner names a group more than it counts
    referring: bool = field(default=False, compare=False)
    counted: str = field(default="", compare=False)  # the stem of the word after the figure
    ordinal: bool = field(default=False, compare=False)  # "first", "37th": ranks, counts nothing
    seconds: float = field(default=0.0, compare=False)  # a span of time, in seconds; 0 if none

    def matches(self, other: Quantity) -> bool:
        """Same value and unit; an approximate figure matches any bound, others must agree. Two
        spans of time compare by length (`ninety minutes` = `an hour and a half`), and only with
        each other (`second` and `the two countries` are not `two-day`)."""
        if _one_timed(self, other):
            return False
        timed = bool(self.seconds and other.seconds)
        same = self.seconds == other.seconds if timed else self.value == other.value
        if not same or self.percent != other.percent:
            return False
        return self.bound == other.bound or "~" in (self.bound, other.bound)

    @property
    def key(self) -> str:
        """The figure by value, or a span of time by length: what evidence is chosen by."""
        return f"#{self.seconds:g}s" if self.seconds else f"#{self.value:g}"


def quantities(text: str) -> list[Quantity]:
    """Figures in the text, normalised: `ninety per cent` -> Quantity("", 90, True). Not years."""
    return [q for _, q in _quantities(fold(text))]


def _quantities(folded: str) -> list[tuple[re.Match[str], Quantity]]:
    """Each figure of a folded text with where it is said."""
    found = []
    for m in _QUANTITY.finditer(folded):
        raw = m.group("num").replace(",", "")
        if YEAR.fullmatch(m.group("num").rstrip(",")) and not (m.group("scale") or m.group("pct")):
            continue
        if re.search(r"[a-z]-$", folded[: m.start("num")]):
            continue  # a model's number, part of its name: `Lumen-2`, `F-16`
        value = _SAID.get(raw) or _number_value(raw)
        if value is None:
            continue
        per = m.group("per")
        if per:
            whole = _PER_WORDS.get(per) or int(per)
            if not whole or value > whole:
                continue
            value = round(100 * value / whole, 1)
        if m.group("scale"):
            value *= _SCALES[m.group("scale")]
        if m.group("half"):
            value += 0.5
        said = m.group("bound")
        bound = next((sign for sign, words_ in _BOUNDS if said and re.fullmatch(words_, said)), "")
        bound = _AFTER_BOUNDS.get(m.group("post") or "", bound)
        before = folded[: m.start("num")]
        ordinal = raw in _ORDINALS or raw[-2:] in ("st", "nd", "rd", "th")
        referring = not raw[0].isdigit() and bool(
            _DETERMINER.search(before) or (ordinal and _CLAUSE_START.search(before))
        )
        unit = "" if ordinal else stem(m.group("unit") or "").removesuffix("ies") or ""
        unit = "century" if unit == "centur" else unit
        after = [unit] if unit else words(folded[m.end() :])[:1]
        percent = bool(m.group("pct") or per) or raw == "half"
        found.append((m, Quantity(bound, value, percent, referring, stem(after[0]) if after else "",
                                  ordinal, value * _DURATIONS.get(unit, 0))))  # fmt: skip
    return found


def _number_value(raw: str) -> float | None:
    digits = re.match(r"[\d.]+", raw)
    if digits:
        try:
            return float(digits.group())
        except ValueError:
            return None
    parts = raw.split("-")
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        return float(_UNITS[parts[0]] + _UNITS[parts[1]])
    return float(_UNITS.get(raw, _ORDINALS.get(raw, 0))) or None


def _one_timed(a: Quantity, b: Quantity) -> bool:
    """One figure is a span of time and the other is not: `his second visit` and `the two
    countries` neither state nor stand for `a two-day visit`."""
    return bool(a.seconds) != bool(b.seconds)


def _alike(a: Quantity, b: Quantity) -> bool:
    """Figures one could stand for the other: both shares or neither, and the same noun counted
    or within a factor of ten (`€74 million` does not replace the `2` clubs of its sentence)."""
    if a.percent != b.percent or _one_timed(a, b):
        return False
    if a.counted == b.counted or not (a.value and b.value):
        return True
    return 0.1 <= a.value / b.value <= 10


def _counting(said: list[Quantity], given: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Both sides' figures without the referring ones (`the first state`) the other side does
    not count by the same word."""
    nouns = {q.counted for q in said}, {q.counted for q in given}
    return ([q for q in said if not q.referring or q.counted in nouns[1]],
            [q for q in given if not q.referring or q.counted in nouns[0]])  # fmt: skip


def _show(q: Quantity) -> str:
    value = f"{q.value:,.12g}"
    unit = f" {q.counted}{'' if q.value == 1 else 's'}" if q.seconds else ""
    return f"{ {'>': 'more than ', '<': 'less than ', '~': 'about '}.get(q.bound, '') }{value}" + (
        "%" if q.percent else unit
    )


def _figure_words(sentence: str, given: list[Quantity]) -> set[str]:
    """The terms of each figure the evidence gives in another form, whole (`more than 90
    percent` for `greater than 90 %`, `$1.1 billion` for `$1,100 million`)."""
    return {t for m, q in _quantities(fold(sentence)) if any(q.matches(g) for g in given)
            for t in terms(m.group())}  # fmt: skip


def _figure(term: str) -> str:
    """`37th` -> "37"; "" for a term that is no figure."""
    digits = re.match(r"\d+(?:\.\d+)?", term)
    return f"{float(digits.group()):g}" if digits else ""
