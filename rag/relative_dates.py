"""Relative days in news prose ("on Wednesday", "yesterday", "last week") resolved against the
article's own date, so an answer to "when" can say the date and the citation check accepts it.

News style: a bare weekday is the latest such day on or before the article's date, or the next
one after it when its own verb speaks of the future ("is scheduled to", "will") or it is the day
something was arranged for ("talks arranged for Monday", "postponed until Friday"). The tense
marker nearest the weekday inside its own clause (between commas, semicolons or dashes) decides,
so "broke ground on Wednesday on a plant that will make chips" is the Wednesday before, and the
attribution that ends most news sentences ("will vote on Tuesday, the mayor said") is not the
weekday's verb. A clause without a tense marker ("On Tuesday, the council will vote") looks at
the whole sentence.

"Last month", "this month" and "next month" are months of the article's date ("August 2025");
"last year", "this year" and "next year" its years ("2024").
An offset from a day the sentence states ("four days after the storm hit, the town began ... on
Friday"; "on Friday, a day after ..."; "a day earlier") is that day moved: the storm hit on the
Monday before. When the sentence states no such day, or several, the offset is left unresolved:
no date is better than a wrong one.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from rag.documents import full_dates, match_date
from rag.text import (
    MONTH_NAME,
    MONTHS,
    NUMBER_WORD,
    STOPWORDS,
    WEEKDAY_NAME,
    WEEKDAYS,
    YEAR,
    amounts,
    sentence_ends,
    split_sentences,
)
from rag.verbs import past_tense

_RELATIVE = re.compile(
    rf"\b(?:(?P<which>last|next|this) )?(?P<weekday>{WEEKDAY_NAME})\b(?:['’]s)?"
    r"|\b(?P<near>yesterday|today|tomorrow)\b(?:['’]s)?|\b(?P<week>last|next) week\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|scheduled|expected|due|set|slated|plans?|planned|going) to\b|\bwill\b"
    # "a ruling is expected on Monday", "talks are set for Friday", "must decide by Friday"
    r"|\b(?:is|are)\s+(?:now\s+)?(?:expected|scheduled|set|due|slated|planned|booked)\b"
    r"|\bmust\b|\b(?:has|have) until\b|\bdue (?:back|on|by|for)\b"
    # "said services would run normally on Saturday": what was to come when said; not "would
    # have gone" (what did not happen), though "would have to wait until Tuesday" is to come
    r"|\bwould\b(?!\s+(?:not\s+)?have\s+(?!to\b))",
    re.I,
)
# "shut until Monday", "decide by Friday", "talks are set for Monday": a day something lasts
# until or is set for is ahead, unless its clause speaks of the past ("was closed until Monday")
_UNTIL = re.compile(r"\b(?:for|until|till|by)\s+(?:next\s+)?$", re.I)
# Past tense: regular -ed forms, the auxiliaries and the irregular verbs.
_PAST = re.compile(rf"\b(?:{past_tense('was|were|had')})\b", re.I)
# "will stay closed until Monday", "is expected to remain sealed", "the road is blocked": a past
# participle after a present or future "be", "stay" or "remain" states a condition, no past
_STATE = re.compile(r"\b(?:is|are|be|stays?|remains?)\s+(?:\w+ly\s+)?$", re.I)
# "Voting is on Sunday", "The strike is to end at 7 a.m. on Saturday": in a sentence with no
# past or future, a present "is"/"are" that the weekday completes sets the day of something ahead;
# not a day after a time word or of a noun ("is in hospital after a crash on Saturday", "is a
# suspect in the attack on Saturday")
_SET_ON = re.compile(
    r"\b(?:is|are)\b(?:(?!\b(?:after|since|following|before|from|than|the|its|his|her|their"
    r"|this|that)\b|\ban?\b(?!\.))[^,;:])*?\bon\s+$",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[,;:\u2013\u2014]|\s-\s")
_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS)})\b", re.I)  # whole words: "mayor" is no "may"
_SHIFT = {"yesterday": -1, "today": 0, "tomorrow": 1}
# "talks resumed the following Friday": the Friday after a day the sentence stated before it
_FOLLOWING = re.compile(r"\bthe\s+(?:following|next)\s+$", re.I)
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{'|'.join(MONTHS)})\s+(?P<day>\d{{1,2}})\b(?:,?\s*(?P<year>\d{{4}})\b)?", re.I
)
_PLURAL = re.compile(r"\s+([a-z]+(?<![su])s)\b")  # "shifts", not "across" or "focus"
_NOT_PLURAL = {"afterwards", "towards", "besides", "perhaps", "always", "whereas", "sometimes"}
# "talks arranged for Monday", "the vote was postponed until Friday": the day set is ahead, though
# the verb that set it is past ("had been set for Monday" may be either: the tense decides).
_ARRANGED = re.compile(
    r"(?<!\bhad )(?<!\bhad been )\b(?:arranged|scheduled|set|planned|postponed|delayed|adjourned"
    r"|pushed back|put off|moved|brought forward|rescheduled|booked|fixed|slated)\b[^,;:]*?"
    r"\b(?:for|until|till|to)\s+(?:next\s+)?$",
    re.I,
)
_MONTHS_AWAY = re.compile(r"\b(?:(?:earlier|later) )?(?P<which>last|next|this) month\b", re.I)
# "last November" in an article of 2024-03-13 is November 2023; "next March", March 2025
# (a capitalised month: "this may be" is no month)
_NAMED_MONTH_AWAY = re.compile(
    rf"\b(?P<which>(?i:last|next|this)) (?P<month>{MONTH_NAME})\b"
    r"(?!,? \d)"  # "last May 16", "next March 2025" name their day or year
)
# "last year", "the first half of next year", not "last year's" figure of a named year ("last
# year, 2023"): the article's year moved
_AWAY = {"last": -1, "this": 0, "next": 1}  # "last month", "next year": the article's moved
_YEARS_AWAY = re.compile(r"\b(?P<which>last|next|this) year\b(?!['’]s|,?\s*\d{4})", re.I)
_OFFSET = re.compile(
    rf"\b(?:(?P<n>\d{{1,2}}|{NUMBER_WORD}|an?) (?P<unit>days?|weeks?) (?P<way>after|before|earlier"
    r"|later)|the (?P<order>previous|following|next) (?P<unit2>day|week)"
    r"|the (?P<unit3>day|week) (?P<way3>before|after))\b",
    re.I,
)
# "within 30 days after", "more than a week before": no one day
_VAGUE_COUNT = re.compile(
    r"\b(?:within|up to|at least|more than|less than|fewer than|about|around|nearly|almost|some"
    r"|over|under|roughly|no later than|no more than)\s+$",
    re.I,
)
_COMPARED = re.compile(r"\s+than\b", re.I)  # "a day later than planned"
_OBJECT = re.compile(r"\s+(?!than\b)[\w“\"‘']")  # "a day after the vote", not "a day after,"
_SAYS = re.compile(r"\b(?:said|says|told|added|confirmed|announced|reported|according to)\b", re.I)
# "has suspended all sailings until Wednesday", "said the company had closed the road until
# Friday": a perfect reaches the moment of speaking (after "said", "had" is the present perfect
# told in the past), so what it set lasts until a day ahead
_PERFECT = re.compile(r"\b(?P<aux>has|have|had)\s+(?:\w+ly\s+|not\s+)?(?:been\s+)?$", re.I)


def parse_day(day: str | None) -> dt.date | None:
    """An ISO date (`2021-12-15`, also with a time after it), or None."""
    try:
        return dt.date.fromisoformat(day[:10]) if day else None
    except ValueError:
        return None


def spell(day: dt.date) -> str:
    """`2021-12-15` -> `December 15, 2021`, the form news prose and the citation check read."""
    return f"{MONTHS[day.month - 1].capitalize()} {day.day}, {day.year}"


def resolve(text: str, published: str | None, before: str = "") -> list[tuple[int, str]]:
    """Where each relative time ends in the text and what it means, spelled out:
    [(end offset, "December 15, 2021"), (end, "August 2025"), ...], in order; empty without an
    article date. An offset's event ("four days after the storm hit") is dated at its end. An
    offset in a sentence that states no day ("A day earlier, ...") counts from the day of the
    sentence before, in the text or at the end of `before` (the article's text before it)."""
    on = parse_day(published)
    if on is None:
        return []
    days = _days(text, on)
    found = [(end, label) for _, end, label in days]
    found += [(m.end(), _month(on, m)) for m in _MONTHS_AWAY.finditer(text)]
    found += [(m.end(), _named_month(on, m)) for m in _NAMED_MONTH_AWAY.finditer(text)]
    found += [(m.end(), _year(on, m)) for m in _YEARS_AWAY.finditer(text)]
    found += _offsets(text, days, on, before)
    return sorted(found)


def _days(sentence: str, on: dt.date) -> list[tuple[int, int, str]]:
    """Each weekday, "yesterday"/"today"/"tomorrow" and "last/next week" of the sentence:
    (start, end, what it means)."""
    future = [m.span() for m in _FUTURE.finditer(sentence)]
    past = [
        m.span()
        for m in _PAST.finditer(sentence)
        if not _inside(m.span(), future) and not _STATE.search(sentence, 0, m.start())
    ]
    found: list[tuple[int, int, str]] = []
    for m in _RELATIVE.finditer(sentence):
        if m.group("weekday"):
            if not m.group("weekday")[0].isupper() or _habitual(sentence, m):
                continue  # "sunday" in lower case, "Sunday shifts": no one day
            target = WEEKDAYS.index(m.group("weekday").lower())
            which = (m.group("which") or "").lower()
            # "the following Friday", "the next Friday" (its "next" is `which`)
            if _FOLLOWING.search(sentence, 0, m.start("weekday")):
                earlier = [d for _, _, label in found if (d := day_of(label))]
                after = _stated_before(sentence, m.start(), on) or next(reversed(earlier), None)
                if after:  # none stated: no date rather than a wrong one
                    gap = (target - after.weekday()) % 7 or 7
                    found.append((m.start(), m.end(), spell(after + dt.timedelta(days=gap))))
                continue
            clause = _clause(sentence, m.span())
            near_future, near_past = _within(future, clause), _within(past, clause)
            if not near_future and not near_past:
                near_future, near_past = future, past
            ahead = (
                _ARRANGED.search(sentence, clause[0], m.start())
                or _until(sentence, m, clause, past)
                or _nearest_is_future(m.span(), near_future, near_past)
                or not (future or past)
                and _SET_ON.search(sentence, clause[0], m.start())
            )
            if which == "next" or (not which and ahead):
                gap = (target - on.weekday()) % 7 or (7 if which == "next" else 0)
            else:
                gap = -((on.weekday() - target) % 7 or (7 if which == "last" else 0))
            found.append((m.start(), m.end(), spell(on + dt.timedelta(days=gap))))
        elif m.group("near"):
            shift = _SHIFT[m.group("near").lower()]
            found.append((m.start(), m.end(), spell(on + dt.timedelta(days=shift))))
        else:
            before = "before" if m.group("week").lower() == "last" else "after"
            found.append((m.start(), m.end(), f"the week {before} {spell(on)}"))
    return found


def _stated_before(sentence: str, end: int, on: dt.date) -> dt.date | None:
    """The last day the sentence names before `end`, in full ("October 24, 2022") or by month
    and day, in the article's year ("Monday, October 24"); None for none."""
    text = sentence[max([0, *(e for e in sentence_ends(sentence) if e <= end)]) : end]
    days = [d for m in _MONTH_DAY.finditer(text) if (d := match_date(m, on.year))]
    return days[-1] if days else None


def _habitual(sentence: str, m: re.Match[str]) -> bool:
    """Is a bare weekday one of a plural noun ("Sunday shifts", "on Friday evenings"): every
    such day, not one?"""
    after = _PLURAL.match(sentence, m.end())
    plain = not m.group("which") and not m.group(0).endswith(("'s", "’s"))
    return bool(after and plain and after.group(1) not in STOPWORDS | _NOT_PLURAL)


def _until(
    sentence: str, m: re.Match[str], clause: tuple[int, int], past: list[tuple[int, int]]
) -> bool:
    """Is the weekday one something lasts until or is set for ("shut until Monday"), in a
    clause that speaks of no past? A clause that is the phrase alone ("By Friday, the water had
    receded") takes the sentence's tense."""
    until = _UNTIL.search(sentence, clause[0], m.start())
    if not until or m.group(0).endswith(("'s", "’s")):  # "for Monday's match": its own day
        return False
    alone = not sentence[clause[0] : until.start()].strip()
    if alone:
        return not past
    verbs = _within(past, clause)
    before = [span for span in verbs if span[1] <= until.start()]
    if before:  # the verb "until" goes with: "(said the company) had suspended ... until"
        return _reaches_now(sentence, before[-1], past)
    return not verbs


def _reaches_now(sentence: str, span: tuple[int, int], past: list[tuple[int, int]]) -> bool:
    """Is the past form at `span` part of a perfect that reaches the moment of speaking: a
    participle after "has"/"have", or "had" and its participle in what someone said?"""
    if sentence[span[0] : span[1]].lower() == "had":
        participle = [s for s in past if s[0] > span[0]]
        return bool(participle) and _reaches_now(sentence, participle[0], past)
    perfect = _PERFECT.search(sentence, 0, span[0])
    if not perfect or perfect.end() != span[0]:
        return False
    return perfect.group("aux").lower() != "had" or bool(_SAYS.search(sentence, 0, perfect.start()))


def _month(on: dt.date, m: re.Match[str]) -> str:
    """ "last month" in an article of 2025-09-18 -> "August 2025"."""
    month = on.month - 1 + _AWAY[m.group("which").lower()]
    return f"{MONTHS[month % 12].capitalize()} {on.year + month // 12}"


def named_months(text: str, on: dt.date) -> list[str]:
    """What each "last November", "next March" of the text means in an article of date `on`:
    ["November 2023", ...]."""
    return [_named_month(on, m) for m in _NAMED_MONTH_AWAY.finditer(text)]


def _named_month(on: dt.date, m: re.Match[str]) -> str:
    """ "last November" in an article of 2024-03-13 -> "November 2023": the nearest one before
    (after, for "next") the article's month; "this November", its year's."""
    month, which = MONTHS.index(m.group("month").lower()) + 1, m.group("which").lower()
    year = on.year
    if which == "last" and month >= on.month:
        year -= 1
    elif which == "next" and month <= on.month:
        year += 1
    return f"{m.group('month')} {year}"


def _year(on: dt.date, m: re.Match[str]) -> str:
    """ "next year" in an article of 2025-09-18 -> "2026"."""
    return str(on.year + _AWAY[m.group("which").lower()])


def _offsets(
    text: str, days: list[tuple[int, int, str]], on: dt.date, before: str
) -> list[tuple[int, str]]:
    """Each offset of a sentence from the one day it states elsewhere, as that day moved:
    "four days after X, ... began on Friday (March 14)" dates X March 10, at X's end; "a day
    earlier" / "the previous week" date themselves. None where the text states no day or
    several outside the offset, or only in an attribution ("police said on Tuesday")."""
    found: list[tuple[int, str]] = []
    offsets = list(_OFFSET.finditer(text))
    starts = [0, *sentence_ends(text)] if offsets else []
    for m in offsets:
        if _VAGUE_COUNT.search(text, 0, m.start()) or _COMPARED.match(text, m.end()):
            continue  # "within 30 days after", "a day later than planned": no day of its own
        unit = (m.group("unit") or m.group("unit2") or m.group("unit3")).lower().rstrip("s")
        way = (m.group("way") or m.group("order") or m.group("way3")).lower()
        count = _count(m.group("n")) if m.group("n") else 1
        end = m.end()
        step = -1 if way in ("before", "earlier", "previous") else 1
        if way in ("after", "before") and _OBJECT.match(text, m.end()):
            step, end = -step, _clause_end(text, m.end())  # "a day after X": X is a day back
        first = max(s for s in starts if s <= m.start())
        last = min([s for s in starts if s > m.start()] + [len(text)])
        anchor = _anchor(text, days, (m.start(), end), (first, last))
        undated = not any(first <= d[0] < last for d in days) and not full_dates(
            text[first:last]
        )  # "A day earlier, ...": from the day of the text before
        if anchor is None and end == m.end() and undated:
            anchor = _day_before(text, days, starts.index(first), on, before)
        dated = any(m.start() <= start and stop <= end for start, stop, _ in days)
        if anchor is None or count is None or dated:
            continue  # "two days after the storm hit on Monday": the event has its day
        if unit == "week":
            if count == 1:
                side = "before" if step < 0 else "after"
                found.append((end, f"the week {side} {spell(anchor)}"))
        else:
            found.append((end, spell(anchor + dt.timedelta(days=step * count))))
    return found


def _count(said: str) -> int | None:
    """ "a" / "four" / "4" -> 1 / 4 / 4; None for a word that is no count."""
    if said.lower() in ("a", "an"):
        return 1
    counted = amounts(said)
    return int(next(iter(counted))) if len(counted) == 1 else None


def _clause_end(sentence: str, start: int) -> int:
    """Where the clause that begins at `start` ends: its break, or the sentence's closing."""
    after = _CLAUSE_BREAK.search(sentence, start)
    end = after.start() if after else len(sentence.rstrip(' .!?"”’'))
    return len(sentence[:end].rstrip())


def _anchor(
    text: str, days: list[tuple[int, int, str]], span: tuple[int, int], bounds: tuple[int, int]
) -> dt.date | None:
    """The one day the sentence at `bounds` of the text states outside `span` (an offset and
    its event) and outside an attribution, from a relative day or in full; None for none or
    several."""
    stated = set()
    for start, end, label in days:
        if (
            bounds[0] <= start < bounds[1]
            and (start < span[0] or end > span[1])
            and not _SAYS.search(text, *_clause(text, (start, end)))
        ):
            stated.add(label)
    outside = f"{text[bounds[0] : span[0]]} … {text[span[1] : bounds[1]]}"
    stated |= {spell(d) for d in full_dates(outside)}
    days_only = {d for d in map(day_of, stated) if d}
    return days_only.pop() if len(days_only) == 1 and len(stated) == 1 else None


def _day_before(
    text: str, days: list[tuple[int, int, str]], index: int, on: dt.date, before: str
) -> dt.date | None:
    """The one day of the sentence before the `index`th sentence of the text: in the text, or
    the last of `before`."""
    starts = [0, *sentence_ends(text)]
    if index:
        return _anchor(text, days, (0, 0), (starts[index - 1], starts[index]))
    previous = (split_sentences(before) or [""])[-1]
    return _anchor(previous, _days(previous, on), (0, 0), (0, len(previous)))


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


def day_of(label: str) -> dt.date | None:
    """The day a label spells in full ("December 15, 2021"); None for a week or a month."""
    try:
        return dt.datetime.strptime(label, "%B %d, %Y").date()
    except ValueError:
        return None


def text_before(sentence: str, passage: str) -> str:
    """The passage's text before the sentence (where its offsets may count from); "" where it
    is not found as it stands."""
    return passage[: max(0, passage.find(sentence))]


def resolved_days(text: str, published: str | None, before: str = "") -> set[str]:
    """The full dates (`December 15, 2021`) that a text's relative days stand for; `before`
    is its article's text before it."""
    return {day for _, label in resolve(text, published, before)
            if (day := label.removeprefix("the week before ").removeprefix("the week after "))
            and day_of(day)}  # fmt: skip


def with_dates(sentence: str, published: str | None, before: str = "") -> str:
    """The sentence with each relative time's date after it: "on Wednesday (December 15, 2021)",
    "last month (August 2025)"; `before` is its article's text before it ("The strike began on
    Monday." for "A day earlier, ...").

    Left as it is where the sentence already gives a month right there."""
    out, last = [], 0
    for end, label in resolve(sentence, published, before):
        if end < last or _MONTH.search(sentence[end : end + 20]):
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
        day = day_of(label.removeprefix("the week before "))
        if label.isdigit():  # a year: "this year" may be later in it
            if int(label) >= on.year:
                return True
        elif day is None:  # a month: "this month" may be later in it
            month = dt.datetime.strptime(label, "%B %Y").date()
            if (month.year, month.month) >= (on.year, on.month):
                return True
        elif day > on:
            return True
    return False
