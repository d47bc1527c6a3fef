"""Offline follow-up rewriting: "And what did they sign?" after "How many times have Putin and Xi
met?" becomes "What did Putin and Xi sign?".

Rules read only the shape of the text (runs of capitalised words, the question's subject after
its auxiliary, definite noun phrases, years), never lists of names, so they work on any news
collection. The previous answer is read for one thing only: after a "who" question that names
nobody ("Who led the trial?"), "he/she/they" mean the people the answer names. `rewrite` returns
None when a rule has nothing confident to offer; the caller then falls back to joining the turns.
"""

from __future__ import annotations

import itertools
import re

from rag.text import MONTHS, STOPWORDS, WEEKDAYS, YEAR, stem
from rag.verbs import BASE_OF_PAST, PARTICIPLE_OF_PAST

_CONNECTIVE = re.compile(r"^(?:(?:and|so|but|also|then|ok|okay|well)\b,?\s*)+", re.I)
_AUX = r"(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|should)"
_WH = r"(?:how (?:many|much)(?: [a-z-]+)?|(?:what|which)(?: [a-z-]+)?|who|whom|when|where|why|how)"
_OBJECT_QUESTION = re.compile(rf"^({_WH})\s+({_AUX})\s+(.+)$", re.I)  # "What did X sign?"
_SUBJECT_QUESTION = re.compile(  # "Who went with Putin?", "Which ministers signed it?"
    rf"^(who|(?:what|which)\s+[a-z-]+)\s+(?!{_AUX}\b)([a-z]+)\b\s*(.*?)\s*\??$", re.I
)
_NAME_WORD = r"(?:(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|[A-Z])\.|[A-Z][\w'’-]*\w)"  # a title or initial
_SPAN = re.compile(rf"{_NAME_WORD}(?:\s+(?:of\s+(?:the\s+)?)?{_NAME_WORD})*")
_TITLES = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+")
_NOT_NAMES = {*STOPWORDS, *MONTHS, *WEEKDAYS, "i"}
_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|to|near|from|into)\s+(?:the\s+)?$", re.I)
_YEAR_ONLY = re.compile(
    r"^(?:(in|by|for|during|since|until|before|after)\s+)?((?:19|20)\d\d)\??$", re.I
)
_DATED_YEAR = re.compile(
    rf"\b(?:(in|on|by|for|during|since|until|before|after)\s+)?(?:(?:{'|'.join(MONTHS)})\s+(?:\d{{1,2}},?\s+)?)?(?:19|20)\d\d\b",  # "May 16, 2024"
    re.I,
)
_ABOUT = re.compile(r"^(?:what|how)\s+about\s+(.+?)\??$", re.I)
_WH_ONLY = re.compile(  # "When was that?", "Why did he do that?", "Why?"
    r"^(when|where|why|how)(?:\s+(?:was|is|did|does|were))?(?:\s+(?:he|she|they|it))?"
    r"(?:\s+(?:do|happen|take place))?(?:\s+(?:that|this|it|so))?\s*\??$",
    re.I,
)
_PRONOUN = re.compile(r"\b(he|him|his|she|her|hers|they|them|their|it|its|there|that|this)\b", re.I)
_PEOPLE = {"he": "one", "him": "one", "his": "one's", "she": "one", "hers": "one's",
           "her": "one", "they": "all", "them": "all", "their": "all's"}  # fmt: skip
_FUNCTION_WORD = re.compile(r"\s+(?:" + "|".join(sorted(STOPWORDS)) + r")\b", re.I)
_EXISTENTIAL = re.compile(r"^\s*(?:is|are|was|were|be|been|'s)\b", re.I)
_STILL_LEANS = re.compile(r"\b(?:else|those|these|the same|too)\b", re.I)


def spans(text: str) -> list[tuple[int, str]]:
    """Runs of capitalised words (people, places, organisations) with their offsets; a question
    word, month or title opening a run is no name ("What", "May", "Mr.")."""
    found = []
    for match in _SPAN.finditer(text):
        words = list(re.finditer(r"\S+", match.group()))
        while words and words[0].group().lower().strip(".") in _NOT_NAMES | {"the"}:
            words = words[1:]
        if not words:
            continue
        name = _TITLES.sub("", match.group()[words[0].start() :])
        name = re.sub(r"['’]s?$", "", name)  # "Putin's" -> "Putin"
        if name and name.lower() not in _NOT_NAMES:
            found.append((text.index(name, match.start()), name))
    return found


def _pair(question: str) -> str | None:
    """ "Putin and Xi", "Russia and China": two names joined by "and"."""
    match = re.search(rf"({_SPAN.pattern})\s+and\s+({_SPAN.pattern})", question)
    if not match:
        return None
    names = [n for _, n in spans(match.group())]
    return " and ".join(names) if len(names) == 2 else None


def _subject(question: str) -> str | None:
    """The name right after the auxiliary ("When did Putin visit Harbin?" -> Putin), or the
    question's only name outside a place phrase."""
    match = _OBJECT_QUESTION.match(question)
    if match:
        found = spans(match.group(3))
        if found and found[0][0] == 0:
            return found[0][1]
    names = [n for i, n in spans(question) if not _PLACE_PREPOSITION.search(question[:i])]
    return names[0] if len(names) == 1 else None


def _asks_for_people(question: str) -> bool:
    """A "who" question whose answer, not its text, names the person: "Who led the trial?",
    "Who is Northgate's manager?", but not "Who is Tom Hadley?"."""
    if not re.match(r"^who\b", question, re.I):
        return False
    rest = re.match(rf"^who\s+{_AUX}\s+(.+?)\??$", question, re.I)
    return not (rest and [n for _, n in spans(rest.group(1))] == [rest.group(1)])


def _answer_people(question: str, answer: str) -> list[str]:
    """People the answer names that the question does not: runs of two or more name words (of a
    run with "of", the words before it), but not a run after "the" (a title or a body: "the
    Transport Minister", "the Bank of England") or in capitals (a dateline: "NEW ALDEN, Ohio")."""
    asked = {w.lower() for _, n in spans(question) for w in n.split()}
    text = re.sub(r"\[\d+(?:[,\s-]+\d+)*\]", "", answer)
    people = []
    for start, name in spans(text):
        words = name.split()
        if "of" in words:  # "Inspector Miriam Kessel of Dunleith Police": the person before "of"
            words = words[: words.index("of")]
            name, after = " ".join(words), ""
        else:
            after = text[start + len(name) :]
        fresh = not asked & {w.lower() for w in words} and name not in people
        titled = re.search(r"\bthe\s+$", text[:start], re.I) or name.isupper()
        if len(words) >= 2 and fresh and not (titled or _modifies_noun(after)):
            people.append(name)
    return people


_IDENTITY = re.compile(
    r"^(?:who|(?:which|what)\s+[a-z-]+)\s+(?:is|was|are|were)\s+(.+?)\s*\??$", re.I
)
# "Who is leading the inquiry?" asks who does something, not to fill a role: "leading the
# inquiry" is no name a pronoun can stand for
_PROGRESSIVE = re.compile(r"[a-z]+ing\b", re.I)
# "people who lost their homes": the pronoun's antecedent is the noun before "who", in the
# follow-up itself, not someone from the last turn
_RELATIVE_CLAUSE = re.compile(r"\b[a-z]+\s+who\b[^,;?]*$", re.I)


def _identity(question: str) -> str | None:
    """The role or description a question asks to be filled ("Who is Merrin County's director
    of elections?", "Which university is Putin's alma mater?"): a follow-up's pronoun can say it
    in full when the answer names no one who fits. None when it asks about a name ("Who is Tom
    Hadley?") or opens with a bare "what" ("What is the Levada Center?")."""
    match = _IDENTITY.match(question)
    if not match or _is_name(match.group(1)) or _doing(question):
        return None
    return match.group(1)


def _doing(question: str) -> str | None:
    """The act a "Who is leading the inquiry?" question asks about ("leading"), else None."""
    match = _IDENTITY.match(question)
    doing = match and _PROGRESSIVE.match(match.group(1))
    return doing.group() if doing else None


def _fills(role: str, answer: str) -> bool:
    """The answer says the role's head noun ("director" of "Merrin County's director of
    elections"), so the people it names are likely the ones asked for, not bystanders."""
    head = re.split(r"\s+(?:of|for|at|in|on)\s+", role, maxsplit=1)[0].split()[-1]
    return bool(re.search(rf"\b{re.escape(head)}", answer, re.I))


def _does(question: str, answer: str) -> bool:
    """The answer says the act a "Who is leading the inquiry?" question asks about (a word
    with the stem of "leading"), so the people it names may be the ones doing it; True for
    every other question."""
    doing = _doing(question)
    return not doing or bool(re.search(rf"\b{re.escape(stem(doing))}", answer, re.I))


def _modifies_noun(after: str) -> bool:
    """The name is followed by a plain noun, so it names a body or place used as a modifier
    ("City Council member Teresa Vail", "Merrin County election officials"), not a person: a
    person's name is followed by a verb ("said", "won", "says"), a mark or a function word."""
    match = re.match(r" ([a-z]+)\b", after)
    if not match:
        return False
    word = match.group(1)
    verb = word in BASE_OF_PAST or word.endswith(("ed", "s"))
    return not (verb or word in STOPWORDS)


def _definite(question: str) -> list[tuple[int, list[str]]]:
    """Each "the ..." phrase: its offset and words up to the next function word or mark."""
    phrases = []
    for match in re.finditer(r"\bthe\s+([^?!,.;:]+)", question, re.I):
        words: list[str] = []
        for word in match.group(1).split():
            inside_name = word == "of" and words and words[-1][:1].isupper()
            if word.lower() in STOPWORDS and not inside_name:
                break
            words.append(word)
        if words:
            phrases.append((match.start(), words))
    return phrases


def _thing(question: str) -> str | None:
    """What "it" means: a named organisation ("the Levada Center"), else the question's subject
    ("When was the Quayside wall built?" -> the Quayside wall), else its last "the ..." phrase."""
    phrases = _definite(question)
    for _, words in phrases:
        named = list(itertools.takewhile(lambda w: w[:1].isupper() or w == "of", words))
        if len([w for w in named if w != "of"]) >= 2:
            return "the " + " ".join(named).removesuffix(" of")
    subject = _OBJECT_QUESTION.match(question)
    for start, words in phrases:
        if subject and start == subject.start(3) and len(words) >= 2:
            return "the " + " ".join(words[:-1])  # "the storm surge overtop": the verb ends it
    others = [w for start, w in phrases if not (subject and start == subject.start(3))]
    return "the " + " ".join(others[-1]) if others else None


def _place(question: str) -> str | None:
    """What "there" means: a name after in/at/to, else the one name that is not the subject."""
    places = [n for i, n in spans(question) if _PLACE_PREPOSITION.search(question[:i])]
    if len(places) == 1:
        return places[0]
    subject = _subject(question)
    others = [n for _, n in spans(question) if n != subject]
    return others[0] if len(others) == 1 and not places else None


def _finish(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text[:1].upper() + text[1:] if text else text


def _swap_wh(wh: str, previous: str, answer: str) -> str | None:
    """'When was that?' after 'How many times have Putin and Xi met?' -> 'When have Putin and Xi
    met?'; after a question that asks for its subject, the event it names (`_event`)."""
    match = _OBJECT_QUESTION.match(previous)
    if match:
        if re.match(r"(?:what|who|which)\b", match.group(1), re.I) and re.fullmatch(
            r"is|are|was|were", match.group(2), re.I
        ):  # "What is the capital of France?" + "Why?": "Why is the capital of France?" is
            return None  # no question; the turns are joined instead
        return _finish(f"{wh} {match.group(2)} {match.group(3)}")
    event = _event(previous, answer)
    return _finish(f"{wh} did {event}?") if event else _passive(wh, previous)


def _event(previous: str, answer: str) -> str | None:
    """The event a subject question ("Who went with Putin?") asks about, as a clause with its own
    subject: the name it went "with" ("Putin go"), else the people a "who" answer names ("Xi
    Jinping welcome Putin"); None when neither is there ("What happened?")."""
    match = _SUBJECT_QUESTION.match(previous)
    if not match:
        return None
    verb, rest = _base(match.group(2)), match.group(3).strip()
    company = re.match(rf"with\s+(?:the\s+)?({_SPAN.pattern})\s*", rest)
    if company and spans(company.group(1)):
        name = spans(company.group(1))[0][1]
        return f"{name} {verb} {rest[company.end() :]}".strip()
    people = _answer_people(previous, answer) if _asks_for_people(previous) else []
    return f"{_listed(people)} {verb} {rest}".strip() if people else None


def _passive(wh: str, previous: str) -> str | None:
    """The event of a past subject question said without its unknown subject: "When was that?"
    after "Who welcomed Putin to the Great Hall?" -> "When was Putin welcomed to the Great
    Hall?". Only for a verb in the past with an object ("Who died in the flood?" has none)."""
    match = _SUBJECT_QUESTION.match(previous)
    if not match:
        return None
    verb, rest = match.group(2).lower(), match.group(3).strip()
    if not (verb in BASE_OF_PAST or (verb.endswith("ed") and len(verb) > 3)):
        return None
    words = rest.split()
    if not words or words[0].lower() in (STOPWORDS - {"the", "a", "an"}) | _PRONOUNS:
        return None  # no object ("died in the flood"), or one the rules cannot name
    named = re.match(rf"{_SPAN.pattern}(?:\s+and\s+{_SPAN.pattern})?", rest)
    if named and spans(named.group())[:1] and spans(named.group())[0][0] == 0:
        thing, after = named.group(), rest[named.end() :].strip()  # "gave Putin and Xi the award"
    else:
        cut = next((i for i, w in enumerate(words) if i and w.lower() in _PREPOSITIONS), len(words))
        thing, after = " ".join(words[:cut]), " ".join(words[cut:])
    be = "were" if re.search(r"\band\b", thing) else "was"
    return _finish(f"{wh} {be} {thing} {PARTICIPLE_OF_PAST.get(verb, verb)} {after}".rstrip() + "?")


_PREPOSITIONS = {"in", "to", "at", "on", "for", "from", "with", "into", "during", "after",
                 "before", "by", "as", "near", "over", "under", "about", "across", "through"}  # fmt: skip
_PRONOUNS = {"it", "them", "him", "her", "us", "me", "this", "that", "these", "those"}
_SILENT_E = re.compile(
    r"(?:[cvzu]|at|ot|[rd]g|[^aeiou](?:in|ur|id|ad|ud)|[aeiou][sg]|[^aeiou][aeiou][mk])$"
)


def _base(verb: str) -> str:
    """The base form that follows "did": went -> go, signed -> sign, created -> create."""
    lower = verb.lower()
    if lower in BASE_OF_PAST:
        return BASE_OF_PAST[lower]
    if lower.endswith("ied"):
        return lower[:-3] + "y"
    if lower.endswith("ed") and len(lower) > 3:
        stem = lower[:-2]
        if stem[-1] == stem[-2] and stem[-1] not in "lsf":
            return stem[:-1]  # stopped -> stop
        return stem + "e" if _SILENT_E.search(stem) else stem
    if lower.endswith("ies"):
        return lower[:-3] + "y"
    if lower.endswith(("ches", "shes", "sses", "xes", "oes")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return lower


def _listed(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) >= 2 else "".join(names)


def _is_name(phrase: str) -> bool:
    """The phrase is one run of capitalised words: "Lavrov", "the Levada Center"."""
    phrase = phrase.strip().rstrip("?").strip()
    return [n for _, n in spans(phrase)] == [phrase.removeprefix("the ")]


def _substitute(phrase: str, previous: str) -> str | None:
    """'What about Lavrov?' / 'And in 2021?': the previous question with its name or year
    replaced; None when the phrase is neither or no name there is the one it replaces."""
    phrase = phrase.strip().rstrip("?").strip()
    year = _YEAR_ONLY.match(phrase)
    if year:
        preposition, new = year.groups()
        years = set(YEAR.findall(previous))
        if len(years) == 1:  # "by December 2021" + "And by 2024?": the month was the old year's

            def moved(match: re.Match[str]) -> str:
                if not match.group(1):  # "the 2023 figure" + "And in 2022?": no preposition
                    return new
                return f"{preposition or match.group(1)} {new}"  # "on May 16, 2024" -> "in 2021"

            return _finish(_DATED_YEAR.sub(moved, previous))
        if not years:
            return _finish(f"{previous.rstrip('?').rstrip()} {preposition or 'in'} {new}?")
        return None
    preposition = re.match(r"^(in|at|to|near|from)\s+", phrase, re.I)
    name = phrase[preposition.end() :] if preposition else phrase
    if not _is_name(name):
        return None
    if preposition:  # "What about in Harbin?": the place the last question named
        places = [n for i, n in spans(previous) if _PLACE_PREPOSITION.search(previous[:i])]
        target = places[0] if len(places) == 1 else None
    else:  # the name the last question was about: "What did Lavrov say ...?" + "What about Putin?"
        names = [n for _, n in spans(previous)]
        target = _subject(previous) or (names[0] if len(names) == 1 else None)
    if target is None:
        return None
    name = spans(name)[0][1]
    return _finish(previous.replace(target, name.removeprefix("the "), 1))


def rewrite(question: str, history: list[tuple[str, str]]) -> str | None:
    """The follow-up as a standalone question, the question itself when it leans on nothing, or
    None when it leans on the last turn in a way these rules cannot resolve."""
    if not history:
        return question
    previous, answer = history[-1]
    body = _CONNECTIVE.sub("", question.strip()).strip()
    connected = body != question.strip()
    if not body:
        return None
    if wh := _WH_ONLY.match(body):
        return _swap_wh(wh.group(1).capitalize(), previous, answer)
    if about := _ABOUT.match(body):
        return _substitute(about.group(1), previous)
    if connected and (_YEAR_ONLY.match(body) or _is_name(body)):  # "And in 2022?", "And Lavrov?"
        return _substitute(body, previous)
    referents = _referents(previous, answer)
    own_names = spans(body)
    missing = False

    def resolve(match: re.Match) -> str:
        nonlocal missing
        word, lower, end = match.group(), match.group().lower(), match.end()
        after = body[end:]
        if lower in _PEOPLE:
            possessive = _PEOPLE[lower].endswith("'s") or (
                lower == "her" and re.match(r"\s+[a-z]", after) and not _FUNCTION_WORD.match(after)
            )  # "her job", not "present her with"
            objective = lower in ("him", "them") or (lower == "her" and not possessive)
            if not objective and any(i < match.start() for i, _ in own_names):
                return word  # "What did Putin say about his trip?": his is Putin
            if _RELATIVE_CLAUSE.search(body[: match.start()]):
                return word
            who = referents["all" if _PEOPLE[lower].startswith("all") else "one"]
            if possessive:
                who = who and f"{who}'s"
        elif lower == "there":
            if _EXISTENTIAL.match(after) or re.search(
                r"\b(?:is|are|was|were)\s*$", body[: match.start()], re.I
            ):
                return word
            who = referents["place"] and f"in {referents['place']}"
        elif lower in ("that", "this") and not re.match(r"\s*(?:\?|$|[.,])", after):
            return word  # a determiner ("that way", "this week") or "that" opening a clause
        else:
            who = referents["thing"]
            if lower == "its":
                who = who and f"{who}'s"
        if not who:
            missing = True
            return word
        return who

    resolved = _PRONOUN.sub(resolve, body)
    if missing or _STILL_LEANS.search(resolved):
        return None
    if resolved == body and not connected:
        return question  # nothing leaned on: as typed ("iPhone", a URL), not recased
    return _finish(resolved)


def _referents(previous: str, answer: str) -> dict[str, str | None]:
    """Who "he", "they", "it" and "there" can mean after this question (and its answer)."""
    named = [n for _, n in spans(previous)]
    if _asks_for_people(previous):
        people = _answer_people(previous, answer)
        role = _identity(previous)
        if role and not _fills(role, answer):  # the answer missed: "he" is the role itself
            people = []
        if not _does(previous, answer):  # "Who is leading it?" answered with no one leading
            people = []
        one = people[0] if people else role
        # "they" after "Who went with Putin?" is the party the question names (Putin and those
        # who went), not the list that answers it; the list only when the question names nobody
        everyone = _pair(previous) or (named[0] if len(named) == 1 else None)
        if not named and people:
            everyone = _listed(people)
    else:
        pair = _pair(previous)
        one = None if pair else _subject(previous)
        if not (one or pair) and re.match(r"^(?:which|what)\s+[a-z-]+", previous, re.I):
            # "Which official besides Xi was Putin to meet?" names two people and asks for a
            # third: "he" in the next turn is the one the answer names
            one = next(iter(_answer_people(previous, answer)), None)
        everyone = pair or one  # singular "they", or a party named by its leader
    described = None if re.match(r"who\b", previous, re.I) else _identity(previous)  # no person
    thing = described or _thing(previous)
    return {"one": one, "all": everyone, "thing": thing, "place": _place(previous)}


def offline_standalone(question: str, history: list[tuple[str, str]]) -> tuple[str, str | None]:
    """The follow-up as the offline rules make it standalone, and the question it was joined to
    (None when it stands alone): rewritten, else as it is, else (leaning on the last turn in a
    way the rules cannot resolve) joined to the last standalone question."""
    if not history:
        return question, None
    rewritten = rewrite(question, history)
    if rewritten is not None:
        return rewritten, None
    if not leans_on_context(question):
        return question, None
    previous = history[-1][0]  # itself a standalone question, never a join
    return f"{previous} {question}", previous


def leans_on_context(question: str) -> bool:
    """A short question that reads like a follow-up: it opens with "and ..." or "what about",
    or it has a pronoun, or it is a bare "Why?" / "When was that?"."""
    if _WH_ONLY.match(_CONNECTIVE.sub("", question.strip())):
        return True
    return len(question.split()) <= 8 and bool(
        re.search(
            r"^\s*(?:and|also|what about|how about|but|so|then)\b|\b(?:he|she|they|them|it|"
            r"his|her|their|that|this|those|these|else|there)\b",
            question,
            re.I,
        )  # fmt: skip
    )
