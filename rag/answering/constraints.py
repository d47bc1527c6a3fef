"""The restrictions a question carries, and whether a sentence, read in its context, meets them.

A question that names a place, a person or an organisation ("the Texas plant", "in Shanghai"),
a weekday ("on Monday"), a year ("by 2010") or an ordinal ("its first plant") asks about that
one. A sentence on the same topic that does not meet the restriction, neither by its own words
nor by its context (the sentences beside it, its document's title and date), answers another
question: the answerer passes it over and declines when no other sentence is left. Each check
is read off the question's form alone, never off a collection's own names.
"""

from __future__ import annotations

import re

from rag.answering.questions import DEMONYM, named_years, verb_uses, weekdays_named
from rag.relative_dates import day_of, parse_day, resolved_days
from rag.text import (
    MONTHS,
    STOPWORDS,
    WEEKDAYS,
    YEAR,
    fold,
    split_sentences,
    stem,
    strip_possessive,
)

# Capitalised words that name no one: question words, titles and honorifics, dates
_NOT_NAMES = {
    *"what which who whom whose when where why how did does do is are was were will would can "
    "could should has have had the a an and or of in on at for to from by with i".split(),
    *"mr mrs ms dr sir president minister chief prime new".split(),
    *MONTHS,
    *WEEKDAYS,
}
# a run of capitalised words ("Julian Price", "Andrei R. Belousov", "Institute of Technology")
_NAME_RUN = re.compile(
    r"[A-Z][\w-]*(?:['’]s\b)?(?:(?:\s+|\s+of\s+(?:the\s+)?)(?:[A-Z]\.|[A-Z][\w-]*(?:['’]s\b)?))*"
)
_ACRONYM = re.compile(r"[A-Z]{2,}|(?:[A-Z]\.)+")  # "FDA", "U.S.": spelled out elsewhere
# "the Myind report", "the New York Times story": capitalised words naming a piece of writing
PIECE_NAMED = re.compile(
    r"\b((?:[A-Z][\w'’-]*\s+)+)(?:article|report|story|piece|dispatch|coverage|column|account"
    r"|statement|readout)s?\b"
)
# "according to the New York Times", "the Harbin report": the source asked, not the event
_ATTRIBUTION = re.compile(rf"{PIECE_NAMED.pattern}|\b(?:according to|per)\b[^,?]*")


def asked_names(question: str) -> list[tuple[str, ...]]:
    """The names a question carries, each as its words folded ("Julian Price" -> ("julian",
    "price")), a joint name in its parts ("China-Russia"): people, places, organisations. Not
    the question's first word (capitalised as the start), nor the source it cites ("according
    to the Times")."""
    found = []
    body = _ATTRIBUTION.sub(" ", question.lstrip(" \"'“‘("))
    for match in _NAME_RUN.finditer(body):
        # an owner is a name of its own: "Orla's Texas plant" restricts by "Texas" too
        for run in re.split(r"(?<=['’]s)\s+", match.group(0)):
            words = [strip_possessive(w) for w in run.split()]
            if match.start() == 0 and run == match.group(0)[: len(run)]:
                words = words[1:]
            parts = [fold(p) for w in words if not _ACRONYM.fullmatch(w) for p in w.split("-")]
            if named := tuple(
                p for p in parts if len(p) > 1 and p not in _NOT_NAMES and not DEMONYM.fullmatch(p)
            ):
                found.append(named)
    return list(dict.fromkeys(found))


_HOW = re.compile(r"\s*how\s+[a-z]+\b")
_MID_SENTENCE_WORD = re.compile(r"(?<![.!?:\n\"“‘(])(?<![.!?:\n\"“‘(]\s)(?<!^)\b[A-Za-z][\w-]*")


def recased(question: str, passages: list[str]) -> str:
    """A question typed in lower case ("what did storm hesper do in harwick?") with capitals on
    the words the passages write mostly capitalised: its names. Any other question as it is."""
    if any(c.isupper() for c in question[1:]):
        return question
    # "how long", "how far": the question's own words, though a "Long Beach" is capitalised
    opening = _HOW.match(question)
    asked = set(re.findall(r"[a-z][\w-]*", question[opening.end() if opening else 0 :]))
    capital: dict[str, int] = {}
    for text in passages:
        # a sentence's or a line's first word is capitalised whatever it is ("Long before ...")
        for word in _MID_SENTENCE_WORD.findall(text):
            if word.lower() in asked:
                capital[word.lower()] = capital.get(word.lower(), 0) + (
                    1 if word[0].isupper() else -1
                )
    return re.sub(r"[a-z][\w-]*", lambda m: m[0].capitalize() if capital.get(m[0], 0) > 0 else m[0],
                  question)  # fmt: skip


def names_met(
    name: tuple[str, ...], context: str, close: dict[str, set[str]] | None = None
) -> bool:
    """Does the context hold a word of the name ("Price" of "Julian Price"), one that begins
    with its first four letters ("Ukrainian" for "Ukraine"), capitalised as a name is, or one
    `close` to it in meaning ("Switzerland" for "Swiss", "lunar" for "Moon")? A name's common
    word written in lower case is no mention of it: "a state visit" names no State Department."""
    words = re.findall(r"\w+", context)
    held = {fold(w) for w in words}
    capitalised = {fold(w) for w in words if w[:1].isupper()}
    return any(
        word in capitalised
        or any(w.startswith(word[:4]) for w in capitalised)
        or bool(close and (close.get(word, set()) - {word}) & held)
        for word in name
    )


def topical(names: list[tuple[str, ...]], passages: list[str]) -> list[tuple[str, ...]]:
    """The names held by fewer than a third of the passages: the question's restrictions. A
    name that many of them hold is the topic they were retrieved for; a sentence that leaves it
    to its article ("the two leaders") is still about it."""
    return [n for n in names if 3 * sum(names_met(n, p) for p in passages) < len(passages)]


_RELATIVE_DAY = re.compile(r"\b(?:yesterday|today|tonight|tomorrow|overnight)\b", re.I)


def day_met(day: str, sentence: str, context: str, date: str | None) -> bool:
    """Can a sentence that names no weekday speak of the asked one? When its context names that
    day, or its document is of that day or the day after (a news report's "said" is of today or
    yesterday); a document of another day reports another day's words. (A sentence that names
    another weekday is left to `on_day`.)"""
    if weekdays_named(sentence) or _RELATIVE_DAY.search(sentence) or not date:
        return True
    if day in weekdays_named(context):
        return True
    if (published := parse_day(date)) is None:
        return True
    asked = WEEKDAYS.index(day)
    return published.weekday() in {asked, (asked + 1) % 7}


def neighbourhood(text: str, passage: str, title: str) -> str:
    """The unit with the sentences just before and after it in its passage, and the passage's
    title: the context a restriction may be met in ("Orla ... runs two plants. The New Alden
    plant will be its largest.")."""
    sentences = split_sentences(passage)
    first = text.strip()[:60]
    for i, sentence in enumerate(sentences):
        if first and first in sentence:
            return " ".join([title, *sentences[max(0, i - 1) : i + 2], text])
    return f"{title} {text}"


# "What did she say on Monday?": a question about what happened. A sentence that names that day
# only as one still to come after its document's date ("talks have been arranged for Monday")
# announces the event; it does not report it.
_ASKS_PAST = re.compile(r"\b(?:did|was|were|had)\b", re.I)


def asks_past(question: str) -> bool:
    """Is the question about something that happened ("what did", "who was")?"""
    return bool(_ASKS_PAST.search(question))


def day_ahead(day: str, sentence: str, date: str | None) -> bool:
    """Does the sentence name the asked weekday only as a day after its document's date?"""
    if not date or day not in weekdays_named(sentence):
        return False
    days = [d for label in resolved_days(sentence, date) if (d := day_of(label))]
    named = [d for d in days if d.weekday() == WEEKDAYS.index(day)]
    return bool(named) and all(d.isoformat() > date[:10] for d in named)


# "by 2010", "since 2013", "before 2020": a year the question bounds its time by. ("in 2021" is
# `asked_period`'s; a year before a name, "the 2022 Winter Olympics", names an event.)
_BOUND_YEAR = re.compile(
    rf"\b(by|since|before|after|until|till|through|as of|from)\s+({YEAR.pattern})\b(?!\s+[A-Z])",
    re.I,
)


def asked_bound(question: str) -> tuple[str, int] | None:
    """The one year bound of a question and its side: "<=" for "by 2010", ">=" for "since
    2013"; None for none or several years."""
    if len(set(YEAR.findall(question))) != 1 or not (match := _BOUND_YEAR.search(question)):
        return None
    word = match.group(1).lower()
    return ("<=" if word in {"by", "before", "until", "till", "through", "as of"} else ">=",
            int(match.group(2)))  # fmt: skip


def bound_met(bound: tuple[str, int], sentence: str, date: str | None) -> bool:
    """Does the sentence speak of a time on the asked side of the year: a year it names ("since
    2013" runs to its document's date), or, naming none, its document's year? (Its neighbours'
    years date other events.)"""
    side, year = bound
    years = named_years(sentence, date) or (
        {int(date[:4])} if date and date[:4].isdigit() else set()
    )
    return not years or any(y <= year if side == "<=" else y >= year for y in years)


# "its first plant", "when did he first visit": an ordinal singles one occasion of a thing out
_ORDINAL = re.compile(
    r"\b(first|second|third|fourth|fifth)\s+(?!(?:names?|half|quarter)\b)(?:ever\s+)?([a-z]+)\b",
    re.I,
)
_ORDINAL_DIGITS = {"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th"}


def asked_ordinal(question: str) -> tuple[str, str] | None:
    """The ordinal a question singles its event out by, and the word it orders ("first",
    "plant"), stemmed; None for none."""
    match = _ORDINAL.search(question)
    if not match or match.group(2).lower() in STOPWORDS:  # "should come first in": a priority
        return None
    return match.group(1).lower(), stem(match.group(2).lower())


def ordinal_met(ordinal: tuple[str, str], context: str) -> bool:
    """Does the context give an occasion that ordinal ("first", "1st", "for the first time"),
    and not to another thing than the asked one? When it names the asked thing, the ordinal
    must be a few words before it ("its first overseas plant"): "The first chips will leave the
    plant" orders the chips, not the plant. (Not naming it, it may say it in other words: "his
    first journey abroad" for "his first foreign trip".)"""
    word, head = ordinal
    tokens = re.findall(r"[a-z0-9]+", fold(context))
    stems = [stem(t) for t in tokens]
    at = [i for i, t in enumerate(tokens) if t in (word, _ORDINAL_DIGITS[word])]
    if not at:
        return False
    if head not in stems or f"for the {word} time" in " ".join(tokens):
        return True
    return any(head in stems[i + 1 : i + 4] for i in at)


# "What fee did Northgate pay for Arriaga?": a name in the slot of an act, after its verb and a
# preposition. A sentence that does the act with another name in that slot ("paid for the
# Ghanaian midfielder Kofi Mensah") tells of another one, whatever else it names.
_SLOT = re.compile(r"\b([a-z]{3,})\s+(for|to|with|against|from)\s+([A-Z][\w'’-]*)")
_GAP = (
    r"(?:(?:[a-z][\w'’-]*|[A-Z][a-z]+(?:ian|ean|can|ese|ish))\s+){0,3}"  # "the Ghanaian midfielder"
)
_RUN = r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)"


def asked_slots(question: str) -> list[tuple[str, str, str]]:
    """Each (verb, preposition, the name's first word folded) of a name the question puts right
    after a lower-case verb and a preposition ("pay for Arriaga")."""
    return [(verb, prep, fold(name)) for verb, prep, name in _SLOT.findall(question)
            if verb not in STOPWORDS and fold(name) not in _NOT_NAMES]  # fmt: skip


def slot_taken(sentence: str, slot: tuple[str, str, str]) -> bool:
    """Does the sentence do the asked act with another name in the asked name's slot, and
    never with the asked one?"""
    verb, prep, name = slot
    others = False
    for use in verb_uses(sentence, verb):
        filled = re.match(rf"\s+{prep}\s+{_GAP}{_RUN}", sentence[use.end() :])
        if filled and names_met((name,), filled.group(1)):  # "Russian" is Russia's too
            return False
        others = others or bool(filled)
    return others
