"""Who wrote an article: its byline ("By Owen Castell, Transport Correspondent").

Asked "who wrote the report on the rail strike?", no sentence of the article says who wrote it:
the byline does, a line of its own under the headline, too short to be an answer sentence. The
answer quotes the byline of the article the question is about: the one its best passage is from.
Without one in the passages, only a credit line may answer ("Anton Troianovski reported from
Moscow", "Olivia Wang contributed reporting"): a sentence about the topic is no author.
A line is a byline when it opens with "By" and its other words are names: capitalised, joined by
commas, "and" or "&" ("By Helen Marsh", "By Anton Troianovski and Steven Lee Myers"), not a
sentence ("By Thursday, the water had gone.").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rag.answering.constraints import PIECE_NAMED, names_met
from rag.text import sentence_pieces

if TYPE_CHECKING:
    from rag.passages import Passage

# "who wrote the article ...", "who is the author of the report ...", "whose byline ...": asked
# of a piece of writing, not of a letter ("who wrote to the minister") or a plan ("the author of
# the peace plan"), nor "who reported the fire"
_WROTE = re.compile(
    r"\bwho\s+(?:wrote|authored|penned|reported|(?:has|had)\s+written)\b(?!\s+(?:to|back|that)\b)"
    r"|\b(?:author|writer|reporter|journalist)s?\s+of\b"
    r"|\bwho\s+(?:is|are|was|were)\s+the\s+(?:author|writer|reporter|journalist)s?\b"
    r"|\b(?:written|authored)\s+by\s+whom\b",
    re.I,
)
_WRITING = re.compile(
    r"\b(?:article|report|story|piece|dispatch|coverage|column)s?\b|\bwho\s+wrote\s+(?:this|it)\b",
    re.I,
)
_BY = re.compile(r"^(?:By|BY)\s+(?=[A-Z])")
_CREDIT = re.compile(
    r"\breported from\b|\bcontributed (?:reporting|research)\b|\b(?:reporting|written) by\b", re.I
)
_JOINS = {"and", "&", "of", "the", "for", "de", "van", "von"}
_MAX_WORDS = 14  # "By A and B, Staff Correspondents in ..." and no longer


def asks_author(question: str) -> bool:
    """Does the question ask who wrote a piece (its byline), not who did something?"""
    return bool(re.search(r"\bbyline\b", question, re.I)) or bool(
        _WROTE.search(question) and _WRITING.search(question)
    )


def is_byline(line: str) -> bool:
    """A line of names after "By" ("By Owen Castell, Transport Correspondent")."""
    text = " ".join(line.split())  # non-breaking spaces between the names
    if not _BY.match(text):
        return False
    words = re.sub(r"[,;]", " ", text).split()[1:]
    return 0 < len(words) <= _MAX_WORDS and all(
        w[:1].isupper() or w.lower() in _JOINS for w in words
    )


def credits(sentence: str) -> bool:
    """A credit line of an article: who reported it or contributed to it."""
    return bool(_CREDIT.search(sentence))


def outlets(question: str) -> list[tuple[str, ...]]:
    """The names before "report", "story"...: the outlet or topic of the piece asked about, as
    `asked_names` gives names (words folded); the question's capitalised first word is none."""
    found = []
    for match in PIECE_NAMED.finditer(question):  # the outlet names the article asked about
        words = match.group(1).lower().split()[0 if match.start() else 1 :]
        if words:
            found.append(tuple(words))
    return found


def byline(passages: list[Passage], names: list[tuple[str, ...]]) -> tuple[int, str] | None:
    """The citation number and byline of the article the question is about, when a passage of it
    holds one (its first chunk, under the headline); None otherwise. That article is the best
    passage's, or, when the question names something ("the Myind report", "the story on
    Harbin"), the best one whose passages name all of it."""
    articles: dict[str, list[tuple[int, Passage]]] = {}
    for n, passage in enumerate(passages, start=1):
        articles.setdefault(passage.source, []).append((n, passage))
    for held in articles.values():
        text = " ".join(f"{p.title} {p.text}" for _, p in held)
        if all(names_met(name, text) for name in names):
            return next(
                ((n, " ".join(piece.split())) for n, p in held
                 for piece, _ in sentence_pieces(p.text) if is_byline(piece.strip())),
                None,
            )  # fmt: skip
    return None
