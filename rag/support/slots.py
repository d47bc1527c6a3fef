"""Words an answer puts where its evidence sentence has other words, the words around them the
same: a paraphrase word for word (`best known for research on rockets` for `easiest recognized
for its analysis of rockets`). The machine-paraphrased article swaps words so, for words that
are no synonyms alone (`length generation` for `space technology`); a word embedding cannot
tell them from antonyms, but a stretch that follows the evidence sentence word for word around
them ties them to it. One word in another's place ties nothing: `limits to this united front`
is not `ties with the United States`, nor `the end week` `the end of the year`.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rag.support.names import _tokens
from rag.text import STOPWORDS, stem

SLOT_WORDS = 2  # at most this many answer words in one place ...
SLOT_THEIRS = 3  # ... for at most this many evidence words
SLOTS = 2  # a stretch ties its places when it has this many of them ...
ANCHORS = 2  # ... and this many content words the same
_CLAUSE = re.compile(r"[,;:]\s+|\s+[—–-]\s+")


def in_place(sentence: str, missing: set[str], evidence: list[str]) -> set[str]:
    """The missing terms that stand in places an evidence sentence fills with other words,
    within a stretch that follows the sentence word for word around them: SLOTS places or
    more, ANCHORS content words or more the same, the evidence words it skips few, and none
    that the sentence adds with nothing in their place (`multipolar world order` for `world
    order` ends it)."""
    found: set[str] = set()
    # each clause too: an answer may put the evidence's clauses in another order
    pieces = [sentence, *(c for c in _CLAUSE.split(sentence) if c.strip() != sentence.strip())]
    for piece, text in ((p, t) for p in pieces for t in evidence):
        found |= _places(piece, missing, text)
    return found


def _places(sentence: str, missing: set[str], text: str) -> set[str]:
    """`in_place` against one evidence sentence."""
    mine = [stem(t) for t in _tokens(sentence)]
    theirs = [stem(t) for t in _tokens(text)]
    blocks = SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes()
    found: set[str] = set()
    places: list[tuple[int, int]] = []
    same = 0
    for tag, i1, i2, j1, j2 in [*blocks, ("end", 0, 0, 0, 0)]:
        if tag == "equal":
            same += sum(t not in STOPWORDS and t != "|" for t in mine[i1:i2])
        elif tag == "replace" and i2 - i1 <= SLOT_WORDS and j2 - j1 <= SLOT_THEIRS:
            places.append((i1, i2))
        elif tag == "replace" and i2 - i1 == j2 - j1 <= SLOT_THEIRS:
            places += [(i, i + 1) for i in range(i1, i2)]  # word for word: `security expert at`
        elif tag == "insert" and j2 - j1 <= SLOT_WORDS:
            continue  # `accessing American` for `gaining access to American`
        else:  # the stretch ends
            if len(places) >= SLOTS and same >= ANCHORS:
                found |= {t for i1, i2 in places for t in mine[i1:i2] if t in missing}
            places, same = [], 0
    return found
