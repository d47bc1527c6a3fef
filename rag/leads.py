"""A sentence that leans on the one before it ("They included ...", "It broke apart at ...").

Inside a passage the extractive answerer pairs such a sentence with the sentence before it
(`rag/answering/extractive.py`). A chunk that opens with one has no sentence before it: its
"It broke apart at an altitude of about 31 kilometres." says neither what broke nor where, and
loses the question's words ("At what altitude did the rocket break apart?") to a lede that has
them but not the altitude. Retrieval therefore gives such a passage the one sentence its
document has before it (`with_lead`), from the chunk before, so answers, citation checks and
the sources shown read the pair as one.
"""

from __future__ import annotations

import re

from rag.text import split_sentences

# "This week's visit", "That morning": a demonstrative before a time word dates the sentence; it
# leans on no sentence before it
LEANS_BACK = re.compile(
    r"^(they|he|she|it|(?:this|these|those|that)(?!\W+(?:week|month|year|morning|afternoon|evening"
    r"|night|weekend|spring|summer|autumn|fall|winter|time)\b)|the two|both|his|her|their)\b",
    re.I,
)


def with_lead(text: str, before: str) -> str:
    """`text` (a chunk) with the sentence before its first one, taken from `before` (the chunk
    before it in its document), when its first sentence leans on that one; else `text`.

    Chunks overlap: the first sentence is then also in `before`, and the lead is the sentence
    before it there, with the spacing between them as the document has it. Without overlap the
    lead is the last sentence of `before`."""
    sentences = split_sentences(text)
    first = sentences[0] if sentences else ""
    if not first[:1].isupper() or not LEANS_BACK.match(first):
        return text  # a piece cut inside a sentence ("they said ...") leans on no sentence
    at = before.find(first)
    earlier = split_sentences(before[:at] if at >= 0 else before)
    if not earlier:
        return text
    lead = earlier[-1]
    if at < 0:
        return f"{lead} {text.lstrip()}"
    start = before.rfind(lead, 0, at)
    return before[start:at] + text.lstrip()
