"""What a question asks for (names, a date, a number) and whether a sentence holds that kind.

Shared by the extractive answerer, which prefers sentences of the asked type, and the pipeline,
which looks for disagreeing figures only when a figure was asked for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rag.documents import full_dates
from rag.occasions import occasion_nouns, without_occasion
from rag.persons import is_body, is_person
from rag.relative_dates import resolved_days, spell
from rag.text import (
    MONTH_NAME,
    MONTHS,
    NUMBER_WORD,
    OPENERS,
    STOPWORDS,
    WEEKDAY_NAME,
    WEEKDAYS,
    YEAR,
    amounts,
    figures,
    fold,
    numbers,
    stem,
    strip_possessive,
    terms,
    words,
)
from rag.verbs import PAST_FORMS_OF, PAST_TENSE

_DATE = re.compile(
    rf"\b({'|'.join(MONTHS + WEEKDAYS)}|(?:19|20)\d\d|(?:19|20)\d0s"  # "the 1990s"
    r"|(?:last|next|this) (?:week|month|year)|yesterday|today|tomorrow"
    # "about a decade ago", "two years earlier": a time counted back from the article's
    r"|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|few|several|\d+|couple of)"
    r" (?:weeks?|months?|years?|decades?) (?:ago|earlier|before|in the past))\b",
    re.I,
)
# Counts spelled out: news style writes them so at a sentence's start ("Fourteen percent of
# posts ...", "Twenty-three people ..."), whatever their size.
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_COUNT_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    rf"|sixteen|seventeen|eighteen|nineteen|(?:{_TENS})(?:-(?:one|two|three|four|five|six"
    "|seven|eight|nine))?"
)
_NUMBER_WORDS = re.compile(
    rf"(?<!the )(?<!two )\b({_COUNT_WORDS}|dozens?"
    r"|hundreds?|thousands?|millions?|billions?|\d+(?:st|nd|rd|th)|once|twice)\b",
    re.I,
)  # "the two countries" names no quantity
_NAME = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{3,}\b)(?:[ -](?:[A-Z]\.|[A-Z][a-z]+))*")  # "AFP"
# Capitalised words that are not names of people or organisations: titles, directions, dates;
# demonyms ("Danish", "Chinese", "Canadian") are caught by their ending.
_COMMON_CAPS = {*"north south east west northern southern western eastern mr ms mrs president".split(), *MONTHS,
                *WEEKDAYS}  # fmt: skip
# "Russian", "Chinese", "Danish": a nationality, no name ("which German club": `qualifies`)
DEMONYM = re.compile(r"[a-z]{2,}(?:ian|ean|can|ese|ish)")

_EXACT = r"(?:(?:exact|precise|specific|particular) )?"  # "on what exact date"
_QUESTION_TYPES = (
    ("count", re.compile(r"\bhow (many|much|long|old)\b|^(?!\W*(?:when|who|where)\b).*\bthe number of\b"
                         r"|\bwhat (percentage|share|number|amount|proportion|fraction|concentration|density)\b"
                         r"|\b(rate|price|cost|population|percent(age)?)\b"
                         r"|\b(value|total|volume|size) of\b", re.I)),
    ("when", re.compile(r"^\W*(?:and |so |but )?when\b|\bwhat (date|day|year|month|time)\b|\b(which|what) "
                        rf"{_EXACT}(date|day|weekday|year|month)\b|\bin what year\b", re.I)),
    # the noun "which" asks for is among its first words: not "banks" in "Which sources reported
    # that Chinese banks cut ...", whose answer names sources
    ("who", re.compile(r"^\W*(who|whom|whose)\b|\bwhich (?:[\w-]+\s+){0,3}?(people|person|officials?|"
                       r"ministers?|leaders?|analysts?|experts?|professors?|banks?|companies|"
                       r"adviser|advisor|president|diplomat|broadcaster|agency|organi[sz]ation)\b",
                       re.I)),
    ("where", re.compile(r"^\W*where\b|\b(which|what) (city|country|place|region|university)\b",
                         re.I)),
)  # fmt: skip


# "On what date ...", "which day ...": a day is asked, and "last week", "a decade ago" or a year
# alone gives none.
_ASKS_DAY = re.compile(rf"\b(?:what|which) {_EXACT}(?:date|day|weekday)\b", re.I)
# "At what time ...": a time of day is asked ("4:30 p.m.", "Thursday evening"), not a day
_ASKS_TIME = re.compile(
    r"\b(?:what|which) time\b(?! (?:of (?:the )?(?:year|month|week)|frame)\b)", re.I
)
_VAGUE = re.compile(r"(?:last|next|this) (?:week|month|year)|.* (?:ago|earlier|before|past)", re.I)

# "How old is he?": "74-year-old", "aged 74", "Lavrov, 74,", or a founding year for a thing.
_HOW_OLD = re.compile(r"\bhow old\b", re.I)
_AGE = re.compile(
    r"\b\d{1,3}[- ]years?[- ]old\b|\baged? \d{1,3}\b|\bage of \d{1,3}\b|[A-Z]\w+, \d{1,3},"
    r"|\b(?:founded|established|built|opened|created|set up) in (?:1\d|20)\d\d\b"
)
_HOW_LONG = re.compile(r"\bhow long\b", re.I)
_HOW_LONG_SO_FAR = re.compile(r"\bhow long (?:has|have)\b", re.I)
# "can carry 450 passengers", "could hold up to 60,000": what something is able to take, not
# how many it took; asked "how many was it carrying", such a figure is no count of them
_ABLE_TO = re.compile(
    r"\b(?:can|could)\s+(?:\w+ly\s+)?\w+\s+(?:up to\s+|about\s+|some\s+|more than\s+)?"
    rf"(?:\d[\d,.]*|{NUMBER_WORD})\b",
    re.I,
)
_ASKS_DONE = re.compile(r"^\W*how (?:many|much)\b.*\b(?:was|were|did|had)\b", re.I)
_DURATIONS = set(terms("seconds minutes hours days weeks months years decades centuries"))
_DURATION = re.compile(
    rf"\b(?:\d[\d,.]*|one|a|an|{NUMBER_WORD}|several|many|few)[ -](?:more )?(?:full )?"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))\b",
    re.I,
)
_SINCE = re.compile(
    rf"\bsince (?:(?:early|late|mid-?)\s*)?(?:{'|'.join(MONTHS)}|(?:19|20)\d\d)\b", re.I
)
# "would stay shut until at least the weekend": how long, told by when it ends
_UNTIL = re.compile(
    rf"\b(?:until|till) (?:at least |about |around )?(?:the )?(?:end of |middle of )?"
    rf"(?:(?:next|this|the following) )?(?:{'|'.join(MONTHS + WEEKDAYS)}|(?:19|20)\d\d|weekend"
    r"|week|month|year|spring|summer|autumn|winter)\b",
    re.I,
)
# "how many X", and "the number of X" ("How did the number of homes destroyed change?")
_HOW_MANY = re.compile(r"\b(?:how many|the number of) ((?:[\w'-]+ ?){1,2})", re.I)
_QUANTITY = re.compile(
    rf"\d[\d,.]*(?:st|nd|rd|th)?|\b(?:{_COUNT_WORDS}"
    r"|dozens?|hundreds?|thousands?|millions?|billions?|once|twice)\b",
    re.I,
)


# A question about money wants an amount of money: "how much did the plant cost" is not answered
# by "1,900 jobs" or "3.2 metres high".
_ABOUT_MONEY = re.compile(
    r"\b(?:cost|costs|costing|price[ds]?|pay|paid|pays|spend|spent|spending|worth|fees?|charged?"
    r"|budget|invest(?:ed|ment)?|fund(?:ed|ing)?|salary|wages?|fine[ds]?|compensation"
    r"|earn(?:s|ed|ing|ings)?|income|revenues?|profits?)\b"
    r"|\bhow much money\b",
    re.I,
)
_MONEY = re.compile(
    r"[$€£¥₹₽]\s?\d|\d(?:[\d,.]*\d)?\s?(?:[mk]|bn|million|billion|trillion)?\s?"
    r"(?:dollars?|euros?|pounds?|pence|cents?|yuan|renminbi|rubles?|roubles?|yen|francs?|rupees?"
    r"|kronor|krona|usd|eur|gbp)\b",
    re.I,
)


# "How many people live in Marlow Falls?": a population, which a count of people who did
# something there (evacuated, sheltered) is not
_ASKS_POPULATION = re.compile(
    r"\bhow many (?:people|residents|inhabitants|persons)\s+(?:now\s+)?(?:live|lives|living)\b"
    r"|\bwhat is the population\b",
    re.I,
)
_POPULATION = re.compile(
    r"\b(?:population|inhabitants|home to|(?:people|residents)\s+(?:who\s+)?live)\b"
    r"|\b(?:town|city|village|hamlet|island|district|county|region|province|state|country"
    r"|nation|community) of (?:(?:about|some|around|roughly|nearly|almost|over|more than)\s+)?"
    r"[\d,.]+(?:\s+(?:million|billion))?\s+(?:people|residents)\b",
    re.I,
)


def wants_money(question: str) -> bool:
    """A "how much"/"what ... cost" question about a price, payment or sum."""
    return bool(_ABOUT_MONEY.search(question)) and bool(
        re.search(
            r"\bhow much\b|\bwhat (?:did|does|do|will|would|was|is)\b|\bcost\b", question, re.I
        )
    )


# "how many people died", "how many children took part": the second word is what happened to
# the counted thing, not part of its name: a past tense.


def counted(question: str) -> set[str]:
    """The stems of what "how many" counts ("how many deputy ministers" -> deputy, minister;
    "how many people died" -> people; "how long" -> the units of time)."""
    match = _HOW_MANY.search(question)
    if not match:
        return _DURATIONS if _HOW_LONG.search(question) else set()
    words = match.group(1).split()
    if len(words) == 2 and PAST_TENSE.fullmatch(words[1]):
        words = words[:1]
    return roots(" ".join(words))


def roots(text: str) -> set[str]:
    """Content terms stemmed again: the stemmer strips one suffix, so "meetings" is "meeting"
    while "meeting" is "meet"; a count of meetings must match "the 43rd meeting"."""
    return {stem(t) for t in terms(text)}


_OCCASIONS = re.compile(r"(?:st|nd|rd|th)?\s+times?\b", re.I)


def counts_next(sentence: str, end: int, things: set[str]) -> bool:
    """Is one of the counted things within the four words after offset `end` (a figure's end:
    "five deputy ministers")? Or is the figure (`end` before or after its "times") a number of
    times ("for the 37th time", "40 times") in a sentence that names the counted thing ("meeting Mr. Putin for the 37th time")?"""
    if things & roots(" ".join(sentence[end:].split()[:4])):
        return True
    times = _OCCASIONS.match(sentence, end) or re.search(r"\btimes?$", sentence[:end], re.I)
    return bool(times and things & roots(sentence))


_SHARE_AFTER = re.compile(r"\s?(?:%|percent\b|per cent\b|in (?:\d|every|each|ten|a hundred))", re.I)
# "one in five", "3 out of 10": the second figure is the whole, not a count
_RATIO_BEFORE = re.compile(rf"\b(?:\d[\d,.]*|{NUMBER_WORD}) (?:in|out of)\s$", re.I)


def counts_it(sentence: str, things: set[str]) -> bool:
    """A quantity followed within four words by one of the counted things ("five deputy ...");
    a share of them ("38 percent of patients", "one in five of its trains") counts none."""
    for match in _QUANTITY.finditer(sentence):
        if match.group(0).rstrip(",.") and YEAR.fullmatch(match.group(0).rstrip(",.")):
            continue
        if _SHARE_AFTER.match(sentence, match.end()) or _RATIO_BEFORE.search(
            sentence, 0, match.start()
        ):
            continue
        if counts_next(sentence, match.end(), things):
            return True
    return False


# "about 600 homes and businesses": a figure of things, whatever a report calls them; not a
# measure ("600 metres", "4.5 million gallons") nor a span of time
_COUNT_OF = re.compile(r"(?<![\w.$€£¥])(\d[\d,]*)\s+(?:[a-z-]+\s+)?([a-z]{3,}s)\b")
_MEASURES = _DURATIONS | set(
    terms("metres meters miles kilometres kilometers feet inches tonnes tons gallons litres liters"
          " acres hectares pounds dollars euros points degrees percent")
)  # fmt: skip


def counts_things(sentence: str) -> bool:
    """Does the sentence count things of some kind: a figure, not a year, before a plural noun
    that is no measure?"""
    return any(
        not YEAR.fullmatch(m.group(1)) and stem(m.group(2)) not in _MEASURES
        for m in _COUNT_OF.finditer(sentence)
    )


_SPELLED_OR_DIGITS = re.compile(rf"\d[\d,]*(?:\.\d+)?|\b(?:{NUMBER_WORD})\b", re.I)


def stated_counts(sentence: str, things: set[str]) -> set[str]:
    """The sentence's figures in digits, and its number words that count one of the things
    ("killed three people" for people), as digits; a number word elsewhere ("eight people" for
    a share, "six months" for a visit's length) is too loose a figure to compare."""
    found = figures(sentence)
    for match in _SPELLED_OR_DIGITS.finditer(sentence):
        if counts_next(sentence, match.end(), things):
            found |= amounts(sentence[: match.end()]) - amounts(sentence[: match.start()])
    return found


# "$240 billion", "1,200 people": a figure with its scale word, which names no other quantity
_FIGURE = re.compile(
    r"[$€£¥₹₽]?\d[\d,]*(?:\.\d+)?(?:\s?(?:hundred|thousand|million|billion|trillion)s?\b)?", re.I
)


def _unstated(sentence: str, question: str) -> str:
    """The sentence without the figures the question itself states ("How much of the $240
    billion ...": its "billion" is no answer)."""
    asked = numbers(question)
    return _FIGURE.sub(lambda m: " " if numbers(m.group(0)) <= asked else m.group(0), sentence)


def questions_in(text: str) -> list[str]:
    """The questions a text asks one after another ("How many ...? And when was that?")."""
    return [p for p in re.split(r"(?<=\?)\s+", text.strip()) if p]


def question_type(question: str) -> str | None:
    """The kind of answer asked for; in several questions (an offline follow-up is the last
    question and its follow-up: "How many times ...? And when was that?") the last one's."""
    parts = questions_in(question)
    for text in ([parts[-1]] if len(parts) > 1 else []) + [question]:
        for name, pattern in _QUESTION_TYPES:
            if pattern.search(text):
                return name
    return None


# "Thursday afternoon", "at 10 a.m.": the time of a day, which two reports may give differently
_TIME_OF_DAY = re.compile(
    r"\b(?:morning|afternoon|evening|night|midnight|noon|dawn|dusk)\b"
    r"|\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d\d\b(?!:)",
    re.I,
)


# A time a sentence says an event happened at: a clock time, noon or midnight, or a part of a
# day set on one ("Thursday afternoon", "late that evening"); not "an evening event"
_AT_TIME = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d\d\b(?!:)|\b(?:noon|midnight)\b"
    rf"|\b(?:{'|'.join(WEEKDAYS)}|yesterday|tomorrow|in the|this|that|late|early)"
    r"(?:\s+\([^)]*\))?\s+(?:morning|afternoon|evening|night)\b",
    re.I,
)


def asks_time(question: str) -> bool:
    """Does the question ask for a time of day ("At what time did ...")?"""
    return bool(_ASKS_TIME.search(question))


def stated_times(sentence: str) -> set[tuple[str, str]]:
    """The dates and times of day a sentence states, each with its kind (year, month, weekday,
    time of day, or a relative "last week"): two reports differ on a time when they give one of
    the same kind differently ("Thursday afternoon", "Thursday evening"), not when one gives the
    year and the other the day."""
    dates = {(_date_kind(d), d) for d in map(fold, _DATE.findall(sentence))}
    return dates | {("time", fold(t)) for t in times_of_day(sentence)}


def times_of_day(sentence: str) -> list[str]:
    """The times of day a sentence states, in order: "4:30 p.m.", "evening"."""
    return _TIME_OF_DAY.findall(sentence)


def _date_kind(date: str) -> str:
    """The kind of a folded `_DATE` match: "2013" a year, "may" a month, "thursday" a day."""
    if date[:1].isdigit():
        return "year"
    return "month" if date in MONTHS else "day" if date in WEEKDAYS else "relative"


# "What share of voters ...", "what concentration of the parasite ...": a figure of that form
# answers, a share ("87 percent", "one in five", "two thirds") or an amount per unit ("12
# oocysts per litre"); a count of something else ("48,000 households") does not.
_ASKS_MEASURE = re.compile(
    r"\bwhat (?:(percentage|share|proportion|fraction)|concentration|density)\b", re.I
)
_SHARE = re.compile(
    rf"(?:\d|\b(?:{_COUNT_WORDS}))\s?(?:%|percent\b|per cent\b)"
    rf"|\b(?:half|halves|thirds?|quarters?|fifths?|tenths?|majority|minority)\b"
    rf"|\b(?:\d+|{NUMBER_WORD}) (?:in|out of) (?:\d+|every|each|{NUMBER_WORD})\b",
    re.I,
)
_PER_UNIT = re.compile(
    r"\d[\d,.]*(?:\s*[^\W\d]+){0,3}\s*(?:\bper\b|/)\s*(?:[\d,.]+\s*)?[^\W\d]", re.I
)


def has_answer_type(
    kind: str | None,
    sentence: str,
    question: str,
    also: frozenset[str] = frozenset(),
    context: str = "",
) -> float:
    """How much the sentence holds of the kind asked for, beyond what the question says (0..1).
    `also`: other words, as `roots`, for the things "how many" counts ("ballot" for "votes");
    `context`: the text around the sentence, whose cues tell a person's name from a place's."""
    if kind is None:
        return 0.5
    if kind == "count":
        if _HOW_OLD.search(question):  # an age, not any number
            return float(bool(_AGE.search(sentence)))
        population = bool(_ASKS_POPULATION.search(question))
        if population and not _POPULATION.search(sentence):
            return 0.0  # who lives there, not who sheltered there; then any figure is it
        if _HOW_LONG.search(question):  # "more than one decade", "the first since January 2021"
            if _DURATION.search(sentence) or _SINCE.search(sentence) or _UNTIL.search(sentence):
                return 1.0
            if _HOW_LONG_SO_FAR.search(question):
                return 0.0  # "how long has she been ...": a time, never a length or a count
        elif not population and (things := counted(question)):  # a number of X, not any
            if _ASKS_DONE.search(question) and not _ABLE_TO.search(question):
                sentence = _ABLE_TO.sub(" ", sentence)  # "was carrying": not "can carry 450"
            return float(counts_it(sentence, things | also))
        if measure := _ASKS_MEASURE.search(question):  # a share or a concentration
            wanted = _SHARE if measure.group(1) else _PER_UNIT
            return float(bool(wanted.search(_unstated(sentence, question))))
        if wants_money(question):
            asked = {m.group(0) for m in _MONEY.finditer(question)}
            return float(any(m.group(0) not in asked for m in _MONEY.finditer(sentence)))
        found = figures(sentence) - numbers(question)
        return float(bool(found) or bool(_NUMBER_WORDS.search(_unstated(sentence, question))))
    if kind == "when":
        if asks_time(question):  # "at what time": a day alone does not say it
            return float(bool(_AT_TIME.search(sentence)))
        dates = [m.group(0) for m in _DATE.finditer(sentence)]
        if _ASKS_DAY.search(question):  # "last week" or "in 2023" is no date
            dates = [d for d in dates if not _VAGUE.fullmatch(d) and not d.isdigit()]
        return float(bool(dates))
    # the question's own words, also bare of "?" and "'s": "the Sunrise Bakery" is no answer to
    # "Who owns the Sunrise Bakery?", "the Inspectorate" none to "Who leads the Inspectorate's
    # ..."; but "Who is Denise Ocampo?" is answered by the sentence that names and describes her
    asked = set() if _WHO_IS.match(question) else set(fold(question).split()) | set(words(question))
    matches = [m for m in _NAME.finditer(sentence) if m.start() or " " in m.group(0)]
    # a lone capitalised first word is just a sentence start
    names = {m.group(0) for m in matches if fold(m.group(0)).split()[-1] not in asked}
    people = [
        n
        for n in names
        if " " in n or (n.lower() not in _COMMON_CAPS and not DEMONYM.fullmatch(n.lower()))
    ]
    if kind == "where":
        return float(bool(people))  # one place name answers ("near Uyuni")
    if _ASKS_BODY.search(question):  # "which news agency": an acronym ("AFP") names it
        full = sum(" " in n or n.isupper() for n in people)
        return min(1.0, (full + 0.5 * (len(people) - full)) / 2)
    persons = bool(_ASKS_PERSONS.search(question))
    return min(1.0, sum(_as_person(n, sentence, context, persons) for n in people) / 2)


# "Who were the people killed", "which officials": persons asked by name, no body
_ASKS_PERSONS = re.compile(
    r"\b(?:people|persons?|officials?|ministers?|leaders?|analysts?|experts?|professors?"
    r"|advis[eo]rs?|diplomats?|locals|residents|victims|journalists|reporters)\b",
    re.I,
)


def _as_person(name: str, sentence: str, context: str, persons: bool) -> float:
    """How surely a name answers "who": a person's by its cues (`Mr. Putin`) fully, a place's or
    an event's (`in Harbin`, `Storm Hesper`) not at all, nor a body's (`Aldwen Police`) when
    `persons` are asked; else a full name more than one word ("Andrei Belousov" is likely a
    person; "Harbin" may be a place)."""
    if persons and is_body(name):
        return 0.0
    person = is_person(name, sentence, context)
    if person is None:
        return 1.0 if " " in name else 0.5
    return float(person)


# "Who is Denise Ocampo?", "Who was Dr. Lars Heidecker?": who one named is, not another name
_WHO_IS = re.compile(
    r"^\W*[Ww]ho(?:['’]s|\s+(?:is|was|are|were))\s+(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?"
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\s*\?*\s*$"
)


# "Which news agency", "which bank": the answer names a body, often by its acronym ("AFP")
_ASKS_BODY = re.compile(
    r"\bwhich [\w\s-]*?(?:banks?|compan(?:y|ies)|broadcasters?|agenc(?:y|ies)|organi[sz]ations?)\b",
    re.I,
)


# The attribute a question asks about: "what is the X of", "Name's X?". When no sentence
# has it (or a word close to it), the passages talk about the topic but not about what was asked.
_FOCUS = re.compile(
    r"\b(?:what|who|which)(?:\s+(?:is|was|are|were)|['’]s)\s+(?:the|a|an)\s+([a-z-]+)\s+(?:of|for|to|at|in|on)\b"
    r"|[a-z]['’]s\s+([a-z-]+)(?:['’]s\s+name)?\s*\?*$"
    r"|^\W*(?:what|who)(?:\s+(?:is|was|are|were)|['’]s)\s+[\w-]+['’]s\s+((?:(?!(?:of|for|to|at|in|on)\b)[a-z-]+\s+){0,2}[a-z-]+)"
    r"\s*(?:\b(?:of|for|to|at|in|on)\b|\?)"
    r"|\bhow\s+(?:much|many)\s+of\s+[^?]*?\b(?:was|were|is|are)\s+((?:[a-z-]+\s+){0,2}[a-z-]+)\s*\?*$"
    r"|^\W*(?:at|to|from)\s+what\s+(?!(?:time|point|stage|moment|hour)\b)([a-z-]+)\s+"
    r"(?:did|does|do|was|were|is|are|has|have|had|will|would|can|could)\b",
    re.I,
)  # "what is (what's) the X of", "Y's X?", "who is Y's X to Z", "how much of Z was X?", "at
# what X did ...": X is the asked attribute
_GENERIC = {
    *"kind type sort role name one way part else thing things date day year month time".split(),
    # measure words: a figure answers them without naming them ("the value of trade": $240 billion)
    *"number amount share percentage value".split(),
    *"place city country".split(),
}  # fmt: skip


# "at their Thursday dinner", "at the airport in Beijing": the occasion or place a question is
# set at. A sentence set elsewhere ("at a welcoming ceremony") does not answer it. Not "at the
# time of", "at the earliest".
_AT_OCCASION = re.compile(
    r"\bat (?:the|their|his|her|its|a|an) (?:([\w-]+) )??([a-z]{3,})(?<!est)"
    r"(?=\s*(?:[?,.]|$|\b(?:in|on|with|during|after|before|last|this|next|according)\b))"
)


# "In which month did Blinken meet Xi before Putin's trip?": a possessive that ends the question
# after a word of time sets the time asked about; it is no attribute the answer must name.
_TIME_SETTING = re.compile(
    r"\b(?:before|after|during|since|until|till|ahead of|following|prior to|amid)\s+"
    r"(?:the\s+)?[\w.-]+(?:\s+[\w.-]+){0,2}['’]s\s+[a-z-]+\s*\?*$",
    re.I,
)


# "Who said the wall was built for another era's sea?": a possessive that ends the words a
# speaker is asked about is in what was said; the answer is who said it, not an attribute.
_REPORTED = re.compile(
    r"\b(?:said|says|say|told|claimed|argued|warned|insisted|believes?|thinks?)\s[^?]*['’]s\s+"
    r"[a-z-]+\s*\?*$",
    re.I,
)


# "What is he after, in Gabuev's view?", "..., by the ministry's count?": a possessive in a
# phrase set off by a comma at the question's end says whose word it is, not what is asked.
_ASIDE = re.compile(
    r",\s*(?:in|by|per|to|from|according to)\s+(?:the\s+)?[\w.-]+(?:\s+[\w.-]+){0,2}['’]s\s+"
    r"[a-z-]+\s*\?*$",
    re.I,
)


def focus_words(question: str) -> list[str]:
    """The asked-for attribute nouns ("population", "wife"), lower-case; often none.

    Not "what X did": there the answer is usually an instance of X ("what document" -> "a joint
    statement"), which need not name X.
    """
    # "... before Putin's trip?": when, not what; "..., in Gabuev's view?": whose word
    setting = (
        _TIME_SETTING.search(question) or _ASIDE.search(question) or _REPORTED.search(question)
    )
    found = [w for m in _FOCUS.finditer(question) if not (m.group(2) and setting)
             for g in m.groups() if g for w in g.split()]  # fmt: skip
    parts = [part for w in found for part in w.split("-") if part]  # "third-quarter"
    # "in the St Aldric's article": which document, no attribute a sentence must name
    return [w for w in _content(parts) if not _DOCUMENT.fullmatch(w)]


_DOCUMENT = re.compile(r"reports?|articles?|stor(?:y|ies)|coverage")


def occasion_words(question: str) -> list[str]:
    """The occasion the question is set at ("dinner" of "at their Thursday dinner"): the
    answer's passage must be about it, though its sentence need not say it again ("Who cut the
    ribbon at the reopening?" against "... reopened on Monday. ... Anna Berg cut the ribbon")."""
    return _content(
        [m.group(2) for m in _AT_OCCASION.finditer(question)] + occasion_nouns(question)
    )


def occasion_names(question: str) -> dict[str, str]:
    """Each occasion noun the question calls by a name ("at the Brennock plant": "plant" by
    "brennock", stemmed): a passage that names it is about that place or event, whatever noun
    its report calls it by ("the Fenwick Lane works" of Brennock). Not a day ("at their
    Thursday dinner") nor a nationality ("at a Russian spaceport"): they name no one occasion."""
    return {
        m.group(2): stem(name)
        for m in _AT_OCCASION.finditer(question)
        if m.group(1)
        and m.group(1)[0].isupper()
        and (name := fold(m.group(1))) not in MONTHS + WEEKDAYS
        and not DEMONYM.fullmatch(name)
    }


def _content(found: list[str]) -> list[str]:
    return [w for w in dict.fromkeys(f.lower() for f in found) if w not in _GENERIC | STOPWORDS]


# Questions whose answer has several parts: "how did X differ from Y", "what did A and B each
# say", "what did the 2021 and 2024 reports say", "why ..., and what ...". One sentence rarely
# holds every part, so the answerer may add sentences that cover what the first one left out.
_MULTI_PART = re.compile(
    r"\b(?:each(?! (?:year|day|week|month|time|other)\b)|compared? (?:with|to)|differ\w*|versus"
    r"|respectively|across the (?:articles|reports|sources|outlets))\b"
    r"|,? and (?:what|why|how|which|who|whom|when|where)\b|\b(?:19|20)\d\d and (?:19|20)\d\d\b"
    r"|\bthe (?:(?:two|three|four|five|different|various) )?(?:articles|reports|sources|outlets)\b",
    re.I,
)
# A yes/no question ("Is trade still growing?"): sources, or the sides one report quotes, may
# answer it differently, so the answer gives each side rather than one of them.
_YES_NO = re.compile(
    r"^\W*(?:is|are|was|were|has|have|had|does|do|did|can|could|will|would|should)\b", re.I
)


# "What did Gabuev and Shi Yinhong each expect ...": one part of the answer for each named one
# (not "call each other": that is one exchange)
_EACH_NAMED = re.compile(
    r"\b((?:[A-Z][\w'’.-]*\s+){1,3})and\s+((?:[A-Z][\w'’.-]*\s+){1,3})each\b(?!\s+other)"
)


def each_named(question: str) -> list[str]:
    """The names of an "A and B each" question; empty for any other."""
    match = _EACH_NAMED.search(question)
    return [g.strip() for g in match.groups()] if match else []


def is_multi_part(question: str) -> bool:
    """Does the question ask for several things, or for what several sources said (a yes/no
    question: what each side says)?"""
    return bool(_MULTI_PART.search(question)) or asks_yes_no(question)


def asks_yes_no(question: str) -> bool:
    """Is it a yes/no question ("Has China supported ...?", "Is trade still growing?")?"""
    return bool(_YES_NO.search(question))


# "How has Beijing responded to ...", "How did Corvane's shares react to ...": who responds
_RESPONDER = re.compile(
    r"\bhow\s+(?:has|have|had|did|does|do|will|would)\s+((?:[\w'’.-]+\s+){0,4}?[\w'’.-]+)\s+"
    r"(?:(?:respond|react|answer)(?:ed)?|repl(?:y|ied))\b",
    re.I,
)
_POSSESSIVE = re.compile(r"['’]s?$")


def asked_responder(question: str) -> str | None:
    """The head word (folded) of who a "how did X respond to Y" question asks about: the answer
    is what X did or said, which may read less like the question than Y (the claims) does."""
    match = _RESPONDER.search(question)
    return _POSSESSIVE.sub("", fold(match.group(1).split()[-1])) if match else None


def responds(sentence: str, who: str) -> bool:
    """Is the responder (`asked_responder`) the sentence's subject, among its first four words
    ("Beijing has slammed ...", "Xi, who ..., has dismissed ...", "Corvane's shares fell"), not
    the one acted on ("officials have confronted Beijing")?"""
    opening = fold(sentence.lstrip(OPENERS)).split()[:4]
    return who in (_POSSESSIVE.sub("", w.strip(",;:")) for w in opening)


# ", and what ...", "and why ...": where a second question starts (rag/decompose.py splits there too)
PART_BREAK = re.compile(r",?\s+and\s+(?=(?:what|why|how|which|who|whom|whose|when|where)\b)", re.I)


def question_parts(question: str) -> list[str]:
    """The sub-questions of "Why X, and what Y?"; empty when the question asks one thing."""
    parts = [p.strip() for p in PART_BREAK.split(question) if p.strip()]
    return parts if len(parts) > 1 else []


# Words that point at the collection, not the topic: "according to the reports", "do the 2021
# and 2024 articles describe". They pick sources; a sentence that says "reported" or names a
# compared year answers no better for it.
_META = re.compile(
    r"\b(?:(?:across|in|from|by|according to) )?(?:(?:the|both|these|two|all) )?"
    r"(?:(?:19|20)\d\d (?:and|or) (?:19|20)\d\d )?"
    r"(?:reports?|articles?|sources?|outlets?|stor(?:y|ies)|coverage|accounts?)\b",
    re.I,
)


# "according to the 2021 report", "the article dated May 17, 2024": which document, by its date.
_DOCUMENT_DATE = re.compile(
    rf"\bthe (?:({YEAR.pattern}) (?:(?-i:[A-Z])[\w.’'-]*\s+){{0,3}}"  # "the 2021 Times piece"
    r"(?:reports?|articles?|stor(?:y|ies)|pieces?|accounts?)\b"
    rf"|(?:reports?|articles?|stor(?:y|ies)|pieces?) (?:dated|published|from|of) "
    rf"(?:(?:on|in) )?(?:({'|'.join(MONTHS)}) (?:(\d{{1,2}}),? )?)?({YEAR.pattern}))",
    re.I,
)


def asked_document_date(question: str) -> str | None:
    """The date of the document a question asks about, as an ISO prefix ("2021", "2024-05",
    "2024-05-17"); None when it names none."""
    match = _DOCUMENT_DATE.search(question)
    if not match:
        return None
    if match.group(1):
        return match.group(1)
    month, day, year = match.group(2), match.group(3), match.group(4)
    if not month:
        return year
    iso = f"{year}-{MONTHS.index(month.lower()) + 1:02d}"
    return f"{iso}-{int(day):02d}" if day else iso


def topic(question: str) -> str:
    """The question without its words about the collection, the occasion it is set on, the years
    it compares or its document's date (those choose documents): what a sentence must match to
    answer it."""
    text = without_occasion(_META.sub(" ", _DOCUMENT_DATE.sub(" ", question)))
    if asked_years(question):
        text = _COMPARED_TIME.sub(" ", text)
    return " ".join(text.split())


# "in 2021 compared with May 2024": the compared times and the words that compare them; a
# sentence "compared to the same period last year" is no better an answer for them.
_COMPARED_TIME = re.compile(
    rf"\b(?:compared (?:with|to)|versus|vs\.)"
    rf"|\b(?:(?:{'|'.join(MONTHS)})\s+)?{YEAR.pattern}",
    re.I,
)


def asked_years(question: str) -> list[str]:
    """The years a question compares ("in 2021 compared with May 2024"); empty for one year.
    The date of the document asked about ("the 1969 clash, according to the 2021 report") is
    no compared year."""
    years = list(dict.fromkeys(YEAR.findall(_DOCUMENT_DATE.sub(" ", question))))
    return years if len(years) > 1 else []


# "in May 2024", "during 2019", "in the first quarter of 2024", "on his May 2024 trip": the time
# the question is about. A sentence that names only other years (or, when a month is asked, only
# other months) speaks of another time: "trade reached $240 billion in 2023" does not answer
# "the value of trade in March 2024". A month and year before a noun date an event ("the May 2024
# visit"); a bare year there is more often a document's or a name's ("the 2021 report", "the 2024
# Olympics").
_IN_PERIOD = re.compile(
    rf"\b(?:in|during)\s+(?:the\s+(?:first|second|third|fourth|last)\s+(?:quarter|half)\s+of\s+)?"
    rf"(?:(?:early|late|mid-?)\s*)?(?:({'|'.join(MONTHS)})\s+)?({YEAR.pattern})"
    rf"|\b(?:on|of|for|at|from)\s+(?:(?:the|his|her|their|its|this|that|a|an)\s+)?"
    rf"({'|'.join(MONTHS)})\s+({YEAR.pattern})\s+[a-z]",
    re.I,
)
_MONTH_NAME = re.compile(rf"\b(?:{MONTH_NAME})\b")  # not "may"


def asked_period(question: str) -> tuple[str, str | None] | None:
    """The one year, and month if any, of an "in [Month] YEAR" question; None otherwise."""
    if len(set(YEAR.findall(question))) != 1:
        return None
    match = _IN_PERIOD.search(question)
    if not match:
        return None
    month, year = match.group(1) or match.group(3), match.group(2) or match.group(4)
    return year, month.lower() if month else None


_SINCE_BEFORE = re.compile(rf"\bsince(?:\s+(?:{'|'.join(MONTHS)}))?\s*$", re.I)


def named_years(sentence: str, date: str | None) -> set[int]:
    """The years a sentence speaks of: those it names, "since (January) 2013" running up to its
    document's date."""
    years: set[int] = set()
    for match in YEAR.finditer(sentence):
        start = int(match.group(0))
        since = bool(_SINCE_BEFORE.search(sentence[: match.start()]))
        end = int(date[:4]) if since and date else start
        years |= set(range(start, end + 1))
    return years


def in_period(
    sentence: str, date: str | None, period: tuple[str, str | None], around: str = ""
) -> bool:
    """Can the sentence speak of the asked time? Not when it names only other years, or names no
    year and comes from a document dated in another year, or from an undated one whose text
    `around` it names a later year (it was written after the asked time), or names only other
    months of one."""
    year, month = period
    years = {str(y) for y in named_years(sentence, date)}
    if (years and year not in years) or (not years and date and not date.startswith(year)):
        return False
    if not years and not date and written_after(around, year):
        return False
    months = {m.lower() for m in _MONTH_NAME.findall(sentence)}
    return not (month and months and month not in months)


# "by 2030", "until 2026": a year a text looks ahead to, not one it was written in or after
_AHEAD_YEAR = re.compile(rf"\b(?:by|until|till|through|before)\s+(?:{'|'.join(MONTHS)}\s+)?$", re.I)


def written_after(text: str, year: str) -> bool:
    """Does the text name a year after `year` as past or present (not "by 2030")? Then an
    undated document that holds it was written after that year."""
    return any(
        int(m.group()) > int(year)
        and not _AHEAD_YEAR.search(text[max(0, m.start() - 20) : m.start()])
        for m in YEAR.finditer(text)
    )


# "at Monday's talks", "on Thursday": the day the question is about. A sentence that names only
# other weekdays, or a month or year ago ("offered 4.5 percent last month"), speaks of another time.
_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b", re.I)
_WEEKDAY_NAME = re.compile(rf"\b(?:{WEEKDAY_NAME})\b")
_LONGER_AGO = re.compile(r"\b(?:last|next|this|earlier this|later this) (?:month|year)\b", re.I)


def asked_day(question: str) -> str | None:
    """The one weekday a question names, lower-case; None for none or several."""
    days = {d.lower() for d in _WEEKDAY.findall(question)}
    return days.pop() if len(days) == 1 else None


def weekdays_named(text: str) -> set[str]:
    """The weekdays the text names, capitalised as days are ("on Friday"), in lower case."""
    return {d.lower() for d in _WEEKDAY_NAME.findall(text)}


def on_day(sentence: str, day: str) -> bool:
    """Can the sentence speak of the asked weekday? Not when it names only other weekdays, or a
    time a month or more away."""
    days = weekdays_named(sentence)
    return not ((days and day not in days) or _LONGER_AGO.search(sentence))


# "What caused the fire?", "what led to the delay", "the cause of the crash": a cause is asked.
# A sentence that states none (no causal verb or connective) reports the event, not its cause.
# "What reason did she give for the rules?": a cause too, whatever the verb that gives it, and
# "What did he die of?" / "what killed them": the cause of a death.
_CAUSE_NOUNS = r"(?:causes?|reasons?|explanations?|justifications?|grounds|motives?)"
_ASKS_CAUSE = re.compile(
    r"\bwhat (?:caused|causes|led to|leads to|triggered|sparked|prompted|set off|killed)\b"
    rf"|\b(?:the|its|their) (?:causes?|reasons?) (?:of|for|behind)\b|\bwhat {_CAUSE_NOUNS}\b"
    r"|\bwhat\b[^?]*\bdie (?:of|from)\b",
    re.I,
)
_GIVES_CAUSE = re.compile(
    r"\b(?:caus\w*|because|due to(?! be\b)|owing to|thanks to|blam\w*|suspect\w*|after|following|led to"
    r"|leads? to|result(?:ed|s)? (?:of|from|in)|as a result|reasons?|triggered|sparked|prompted"
    r"|stemm?\w* from|attribut\w* to|linked to|started by|set off|died (?:of|from)|killed by)\b",
    re.I,
)


def asks_cause(question: str) -> bool:
    """Does the question ask what caused something?"""
    return bool(_ASKS_CAUSE.search(question))


def gives_cause(sentence: str) -> bool:
    """Does the sentence state a cause (a causal verb or connective)?"""
    return bool(_GIVES_CAUSE.search(sentence))


# "Why was the project postponed?": a reason is asked. A sentence that tells the event and no
# reason for it ("... was costed at £26 million when it was postponed in 2023") restates the
# question. A reason comes with a causal or purposive connective, a motive ("concerned",
# "hopes to"), the grounds of a judgement, or someone's account of it ("said", "according to").
_ASKS_WHY = re.compile(r"^\W*(?:(?:and|so|but)\s+)?why\b", re.I)
_GIVES_REASON = re.compile(
    r"\b(?:because|since|as|so that|in order|so as|amid|over|for fear|why|aim\w*|bid to"
    r"|(?:chance|effort|attempt|move|way)s? to|concern\w*|worr\w*|fear\w*|want\w*|hop(?:e|es|ed|ing)"
    r"|need\w*|seek\w*|sought|determin\w*|motiv\w*|explain\w*|argu\w*|believ\w*|says?|said|told"
    r"|prefer\w*|during|mentioned|stated|added|according to)\b"
    # a verb of judgement gives its grounds after "for": "sanctioned in 2020 for its role in"
    r"|\b(?:sanction|punish|fined|penali[sz]|critici[sz]|prais|accus|condemn|arrest|charged"
    r"|jail|convict|reward|thank)\w*\b[^.;]{0,60}?\bfor\b",
    re.I,
)


def asks_why(question: str) -> bool:
    """Does the question ask why something happened?"""
    return bool(_ASKS_WHY.search(question))


def gives_reason(sentence: str) -> bool:
    """Does the sentence give a reason: a cause (`gives_cause`), a purpose or motive, or
    someone's account?"""
    return gives_cause(sentence) or bool(_GIVES_REASON.search(sentence))


# "on March 5, 2026": one day named in full. A sentence from a document of another day that does
# not state that day speaks of another day (daily reports from one template look alike).
_SPAN_WORDS = re.compile(
    r"\b(?:since|before|after|until|till|by|from|between|prior|through)\b", re.I
)


def asked_date(question: str) -> dt.date | None:
    """The one day a question names in full ("on March 5, 2026"); None for none, several, or a
    span around it ("since March 5, 2026")."""
    days = full_dates(question)
    return days.pop() if len(days) == 1 and not _SPAN_WORDS.search(question) else None


def on_date(sentence: str, date: str | None, day: dt.date) -> bool:
    """Can the sentence speak of the asked day? Yes when its document is of that day, or it
    states that day in full or by a relative day ("on Thursday" in an article of the Friday after)."""
    return (
        (date or "").startswith(day.isoformat())
        or day in full_dates(sentence)
        or spell(day) in resolved_days(sentence, date)
    )


# "What did the statement say about North Korea?": the name the question is about. A sentence
# that does not name it says nothing about it, however close it is to the rest.
_ABOUT = re.compile(r"\babout\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)")  # a possessive ends it


def asked_about(question: str) -> list[str]:
    """The capitalised names after "about" in the question, without a possessive "'s"."""
    names = (strip_possessive(m.group(1).strip()) for m in _ABOUT.finditer(question))
    return [n for n in names if n.lower() not in _COMMON_CAPS]


def mentions(sentence: str, name: str) -> bool:
    """Does the sentence hold every word of the name ("North Korea's" holds "North Korea")?"""
    held = set(re.findall(r"\w+", fold(sentence)))
    return all(w in held for w in re.findall(r"\w+", fold(name)))


# "Besides cars and smartphones, what products ...?", "apart from X, which ...": the answer is
# what a source lists beside the things the question sets aside.
_SET_ASIDE = re.compile(
    r"\b(?:besides|apart from|aside from|other than|in addition to)\s+((?:[\w'’-]+\s+){0,4}?[\w'’-]+)"
    r"\s*(?:[,?]|$|\b(?:what|which|who|whom|where|when|how)\b)",
    re.I,
)


def set_aside(question: str) -> set[str]:
    """The content terms of what a "besides X, what ...?" question sets aside; empty if none."""
    return {t for m in _SET_ASIDE.finditer(question) for t in terms(m.group(1))}


# "Which German club", "which Chinese banks": the asked instances are qualified by a proper
# adjective; a sentence about clubs or banks with no word of that stem ("Germany", "China's")
# names other ones.
_WHICH_QUALIFIED = re.compile(
    r"^\W*(?:[Ww]hich|[Ww]hat)\s+(?:two\s+|three\s+)?([A-Z][a-z]+)\s+[a-z]"
)


def asked_qualifier(question: str) -> str | None:
    """The proper adjective of a "which German club" question, folded; None otherwise."""
    match = _WHICH_QUALIFIED.search(question)
    return fold(match.group(1)) if match and not question_parts(question) else None


# "a Russian-Chinese station", "China-Russia trade": a joint thing, not the one of either side
_JOINT = re.compile(r"\b[A-Z][\w'’]*(?:-[A-Z][\w'’]*)+")


def qualifies(sentence: str, qualifier: str) -> bool:
    """Does the sentence hold a word that begins like the qualifier ("chin" of "chinese":
    "China's"), its first four letters or the whole of a shorter one, outside a joint name
    ("Russian-Chinese")?"""
    head = qualifier[:4]
    return any(w.startswith(head) for w in re.findall(r"\w+", fold(_JOINT.sub(" ", sentence))))


# "Who is China's defense minister?": an office is someone's. A sentence that names a defense
# minister but neither China nor an owner it leaves to the context ("the club's sporting
# director", "its chief executive") names another country's.
_OWNED = re.compile(r"\b([A-Z][\w-]*)['’]s\s+((?:[a-z-]+\s+){0,2}[a-z-]+)")


def asked_owner(question: str) -> tuple[str, str] | None:
    """The owner, folded, and the office's last word, of a "who is China's defense minister"
    question; None otherwise."""
    if question_type(question) != "who" or question_parts(question):
        return None
    focus = focus_words(question)
    owners = [m.group(1) for m in _OWNED.finditer(question) if set(focus) & set(m.group(2).split())]
    return (fold(owners[0]), focus[-1]) if owners else None


def owns(sentence: str, owner: tuple[str, str]) -> bool:
    """Does the sentence name the owner, or give the office an owner by a common noun or a
    pronoun ("the club's sporting director", "its chief executive"), not by another name?"""
    name, office = owner
    return qualifies(sentence, name) or bool(
        re.search(
            rf"\b(?:[a-z]+['’]s|its|their)\s+(?:[\w-]+\s+){{0,2}}(?i:{re.escape(office)})", sentence
        )  # fmt: skip
    )


# "When will the station be completed?", "on what date will it open", "when is the vote
# expected": a time after the article's date is asked, and a sentence that only names earlier
# ones ("before Wednesday's call") gives none.
_WHEN_AHEAD = re.compile(
    rf"^\W*(?:when|(?:on|by|in)\s+(?:what|which)\s+{_EXACT}(?:date|day|year|month)|what\s+{_EXACT}"
    r"date)\s+(?:will|would|may|might|can|shall|(?:is|are)\b.*\b(?:expected|scheduled|due|set|planned|slated))\b",
    re.I,
)


def asks_ahead(question: str) -> bool:
    """Does a "when" question ask about a time still to come?"""
    return bool(_WHEN_AHEAD.search(question))


# "What was the name of the missile treaty ...?": the answer names the thing. A sentence that
# mentions "a treaty" without a name for it ("withdrew from a treaty regulating ...") does not.
_NAME_OF = re.compile(
    r"\bwhat (?:is|was|are|were) the names? of (?:the |a |an |its |their |his |her )?"
    r"((?:[a-z][\w-]* )*[a-z][\w-]*)",
)


def asked_name_of(question: str) -> str | None:
    """The thing a "what is the name of the X" question asks to name (its last word, "treaty")."""
    match = _NAME_OF.search(question.lower()[:1] + question[1:])
    return match.group(1).split()[-1] if match else None


def names(sentence: str, thing: str) -> bool:
    """Does the sentence give the thing a name: "the New START treaty", "the Treaty of Rome",
    "a treaty, the INF", "a treaty called ..."? ("The treaty was signed" does not.)"""
    word = rf"(?i:{re.escape(thing)}s?)"
    return bool(
        re.search(
            rf"(?:^|\s)(?!(?:The|A|An|This|That|Its|Their|His|Her|Our)\s)[A-Z][\w'’.-]*\s+{word}\b"
            rf"|\b{word}\s+of\s+[A-Z]|\b{word},?\s+(?:called|named|known as)\s+\S"
            rf"|\b{word},\s+(?:the\s+)?[A-Z]",
            sentence,
        )
    )


_AMOUNT_WORD = re.compile(rf"(?:many|much|several|least|most|some|{NUMBER_WORD})", re.I)


def _plain(word: str) -> bool:
    """A content word that is no amount: one of a compound's two nouns."""
    return word not in STOPWORDS and not _AMOUNT_WORD.fullmatch(word)


def compounds(question: str) -> list[tuple[str, str]]:
    """The question's lower-case noun compounds ("ferry ticket", "export value"), as stems:
    a sentence that gives the head another modifier is about another thing (`another_kind`)."""
    tokens = re.findall(r"[A-Za-z][\w'-]*", question)
    return [
        (stem(a), stem(b))
        for a, b in zip(tokens, tokens[1:], strict=False)
        if a.islower() and b.islower() and _plain(a) and _plain(b)
    ]


def another_kind(sentence: str, compounds: list[tuple[str, str]]) -> bool:
    """Does the sentence give the compound's head another modifier ("a tram ticket" for "a
    ferry ticket")? Its figure is then of another thing, not a second value of the asked one."""
    tokens = [stem(w) for w in re.findall(r"[a-z][\w'-]*", fold(sentence))]
    return any(
        head == b and mod != a and _plain(mod) and a not in tokens
        for a, b in compounds
        for mod, head in zip(tokens, tokens[1:], strict=False)
    )


# "What did Putin and Xi sign?": the verb that ends a question after its subject (a name or a
# pronoun). A sentence that has the same word only as a noun ("the latest sign of ...", "a sign
# that") holds another word, not the asked action.
_AUXILIARY = r"\b(?:did|does|do|will|would|could|can|should|has|have|had)\s+"
_SUBJECT = r"(?:(?:[A-Z][\w'’.-]*\s+|and\s+)+|(?:they|he|she|we|you|it)\s+)"
_ASKED_VERB = re.compile(rf"{_AUXILIARY}{_SUBJECT}([a-z]{{3,}})\s*[?.!]*$")
_NOUN_BEFORE = r"(?:a|an|the|this|that|its|their|his|her|our|latest|first|clear|another|every|no)"


def asked_verb(question: str) -> str | None:
    """The stem of the action a "did X VERB?" question asks about, if it ends the question."""
    match = _ASKED_VERB.search(question.strip())
    return stem(match.group(1)) if match and match.group(1) not in STOPWORDS else None


# "What did they discuss?", "what did the trial in teenagers find?", "what did they agree on in
# Lima?": the act whose content is asked, after a subject that may be a common noun, before a
# particle and the place. Not "what position does he hold": its answer names the position.
_PARTICLE = r"(?:\s+(?:on|about|with|to|for))?"
_ASKED_ACT = re.compile(
    rf"^\W*(?:(?i:and|so|but)\s+)?[Ww]hat\s+{_AUXILIARY}"
    # after a name: its object's name and any setting ("tell Putin in their call last week")
    rf"(?:{_SUBJECT}([a-z]{{3,}})(?:\s+[A-Z][\w.'’-]*)*{_PARTICLE}(?:\s+(?:in|at|during)\b[^?]*)?"
    # after "the ...": a place at most ("the trial in teenagers find", "... agree on in Lima")
    rf"|the\s+(?:[\w-]+\s+){{1,7}}?([a-z]{{3,}}){_PARTICLE}"
    r"(?:\s+(?:in|at)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)?)\s*[?.!]*$"
)


# "What gift did Putin give Xi?", "Which goods do they believe China ships?": the answer is an
# instance of the noun and need not name it ("a tea set"), but a sentence that neither names
# the noun nor reports the verb tells of something else. Light verbs ("what position does he
# hold") say too little to be looked for, and verbs of belonging ("which firm does she work
# for") are said by apposition ("X, director of Y"), not by the verb.
_ASKED_INSTANCE = re.compile(
    rf"^\W*(?:[Ww]hat|[Ww]hich)\s+(?:[a-z-]+\s+){{0,2}}?([a-z-]{{3,}})\s+{_AUXILIARY}"
    rf"({_SUBJECT})(?:(?:just|also|already|still|ever|never|first|\w+ly)\s+)?([a-z]{{3,}})\b"
)
_LIGHT_VERBS = frozenset(
    "be have hold take make do get keep use play see say work belong serve".split()
)


@dataclass(frozen=True)
class Instance:
    """What a "what NOUN did WHO VERB" question asks: an instance of the noun."""

    noun: str
    verb: str
    who: str  # the verb's subject as asked: names or a pronoun ("Putin and Xi", "they")


def asked_instance(question: str) -> Instance | None:
    """The noun, verb and subject of a "what NOUN did X VERB" question, if the verb is no
    light one."""
    if question_parts(question):
        return None  # each part asks its own
    match = _ASKED_INSTANCE.search(question)
    if not match or match.group(3) in _LIGHT_VERBS or match.group(1) in STOPWORDS | _GENERIC:
        return None
    if re.fullmatch(_CAUSE_NOUNS, match.group(1)):
        return None  # "what reason did she give": a cause, not a thing named (`asks_cause`)
    if question_type(question) == "who":
        return None  # "which leader did he visit": a person, named ("Prime Minister Modi")
    if re.search(r"['’]s\s*$", match.group(2)):
        return None  # "China's leader urged": a noun follows, the verb is not found
    return Instance(match.group(1), match.group(3), match.group(2).strip())


_PERSONAL = re.compile(r"\b(?:he|she|they|we|it|I)\b", re.I)
_DOUBLES = re.compile(r"[aeiou][bdglmnprt]$")  # the consonants English doubles before -ed


def done_by(sentence: str, who: str, verb: str) -> bool:
    """Does the sentence use the verb with the asked subject as its doer: the subject (a word
    of it past "the") or a pronoun that may stand for it before the verb, or after it by "by"
    (a passive)? After an active verb a name is its object: "What this visit gives Putin" is
    no gift of Putin's."""
    asked = set(terms(who))
    for use in verb_uses(sentence, verb):
        before, after = sentence[: use.start()], sentence[use.end() :]
        if asked & set(terms(before)) or _PERSONAL.search(before):
            return True
        by = re.search(r"\bby\b(.*)", after)
        if by and (asked & set(terms(by.group(1))) or _PERSONAL.search(by.group(1))):
            return True
    return False


def asked_act(question: str) -> str | None:
    """The verb of a "what did X VERB?" question ("discuss", "agree"): the content of that act
    is asked, so the sentence that answers reports the act, not the meeting it was at."""
    if question_parts(question):
        return None  # each part asks its own
    match = _ASKED_ACT.search(topic(question).strip())  # "what do the articles say": no act
    act = match and (match.group(1) or match.group(2))
    return act if act and act not in STOPWORDS else None


def reports(sentence: str, verb: str) -> bool:
    """Does the sentence use the verb ("pledge") as a verb, in any form ("pledged", "pledges",
    "pledging", "found" for "find"; not "discussions")?"""
    return bool(verb_uses(sentence, verb))


def verb_uses(sentence: str, verb: str) -> list[re.Match[str]]:
    """The sentence's words that are the verb in some form and read as a verb (`reports`)."""
    base = stem(verb).removesuffix("e")
    root = re.escape(base)
    past = "|".join(PAST_FORMS_OF.get(verb.lower(), []))  # "what did they find": "found"
    # a final consonant after a vowel may double: "cancelled", "stopped", "planning"
    double = rf"|{root}{base[-1]}(?:ed|ing)" if _DOUBLES.search(base) else ""
    form = re.compile(rf"{root}(?:e|es|s|e?d|ing)?{double}" + (f"|{past}" if past else ""), re.I)
    uses = [m for m in re.finditer(r"[A-Za-z]+", sentence) if form.fullmatch(m.group())]
    # a past form is a verb ("found that"); the bare word may be a noun ("a sign that")
    return [m for m in uses if re.search(r"ed$", m.group(), re.I)
            or m.group().lower() in past.split("|") or not _as_noun(sentence, m)]  # fmt: skip


def _as_noun(sentence: str, use: re.Match[str]) -> bool:
    """Does the word read as a noun: after a determiner or possessive ("the sign", "Putin's
    visit"), or before "of" or "that" ("a sign of", "a sign that")?"""
    return bool(
        re.search(rf"\b{_NOUN_BEFORE}\s+$|\w['’]s\s+$", sentence[: use.start()], re.I)
        or re.match(r"\s+(?:of|that)\b", sentence[use.end() :])
    )


def only_as_noun(sentence: str, verb: str) -> bool:
    """Does every use of the verb's word in the sentence read as a noun ("the sign of")?"""
    uses = [m for m in re.finditer(r"[A-Za-z]+", sentence) if stem(m.group().lower()) == verb]
    return bool(uses) and all(_as_noun(sentence, m) for m in uses)
