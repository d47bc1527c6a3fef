"""Whether a capitalised name names a person, from the cues any news text gives, with no list of
names: a title before it (`Mr. Lee`, `Mayor Ruth Adeyemi`), a verb of saying after or before it
(`Harker said`, `said Ana Ruiz`), an age or an apposition after a first and last name (`Arthur
Penhale, 71,`, `Glen Harker, a soybean farmer`); and against it, the cues of a place, an event
or a thing: a preposition of place before it (`in Beijing`, `at Zhongnanhai`), `-based` after
it, a common noun of places and events inside it (`Storm Hesper`, `Quayside Road`) or after it
as a modifier (`the Quayside flood wall`). A surname gets the cues its full name gets anywhere
in the text (`Glen Harker, a farmer, ... Harker said`), so the text around a sentence decides
too. "Who" questions want persons: an article's opening sentence full of places and events
(`Storm Hesper ... Kestrelford`) is no answer to "which officials were quoted".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.text import fold, strip_possessive

# Titles and offices written before a person's name.
PERSON_TITLES = (
    r"Mr|Ms|Mrs|Dr|Prof|Professor|President|Premier|Chancellor|Minister|Secretary|Mayor|Governor"
    r"|Senator|Sen|Rep|Representative|Judge|Justice|Superintendent|Inspector|Sergeant|Sgt"
    r"|Constable|Officer|Detective|Councillor|Councilor|Commissioner|Ambassador|General|Gen"
    r"|Colonel|Col|Lieutenant|Lt|Captain|Capt|Admiral|Sir|Dame|Lord|Lady|King|Queen|Prince"
    r"|Princess|Pope|Bishop|Archbishop|Rabbi|Imam|Father|Reverend|Rev|Coach|Chairman|Chairwoman"
    r"|Director|Spokesman|Spokeswoman|Spokesperson|Deputy|Speaker|Chief"
)
_WORD = r"[A-Z][\w'’-]*[a-z][\w'’-]*"
RUN = rf"{_WORD}(?:\s+(?:[A-Z]\.\s+)?{_WORD}){{0,3}}"  # "Ruth Adeyemi", "Vladimir V. Putin"
_SAYING = (
    r"said|says|told|tells|added|adds|noted|notes|explained|argued|argues|warned|warns|wrote"
    r"|writes|recalled|recalls|asked|insisted|acknowledged|stressed|replied|predicted"
)
_TITLED = re.compile(rf"\b(?:{PERSON_TITLES})\.?\s+((?:{PERSON_TITLES})\.?\s+)*({RUN})")
# (not after "which": `Redfern Electric, which had been named ..., said` is a thing speaking)
_SPEAKER_BEFORE = re.compile(
    rf"({RUN})(?:,(?!\s*which\b)[^,.]{{1,80}},)?\s+(?:also\s+|later\s+)?(?:{_SAYING})\b"
)
_SPEAKER_AFTER = re.compile(rf"\b(?:{_SAYING}|according to)\s+({RUN})")
# a first and last name, then its holder's age or a common noun phrase that says who it is
_DESCRIBED = re.compile(rf"({_WORD}\s+{RUN}),\s+(?:\d{{1,3}},|(?:a|an|the)\s+[a-z])")


def place_slot(more: str) -> str:
    """Where a text names a place: after a preposition of place or one of `more` (regex
    alternatives), and "the" ("in Beijing", "at the Kremlin")."""
    return rf"\b(?:in|at|near|inside|outside|{more})\s+(?:the\s+)?"


# the name in a place slot, whole: no more of a name after it
PLACE_NAME = rf"({RUN})(?![\w'’-]|\s+[A-Z])"
_AROUND = "across|throughout|around|above|below|beyond|towards?|into|through"
_PLACED = re.compile(rf"{place_slot(_AROUND)}{PLACE_NAME}|({RUN})-based\b")
# "the Kremlin said", "The Environment Agency said": a body speaks so, no person
_BODY = re.compile(r"\b[Tt]he\s")
# "the Quayside flood wall", "the Kremlin aide": a name used as a modifier of a common noun
_MODIFIER = re.compile(rf"\bthe\s+({RUN})\s+(?!(?:{_SAYING})\b)[a-z]{{3,}}")
# Common nouns that make a capitalised run the name of a place, a building or an event.
_PLACE_NOUNS = frozenset(
    "storm hurricane typhoon cyclone flood earthquake fire war battle river lake sea ocean bay "
    "gulf island islands mountain mountains mount valley coast beach park street road avenue "
    "creek falls hill hills ridge hollow springs heights forest peninsula canyon cape "
    "lane square bridge wall tower hall palace house castle airport station port harbour harbor "
    "city town village county province region district republic kingdom empire "
    "north south east west central quayside strait canal dam stadium arena "
    "museum cathedral church temple mosque hospital school college university institute "
    "festival games cup olympics summit conference treaty act plan pipeline".split()
)


# Common nouns that make a capitalised run the name of a body: it may act and speak ("Aldwen
# Police confirmed"), but it is no person.
_BODY_NOUNS = frozenset(
    "police agency council ministry department company corporation party group bank committee "
    "commission association union court office government administration parliament army navy "
    "force forces authority board bureau center centre foundation fund times post news "
    "television radio network club team federation organization organisation coalition "
    "alliance inc ltd holdings".split()
)


def is_body(name: str) -> bool:
    """Does the name hold a noun of bodies (`Aldwen Police`, `Environment Agency`)?"""
    return bool(_BODY_NOUNS.intersection(_folded(name)))


@dataclass(frozen=True)
class Cues:
    """Folded name words a text marks as a person's, and those it marks as a place's."""

    people: frozenset[str]
    places: frozenset[str]


def _folded(run: str) -> list[str]:
    return [strip_possessive(fold(w)) for w in run.split() if len(w) > 2]


@lru_cache(maxsize=256)
def cues(text: str) -> Cues:
    """The person and place cues of a text: each cued run's words."""
    people: set[str] = set()
    for pattern in (_TITLED, _SPEAKER_BEFORE, _SPEAKER_AFTER, _DESCRIBED):
        for m in pattern.finditer(text):
            k = m.lastindex or 1
            if not _BODY.search(text[max(0, m.start(k) - 5) : m.start(k)] + m[k][:4]):
                people.update(_folded(m[k]))
    places: set[str] = set()
    for pattern in (_PLACED, _MODIFIER):
        for m in pattern.finditer(text):
            places.update(_folded(m[1] or m[2] or ""))
    for m in re.finditer(RUN, text):
        found = _folded(m[0])
        if _PLACE_NOUNS.intersection(found):
            places.update(found)
    return Cues(frozenset(people), frozenset(places))


def is_person(name: str, sentence: str, context: str = "") -> bool | None:
    """Does the name (as written in the sentence) name a person: True, when the sentence titles
    it (`Mr. Putin`) or its last word has only person cues in the sentence and its context;
    False when it has only place cues, or holds a noun of places and events (`Storm Hesper`);
    None when nothing tells, or both do (`Washington said`, `in Washington`)."""
    found = _folded(name)
    if not found:
        return None
    if _PLACE_NOUNS.intersection(found):
        return False
    if any(found[-1] in _folded(m[2]) for m in _TITLED.finditer(sentence)):
        return True
    here, around = cues(sentence), cues(context) if context else Cues(frozenset(), frozenset())
    person = found[-1] in here.people or found[-1] in around.people
    place = found[-1] in here.places or found[-1] in around.places
    return None if person == place else person
