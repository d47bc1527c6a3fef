"""Words about the sources rather than what they report, which the support rule looks past."""

from __future__ import annotations

import re

# Words about the sources rather than what they report: a conflict answer's "Accounts differ:
# one report says X; another (the follow-up) says Y" sets the reports side by side, and no
# source calls itself "one report". Its claims X and Y are what the coverage looks for.
SOURCE_TALK = re.compile(
    r"\b(?:accounts?|reports?|sources?|versions?)\s+(?:differ|disagree|conflict)s?"
    r"(?:\s+(?:in|on)\s+\w+)?\s*:"
    r"|\b(?:the\s+)?(?:one|another|the other|first|second|earlier|later|initial|original)\s+"
    r"(?:report|account|article|story|version)s?\b"
    r"|\b(?:the\s+)?follow-up(?:\s+(?:report|article|story))?\b"
    r"|\b(?:one(?=\s+(?:says|said|calls|reports)\b)|another)\b",
    re.I,
)

# A parenthesis of names alone after a claim credits the outlets that report it: "a trade expo
# (Myind/AFP) versus trade forums (CNN)". The passages must mention them, but they take no
# name's place in the sentence the claim is drawn from.
CREDITS = re.compile(r"\(\s*([A-Z][\w.&'’-]*(?:\s*(?:/|,|&|\band\b)\s*[A-Z][\w.&'’-]*){0,3})\s*\)")


def reported(sentence: str) -> str:
    """The sentence without its words about the sources: what evidence is sought for."""
    return CREDITS.sub(" ", SOURCE_TALK.sub(" ", sentence))
