"""Answering inside a filter: decline when the filtered articles do not answer.

An answerer that declines by a score threshold (the extractive one) was tuned on the whole index's
best passages. Given only a filter's passages, the best sentence there clears that bar even when
it answers nothing, so a filter on the wrong article quoted an irrelevant sentence. Instead it
reads the filter's passages among the whole index's best (its rivals, in their unfiltered order),
and only the sentences that cite the filter's passages are kept, renumbered to those passages.
None left means the filtered articles do not answer. Measured on dev: see README ("Filters").

A rival written in the same words as a filtered passage, or from the same template (300 daily
weather reports, one of them the filter's), would take its place: its sentences match the
question as well and come first, so every kept sentence cited outside the filter and the answer
was declined. The filter's passage stands in for its look-alikes, at the best rank they had: the
filter is searched, not its twins. Not for a look-alike that states a figure or name the question
asks and the filter's passage lacks ("on March 20, 2026" with a filter on March 14's report):
that rival answers and the filter's passage does not.
"""

from __future__ import annotations

from rag.citations import parse_sentences
from rag.near_duplicates import look_alike, same_template, specifics
from rag.passages import Passage


def contest(question: str, filtered: list[Passage], unfiltered: list[Passage]) -> list[Passage]:
    """The whole index's best passages in their order, each that looks like a filtered passage
    replaced by it (once, at the first such rank), then the filter's that are still missing."""
    own = {p.chunk_id for p in filtered}
    asked = specifics(question)
    pool: dict[str, Passage] = {}
    for rival in unfiltered:
        if rival.chunk_id not in own:
            rival = next((p for p in filtered if _stands_in(p.text, rival.text, asked)), rival)
        pool.setdefault(rival.chunk_id, rival)
    return [*pool.values(), *(p for p in filtered if p.chunk_id not in pool)]


def _stands_in(mine: str, rival: str, asked: set[str]) -> bool:
    """Whether the filter's passage may take the rival's place: they look alike, and the rival
    states nothing asked that it lacks."""
    return (look_alike(mine, rival) or same_template(mine, rival)) and (
        asked & specifics(rival) <= specifics(mine)
    )


def within(draft: str, pool: list[Passage], filtered: list[Passage]) -> str:
    """The draft's sentences that cite only filtered passages, renumbered to `filtered`; "" when
    none does (the caller then abstains)."""
    number = {p.chunk_id: n for n, p in enumerate(filtered, start=1)}
    kept = []
    for text, cited in parse_sentences(draft):
        ids = [pool[n - 1].chunk_id for n in cited if 1 <= n <= len(pool)]
        if ids and all(i in number for i in ids):
            marks = " ".join(f"[{number[i]}]" for i in dict.fromkeys(ids))
            kept.append(f"{text} {marks}")
    return " ".join(kept)
