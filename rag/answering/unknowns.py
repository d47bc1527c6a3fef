"""Sentences that say the asked thing is not known: "investigators had not yet identified who
had used the campsite" does not answer "Who left the campfire burning?", though it holds the
question's words and a person to whom it is attributed. An unanswerable question then abstains
instead of quoting the article's own admission that the answer is missing."""

from __future__ import annotations

import re

_WH = re.compile(
    r"^\W*(?:(?:and|so|but)\s+)?(who|whom|whose|why|how|when|where|what|which)\b", re.I
)
# a negation or refusal, up to three words, a verb of knowing or telling, then the wh-word
_LEFT_OPEN = (
    r"\b(?:not|never|yet to|declined to|refused to|unable to|no one (?:has|had|knows|knew))"
    r"(?:\s+[\w']+){{0,3}}?\s+(?:identif\w*|say|said|know\w*|knew|nam\w*|disclos\w*|releas\w*"
    r"|reveal\w*|determin\w*|establish\w*|confirm\w*|explain\w*|clear|sure|certain)"
    r"\s+(?:yet\s+)?{wh}\b"
)


def left_open(question: str) -> re.Pattern[str] | None:
    """How a sentence says that what the question asks ("who", "how many", "why") is not known,
    not said or not yet found; None for a question that opens with no wh-word. Read once per
    question, searched in each candidate sentence."""
    asked = _WH.match(question)
    if not asked:
        return None
    wh = asked.group(1).lower()
    wh = "who" if wh.startswith("who") else wh
    return re.compile(_LEFT_OPEN.format(wh=wh), re.I)
