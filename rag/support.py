"""The support rule: do an answer sentence's cited passages, together, say what it says?

Word overlap alone is fooled by a `not`, a changed figure or a swapped name, and rejects honest
paraphrases. So the rule finds the evidence first, then checks what overlap cannot see:

1. Evidence: the cited passage sentence closest to the answer sentence (MiniLM cosine plus the
   share of its terms, a bare dateline by its terms only), then up to two more cited sentences
   that add what it still lacks: related ones any term, others only a name, figure or date the
   answer states. That is how one sentence may combine two passages.
2. Coverage: at least half of its content terms are in the evidence (60% when no evidence
   sentence alone holds 40%: common words pieced together), or at least 30% and its embedding
   is at least 0.72 cosine-similar to the evidence, or to one clause of it (a faithful
   paraphrase). A term with a near-synonym among the evidence words (MiniLM on the words alone,
   cosine 0.85: `especially` for `particularly`) is held.
3. Numbers: every quantity is in the evidence with the same value and the same bound ("90
   percent" = "90%" = "ninety per cent" = "nine in ten"; "four or more" = "at least four";
   "as many as" = "up to"; "more than 40" is not "40"; number words count; "1,900" is no
   year). A number word after a determiner ("the two countries", "the first report"), or an
   ordinal opening a clause ("(first report)"), is checked only where the evidence counts or
   ranks the same thing. A figure replaces one of the closest evidence sentence only if it
   could stand for it.
4. Dates: every month, weekday and year is in the evidence or implied by it (the weekday of a
   full date or of the article's date; "last month" in an article of May 2024 is April 2024),
   and none replaces one that the closest evidence sentence gives (a figure likewise; a
   dateline is no such sentence). A date right after a relative one ("last year (2023)") must be
   what it means in a cited article, one right after a figure ("$190 billion in 2022") the
   one the evidence gives that figure (right after it or later in its clause), one after two
   words the evidence puts before a date ("fund on Thursday") that date, and a weekday before
   a full date the one it falls on.
5. Names: every capitalised person, place or organisation is mentioned in the cited passages
   (spelling variants such as Andrey/Andrei pass, one word of a longer name may be missing,
   initials: US / U.S. / United States, and a name joined of names by of/for may be written
   apart in one passage sentence), and none stands where an evidence sentence that otherwise
   says the same has another name (a role swap) or a determiner, unless that sentence names it
   or the passages write it beside the same word (a fuller name); nor between the same words
   as another name of the closest evidence sentence, however the sentence is built. A name in a
   pronoun's place must be named just before the pronoun.
6. Polarity: a negation (not, no, never, n't, without, neither/nor, fail to, deny...) in the
   sentence must negate the same word in the evidence, each evidence negation answering one,
   and a negation in the evidence must not be dropped from a sentence that uses the word it
   negates (in any form: "formal" for "not formally") or that follows it word for word up to
   there ("vowed to provide" for "vowed to not lend"); a "nor" carrying on an earlier negation
   is answered by a negation whose clause holds its word.

Each verdict says which passage sentences it matched and, when unsupported, why, in words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np

from rag.embedding import Embedder
from rag.relative_dates import parse_day, resolved_days, spell
from rag.text import (
    MONTHS,
    STOPWORDS,
    WEEKDAYS,
    YEAR,
    defuse_markers,
    fold,
    split_sentences,
    stem,
    terms,
    words,
)

LEXICAL_SUPPORT = 0.5  # tuned on evals/dev.jsonl with `rag eval --checker`
PIECE = 0.4  # below this share in every evidence sentence alone, the evidence is pieced
PIECED_SUPPORT = 0.6  # ... and must then hold this share together
SEMANTIC_SUPPORT = 0.72
SEMANTIC_MIN_OVERLAP = 0.3
SYNONYM = 0.85  # a word this close to an evidence word (MiniLM, words alone) is held
MAX_EVIDENCE = 3
RELATED = 0.3  # a sentence added to the evidence must be at least this close to the answer
SPELLING = 0.8  # name spellings at least this similar are one name (Andrey / Andrei)
LEAD_IN = 2  # sentences before an evidence sentence where its pronouns' antecedents are named


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
    ("<", "less than|fewer than|under|below|up to|at most|as many as|as much as|no more than"),
    ("~", "about|around|nearly|almost|roughly|approximately|some|close to|an estimated|just over"),
)
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_ORDINALS], key=len, reverse=True))
# "seven in ten", "one out of five", "3 in 10": a share, as percent ("one" counts only here)
_PER = r"\s+(?:in|out of)\s+(?P<per>ten|five|four|three|two|hundred|10|100)(?![\d,.])\b"
_PER_WORDS = {"ten": 10, "five": 5, "four": 4, "three": 3, "two": 2, "hundred": 100}
_QUANTITY = re.compile(
    rf"(?:\b(?P<bound>{'|'.join(b for _, b in _BOUNDS)})\s+)?\$?"
    rf"(?P<num>\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|\b(?:{_NUMBER_WORD})(?:-(?:{_NUMBER_WORD}))?\b"
    rf"|\bone\b(?={_PER.replace('?P<per>', '')}))(?:{_PER})?"
    rf"(?:[\s-]*(?P<scale>{'|'.join(_SCALES)})\b)?"
    r"(?:\s*(?P<pct>%|percent\b|per cent\b))?"
    r"(?:\s+(?P<post>or (?:more|over|fewer|less))\b)?"
)
_AFTER_BOUNDS = {"or more": ">", "or over": ">", "or fewer": "<", "or less": "<"}  # "4 or more"
_DETERMINER = re.compile(r"\b(?:the|these|those|our|their|its|his|her|both)\s+$")
_CLAUSE_START = re.compile(r"(?:^|[(\[;:,—-])\s*$")  # "(first report)", "First, ..."
_FULL_DATE = re.compile(
    rf"\b({'|'.join(w.capitalize() for w in MONTHS)}) (\d{{1,2}}),? ((?:19|20)\d\d)\b"
)
_WEEKDAY_DATE = re.compile(
    rf"\b({'|'.join(w.capitalize() for w in WEEKDAYS)}),? "
    rf"({'|'.join(w.capitalize() for w in MONTHS)}) (\d{{1,2}}),? ((?:19|20)\d\d)\b"
)
_RELATIVE = re.compile(
    r"(?P<relative>\b(?:last|previous|next|coming|this) (?:month|year)\b)"
    r"(?:\s*(?:\(|,|[—–-])\s*(?:that is,?\s*|i\.e\.,?\s*|namely\s*)?(?P<restated>[^).;,]{0,25}))?",
    re.I,
)
_DATED = re.compile(  # the date said right after a figure: `$190 billion in 2022`
    r"\s+(?:in|during|for|by|since|until|through|as of)\s+(?:(?:early|late|mid)[\s-]+)?"
    rf"(?P<date>{'|'.join(MONTHS + WEEKDAYS)}|(?:19|20)\d\d)\b"
)
_CLAUSE_END = re.compile(r"[,;:()—–]|\s-\s")
_FIGURE_REACH = 60  # characters after a figure of the evidence where its date may stand
_DATE_WORDS = re.compile(
    rf"\b({'|'.join(w.capitalize() for w in MONTHS + WEEKDAYS)})\b|\b((?:19|20)\d\d)\b(?!\s*%)"
)
_NEGATION = re.compile(
    r"\b(?:not(?! only\b)|no(?! (?:less|more|sooner)\b)|never|without|neither|nor|none|nobody|"
    r"nothing|cannot|fail(?:s|ed|ing)? to|den(?:y|ies|ied|ying)|refus(?:e|es|ed|ing) to)\b"
    r"|(?<=[a-z])n['’]t\b"
)
_COORDINATOR = re.compile(r"[,;:]|\b(?:and|but|or|while|whereas)\b")
_JOINER = re.compile(r"\s+(?:(?:of|for|the|de|al|[A-Z]\.)\s+)*|\s*-\s*")
_JOINER_APART = re.compile(r"\s+(?:(?:de|al|[A-Z]\.)\s+)*|\s*-\s*")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*[a-z][\w'’-]*|[A-Z]{2,}\b")
# Capitalised words that name no one: titles, nationalities, calendar words, sentence openers.
_NOT_NAMES = {
    *"mr ms mrs dr president premier minister prime secretary foreign defense defence economy".split(),
    *"russian russians chinese american americans western european ukrainian soviet asian".split(),
    *"british indian north south east west northern southern eastern state senior".split(),
    *"it he she they we i this that these those there in on at of the a an and or but".split(),
    # words that open a sentence or a fragment ("Near Alaska and Taiwan.")
    *"near amid among despite since following including like unlike via across toward towards".split(),
    *"within beyond besides last next only even yes either neither although though however".split(),
    *MONTHS,
    *WEEKDAYS,
}  # fmt: skip


_DATELINE_WORDS = {*MONTHS, *WEEKDAYS, "date", "am", "pm", "updated", "published"}
_CLAUSE = re.compile(r"\s*[,;:()]\s+|\s+[—–-]\s+")
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,6}\b")
_FULL_NAME = re.compile(r"[A-Z][a-z]+(?:\s+(?:(?:of|for|the|and)\s+)?[A-Z][a-z]+)+")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
_TITLES = {"mr", "ms", "mrs", "dr"}
# a name inside a longer one that names a place or body of its own: `Modi of Canada`, `the Great
# Hall of the People`, `Taiwan's Security Council`
_TAIL = re.compile(r"\b(?:of|for)\s+(?:the\s+)?([A-Z][\w-]*)|\b([A-Z][\w-]*)['’]s\s+[A-Z]")
_RELATIVES = {"that", "which", "who", "whom", "whose", "where", "when"}
_PRONOUNS = {"he", "she", "they", "him", "them", "his", "her", "its", "their"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those"}
_GLUE = {*_DETERMINERS, *"and or but of in on at to for with by from as into than".split()}
_SENTENTIAL = ("true", "case", "correct", "accurate", "fact")  # "it is not true that ..."


@dataclass(frozen=True)
class Quantity:
    bound: str  # "", ">", "<" or "~"
    value: float
    percent: bool
    # "the two countries": a number word after a determiner names a group more than it counts
    referring: bool = field(default=False, compare=False)
    counted: str = field(default="", compare=False)  # the stem of the word after the figure
    ordinal: bool = field(default=False, compare=False)  # "first", "37th": ranks, counts nothing

    def matches(self, other: Quantity) -> bool:
        """Same value and unit; an approximate figure matches any bound, others must agree."""
        if self.value != other.value or self.percent != other.percent:
            return False
        return self.bound == other.bound or "~" in (self.bound, other.bound)


def quantities(text: str) -> list[Quantity]:
    """Figures in the text, normalised: `ninety per cent` -> Quantity("", 90, True). Not years."""
    return [q for _, q in _quantities(fold(text))]


def _quantities(folded: str) -> list[tuple[re.Match[str], Quantity]]:
    """Each figure of a folded text with where it is said."""
    found = []
    for m in _QUANTITY.finditer(folded):
        raw = m.group("num").replace(",", "")
        if YEAR.fullmatch(m.group("num").rstrip(",")) and not (m.group("scale") or m.group("pct")):
            continue
        value = 1.0 if raw == "one" else _number_value(raw)
        if value is None:
            continue
        per = m.group("per")
        if per:
            whole = _PER_WORDS.get(per) or int(per)
            if not whole or value > whole:
                continue
            value = round(100 * value / whole, 1)
        if m.group("scale"):
            value *= _SCALES[m.group("scale")]
        said = m.group("bound")
        bound = next((sign for sign, words_ in _BOUNDS if said and re.fullmatch(words_, said)), "")
        bound = _AFTER_BOUNDS.get(m.group("post") or "", bound)
        before = folded[: m.start("num")]
        ordinal = raw in _ORDINALS or raw[-2:] in ("st", "nd", "rd", "th")
        referring = not raw[0].isdigit() and bool(
            _DETERMINER.search(before) or (ordinal and _CLAUSE_START.search(before))
        )
        after = words(folded[m.end() :])[:1]
        found.append((m, Quantity(bound, value, bool(m.group("pct") or per), referring,
                                  stem(after[0]) if after else "", ordinal)))  # fmt: skip
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


def names(text: str, whole: bool = True) -> list[list[str]]:
    """Runs of capitalised words that name someone or something (`Center for Naval Analyses`),
    folded. The sentence's first word counts only inside a longer run (`Elvis Presley went`),
    not alone (`Trade reached...` is an opener). With `whole=False`, a run is not joined over
    of, for and the (`Cheng Xiaohe` and `School`, `International Studies`)."""
    joiner = _JOINER if whole else _JOINER_APART
    runs: list[list[str]] = []
    last_end = -1
    opener = False  # runs[-1] is the sentence's first word, alone so far
    for m in _NAME_WORD.finditer(text):
        word = fold(m.group().rstrip(".'’")).removesuffix("'s")
        parts = [w for w in word.split("-") if w not in _NOT_NAMES and w not in STOPWORDS]
        if not parts or len(word) < 2:
            last_end = -1
            continue
        joined = last_end >= 0 and joiner.fullmatch(text[last_end : m.start()])
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
    """For each negation, the stem of the word it negates (the next content word that is no
    name: `nor does Russia side` negates `side`), if any."""
    folded = fold(text)
    named = {w for run in names(text) for w in run}
    heads: list[str | None] = []
    for m in _NEGATION.finditer(folded):
        scope = _COORDINATOR.split(folded[m.end() :], maxsplit=1)[0]  # "denies it and claims"
        after = [w for w in words(scope)[:5]
                 if w not in STOPWORDS and w not in named and len(w) > 1]  # fmt: skip
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
    days = published or []
    held = [_claims(s) | implied_dates(s, _day(days, i)) for i, s in candidates]
    evidence = _choose_evidence(sentence, held, candidates, sims)
    text = " ".join(e.text for e in evidence)
    stated = {part for day in days if day for part in article_dates(day)}
    stated |= {d for e in evidence for d in implied_dates(e.text, _day(days, e.passage))}
    first = next((e for e in evidence if not _is_dateline(e.text)), evidence[0])
    closest = dates(first.text) | implied_dates(first.text, _day(days, first.passage))
    known = _known_days(evidence, days)
    said = _FULL_DATE.sub(lambda m: f"{m[1]} {m[3]}" if _full(m) in known else m[0], sentence)
    # the month and year of a known full date restate the sources' own date: they replace none
    closest |= {fold(p) for m in _FULL_DATE.finditer(sentence) if _full(m) in known
                for p in (m[1], m[3])}  # fmt: skip
    reason = _wrong_weekday(sentence) or _conflict(
        said, evidence, text, " ".join(passages), stated, closest
    )
    if not reason:
        reason = _pronoun_swap(said, evidence, candidates, " ".join(passages))
    if not reason:
        reason = _clause_dates(sentence, candidates, held, days)
    if not reason:
        reason = _restated_relative(sentence, days)
    if not reason:
        reason = _coverage(sentence, own, evidence, text, sims, candidates, embedder, stated)
    return Verdict(not reason, tuple(evidence), reason)


def _wrong_weekday(sentence: str) -> str:
    """A weekday put before a full date that falls on another (`Friday, August 27, 2025`, a
    Wednesday): each part may be stated somewhere, together they cannot all be true."""
    for m in _WEEKDAY_DATE.finditer(sentence):
        try:
            day = dt.date(int(m[4]), MONTHS.index(m[2].lower()) + 1, int(m[3]))
        except ValueError:
            continue
        if WEEKDAYS[day.weekday()] != m[1].lower():
            return (
                f"{m[2]} {int(m[3])}, {m[4]} is a {WEEKDAYS[day.weekday()].title()}, not a {m[1]}"
            )
    return ""


def _known_days(evidence: list[Evidence], days: list[str | None]) -> set[str]:
    """The full dates ("December 15, 2021") that a cited article's own date or a relative day of
    the evidence gives ("on Wednesday" in an article of 2021-12-15). The sentence states such a
    date as `December 2021`, checked as a month and year, not as the figure 15."""
    known = {spell(d) for d in map(parse_day, days) if d}
    return known | {d for e in evidence for d in resolved_days(e.text, _day(days, e.passage))}


def _full(m: re.Match[str]) -> str:
    """A full date as `spell` writes it: `December 15, 2021`."""
    return f"{m[1]} {int(m[2])}, {m[3]}"


def _choose_evidence(
    sentence: str, held: list[set[str]], candidates: list[tuple[int, str]], sims: np.ndarray | None
) -> list[Evidence]:
    """The closest passage sentence, then those that add what the answer still lacks; a figure
    or date weighs double, since one missing from the evidence is a conflict (a name is looked
    for in the whole passages) and a word only lowers coverage."""
    needed = _claims(sentence)
    specific = needed & (_specifics(sentence) | dates(sentence))
    exact = {c for c in specific if c.startswith("#")} | (needed & dates(sentence))
    share = np.array([len(needed & h) / len(needed) for h in held])
    # A dateline is near any short dated sentence in meaning; it counts by what it holds only.
    prose = np.array([not _is_dateline(s) for _, s in candidates])
    score = share + (sims * prose if sims is not None else 0.0)
    best = int(score.argmax())
    chosen, covered = [best], set(held[best])
    while len(chosen) < MAX_EVIDENCE:
        gains = [0 if i in chosen else len(
            (needed if sims is None or sims[i] >= RELATED else specific) & h - covered)
            + len(exact & h - covered) for i, h in enumerate(held)]  # fmt: skip
        closeness = sims if sims is not None else np.zeros(len(held))
        pick = max(range(len(held)), key=lambda i: (gains[i], closeness[i]))
        if gains[pick] == 0:
            break
        chosen.append(pick)
        covered |= held[pick]
    return [Evidence(*candidates[i]) for i in chosen]


def _claims(text: str) -> set[str]:
    """What evidence is chosen by: terms, dates and figures by value (`five` = `5`)."""
    return set(terms(text)) | dates(text) | {f"#{q.value:g}" for q in quantities(text)}


def _is_dateline(text: str) -> bool:
    """A line that only dates its article (`- 12:19 PM, May 16, 2024`, `date 2024-05-17`): it
    says when the article was written, not when what it reports happened."""
    return all(w.isdigit() or w in _DATELINE_WORDS for w in re.findall(r"[a-z]+|\d+", fold(text)))


def _specifics(sentence: str) -> set[str]:
    """The claims that name or count: name words and figures."""
    named = {stem(w) for run in names(sentence) for w in run}
    return named | {c for c in _claims(sentence) if c.startswith("#")}


def article_dates(day: str) -> set[str]:
    """`2021-12-15` -> {"2021", "december", "wednesday"}: what an article's date states."""
    parsed = parse_day(day)
    if parsed is None:
        return set()
    return {str(parsed.year), MONTHS[parsed.month - 1], WEEKDAYS[parsed.weekday()]}


def _day(published: list[str | None], index: int) -> str | None:
    return published[index] if index < len(published) else None


def implied_dates(text: str, published: str | None = None) -> set[str]:
    """Dates a text states without naming them: the weekday of a full date (`May 16, 2024` is a
    Thursday) and, in an article of known date, `last month`, `next year` and the like."""
    found = set()
    for month, day, year in _FULL_DATE.findall(text):
        try:
            found.add(
                WEEKDAYS[dt.date(int(year), MONTHS.index(month.lower()) + 1, int(day)).weekday()]
            )
        except ValueError:
            continue
    on = parse_day(published)
    if on is None:
        return found
    for m in _RELATIVE.finditer(fold(text)):
        which, unit = m.group("relative").split()
        step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit == "year":
            found.add(str(on.year + step))
        else:
            month = on.month - 1 + step
            found |= {MONTHS[month % 12], str(on.year + month // 12)}
    return found


def _conflict(
    sentence: str,
    evidence: list[Evidence],
    text: str,
    passages: str,
    stated: set[str],
    near_dates: set[str],
) -> str:
    """A changed figure, date, name or polarity, in words; "" when there is none."""
    theirs = quantities(text)
    for q in quantities(sentence):
        counting = q.referring and not q.ordinal  # "the three countries" counts countries
        alike = [t for t in theirs if t.counted == q.counted] if counting else theirs
        if counting and q.value == 2 and not alike:
            continue  # "the two countries" (a pair already named) where its sources count none
        ranked = [t for t in theirs if t.counted == q.counted]
        if q.referring and q.ordinal and not ranked and not any(q.matches(t) for t in theirs):
            continue  # "the first report" names which one, where its sources rank no reports
        if not any(q.matches(t) for t in alike):
            return f"the figure {_show(q)} is not in its sources"
    closest = evidence[0].text
    for d in sorted(dates(sentence) - dates(text) - stated):
        return f"the date {d.capitalize()} is not in its sources"
    if replaced := _replaced_date(dates(sentence), near_dates):
        return replaced
    if moved := _moved_date(sentence, text) or _other_date_there(sentence, evidence):
        return moved
    said, given = _counting(quantities(sentence), quantities(closest))
    lost = [q for q in given if not any(q.matches(m) for m in said)]
    if any(_alike(q, m) for q in lost for m in said if not any(m.matches(g) for g in given)):
        return "it changes a figure its closest source sentence gives"
    known = words(passages)
    runs = names(sentence)
    aliased = aliases(sentence, passages)
    tails = frozenset(fold(a or b) for a, b in _TAIL.findall(sentence))
    for run in runs:
        if not (_mentioned(run, known, tails) or set(run) <= aliased
                or _written_apart(run, sentence, passages)):  # fmt: skip
            return f"no cited passage mentions {' '.join(run).title()}"
    for e in evidence:
        if swapped := _swapped_name(sentence, runs, e.text, known, aliased):
            return swapped
    if swapped := _context_swap(sentence, runs, evidence[0].text, aliased):
        return swapped
    return _polarity(sentence, [e.text for e in evidence])


def _clause_dates(
    sentence: str, candidates: list[tuple[int, str]], held: list[set[str]], days: list[str | None]
) -> str:
    """Rule 4 clause by clause: a month, weekday or year may not replace one of the same kind
    that the passage sentence closest to its clause gives (`a decline in April` against `a
    decline in trade in March`, though another sentence names April). The closest sentence is
    found by the clause's other words; a dateline is none."""
    for clause in _CLAUSE.split(sentence):
        mine = dates(clause)
        needed = _claims(clause) - mine - {f"#{q.value:g}" for q in quantities(clause)}
        if not mine or len(needed) < 3:
            continue
        share = [len(needed & h) / len(needed) for h in held]
        best = max(range(len(held)), key=lambda i: (share[i] and not _is_dateline(
            candidates[i][1]), share[i]))  # fmt: skip
        if share[best] < LEXICAL_SUPPORT:
            continue
        index, text = candidates[best]
        near = dates(text) | implied_dates(text, _day(days, index))
        if replaced := _replaced_date(mine, near):
            return replaced
    return ""


def _restated_relative(sentence: str, days: list[str | None]) -> str:
    """A month or year put right after a relative one (`last year (2023)`, `last month, that is
    April 2024`) must be what the relative one means in one of the cited articles: each alone
    is stated, so only together can they be wrong."""
    dated = [d for d in days if parse_day(d)]
    for m in _RELATIVE.finditer(sentence):
        given = dates(m.group("restated") or "")
        if not given or not dated:
            continue
        meant = [implied_dates(m.group("relative"), d) for d in dated]
        if not any(given <= means for means in meant):
            return f"{m.group('relative').lower()} is {', '.join(sorted(meant[0]))} in its sources, not {', '.join(sorted(given))}"
    return ""


def _replaced_date(mine: set[str], near: set[str]) -> str:
    """A month, weekday or year said where the closest source sentence gives another."""
    for kind in (set(MONTHS), set(WEEKDAYS), None):
        said = {d for d in mine if (d in kind if kind else d.isdigit())}
        given = {d for d in near if (d in kind if kind else d.isdigit())}
        if given - said and said - given:
            return f"its source says {', '.join(sorted(given - said))}, not {', '.join(sorted(said - given))}"
    return ""


def _dated_figures(text: str, within: int = 0) -> list[tuple[Quantity, str]]:
    """Each figure of the text with the month, weekday or year said right after it, or (with
    `within`) later in its clause, up to that many characters on and before the next figure in
    digits (`$240 billion in two-way trade between China and Russia in 2023`)."""
    folded = fold(text)
    found = _quantities(folded)
    dated = []
    for k, (m, q) in enumerate(found):
        later = [n.start() for n, _ in found[k + 1 :] if n["num"][0].isdigit()]  # not `two-way`
        end = min([m.end() + within, *later])
        rest = _CLAUSE_END.split(folded[m.end() : end], maxsplit=1)[0]
        d = _DATED.match(folded, m.end()) or (within and _DATED.search(rest))
        if d:
            dated.append((q, d["date"]))
    return dated


def _moved_date(sentence: str, evidence: str) -> str:
    """A figure put at another date of the same kind than the evidence gives it (`$190 billion
    in 2023` for `up from $190 billion in 2022`): each alone is stated, only the pair is wrong.
    The evidence may give the date later in the figure's clause (`$240 billion in two-way trade
    ... in 2023`); the sentence, right after it."""
    theirs = _dated_figures(evidence, within=_FIGURE_REACH)
    for q, day in _dated_figures(sentence):
        given = {d for t, d in theirs if q.matches(t)}
        if given and day not in given and any(_date_kind(d) == _date_kind(day) for d in given):
            return f"its sources give {_show(q)} for {', '.join(sorted(given)).title()}, not {day.title()}"
    return ""


def _date_contexts(text: str) -> list[tuple[tuple[str, str], str]]:
    """Each month, weekday and year of the text with the two words right before it, by stem
    (`fund on` Thursday, `decline since` January), when one of them is no stop word and neither
    is part of a figure (`$190 billion in 2022` is a figure's date: `_moved_date`)."""
    found = []
    for m in _DATE_WORDS.finditer(text):
        before = re.search(r"([\w'’-]+) ([\w'’-]+) $", text[: m.start()])
        if not before:
            continue
        first, second = before.groups()
        said = {fold(first), fold(second)}
        figure = any(w[0].isdigit() or w in _SCALES or w in _UNITS or w == "percent" for w in said)
        if not said <= STOPWORDS and not figure:
            found.append(((stem(fold(first)), stem(fold(second))), (m[1] or m[2]).lower()))
    return found


def _other_date_there(sentence: str, evidence: list[Evidence]) -> str:
    """A month, weekday or year after the same two words as one of another value of the same
    kind in the evidence (`emergency fund on Wednesday` for `emergency fund on Thursday`, `the
    first decline since March 2021` for `... since January 2021`), when the evidence never puts
    it there."""
    theirs = [c for e in evidence if not _is_dateline(e.text) for c in _date_contexts(e.text)]
    for context, day in _date_contexts(sentence):
        given = {d for c, d in theirs if c == context and _date_kind(d) == _date_kind(day)}
        if given and day not in given:
            return f"its source says {', '.join(sorted(given)).title()} there, not {day.title()}"
    return ""


def _date_kind(day: str) -> str:
    return "year" if day.isdigit() else "month" if day in MONTHS else "weekday"


def _alike(a: Quantity, b: Quantity) -> bool:
    """Figures one could stand for the other: both shares or neither, and the same noun counted
    or within a factor of ten (`€74 million` does not replace the `2` clubs of its sentence)."""
    if a.percent != b.percent:
        return False
    if a.counted == b.counted or not (a.value and b.value):
        return True
    return 0.1 <= a.value / b.value <= 10


def _counting(said: list[Quantity], given: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Both sides' figures without the referring ones (`the first state`) the other side does
    not count by the same word."""
    nouns = {q.counted for q in said}, {q.counted for q in given}
    return ([q for q in said if not q.referring or q.counted in nouns[1]],
            [q for q in given if not q.referring or q.counted in nouns[0]])  # fmt: skip


def _show(q: Quantity) -> str:
    value = f"{q.value:,.12g}"
    return f"{ {'>': 'more than ', '<': 'less than ', '~': 'about '}.get(q.bound, '') }{value}" + (
        "%" if q.percent else ""
    )


def _mentioned(run: list[str], known: list[str], tails: frozenset[str] = frozenset()) -> bool:
    """A name is mentioned when most of its words occur together and in its order in the
    passages (`Andrei R. Belousov` for `Andrei Belousov`); the one word missing there may only
    be a spelling variant (`Heart for Naval Analyses` for `Center ...`; two are a name of their
    own: `Joe Biden of the School of ...`), not a word found elsewhere (`Karen Putin` is not mentioned by `Karen Donfried ... Putin`), nor one
    of the `tails`: a name of its own inside the run (`Modi of Canada`, `Taiwan's Security
    Council`)."""
    width = len(run) + 3
    vocabulary = set(known)
    spelled = {w: {k for k in vocabulary if _same(w, k)} for w in run}
    at = {w: [i for i, k in enumerate(known) if k in spelled[w]] for w in run}
    for start in sorted({i for found in at.values() for i in found}):
        inside, last = [], start - 1  # in the run's order: `Alexander Ukraine` is not `Ukraine,
        for w in run:  # said Alexander Gabuev`
            found = [i for i in at[w] if last < i < start + width]
            if found:
                inside.append(w)
                last = min(found)
        if (
            len(inside) * 2 > len(run)
            and len(run) - len(inside) <= 1
            and all(w in inside or not (at[w] or w in tails) for w in run)
        ):
            return True
    return False


def _written_apart(run: list[str], sentence: str, passages: str) -> bool:
    """A name joined of names by of or for (`Cheng Xiaohe of the School of International
    Studies`) whose parts one passage sentence mentions each (`Cheng Xiaohe, a professor at the
    ... School of International Studies`): the same tie, written apart. Parts mentioned in
    different sentences tie nothing (`Joe Biden of the School ...`)."""
    parts = [p for p in names(sentence, whole=False) if _contains(run, p)]
    if len(parts) < 2 or sum(map(len, parts)) != len(run):
        return False
    return any(all(_mentioned(p, words(s)) for p in parts) for s in split_sentences(passages))


def aliases(sentence: str, passages: str) -> set[str]:
    """The sentence's name words that the passages give in short or in full: `US` for `United
    States`, `EU` for `the European Union`, `North Atlantic Treaty Organization` for `NATO` (or
    `N.A.T.O.`), by the initials of the capitalised words; `US` for `U.S.` too."""
    short = {fold(w).replace(".", "") for w in _ACRONYM.findall(sentence)}
    capitals = {fold(c).replace(".", "") for c in _ACRONYM.findall(passages)}
    found = short & (_initials(passages) | capitals)
    for m in _FULL_NAME.finditer(sentence):
        named = [w for w in m.group().split() if w[0].isupper()]
        for k in range(len(named) - 1):
            if "".join(w[0] for w in named[k:]).lower() in capitals:
                found |= {fold(w) for w in named[k:]}
                break
    return found


def _initials(text: str) -> set[str]:
    """The initials of each run of capitalised words and of its tails (`The United States` ->
    "tus", "us")."""
    found = set()
    for m in _FULL_NAME.finditer(text):
        capitals = [w[0].lower() for w in m.group().split() if w[0].isupper()]
        found |= {"".join(capitals[k:]) for k in range(len(capitals) - 1)}
    return found


def _swapped_name(
    sentence: str,
    runs: list[list[str]],
    evidence: str,
    known: list[str],
    aliased: frozenset[str] | set[str] = frozenset(),
) -> str:
    """A name that takes another name's place in an evidence sentence that otherwise says the
    same around it (`between Beijing and Chinese` for `between Russians and Chinese`), when the
    passages mention it elsewhere (or its full form: `the UK` for `the United States`, where
    they name the United Kingdom): a role swap, which a mention check alone lets through."""
    named = {w for run in runs for w in run}
    capitalised = {re.sub(r"'s$", "", fold(w)) for w in _CAPITALISED.findall(evidence)}
    capitalised -= STOPWORDS | _TITLES  # `China’s` is the name China
    mine, theirs = _tokens(sentence), _tokens(evidence)
    vocabulary = set(known)

    def _spelled(word: str) -> bool:  # mentioned in the passages, maybe spelled otherwise
        return word in vocabulary or word in aliased or any(_same(word, k) for k in vocabulary)

    for tag, i1, i2, j1, j2 in _alignment(mine, theirs):
        new = mine[i1:i2]
        if not new or len(new) > 3 or not (set(new) <= named and all(_spelled(w) for w in new)):
            continue
        if tag == "delete" or (tag == "replace" and set(theirs[j1:j2]) <= _DETERMINERS):
            if (not any(_same(w, k) for w in new for k in theirs)
                    and _in_place(mine, theirs, (i1, i2, j1, j2))
                    and not _written_beside(new, mine, (i1, i2), known)):  # fmt: skip
                return f"its source does not say {' '.join(new).title()} there"
            continue
        if tag != "replace":
            continue
        # the name in the evidence may be only the start or the end of what the alignment
        # replaced ("in School" against "in person in Beijing")
        spans = (
            {(j1, j2)} | {(k, j2) for k in range(j1 + 1, j2)} | {(j1, k) for k in range(j1 + 1, j2)}
        )
        for start, end in sorted(spans):
            old = theirs[start:end]
            if len(old) > 3 or set(new) & set(old) or not set(old) <= capitalised:
                continue
            if _abbreviates(new, old) or _abbreviates(old, new):
                continue  # `the US` for `the United States`
            # both end their noun phrase: the clause in the sentence, a function word or
            # punctuation in the evidence (not "Russia's space program")
            ends = (i2 == len(mine) or mine[i2] == "|") and (
                end == len(theirs) or theirs[end] == "|" or theirs[end] in STOPWORDS
            )
            if _in_place(mine, theirs, (i1, i2, start, end)) or (
                ends and _led_alike(mine, theirs, i1, start) and not set(new) & set(theirs)
            ):
                return f"its source says {' '.join(old).title()}, not {' '.join(new).title()}"
    return ""


def _context_swap(sentence: str, runs: list[list[str]], evidence: str, aliased: set[str]) -> str:
    """A name between the same words as another name of an evidence sentence, wherever each
    stands (`The Biden said the meeting lasted` for `..., which the Kremlin said lasted`, `a
    Putin aide` for `a Kremlin aide`, `Near Russia and Taiwan` for `akin Alaska and Taiwan`):
    the word on each side, or two words on one side, one of them a content word, when that
    sentence does not name it there (if it names it elsewhere, the words on both sides must
    match: `a Putin aide` for `told Mr. Putin ..., according to a Kremlin aide`, not `the head
    of Roscosmos` for `the heads of Rosatom, ..., and Roscosmos`) and the sentence does not
    name the other. The alignment of
    `_swapped_name` misses these where the sentence is built differently. Only the closest
    evidence sentence counts (an answer that combines sentences may put a name from one in
    the words of another: `the head of Roscosmos` beside `the head of Russia's space program`),
    only a whole name counts (not `Center` of `Center for Naval Analyses`, for the paraphrased
    `Heart for Naval Analyses`), and a name the passages give in short or in full is none."""
    mine, theirs = _tokens(sentence), _tokens(evidence)
    named = {w for run in runs for w in run}
    capitalised = {re.sub(r"'s$", "", fold(w)) for w in _CAPITALISED.findall(evidence)}
    capitalised -= STOPWORDS | _TITLES | _NOT_NAMES
    olds = _spans(theirs, capitalised)
    for i1, i2 in _spans(mine, named):
        new = mine[i1:i2]
        said = [(j1, j2) for j1, j2 in _spans(theirs, capitalised)
                if any(_same(w, t) for w in new for t in theirs[j1:j2])]  # fmt: skip
        if set(new) <= aliased or any(_alike_around(mine, (i1, i2), theirs, o) for o in said):
            continue
        for j1, j2 in olds:
            old = theirs[j1:j2]
            if any(_same(w, t) for w in old for t in mine) or _abbreviates(new, old):
                continue
            if new in runs and _alike_around(mine, (i1, i2), theirs, (j1, j2), both=bool(said)):
                return f"its source says {' '.join(old).title()}, not {' '.join(new).title()}"
    return ""


def _spans(tokens: list[str], words_: set[str]) -> list[tuple[int, int]]:
    """The runs of up to three tokens that are all among the words, as (start, end)."""
    found, start = [], None
    for k, t in enumerate([*tokens, "|"]):
        if t in words_ and start is None:
            start = k
        elif t not in words_ and start is not None:
            if k - start <= 3:
                found.append((start, k))
            start = None
    return found


def _alike_around(mine: list[str], span: tuple[int, int], theirs: list[str],
                  other: tuple[int, int], both: bool = False) -> bool:  # fmt: skip
    """The same word (by stem) just before and just after both spans, or (unless `both`) the
    same two words just before or just after them, or the same relative clause opening after
    them; not only articles, conjunctions and prepositions."""
    (i1, i2), (j1, j2) = span, other

    def at(tokens: list[str], k: int) -> str:
        return stem(tokens[k]) if 0 <= k < len(tokens) else ""

    sides = [
        ([at(mine, i1 - 1), at(mine, i2)], [at(theirs, j1 - 1), at(theirs, j2)]),
        ([at(mine, i1 - 2), at(mine, i1 - 1)], [at(theirs, j1 - 2), at(theirs, j1 - 1)]),
        ([at(mine, i2), at(mine, i2 + 1)], [at(theirs, j2), at(theirs, j2 + 1)]),
    ]
    # the same relative clause opening after both (`disdain for Xi, which has been pressing` for
    # `disdain directed at Washington, which has been pressuring`)
    relative = (
        at(mine, i2) == at(theirs, j2) == "|"
        and at(mine, i2 + 1) in _RELATIVES
        and ([at(mine, i2 + 1), at(mine, i2 + 2)] == [at(theirs, j2 + 1), at(theirs, j2 + 2)])
    )
    return (relative and not both) or any(
        a == b and "" not in a and "|" not in a and not set(a) <= _GLUE
        for a, b in (sides[:1] if both else sides)
    )


def _abbreviates(short: list[str], full: list[str]) -> bool:
    """One word made of the initials of the others: `us` for `united states`."""
    return len(short) == 1 and len(full) > 1 and short[0] == "".join(w[0] for w in full)


def _led_alike(mine: list[str], theirs: list[str], i: int, j: int) -> bool:
    """The same two words (by stem) just before both places (`of big banks in Putin.` for `of
    big banks in China is ...`): enough for a name that ends the sentence's clause where the
    evidence sentence goes on after its own name, if that sentence does not name it."""
    lead = mine[max(0, i - 2) : i], theirs[max(0, j - 2) : j]
    return (
        len(lead[0]) == 2
        and "|" not in lead[0]
        and [stem(t) for t in lead[0]] == [stem(t) for t in lead[1]]
    )


def _pronoun_swap(
    sentence: str, evidence: list[Evidence], candidates: list[tuple[int, str]], passages: str
) -> str:
    """A name put in a pronoun's place (`Xi praised his troops` for `... after he praised his
    country's troops`) must be one the pronoun can stand for: named in its sentence before it or
    in the LEAD_IN sentences before that. The place is where the same two words follow both."""
    lower = set(re.findall(r"\b[a-z][\w'’-]*", passages))
    mine = _tokens(sentence)
    named = {fold(w).removesuffix("'s") for w in _CAPITALISED.findall(sentence)}
    named = {w for w in named if w not in lower and w not in _NOT_NAMES and w not in STOPWORDS}
    stems = [stem(t) for t in mine]
    for e in evidence:
        theirs = _tokens(e.text)
        k = candidates.index((e.passage, e.text))
        lead = words(" ".join(s for i, s in candidates[max(0, k - LEAD_IN) : k] if i == e.passage))
        for j, pronoun in enumerate(theirs):
            following = [stem(t) for t in theirs[j + 1 : j + 3]]
            if pronoun not in _PRONOUNS or len(following) < 2 or "|" in following:
                continue
            for i in range(len(mine) - 2):
                if mine[i] not in named or stems[i + 1 : i + 3] != following:
                    continue
                start = i
                while start and mine[start - 1] in named:
                    start -= 1
                new = mine[start : i + 1]
                if not any(_same(w, said) for w in new for said in lead + theirs[:j]):
                    return f"its source says {pronoun} there, for someone it does not name {' '.join(new).title()}"
    return ""


def _written_beside(
    new: list[str], mine: list[str], span: tuple[int, int], known: list[str]
) -> bool:
    """The passages write the added name words next to the content word they stand by here (`the
    Harbin Institute` for `the institute`, where a passage names the Harbin Institute): a fuller
    name of the same thing, not another one."""
    i1, i2 = span
    beside = [
        (new + mine[i2 : i2 + 1], mine[i2 : i2 + 1]),
        (mine[i1 - 1 : i1] + new, mine[i1 - 1 : i1]),
    ]
    return any(word and word[0] != "|" and word[0] not in STOPWORDS and _contains(known, gram)
               for gram, word in beside)  # fmt: skip


def _contains(tokens: list[str], gram: list[str]) -> bool:
    return any(tokens[k : k + len(gram)] == gram for k in range(len(tokens) - len(gram) + 1))


def _alignment(mine: list[str], theirs: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Difflib's edit script between two token lists, by stem (`accuses` = `accused`)."""
    stems = [stem(t) for t in mine], [stem(t) for t in theirs]
    return list(SequenceMatcher(None, *stems, autojunk=False).get_opcodes())


def _in_place(mine: list[str], theirs: list[str], span: tuple[int, int, int, int]) -> bool:
    """The same token (by stem) just before both spans, and just after both or neither; a
    clause end after the sentence's span matches a relative clause after the evidence's (`from
    the Olympic, according to` for `from the West that would ...`)."""
    i1, i2, j1, j2 = span
    before = i1 > 0 and j1 > 0 and stem(mine[i1 - 1]) == stem(theirs[j1 - 1])
    ends = i2 == len(mine) or mine[i2] == "|"
    after = (i2, j2) == (len(mine), len(theirs)) or (
        i2 < len(mine) and j2 < len(theirs) and stem(mine[i2]) == stem(theirs[j2])
    ) or (ends and j2 < len(theirs) and theirs[j2] in _RELATIVES)  # fmt: skip
    return before and after


def _tokens(text: str) -> list[str]:
    """Words, and "|" for each run of clause punctuation: a name that ends a clause in both
    texts stands in the same place though the evidence sentence goes on."""
    found = re.findall(r"[a-z0-9]+(?:[.'][a-z0-9]+)*|[,;:.!?()\"]+(?=\s|$)|\s-\s", fold(text))
    kept = [t for i, t in enumerate(found) if t[0].isalnum() or not (  # not after Mr. or V.
        i and (found[i - 1] in _TITLES or len(found[i - 1]) == 1) and t == ".")]  # fmt: skip
    return [re.sub(r"'s$", "", t) if t[0].isalnum() else "|" for t in kept]


def _same(name: str, word: str) -> bool:
    """The same word, or a spelling variant of a long one (Andrey / Andrei)."""
    if name == word:
        return True
    return (len(name) >= 5 and abs(len(word) - len(name)) <= 2 and name[0] == word[0]
            and SequenceMatcher(None, name, word).ratio() >= SPELLING)  # fmt: skip


def _polarity(sentence: str, evidence: list[str]) -> str:
    """A negation added or dropped, by the word it negates; paraphrased ones by count. Each
    negation of the evidence answers one of the sentence's (`not not isolated` is not `not
    isolated`). A paraphrased one ("did not endorse" for "has not approved", "denies it" for
    "has never condemned") answers one whose word the sentence does not use, if the evidence
    does not state its own word without the negation, or if it stands where the evidence
    sentence it follows word for word has its negation (`vowed not to provide` for `vowed to not
    lend`)."""
    mine, own = negations(sentence), terms(sentence)
    left = [(h, rank) for rank, e in enumerate(evidence) for h in negations(e)]
    held = [w for e in evidence for w in terms(e)]
    tokens = _tokens(sentence)
    at = [k for k in range(len(tokens)) if _negated(tokens[k:])]  # where each negation stands
    aligned = {
        (k, rank) for rank, e in enumerate(evidence) for k in _aligned_negations(sentence, e)
    }
    for index, head in enumerate(mine):
        same = [n for n in left if _akin(n[0], head)]
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
    for head, rank in left:
        if _used(head, own) and not ((head, rank) in carried and _scoped(head, sentence)):
            return f"its sources negate {head}, it does not"
    fewer = len(mine) < len(negations(evidence[0]))
    if fewer and _aligned_negations(evidence[0], sentence, negated=False):
        return "its closest source negates what it says, it does not"
    return ""


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
    for tag, i1, i2, j1, j2 in blocks:
        if tag == "equal" and negated:
            places += [k for k in range(max(i1, 1), i2) if k - 1 in matched and _negated(mine[k:])]
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
    """One word in two forms: `formal` and `formally` (the stemmer keeps adverbs whole)."""
    if a is None or b is None:
        return a == b
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 3)


def _used(head: str | None, words_: list[str]) -> bool:
    return head is not None and any(_akin(head, w) for w in words_)


def _coverage(
    sentence: str,
    own: set[str],
    evidence: list[Evidence],
    text: str,
    sims: np.ndarray | None,
    candidates: list[tuple[int, str]],
    embedder: Embedder | None,
    stated: set[str],
) -> str:
    """Enough of its terms in the evidence, or a paraphrase of it. A date its sources state, a
    figure the evidence gives in another form (`37` for `37th`) and a name it gives in short or
    in full (`US` for `United States`) are held."""
    held = own & _held(sentence, own, text, stated)
    # a sentence none of whose evidence sentences holds much of it alone is pieced together
    # from words that many sentences of a story share ("the two countries need to support ...")
    alone = max(len(own & _held(sentence, own, e.text, stated)) for e in evidence) / len(own)
    pieced = len(evidence) > 1 and alone < PIECE
    if len(held) / len(own) < (PIECED_SUPPORT if pieced else LEXICAL_SUPPORT):
        held |= _synonyms(sentence, own - held, text, embedder)  # each word costs an embedding
    overlap = len(held) / len(own)
    if overlap >= (PIECED_SUPPORT if pieced else LEXICAL_SUPPORT):
        return ""
    if embedder is not None and sims is not None and overlap >= SEMANTIC_MIN_OVERLAP:
        best = max(float(sims[candidates.index((e.passage, e.text))]) for e in evidence)
        # the evidence together, and each clause alone (a long sentence dilutes the one clause
        # an answer paraphrases: "hard to detect" for "brittle to stumble on")
        clauses = [c for e in evidence for c in _CLAUSE.split(e.text) if len(c.split()) >= 3]
        wider = [text] if len(evidence) > 1 else []
        others = _similarities(sentence, wider + clauses, embedder) if wider + clauses else None
        if others is not None:
            best = max(best, float(others.max()))
        if best >= SEMANTIC_SUPPORT:
            return ""
    if pieced and overlap >= LEXICAL_SUPPORT:
        return f"only {overlap:.0%} of its terms are in its sources, no sentence of them holds {PIECE:.0%}"
    return f"only {overlap:.0%} of its terms are in its sources"


def _synonyms(sentence: str, missing: set[str], text: str, embedder: Embedder | None) -> set[str]:
    """The missing terms (no name, no figure) that have a near-synonym among the text's words,
    by MiniLM on the words alone (`especially` for `particularly`, `army` for `military`): a
    paraphrase, and the machine-paraphrased article swaps words for synonyms. SYNONYM sits
    above the antonyms measured (higher/lower 0.79, buy/sell 0.76)."""
    named = {stem(w) for run in names(sentence) for w in run}
    mine = {stem(w): w for w in words(sentence)}
    wanted = {t: mine[t] for t in missing - named if t in mine and t.isalpha() and len(t) > 3}
    theirs = sorted({w for w in words(text) if w.isalpha() and len(w) > 3 and w not in STOPWORDS})
    if embedder is None or not wanted or not theirs:
        return set()
    sims = [_similarities(word, theirs, embedder) for word in wanted.values()]
    return {
        t for t, row in zip(wanted, sims, strict=True) if row is not None and row.max() >= SYNONYM
    }


def _held(sentence: str, own: set[str], text: str, stated: set[str]) -> set[str]:
    """The sentence's terms the text holds: its terms, a date its sources state, a figure it
    gives in another form (`37` for `37th`) and a name it gives in short or in full."""
    values = {f"{q.value:g}" for q in quantities(text)}
    aliased = {stem(w) for w in aliases(sentence, text)}
    held = set(terms(text)) | stated | aliased | {t for t in own if _figure(t) in values}
    return held | _figure_words(sentence, quantities(text))


def _figure_words(sentence: str, given: list[Quantity]) -> set[str]:
    """The terms of each figure the evidence gives in another form, whole (`more than 90
    percent` for `greater than 90 %`, `$1.1 billion` for `$1,100 million`)."""
    return {t for m, q in _quantities(fold(sentence)) if any(q.matches(g) for g in given)
            for t in terms(m.group())}  # fmt: skip


def _figure(term: str) -> str:
    """`37th` -> "37"; "" for a term that is no figure."""
    digits = re.match(r"\d+(?:\.\d+)?", term)
    return f"{float(digits.group()):g}" if digits else ""


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
