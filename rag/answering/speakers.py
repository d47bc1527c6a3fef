"""Who a sentence quotes, so that "What did Biden say ...?" is not answered by what Putin said.

A sentence answers "what did X say" when it quotes X ("X said", "X, the minister, told",
"said X", "according to X"), quotes someone it does not name ("he said", "the Chinese leader
said": often X, named a sentence before), or is itself a quotation. A sentence that only quotes
others, or quotes no one ("a summit Biden hosted"), says nothing X said.
"""

from __future__ import annotations

import re

from rag.text import OPENERS, fold, strip_possessive

_VERBS = (
    r"(?:said|says|say|told|tells|added|adds|noted|notes|stated|states|wrote|writes|argued"
    r"|argues|warned|warns|mentioned|explained|insisted|urged|called|calls|described|declared"
    r"|announced|claimed|claims|commented|remarked|replied|proclaimed|predicted|acknowledged"
    r"|stressed|suggested)"
)
# The question: "What did Sergei Shoigu say ...", "What did Mr. Biden tell ...", "How did Xi
# describe ...".
_ASKED = re.compile(
    r"\b(?:[Ww]hat|[Hh]ow|[Ww]hy)\b.*?\b(?:did|does|do|has|have|had|will|would)\s+"
    r"((?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?(?:[A-Z][\w'’-]*\s+){1,3}?)"
    r"(?:say|tell|claim|argue|warn|write|note|add|state|explain|insist|declare|announce|predict"
    r"|describe|characteri[sz]e|portray|present)\b"  # "How did X describe Y": in X's words
)
# Verbs that report what the speaker before them said in other words ("Mr. Xi voiced support
# for ..."); after them comes what was said, not who said it.
_REPORTING = (
    r"(?:voiced|expressed|vowed|pledged|promised|reiterated|affirmed|emphasi[sz]ed|hailed|praised"
    r"|touted|lauded)"
)
_NAME = r"((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*)"
_BEFORE = re.compile(
    rf"{_NAME}(?:,[^,]{{1,100}},)?\s+(?:also\s+|has\s+|had\s+|later\s+)?"
    rf"(?:{_VERBS}|{_REPORTING})\b"
)  # "Mr. Putin said", "Cheng Xiaohe, a professor at ..., said"
# "..., said Mr. Putin": the speaker after the verb; not after "told", "warned" or "urged",
# whose name is the one spoken to ("Mr. Putin told Mr. Xi", "warned Beijing")
_AFTER = re.compile(
    rf"\b(?!(?:told|tells|urged|called|calls|described|warned|warns|declared|announced)\b)"
    rf"(?:{_VERBS}|[Aa]ccording to)\s+"
    rf"(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?{_NAME}"
)
# "Xi hailed the ties ..., saying they would ...": the speaker is named before the participle.
_PARTICIPLE = re.compile(r",\s+(?:saying|adding|noting|telling|warning|arguing|insisting)\b")
_UNNAMED = re.compile(
    rf"(?:^|[\s,;:—–-])(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t|[Tt]he\s+(?!two\b|three\b|both\b)(?:[\w'’-]+\s+){{0,3}}?"
    rf"[a-z][\w'’-]*)\s+(?:also\s+|has\s+|had\s+|later\s+)?{_VERBS}\b"
)  # "he said", "the Chinese leader said": a speaker the sentence does not name


# "Tallis Valley Water opened four sites ..., and said it had ordered ...": a verb of saying
# joined to the sentence's first verb has the sentence's subject as its speaker
_AND_SAID = re.compile(rf"\band\s+(?:also\s+|later\s+)?{_VERBS}\b")
_SUBJECT = re.compile(rf"^(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?{_NAME}\s+[a-z]")
_TITLED = re.compile(
    r"\b(?:Mr|Ms|Mrs|Dr|President|Premier|Chancellor|Minister|Secretary)\.?\s+"
    r"(?:of\s+(?:the\s+)?[A-Z][\w'’-]*\s+)?"  # "Secretary of State Antony Blinken"
    r"((?:[A-Z][\w'’-]*\.?\s+){0,2}[A-Z][\w'’-]*)"
)
_NOT_SPEAKERS = {"he", "she", "they", "we", "i", "it", "the", "but", "and", "also"}


_OPENS_ATTRIBUTION = re.compile(rf"^(?:[\w'’.-]+\s+){{0,4}}?{_VERBS}\b")


def attributes(text: str) -> bool:
    """Does the text, what follows a quotation, open by saying who spoke ("said X, a fellow
    at Y", "Mr. Ruiz, the chief executive, told reporters")?"""
    return bool(_OPENS_ATTRIBUTION.match(text))


def asked_speaker(question: str) -> str | None:
    """The surname of the person a "what did X say" question asks about; None otherwise."""
    match = _ASKED.search(question)
    if not match:
        return None
    words = [w for w in match.group(1).split() if w.rstrip(".") not in ("Mr", "Ms", "Mrs", "Dr")]
    return strip_possessive(fold(words[-1])) if words else None


def names_speaker(sentence: str) -> bool:
    """Does the sentence say, by name, who spoke ("said Ana Ruiz", "Mr. Lee told ...")?"""
    named = [m.group(1) for m in _BEFORE.finditer(sentence)]
    named += [m.group(1) for m in _AFTER.finditer(sentence)]
    return any(n.split()[-1][:1].isupper() and fold(n) not in _NOT_SPEAKERS for n in named)


_QUOTE_MARKS = '"“'


def quotes_someone(sentence: str) -> bool:
    """Is it a quotation with its speaker's name ("“...,” said Ana Ruiz, an economist")?"""
    return any(mark in sentence for mark in _QUOTE_MARKS) and names_speaker(sentence)


def continues_quotation(sentence: str) -> bool:
    """Does it go on with the quotation before it: a quotation that names no speaker ("“I would
    imagine ...”", "“...,” he added")? News splits one speaker's words over such sentences, and
    the point of a quotation is often in its second sentence, after the one that names him."""
    return sentence.lstrip()[:1] in _QUOTE_MARKS and not names_speaker(sentence)


def quotes(sentence: str, speaker: str) -> bool:
    """Can the sentence be what the speaker (a folded surname) said? Not when it names only
    other speakers: then its "he said" is one of them ("Mr. Xi, noting ... He said ...")."""
    named = [m.group(1) for m in _BEFORE.finditer(sentence)]
    if said := _PARTICIPLE.search(sentence):
        named += re.findall(_NAME, sentence[: said.start()])
    named += [m.group(1) for m in _AFTER.finditer(sentence)]
    # "X opened ..., and said ...": only ever a yes ("Speaking ..." opens with no name)
    subject = _SUBJECT.match(sentence.lstrip(OPENERS)) if _AND_SAID.search(sentence) else None
    if subject and speaker in re.findall(r"\w+", fold(subject.group(1))):
        return True
    if any(speaker in re.findall(r"\w+", fold(name)) for name in named):
        return True
    if [n for n in named if n.split()[-1][:1].isupper() and fold(n) not in _NOT_SPEAKERS]:
        return False
    if sentence.lstrip()[:1] in OPENERS:
        return True  # a quotation: its speaker is often named in the next sentence
    unnamed = _UNNAMED.search(sentence)
    if not unnamed:
        return False
    # "Mr. Putin sought ... He said ...": "he" is the titled person named before it
    titled = [fold(m.group(1)) for m in _TITLED.finditer(sentence, 0, unnamed.start())]
    return not titled or any(speaker in re.findall(r"\w+", name) for name in titled)
