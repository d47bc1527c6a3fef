"""The occasion a question is set on: "on his May 2024 trip to Beijing", "during the state visit".

It says which story to read, not which sentence answers: retrieval reads the whole question for
its passages, and the asked time gates dates. The sentence that answers is often one that does
not repeat the occasion, while the story's opening sentence always does, so the sentence search
and the answerer's matching also read the question without it.
"""

from __future__ import annotations

import re

_ON_OCCASION = re.compile(
    # not "the report on the Harbin trip": that names a document, the question is not set there
    r"(?<!report )(?<!reports )(?<!article )(?<!story )(?<!piece )(?<!account )"
    r"\b(?:on|during) (?:his|her|their|its|the|a|this|that) (?:[\w-]+ ){0,3}?"
    r"(trip|visit|tour|journey|voyage|mission|stay)s?\b"
    r"(?: (?:to|in) [A-Z][\w-]*(?: [A-Z][\w-]*)*(?:,? and [A-Z][\w-]*(?: [A-Z][\w-]*)*)?)?"
)


def without_occasion(question: str) -> str:
    """The question without the occasion it is set on; the question itself when it names none."""
    return " ".join(_ON_OCCASION.sub(" ", question).split())


def occasion_nouns(question: str) -> list[str]:
    """The nouns of the occasions a question is set on ("trip" of "on his trip to Beijing"): the
    answer's passage must be about one, though its sentence need not say it again."""
    return [m.group(1).lower() for m in _ON_OCCASION.finditer(question)]
