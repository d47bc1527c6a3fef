"""The support rule: do an answer sentence's cited passages, together, say what it says?

Word overlap alone is fooled by a `not`, a changed figure or a swapped name, and rejects honest
paraphrases. So the rule finds the evidence first, then checks what overlap cannot see:

1. Evidence: the cited passage sentence closest to the answer sentence (MiniLM cosine plus the
   share of its terms), then up to two more cited sentences that add terms, names, numbers or
   dates it still lacks; that is how one sentence may combine two passages.
2. Coverage: at least half of its content terms are in the evidence, or at least 30% and its
   embedding is at least 0.72 cosine-similar to the evidence (a faithful paraphrase).
3. Numbers: every quantity is in the evidence with the same value and the same bound ("90
   percent" = "90%" = "ninety per cent"; "more than 40" is not "40"; number words count).
4. Dates: every month, weekday and year is in the evidence, and none replaces one that the
   closest evidence sentence gives (a figure likewise).
5. Names: every capitalised person, place or organisation is mentioned in the cited passages
   (spelling variants such as Andrey/Andrei pass).
6. Polarity: a negation (not, no, never, n't, without, neither/nor, fail to, deny...) in the
   sentence must negate the same word in the evidence, and a negation in the evidence must not
   be dropped from a sentence that uses the word it negates.

Each verdict says which passage sentences it matched and, when unsupported, why, in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from rag.embedding import Embedder
from rag.text import (
    MONTHS,
    STOPWORDS,
    WEEKDAYS,
    defuse_markers,
    fold,
    split_sentences,
    stem,
    terms,
    words,
)

LEXICAL_SUPPORT = 0.5  # tuned on evals/dev.jsonl with `rag eval --checker`
SEMANTIC_SUPPORT = 0.72
SEMANTIC_MIN_OVERLAP = 0.3
MAX_EVIDENCE = 3
RELATED = 0.3  # a sentence added to the evidence must be at least this close to the answer
SPELLING = 0.8  # name spellings at least this similar are one name (Andrey / Andrei)


@dataclass(frozen=True)
class Evidence:
    passage: int  # index into the passages that were checked
    text: str


@dataclass(frozen=True)
class Verdict:
    supported: bool
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""  # why not, when unsupported

    def __bool__(self) -> bool:
        return self.supported


# -- what a sentence claims ------------------------------------------------------------------
_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "bn": 1e9, "mn": 1e6}  # fmt: skip
_BOUNDS = (
    (">", "more than|over|above|upwards of|in excess of|greater than|at least|exceeding"),
    ("<", "less than|fewer than|under|below|up to|at most"),
    ("~", "about|around|nearly|almost|roughly|approximately|some|close to|an estimated|just over"),
)
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_ORDINALS], key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?:\b(?P<bound>{'|'.join(b for _, b in _BOUNDS)})\s+)?\$?"
    rf"(?P<num>\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|(?<!the )\b(?:{_NUMBER_WORD})(?:-(?:{_NUMBER_WORD}))?\b)"
    rf"(?:[\s-]*(?P<scale>{'|'.join(_SCALES)})\b)?"
    r"(?:\s*(?P<pct>%|percent\b|per cent\b))?"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DATE_WORDS = re.compile(
    rf"\b({'|'.join(w.capitalize() for w in MONTHS + WEEKDAYS)})\b|\b((?:19|20)\d\d)\b(?!\s*%)"
)
_NEGATION = re.compile(
    r"\b(?:not(?! only\b)|no(?! (?:less|more|sooner)\b)|never|without|neither|nor|none|nobody|"
    r"nothing|cannot|fail(?:s|ed|ing)? to|den(?:y|ies|ied|ying)|refus(?:e|es|ed|ing) to)\b"
    r"|(?<=[a-z])n['’]t\b"
)
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*[a-z][\w'’-]*|[A-Z]{2,}\b")
# Capitalised words that name no one: titles, nationalities, calendar words, sentence openers.
_NOT_NAMES = {
    *"mr ms mrs dr president premier minister prime secretary foreign defense defence economy".split(),
    *"russian russians chinese american americans western european ukrainian soviet asian".split(),
    *"british indian north south east west northern southern eastern state senior".split(),
    *"it he she they we i this that these those there in on at of the a an and or but".split(),
    *MONTHS,
    *WEEKDAYS,
}  # fmt: skip


_SENTENTIAL = ("true", "case", "correct", "accurate", "fact")  # "it is not true that ..."


@dataclass(frozen=True)
class Quantity:
    bound: str  # "", ">", "<" or "~"
    value: float
    percent: bool

    def matches(self, other: Quantity) -> bool:
        """Same value and unit; an approximate figure matches any bound, others must agree."""
        if self.value != other.value or self.percent != other.percent:
            return False
        return self.bound == other.bound or "~" in (self.bound, other.bound)


def quantities(text: str) -> list[Quantity]:
    """Figures in the text, normalised: `ninety per cent` -> Quantity("", 90, True). Not years."""
    found = []
    for m in _QUANTITY.finditer(fold(text)):
        raw = m.group("num").replace(",", "")
        if _YEAR.match(raw) and not (m.group("scale") or m.group("pct")):
            continue
        value = _number_value(raw)
        if value is None:
            continue
        if m.group("scale"):
            value *= _SCALES[m.group("scale")]
        bound = next((sign for sign, words_ in _BOUNDS if m.group("bound") and re.fullmatch(
            words_, m.group("bound"))), "")  # fmt: skip
        found.append(Quantity(bound, value, bool(m.group("pct"))))
    return found


def _number_value(raw: str) -> float | None:
    digits = re.match(r"[\d.]+", raw)
    if digits:
        try:
            return float(digits.group())
        except ValueError:
            return None
    parts = raw.split("-")
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        return float(_UNITS[parts[0]] + _UNITS[parts[1]])
    return float(_UNITS.get(raw, _ORDINALS.get(raw, 0))) or None


def dates(text: str) -> set[str]:
    """Months, weekdays (capitalised, so `may` the verb is not May) and years."""
    return {(a or b).lower() for a, b in _DATE_WORDS.findall(text)}


def names(text: str) -> list[list[str]]:
    """Runs of capitalised words that name someone or something (`Center for Naval Analyses`),
    folded. The sentence's first word counts only inside a longer run (`Elvis Presley went`),
    not alone (`Trade reached...` is an opener)."""
    runs: list[list[str]] = []
    last_end = -1
    opener = False  # runs[-1] is the sentence's first word, alone so far
    for m in _NAME_WORD.finditer(text):
        word = fold(m.group().rstrip(".'’")).removesuffix("'s")
        parts = [w for w in word.split("-") if w not in _NOT_NAMES and w not in STOPWORDS]
        if not parts or len(word) < 2:
            last_end = -1
            continue
        joined = last_end >= 0 and re.fullmatch(r"\s+(?:(?:of|for|the|de|al|[A-Z]\.)\s+)*|\s*-\s*",
                                                 text[last_end : m.start()])  # fmt: skip
        if joined:
            runs[-1] += parts
            opener = False
        else:
            if opener:
                runs.pop()
            runs.append(parts)
            opener = not text[: m.start()].strip(" \"“‘'([")
        last_end = m.end()
    if opener:
        runs.pop()
    return runs


def negations(text: str) -> list[str | None]:
    """For each negation, the stem of the word it negates (the next content word), if any."""
    folded = fold(text)
    heads: list[str | None] = []
    for m in _NEGATION.finditer(folded):
        after = [w for w in words(folded[m.end() :])[:5] if w not in STOPWORDS and len(w) > 1]
        heads.append(stem(after[0]) if after else None)
    return heads


# -- the check -------------------------------------------------------------------------------
def judge(
    sentence: str,
    passages: list[str],
    embedder: Embedder | None,
    published: list[str | None] | None = None,
) -> Verdict:
    """The verdict on one answer sentence against the passages it cites (the module's rule).

    `published` are the passages' ISO dates: their year and month count as stated ("in 2021"
    for an article of December 2021).
    """
    candidates = [(i, s) for i, p in enumerate(passages) for s in
                  split_sentences(defuse_markers(p))]  # fmt: skip
    own = set(terms(sentence))
    if not candidates or not own:
        return Verdict(False, reason="it cites no passage" if not candidates else "it says nothing")
    sims = _similarities(sentence, [s for _, s in candidates], embedder)
    evidence = _choose_evidence(sentence, own, candidates, sims)
    text = " ".join(e.text for e in evidence)
    stated = {part for day in published or [] if day for part in _date_parts(day)}
    reason = _conflict(sentence, evidence, text, " ".join(passages), stated)
    if not reason:
        reason = _coverage(sentence, own, evidence, text, sims, candidates, embedder)
    return Verdict(not reason, tuple(evidence), reason)


def _choose_evidence(
    sentence: str, own: set[str], candidates: list[tuple[int, str]], sims: np.ndarray | None
) -> list[Evidence]:
    """The closest passage sentence, then those that add what the answer still lacks."""
    needed = own | dates(sentence)
    held = [set(terms(s)) | dates(s) for _, s in candidates]
    share = np.array([len(needed & h) / len(needed) for h in held])
    score = share + (sims if sims is not None else 0.0)
    best = int(score.argmax())
    chosen, covered = [best], set(held[best])
    while len(chosen) < MAX_EVIDENCE:
        gains = [len((needed & h) - covered) if i not in chosen and
                 (sims is None or sims[i] >= RELATED) else 0 for i, h in enumerate(held)]  # fmt: skip
        pick = int(np.argmax(gains))
        if gains[pick] == 0:
            break
        chosen.append(pick)
        covered |= held[pick]
    return [Evidence(*candidates[i]) for i in chosen]


def _date_parts(day: str) -> set[str]:
    """`2021-12-15` -> {"2021", "december"}."""
    year, _, rest = day.partition("-")
    month = rest[:2]
    return {year} | (
        {MONTHS[int(month) - 1]} if month.isdigit() and 1 <= int(month) <= 12 else set()
    )


def _conflict(
    sentence: str, evidence: list[Evidence], text: str, passages: str, stated: set[str]
) -> str:
    """A changed figure, date, name or polarity, in words; "" when there is none."""
    theirs = quantities(text)
    for q in quantities(sentence):
        if not any(q.matches(t) for t in theirs):
            return f"the figure {_show(q)} is not in its sources"
    closest = evidence[0].text
    for d in sorted(dates(sentence) - dates(text) - stated):
        return f"the date {d.capitalize()} is not in its sources"
    for kind in (set(MONTHS), set(WEEKDAYS), None):
        mine = {d for d in dates(sentence) if (d in kind if kind else d.isdigit())}
        near = {d for d in dates(closest) if (d in kind if kind else d.isdigit())}
        if near - mine and mine - near:
            return f"its source says {', '.join(sorted(near - mine))}, not {', '.join(sorted(mine - near))}"
    said, given = quantities(sentence), quantities(closest)
    if said and [q for q in given if not any(q.matches(m) for m in said)] and \
            [m for m in said if not any(m.matches(q) for q in given)]:  # fmt: skip
        return "it changes a figure its closest source sentence gives"
    known = words(passages)
    for run in names(sentence):
        if not _mentioned(run, known):
            return f"no cited passage mentions {' '.join(run).title()}"
    return _polarity(sentence, text)


def _show(q: Quantity) -> str:
    value = f"{q.value:g}"
    return f"{ {'>': 'more than ', '<': 'less than ', '~': 'about '}.get(q.bound, '') }{value}" + (
        "%" if q.percent else ""
    )


def _mentioned(run: list[str], known: list[str]) -> bool:
    """A name is mentioned when most of its words occur together in the passages (`Andrei R.
    Belousov` for `Andrei Belousov`); a word missing there may only be a spelling variant, not a
    word found elsewhere (`Karen Putin` is not mentioned by `Karen Donfried ... Putin`)."""
    width = len(run) + 3
    vocabulary = set(known)
    spelled = {w: {k for k in vocabulary if _same(w, k)} for w in run}
    at = {w: [i for i, k in enumerate(known) if k in spelled[w]] for w in run}
    for start in sorted({i for found in at.values() for i in found}):
        inside = [w for w in run if any(start <= i < start + width for i in at[w])]
        if len(inside) * 2 > len(run) and all(w in inside or not at[w] for w in run):
            return True
    return False


def _same(name: str, word: str) -> bool:
    """The same word, or a spelling variant of a long one (Andrey / Andrei)."""
    if name == word:
        return True
    return (len(name) >= 5 and abs(len(word) - len(name)) <= 2 and name[0] == word[0]
            and SequenceMatcher(None, name, word).ratio() >= SPELLING)  # fmt: skip


def _polarity(sentence: str, evidence: str) -> str:
    """A negation added or dropped, by the word it negates; paraphrased ones by count."""
    mine, theirs = negations(sentence), negations(evidence)
    own, held = set(terms(sentence)), set(terms(evidence))
    unmatched = [h for h in theirs if h not in own]
    for head in mine:
        if head in theirs:
            continue
        if head not in (None, *_SENTENTIAL) and head not in held and unmatched:
            unmatched.pop()  # a paraphrase: "did not endorse" for "has not approved"
            continue
        return f"it negates {head or 'a claim'}, its sources do not"
    for head in theirs:
        if head is not None and head in own and head not in mine:
            return f"its sources negate {head}, it does not"
    return ""


def _coverage(
    sentence: str,
    own: set[str],
    evidence: list[Evidence],
    text: str,
    sims: np.ndarray | None,
    candidates: list[tuple[int, str]],
    embedder: Embedder | None,
) -> str:
    held = set(terms(text))
    overlap = len(own & held) / len(own)
    if overlap >= LEXICAL_SUPPORT:
        return ""
    if embedder is not None and sims is not None and overlap >= SEMANTIC_MIN_OVERLAP:
        best = max(float(sims[candidates.index((e.passage, e.text))]) for e in evidence)
        together = _similarities(sentence, [text], embedder) if len(evidence) > 1 else None
        if together is not None:
            best = max(best, float(together[0]))
        if best >= SEMANTIC_SUPPORT:
            return ""
    return f"only {overlap:.0%} of its terms are in its sources"


_CACHE: dict[tuple[str, str], np.ndarray] = {}


def remember(embedder: Embedder | None, vectors: dict[str, np.ndarray]) -> None:
    """Sentence vectors already at hand (the store keeps every passage sentence's): the check
    then embeds only the answer's own sentences, not the passages' again."""
    if embedder is not None:
        _CACHE.update(((embedder.name, t), v) for t, v in vectors.items())


def _similarities(sentence: str, texts: list[str], embedder: Embedder | None) -> np.ndarray | None:
    """Cosine of the sentence to each text; passage sentences are embedded once per process."""
    if embedder is None:
        return None
    wanted = [sentence, *texts]
    missing = [t for t in dict.fromkeys(wanted) if (embedder.name, t) not in _CACHE]
    if missing:
        if len(_CACHE) > 50_000:
            _CACHE.clear()
        _CACHE.update(((embedder.name, t), v) for t, v in
                      zip(missing, embedder.embed(missing), strict=True))  # fmt: skip
    vectors = np.stack([_CACHE[(embedder.name, t)] for t in wanted])
    return vectors[1:] @ vectors[0]
