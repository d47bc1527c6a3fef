"""Polarity for the support rule: which word each negation negates, and whether a sentence
adds or drops one that its evidence has."""

from __future__ import annotations

import os
import re
from difflib import SequenceMatcher

from rag.support.attribution import SOURCE_TALK
from rag.support.names import (
    _tokens,
    names,
)
from rag.text import (
    STOPWORDS,
    fold,
    stem,
    terms,
    words,
)

_NEGATION = re.compile(
    r"\b(?:not(?! only\b)|no(?! (?:less|more|sooner)\b)|never|without|neither|nor|none|nobody|"
    r"nothing|cannot|fail(?:s|ed|ing)? to|den(?:y|ies|ied|ying)|refus(?:e|es|ed|ing) to)\b"
    r"|(?<=[a-z])n['’]t\b"
)
# "No," opening an answer to a yes/no question answers it: it negates no word of the claim
ANSWER_WORD = re.compile(r"^\s*(?:no|yes)\s*[,:;.—–-]\s*", re.I)
_COORDINATOR = re.compile(r"(?<!\d),(?!\d)|[;:]|\b(?:and|but|or|while|whereas)\b")
_SENTENTIAL = ("true", "case", "correct", "accurate", "fact")  # "it is not true that ..."
# A negated verb of opinion negates what it introduces ("I do not think they are at a point"
# says they are not at a point), and an adverb right after a negation ("not yet", "not really")
# only shades it: the word negated is the next one.
_PASSED_OVER = frozenset(
    """think thinks thought believe believes believed expect expects expected suppose supposed
    imagine yet really even necessarily""".split()
)
# "going to" only puts the negated word in the future: "nobody is going to ask" negates ask
_FUTURE = re.compile(r"\bgoing to\b")
# what a report gave a figure as: "not the 48,000 it announced" negates the figure as a fact,
# not that it was announced
_REPORTING = re.compile(
    r"\b(?:said|says|say|announced|announces|reported|reports|estimated|estimates|stated|states"
    r"|gave|gives|put|claimed|claims)\b"
)


def negations(text: str) -> list[str | None]:
    """For each negation (not a "No," that answers a question), the stem of the word it
    negates (the next content word that is no name: `nor does Russia side` negates `side`;
    `not think they are yet at a point` and `not yet at a point` negate `point`), if any."""
    return [head for head, _ in negated_clauses(text)]


def negated_clauses(text: str) -> list[tuple[str | None, str]]:
    """Each negation's head (as `negations` gives it) with its clause, the words it reaches."""
    text = ANSWER_WORD.sub("", text, count=1)
    folded = fold(text)
    named = {w for run in names(text) for w in run}
    found: list[tuple[str | None, str]] = []
    for m in _NEGATION.finditer(folded):
        clause = _COORDINATOR.split(folded[m.end() :], maxsplit=1)[0]  # "denies it and claims"
        scope = SOURCE_TALK.sub(" ", clause)  # "not the first report's estimate" negates estimate
        scope = _FUTURE.sub(" ", scope)
        near = [w for w in words(scope) if w not in _PASSED_OVER][:5]
        after = [w for w in near if w not in STOPWORDS and w not in named and len(w) > 1]
        found.append((stem(after[0]) if after else None, clause))
    return found


def _polarity(sentence: str, evidence: list[str]) -> str:
    """A negation added or dropped, by the word it negates; paraphrased ones by count. Each
    negation of the evidence answers one of the sentence's (`not not isolated` is not `not
    isolated`); one answers a negation whose clause holds its word (`no link to the water yet
    known` for `not yet known whether ...`). A paraphrased one ("did not endorse" for "has not
    approved", "denies it" for "has never condemned") answers one whose word the sentence does
    not use, if the evidence
    does not state its own word without the negation, or if it stands where the evidence
    sentence it follows word for word has its negation (`vowed not to provide` for `vowed to not
    lend`)."""
    sentence = ANSWER_WORD.sub("", sentence, count=1)
    # a name's word uses no word a source negates: "Merrin County" is not "never counted"
    named = {stem(w) for run in names(sentence) for w in run}
    mine, own = negations(sentence), [t for t in terms(sentence) if t not in named]
    # up to a later negation, which negates its own word ("not a pharmacologist who was not
    # involved"), a name's words aside ("not true that $640,000 is paid by Merrin County" reaches
    # no "counted")
    reach = [[t for t in terms(_NEGATION.split(c, maxsplit=1)[0]) if t not in named]
             for _, c in negated_clauses(sentence)]  # fmt: skip
    left = [(h, rank) for rank, e in enumerate(evidence) for h in negations(e)]
    held = [w for e in evidence for w in terms(e)]
    tokens = _tokens(sentence)
    at = [k for k in range(len(tokens)) if _negated(tokens[k:])]  # where each negation stands
    aligned = {
        (k, rank) for rank, e in enumerate(evidence) for k in _aligned_negations(sentence, e)
    }
    for index, head in enumerate(mine):
        # or one whose word this negation reaches: "no link to the water yet known" for "it was
        # not yet known whether the water made them ill"
        same = [n for n in left if _akin(n[0], head)] or [
            n for n in left if _used(n[0], reach[index])
        ]
        loose = [n for n in left if not _used(n[0], own)]
        k = at[index] if len(at) == len(mine) else -1
        placed = [n for n in loose if (k, n[1]) in aligned]
        if same:
            left.remove(same[0])
        elif head not in _SENTENTIAL and placed:
            left.remove(placed[-1])
        elif head not in _SENTENTIAL and not _used(head, held) and loose:
            left.remove(loose[-1])
        else:
            return f"it negates {head or 'a claim'}, its sources do not"
    carried = {(h, rank) for rank, e in enumerate(evidence) for h in _carried(e)}
    ascribed = {(h, rank) for rank, e in enumerate(evidence) for h, c in negated_clauses(e)
                if _reported_figure(h, c)}  # fmt: skip
    for head, rank in left:
        if (head, rank) in ascribed and _reported_figure(head, sentence, before=True):
            continue  # "the first report said about 48,000" for "not the 48,000 it announced"
        if _used(head, own) and not ((head, rank) in carried and _scoped(head, sentence)):
            return f"its sources negate {head}, it does not"
    fewer = len(mine) < len(negations(evidence[0]))
    if fewer and _aligned_negations(evidence[0], sentence, negated=False):
        return "its closest source negates what it says, it does not"
    return ""


def _reported_figure(head: str | None, text: str, before: bool = False) -> bool:
    """The negated word is a figure that the text gives as someone's report: anywhere in the
    text (an evidence negation's clause: `the 48,000 it announced`), or, with `before`, by a
    reporting verb before it in its clause (`the first report said about 48,000`)."""
    if not head or not head[0].isdigit():
        return False
    if not before:
        return bool(_REPORTING.search(text))
    folded = fold(text)
    at = re.search(rf"\b{re.escape(head)}\b", folded)
    clause = re.split(r"(?<!\d),(?!\d)|[;:]", folded[: at.start()])[-1] if at else ""
    return bool(_REPORTING.search(clause))


def _carried(text: str) -> list[str | None]:
    """The heads of the negations that carry on an earlier one of the text (`I do not think A —
    nor would Russia eagerly side`): the earlier one's scope reaches them."""
    cues = [m.group() for m in _NEGATION.finditer(fold(text))]
    return [h for k, h in enumerate(negations(text)) if k and cues[k] == "nor"]


def _scoped(head: str | None, sentence: str) -> bool:
    """A negation of the sentence has the word in its clause (`did not think Russia would eagerly
    side`)."""
    folded = fold(sentence)
    return any(_used(head, terms(_COORDINATOR.split(folded[m.end() :], maxsplit=1)[0]))
               for m in _NEGATION.finditer(folded))  # fmt: skip


def _aligned_negations(text: str, other: str, negated: bool = True) -> list[int]:
    """Where the text, following the other text word for word up to there, has a negation
    where the other has one (`vowed not to provide` for `vowed to not lend`); with
    `negated=False`, where it replaces words that begin with a negation in the other by words
    that negate nothing (`vowed to provide` for `vowed not to lend`). The places, by token."""
    mine, theirs = _tokens(text), _tokens(other)
    blocks = SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes()
    matched = {k for tag, i1, i2, _, _ in blocks if tag == "equal" for k in range(i1, i2)}
    places = []
    last = 0  # where the other text's last matched words end
    for tag, i1, i2, j1, j2 in blocks:
        if tag == "equal" and negated:
            # a negation opening a matched run follows the same word only if the other text
            # puts at most one word between ("vowed to not"), not a clause ("was shelved when
            # the council could not")
            places += [k for k in range(max(i1, 1), i2) if k - 1 in matched
                       and _negated(mine[k:]) and (k > i1 or j1 - last <= 1)]  # fmt: skip
        if tag == "equal":
            last = j2
        elif tag == "replace" and i1 - 1 in matched and _negated(mine[i1:i2]):
            answered = _NEGATION.search(" ".join(theirs[j1:j2]))
            if _negated(theirs[j1:j2]) if negated else not answered:
                places.append(i1)
    return places


def _negated(tokens: list[str]) -> bool:
    """The tokens begin with a negation (`not`, `never`, `fail to`, `aren't`)."""
    found = _NEGATION.search(" ".join(tokens[:2]))
    return found is not None and found.start() < len(tokens[0])


def _akin(a: str | None, b: str | None) -> bool:
    """One word in two forms: `formal` and `formally` (the stemmer keeps adverbs whole). Not
    `kindred`: it meets a short word's suffixed form (`form`, `forms`; `kindred` wants six shared
    letters), but not two stems that part after a shared start (`recogniz`, `recognit`)."""
    if a is None or b is None:
        return a == b
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 3)


def kindred(a: str | None, b: str | None) -> bool:
    """Two stems of one word: the same, or sharing at least six letters and three quarters of
    the shorter (`recogniz` for recognized, `recognition`)."""
    if not a or not b:
        return False
    shared = len(os.path.commonprefix([a, b]))
    return a == b or shared >= max(6, 0.75 * min(len(a), len(b)))


def _used(head: str | None, words_: list[str]) -> bool:
    return head is not None and any(_akin(head, w) for w in words_)
