"""Near-duplicate passages: the same wire story in several outlets, re-labelled copies, a copy with
another header line or a few edited words.

Two passages are near-duplicates when they share at least `THRESHOLD` of their word 3-shingles
(Jaccard, on case-folded words; equal texts skip the comparison) and do not disagree: where
their words differ, neither states a figure (a count, a day), a name or a negation that the other
lacks (`disagree`). Two versions of a story with another death toll, or daily reports that differ
only in the day and the temperature, look alike but are not copies: folding them would hide a
figure and say "also in" of a document that says something else.

Measured on the seeds plus re-labelled, re-headed and edited copies of them (160 chunks): copies
of one chunk share 0.59-1.0 of their shingles, different chunks at most 0.13, even two articles
on the same trip. Chunk vectors separate them less well (copies 0.92-1.0 cosine, different chunks
up to 0.85) and would cost a store read, so the rule is on text alone.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from rag.text import split_sentences, strip_possessive

SHINGLE = 3  # words per shingle: long enough that two articles on one event rarely share many
THRESHOLD = 0.5  # Jaccard at or above which two passages are one: more shared than not
_WORD = re.compile(r"\w+")
#: odd 64-bit multipliers: a shingle's hash is sum(word hash * _MIX[position]) mod 2**64
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], np.uint64)
_WORD_HASHES: dict[str, int] = {}  # word -> its stable hash (a news vocabulary is ~100k words)
#: words and sentence ends as written (case kept: a capital marks a name), for `disagree`
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[.!?]")
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
    " dozen dozens hundred hundreds thousand thousands million millions billion billions".split()
)
#: look-alike representatives compared word by word (`disagree`), most similar first: a copy is
#: far more alike than a template's other days, and 70 reports of one template compared each
#: with each cost 0.5 s a question (3: 30 ms)
TRIED = 3
_TEMPLATE_SHARE = 0.5  # of a passage's sentences: more than a shared footer, less than a copy
#: words replaced by as many other words: more than an edit (a shared footer under two releases)
_REWRITTEN = 8
_ADDED_NEGATION = 3  # words: an added or dropped "not" (a longer stretch is an added sentence)
_NEGATIONS = frozenset("not no never neither nor none nobody nothing cannot without".split())


def words(text: str) -> list[str]:
    """The text's words, case-folded: what copies keep when outlets re-typeset (quotes, dashes).

    Not `rag.text.words`, which keeps only Latin letters and digits: a copy of an article in
    Russian or Chinese would have no words, and every such passage would look like every other."""
    return _WORD.findall(text.casefold())


def hash_shingles(text: str) -> np.ndarray:
    """Every run of `SHINGLE` consecutive words (the whole text when it is shorter), hashed, each
    once, sorted: small to cache, and a pool's passages become one array operation.

    The hashes are the same in every process (unlike Python's `hash` of a string), so the BM25
    index's cache keeps every chunk's (`rag/bm25.py`) and a question compares them unhashed."""
    w = words(text)
    codes = np.fromiter(map(_word_hash, w), np.uint64, len(w))
    if len(w) >= SHINGLE:
        n = len(w) - SHINGLE + 1
        runs = np.zeros(n, np.uint64)
        for i in range(SHINGLE):
            runs += codes[i : i + n] * _MIX[i]  # wraps around mod 2**64, as meant
    else:  # the whole text is one shingle; its length keeps "a" apart from "a a"
        runs = np.array([(codes * _MIX[: len(w)]).sum()], np.uint64) + np.uint64(len(w))
    found = np.unique(runs)
    found.flags.writeable = False  # shared by every caller of `shingle_hashes`
    return found


#: the same chunks come back question after question (~1 KB each)
shingle_hashes = lru_cache(maxsize=4096)(hash_shingles)


def _word_hash(word: str) -> int:
    """A word's 64-bit hash, the same in every process (kept: chunks share most words)."""
    code = _WORD_HASHES.get(word)
    if code is None:
        if len(_WORD_HASHES) >= 500_000:
            _WORD_HASHES.clear()
        digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
        code = _WORD_HASHES[word] = int.from_bytes(digest, "little")
    return code


def shingles(text: str) -> frozenset[int]:
    """The shingle hashes as a set, to compare two passages (`near_duplicates`)."""
    return frozenset(shingle_hashes(text).tolist())


def jaccard(a: frozenset, b: frozenset) -> float:
    if min(len(a), len(b)) < THRESHOLD * max(len(a), len(b)):
        return 0.0  # cannot reach the threshold: skip the intersection (its value is not needed)
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if a or b else 1.0


def look_alike(a: str, b: str) -> bool:
    """Whether two passages are written in (nearly) the same words, whatever facts they state."""
    return jaccard(shingles(a), shingles(b)) >= THRESHOLD


def near_duplicates(a: str, b: str) -> bool:
    """Whether two passages say the same thing in (nearly) the same words."""
    return look_alike(a, b) and not disagree(a, b)


def same_template(a: str, b: str) -> bool:
    """Whether most of `a`'s sentences recur in `b` with only figures and names changed: daily
    reports from one template ("The high temperature was 26 degrees ..."), which share too few
    shingles to `look_alike` when they are short."""
    mine = [_skeleton(s) for s in split_sentences(a)]
    theirs = {_skeleton(s) for s in split_sentences(b)}
    return bool(mine) and sum(s in theirs for s in mine) >= _TEMPLATE_SHARE * len(mine)


@lru_cache(maxsize=4096)
def _skeleton(sentence: str) -> tuple[str, ...]:
    """The sentence's words, case-folded, each figure or name as "#"."""
    tokens = _tokens(sentence)
    named = _names(tokens, 0, len(tokens))
    return tuple(
        "#" if t in named or t in _NUMBER_WORDS or any(c.isdigit() for c in t) else t
        for t in _folded(tokens)
    )


def specifics(text: str) -> set[str]:
    """The figures and names the text states, case-folded: what tells a day's report from
    another's, or one version of a story from the next."""
    tokens = _tokens(text)
    return _names(tokens, 0, len(tokens)) | set(_figures(_folded(tokens)))


def disagree(a: str, b: str) -> bool:
    """Whether two look-alike passages state different facts: a replaced stretch of words whose
    figures or negations differ, or that names someone (or some day) the other passage never
    names, or that is a sentence rather than an edit (two press releases over one boilerplate
    footer); a negation added or dropped ("was not drunk"); or a passage that is the other plus
    a sentence or more at its start or end (one release, and its footer alone).

    Other text at the start and at the end is no disagreement: copies cut into chunks at other
    places (after another header line) begin and end apart, mid-word at times."""
    tokens_a, tokens_b = _tokens(a), _tokens(b)
    folded_a, folded_b = _folded(tokens_a), _folded(tokens_b)
    matcher = SequenceMatcher(None, folded_a, folded_b, autojunk=False)
    beyond = [0, 0]  # words at the start or end that only a, only b has
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if cut := _cut(folded_a, folded_b, i1, i2, j1, j2):
            beyond = [beyond[0] + cut[0], beyond[1] + cut[1]]
            continue
        if op != "replace":
            if i2 - i1 + j2 - j1 <= _ADDED_NEGATION and _negations(
                folded_a[i1:i2] + folded_b[j1:j2]
            ):
                return True
            continue
        if min(i2 - i1, j2 - j1) >= _REWRITTEN:
            return True  # another sentence in the place of one: other news around a shared text
        if _negations(folded_a[i1:i2]) != _negations(folded_b[j1:j2]):
            return True
        if _figures(folded_a[i1:i2]) != _figures(folded_b[j1:j2]):
            return True
        if not _names(tokens_a, i1, i2) <= set(folded_b) or not _names(tokens_b, j1, j2) <= set(
            folded_a
        ):
            return True
    return min(beyond) == 0 and max(beyond) >= _REWRITTEN


def _cut(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int) -> tuple[int, int] | None:
    """Where a differing stretch is at the start or the end of both passages, where one side is
    empty or the cut piece of a word the other has whole: how many words each has there beyond
    the other (a piece counts none). None for a stretch inside them."""
    at_start = i1 == j1 == 0
    if not (at_start or (i2 == len(a) and j2 == len(b))):
        return None
    mine, theirs = a[i1:i2], b[j1:j2]
    if not mine or not theirs:
        return len(mine), len(theirs)
    if len(mine) == 1 and _piece(mine[0], theirs, at_start):
        return 0, len(theirs)
    if len(theirs) == 1 and _piece(theirs[0], mine, at_start):
        return len(mine), 0
    return None


def _piece(word: str, whole: list[str], at_start: bool) -> bool:
    """Whether `word` is what a cut left of the word `whole` has at the cut."""
    return whole[-1].endswith(word) if at_start else whole[0].startswith(word)


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text))


def _folded(tokens: tuple[str, ...]) -> list[str]:
    """Case-folded, without a possessive ending: "Xi's backing" names Xi."""
    return [strip_possessive(t.casefold()) for t in tokens]


def _negations(folded: list[str]) -> int:
    return sum(t in _NEGATIONS or t.endswith(("n't", "n’t")) for t in folded)


def _figures(folded: list[str]) -> Counter[str]:
    return Counter(t for t in folded if t in _NUMBER_WORDS or any(c.isdigit() for c in t))


def _names(tokens: tuple[str, ...], start: int, end: int) -> set[str]:
    """The capitalised words of tokens[start:end] that do not open a sentence, case-folded."""
    return {
        strip_possessive(tokens[i].casefold())
        for i in range(start, end)
        if tokens[i][0].isupper() and i > 0 and tokens[i - 1] not in ".!?"
    }


def representatives(
    texts: Iterable[tuple[str, str]], known: Mapping[str, np.ndarray] | None = None
) -> dict[str, str]:
    """(id, text) pairs, best-ranked first -> id -> the id of its group's representative;
    `known` has the `shingle_hashes` of some ids' texts at hand (the BM25 index keeps every chunk's).

    Each passage joins the most similar representative it near-duplicates (the earlier one on a
    tie; one that `disagree`s with it is passed over, and only the `TRIED` most similar are
    compared), else becomes one: the best-ranked copy always represents its group. A repeated text
    joins its first occurrence's group without a comparison.

    Comparing every passage with every representative is quadratic: each passage's shingles
    are one bit set (a Python int over the pool's shingles), so a comparison is an `&` and a bit
    count instead of a set intersection (a pool of 70 passages: 1.0 ms of CPU, not 6.8 ms).
    """
    first: dict[str, str] = {}  # id -> its text, for the first occurrence of each id
    for cid, text in texts:
        first.setdefault(cid, text)
    distinct = list(dict.fromkeys(first.values()))  # the texts compared, in rank order
    owner = {text: cid for cid, text in reversed(first.items())}  # a text's best-ranked id
    group: dict[str, str] = {}  # text -> its representative's id
    reps: list[tuple[str, str, int, int]] = []  # (id, text, shingle bits, shingle count)
    known = known or {}
    hashes = [known[owner[t]] if owner[t] in known else shingle_hashes(t) for t in distinct]
    for text, bits, size in zip(distinct, *_bit_sets(hashes), strict=True):
        alike = []  # (similarity, order, id, text) of the representatives it looks like
        for n, (rep, their_text, their_bits, their_size) in enumerate(reps):
            shared = (bits & their_bits).bit_count()
            sim = shared / (size + their_size - shared)
            if sim >= THRESHOLD:
                alike.append((-sim, n, rep, their_text))
        tried = sorted(alike)[:TRIED]
        agreeing = (rep for _, _, rep, their in tried if not disagree(text, their))
        best = next(agreeing, owner[text])
        if best == owner[text]:
            reps.append((best, text, bits, size))
        group[text] = best
    return {cid: group[text] for cid, text in first.items()}


def _bit_sets(hashes: list[np.ndarray]) -> tuple[list[int], list[int]]:
    """Each text's shingles (`shingle_hashes`) as bits of one int (bit i: the pool's i-th
    distinct shingle), and how many it has."""
    if not hashes:
        return [], []
    sizes = [len(h) for h in hashes]
    pool, column = np.unique(np.concatenate(hashes), return_inverse=True)
    held = np.zeros((len(hashes), len(pool)), bool)
    held[np.repeat(np.arange(len(hashes)), sizes), column] = True
    rows = np.packbits(held, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in rows], sizes
