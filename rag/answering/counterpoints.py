"""Counterpoints: sentences that set themselves against what their report said before them
("Even so, there are limits to this united front", "Nonetheless, ..."). To a yes/no question
sources, or one report, may answer both ways; the side that disagrees with the rest often opens
this way, and reads less like the question than the sentences that carry on the same line."""

from __future__ import annotations

import re

from rag.text import split_sentences

# at the opening of a sentence only: a "but" inside one qualifies its own claim, and so does
# an opening "Despite X," or "Although X," (set against its own clause, not against the report)
_COUNTERPOINT = re.compile(
    r"^\W*(?:but|however|yet|still|even so|nonetheless|nevertheless|on the other hand"
    r"|in contrast)\b",
    re.I,
)


def counterpoint(text: str) -> bool:
    """Does the unit (its last sentence, for a pair) open by setting itself against what came
    before?"""
    sentences = split_sentences(text)
    return bool(sentences and _COUNTERPOINT.match(sentences[-1]))


def holds_counterpoint(text: str) -> bool:
    """Does a passage hold a sentence that opens as a counterpoint?"""
    return any(_COUNTERPOINT.match(s) for s in split_sentences(text))
