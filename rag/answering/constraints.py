"""The restrictions a question carries, and whether a sentence, read in its context, meets them.

A question that names a place, a person or an organisation ("the Texas plant", "in Shanghai"),
a weekday ("on Monday"), a year ("by 2010") or an ordinal ("its first plant") asks about that
one. A sentence on the same topic that does not meet the restriction, neither by its own words
nor by its context (the sentences beside it, its document's title and date), answers another
question: the answerer passes it over and declines when no other sentence is left. Each check
is read off the question's form alone, never off a collection's own names.
"""

from __future__ import annotations

import datetime as dt
import re

from rag.text import MONTHS, WEEKDAYS, fold, split_sentences

# Capitalised words that name no one: question words, titles and honorifics, dates
_NOT_NAMES = {
    *"what which who whom whose when where why how did does do is are was were will would can "
    "could should has have had the a an and or of in on at for to from by with i".split(),
    *"mr mrs ms dr sir president minister chief prime".split(),
    *MONTHS,
    *WEEKDAYS,
}
# a run of capitalised words ("Julian Price", "River Aldwen"), possessive dropped
_NAME_RUN = re.compile(r"[A-Z][\w-]*(?:['’]s\b)?(?:\s+[A-Z][\w-]*(?:['’]s\b)?)*")
_DEMONYM = re.compile(r"[a-z]{3,}(?:ian|ean|can|ese|ish|i)")  # "Russian": "Russia" meets it
_ACRONYM = re.compile(r"[A-Z]{2,}|(?:[A-Z]\.)+")  # "FDA", "U.S.": spelled out elsewhere


def asked_names(question: str) -> list[str]:
    """The names a question carries, each as its last word folded ("Julian Price" -> "price"):
    a surname, a place, an organisation. The question's first word never counts (it is
    capitalised as the start)."""
    found = []
    body = question.lstrip(" \"'“‘(")
    for match in _NAME_RUN.finditer(body):
        words = [re.sub(r"['’]s$", "", w) for w in match.group(0).split()]
        if match.start() == 0:
            words = words[1:]
        words = [w for w in words if fold(w) not in _NOT_NAMES and not _ACRONYM.fullmatch(w)]
        if words:
            found.append(fold(words[-1]))
    return list(dict.fromkeys(found))


def names_met(name: str, context: str) -> bool:
    """Does the context hold the name: the word itself, or for a demonym its country
    ("Russian": "Russia's")?"""
    held = set(re.findall(r"\w+", fold(context)))
    if name in held:
        return True
    return bool(_DEMONYM.fullmatch(name)) and any(w.startswith(name[:4]) for w in held)


_WEEKDAY_NAME = re.compile(rf"\b(?:{'|'.join(d.capitalize() for d in WEEKDAYS)})\b")
_RELATIVE_DAY = re.compile(r"\b(?:yesterday|today|tonight|tomorrow|overnight)\b", re.I)


def day_met(day: str, sentence: str, context: str, date: str | None) -> bool:
    """Can a sentence that names no weekday speak of the asked one? When its context names that
    day, or its document is of that day or the day after (a news report's "said" is of today or
    yesterday); a document of another day reports another day's words. (A sentence that names
    another weekday is left to `on_day`.)"""
    if _WEEKDAY_NAME.search(sentence) or _RELATIVE_DAY.search(sentence) or not date:
        return True
    if day in {d.lower() for d in _WEEKDAY_NAME.findall(context)}:
        return True
    try:
        published = dt.date.fromisoformat(date[:10])
    except ValueError:
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
