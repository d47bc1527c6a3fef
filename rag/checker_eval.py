"""The citation checker's own benchmark (`rag eval FILE --checker`): can it be fooled?

From every answerable gold item: its hand-written answer cited to the indexed passage(s) that hold
its facts must be accepted; copies perturbed one kind at a time must be rejected. Perturbations
are made by code, deterministically (no hand-picking): negation inserted or removed, a number or
a date changed, a name swapped for another name from the corpus, two names of the answer in each
other's roles (or one in the role of another name of the passage sentence it came from), and a
true sentence from an unrelated passage. An answer is accepted when every one of its sentences is supported.

A hand-written answer is "correct" only if its sources say it. One that states a figure, a date
or a name that no chunk of its sources holds (and no source article's date gives) is counted
apart, as "unsupported", and must be rejected: "Song Zhongping" where the machine-paraphrased
article says "Tune Zhongping", "June 2024" for an article that is not dated, "NYT" where no
article names its outlet. A name is held when most of its words are in one source chunk (the
words "Center for Naval Analyses" against "Heart for Naval Analyses" count as held). Perturbed
copies are made only of correct answers: a perturbation of an unsupported answer would be
rejected for the fault it already had. The output lists every unsupported item.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rag.citations import check_answer
from rag.date_variants import WAYS, change_date, date_variants
from rag.embedding import Embedder
from rag.evaluation import GoldItem, fact_found, normalise
from rag.followups import offline_standalone
from rag.passages import Passage
from rag.retrieval import LISTS, passage_of
from rag.store import StoredChunk
from rag.support import (
    Lexicon,
    aliases,
    article_dates,
    dates,
    implied_dates,
    names,
    negations,
    quantities,
)
from rag.support.dates import held_days, known_days
from rag.support.figures import _quantities
from rag.support.names import NO_LEXICON, _written_apart
from rag.support.polarity import ANSWER_WORD
from rag.support.roles import RECIPROCAL
from rag.text import MONTHS, STOPWORDS, WEEKDAYS, YEAR, fold, split_sentences, terms

MAX_CITED = 3  # passages a correct answer may cite
KINDS = ("negation_inserted", "negation_removed", "number_changed", "date_changed",
         "name_swapped", "roles_swapped", "unrelated_sentence")  # fmt: skip
if TYPE_CHECKING:
    from rag.pipeline import Pipeline

#: (answer text, cited passages, question) -> accepted?
Checker = Callable[[str, list[Passage], str], bool]


@dataclass
class Case:
    item: str
    kind: str  # "correct" or one of KINDS
    answer: str
    passages: list[Passage]
    way: str = ""  # how a stress perturbation changed it (rag.date_variants.WAYS)
    question: str = ""  # what the answer answers: the checker sees it, as in `Pipeline.ask`


@dataclass
class Result:
    cases: dict[str, list[tuple[Case, bool]]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # items whose facts no chunk holds

    def rate(self, kind: str) -> float | None:
        """Accept rate for "correct", reject rate for a perturbation kind and "unsupported"."""
        done = self.cases.get(kind, [])
        if not done:
            return None
        good = sum(accepted == (kind == "correct") for _, accepted in done)
        return good / len(done)


def pipeline_checker(embedder: Embedder | None, collection: Lexicon = NO_LEXICON) -> Checker:
    """The checker as `Pipeline.ask` runs it: every sentence of the answer must be supported,
    the collection's names at hand."""

    def check(answer: str, passages: list[Passage], question: str = "") -> bool:
        checked = check_answer(answer, passages, embedder, collection=collection,
                               question=question)  # fmt: skip
        return bool(checked) and all(s.supported for s in checked.sentences)

    return check


# -- building the cases ---------------------------------------------------------------------
def _pick(key: str, options: list[str]) -> str:
    """A deterministic choice: the same item always gets the same perturbation."""
    digest = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    return options[digest % len(options)]


def holding_passages(item: GoldItem, chunks: list[StoredChunk]) -> list[StoredChunk]:
    """The fewest chunks of the item's sources that between them hold all its facts, then (up to
    MAX_CITED) those holding the figures, dates, names and fact spellings the answer states
    besides (every one it uses: "denies ... neutrality ... not approved"): a correct answer cites
    where each of its claims is, or the checker is right to reject it. A date a chosen chunk's
    article date gives needs no other chunk (the checker reads it)."""
    pool = [c for c in chunks if c.source in item.sources]
    # ties go to the chunk with more of the answer's terms, then of the question's: a bare
    # "On Thursday." cites the chunk that tells what happened then, not any that says Thursday
    own = (set(terms(item.answer)), set(terms(asked(item))))
    chosen, missing = _cover(list(item.facts), pool, own, [], holds=_found)
    if missing:
        return []
    spelled = [v for fact in item.facts for v in fact if _states([v], item.answer)]
    held = [[d] for d in details(item.answer) + spelled if any(_holds([d], c) for c in pool)]
    # each figure by its value, bound and unit first: a word alone ("four") is held by
    # "Four days after", and the answer says "at least four" people
    figures = [[f] for f in _figures_said(item.answer) if any(_holds_figure([f], c) for c in pool)]
    chosen = _cover(figures, pool, own, chosen, MAX_CITED, holds=_holds_figure)[0]
    return _cover(held, pool, own, chosen, MAX_CITED)[0]


def _figures_said(answer: str) -> list[str]:
    """The figures the answer counts with (not `the two countries`), each as the words that say
    it with its bound and unit: `at least four`, `two-day`."""
    return [m.group().strip() for m, q in _quantities(fold(answer)) if not q.referring]


def _holds_figure(figure: list[str], chunk: StoredChunk) -> bool:
    """The chunk gives the figure by value, bound and unit, as the checker reads it: `at least
    four` is not held by `Four days after`, nor `a two-day visit` by `more than two years`."""
    said = quantities(figure[0])
    return bool(said) and any(said[0].matches(q) for q in quantities(chunk.text))


def unsupported(item: GoldItem, chunks: list[StoredChunk]) -> list[str]:
    """The figures, dates and names the answer states that no chunk of its sources holds (a name
    by most of its words in one chunk, by its initials or in full: "US", "United States", or
    joined of names that one sentence of a chunk mentions each; a figure in words by its value: "seven in ten" for "70 percent")."""
    pool = [c for c in chunks if c.source in item.sources]
    # a full date a chunk's article date or relative day gives is held, as the checker reads it
    dated = [(c.text, c.meta.get("date")) for c in pool]
    answer = held_days(item.answer, known_days((day for _, day in dated), dated))
    valued = all(any(q.matches(t) for c in pool for t in quantities(c.text))
                 for q in quantities(item.answer) if not q.referring)  # fmt: skip
    single = [d for d in details(answer, with_names=False)
              if not any(_holds([d], c) for c in pool)
              and not (d in _WORD_NUMBERS and valued)]  # fmt: skip
    # a name joined of names by of/for may be written apart in one sentence, as the checker
    # reads it ("Markus Garlauskas, a security expert at the Atlantic Council")
    return single + [" ".join(run) for run in names(item.answer) if not any(
        _named(run, c.text) or set(run) <= aliases(item.answer, c.text)
        or _written_apart(run, item.answer, c.text) for c in pool)]  # fmt: skip


def details(answer: str, with_names: bool = True) -> list[str]:
    """What an answer states that a passage must give exactly: figures, dates and name words."""
    found = re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?s?", answer) + [d for d in dates(answer)]
    found += [w for w in re.findall(r"[a-z]+", answer.lower()) if w in _WORD_NUMBERS]
    return found + ([w for run in names(answer) for w in run] if with_names else [])


def _holds(detail: list[str], chunk: StoredChunk) -> bool:
    return _states(detail, chunk.text, chunk.meta.get("date"))


def _states(detail: list[str], text: str, day: str | None = None) -> bool:
    """The text holds a detail in its words (whole words: `US` is not in `because`), a date also
    by its article's date or one it implies (`last year`)."""
    stated = dates(text) | implied_dates(text, day) | (article_dates(day) if day else set())
    if any(v in stated for v in detail):
        return True
    folded = normalise(text)
    spelled = [_decade(v) or v for v in detail if v.lower() not in _CALENDAR]
    return any(fact_found([v], text) if v[:1].isdigit() else
               re.search(rf"(?<!\w){re.escape(normalise(v))}(?!\w)", folded) for v in spelled)  # fmt: skip


def _decade(figure: str) -> str:
    """`1990s` -> "nineties" (as the machine-paraphrased article writes it); "" otherwise."""
    m = re.fullmatch(r"(?:19|20)?(\d)0s", figure)
    tens = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy",
            8: "eighty", 9: "ninety"}  # fmt: skip
    return tens[int(m.group(1))][:-1] + "ies" if m and int(m.group(1)) in tens else ""


def _named(run: list[str], text: str) -> bool:
    """Most words of the name stand together in the text (within its length plus two words),
    each as it is or, if long, one letter away (`Nadge` for `Nadege`, where an accent was
    lost; `Andrey` for `Andrei`)."""
    found = re.findall(r"\w+", normalise(text))
    width = len(run) + 2
    return any(2 * sum(any(w == x or _one_edit(w, x) for x in found[i : i + width]) for w in run)
               > len(run) for i in range(len(found)))  # fmt: skip


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 5:
        return False
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return a[i + 1 :] == b[i + 1 :] or a[i + 1 :] == b[i:] or a[i:] == b[i + 1 :]


def _found(fact: list[str], chunk: StoredChunk) -> bool:
    """A gold fact is in a chunk as `rag eval` finds it in an answer."""
    return fact_found(fact, chunk.text)


def _cover(
    facts: list[list[str]],
    pool: list[StoredChunk],
    own: tuple[set[str], ...],
    chosen: list[StoredChunk],
    limit: int | None = None,
    holds: Callable[[list[str], StoredChunk], bool] = _holds,
) -> tuple[list[StoredChunk], list[list[str]]]:
    """`chosen` plus chunks added greedily while they hold missing facts (up to `limit`
    chunks); the chunks and the facts none of them holds."""
    chosen = list(chosen)
    pool = [c for c in pool if c not in chosen]
    missing = [f for f in facts if not any(holds(f, c) for c in chosen)]
    while missing and (limit is None or len(chosen) < limit):
        gain = _gain(missing, own, holds)
        best = max(pool, key=gain, default=None)
        if best is None or gain(best)[0] == 0:
            break
        chosen.append(best)
        pool.remove(best)
        missing = [f for f in missing if not holds(f, best)]
    return chosen, missing


def _gain(
    missing: list[list[str]],
    own: tuple[set[str], ...],
    holds: Callable[[list[str], StoredChunk], bool],
) -> Callable[[StoredChunk], tuple[float, ...]]:
    """How much a chunk holds: facts still missing, then the shares of each term set of `own`
    (to break ties)."""

    def gain(chunk: StoredChunk) -> tuple[float, ...]:
        held = sum(holds(f, chunk) for f in missing)
        said = set(terms(chunk.text))
        return held, *(len(t & said) / max(1, len(t)) for t in own)

    return gain


def as_passage(chunk: StoredChunk, rank: int) -> Passage:
    return passage_of(chunk, 1.0 / rank, dict.fromkeys(LISTS, rank))


def cite(text: str, n: int) -> str:
    """Every sentence of the text cited to passages 1..n."""
    marks = "".join(f"[{i}]" for i in range(1, n + 1))
    return " ".join(f"{s} {marks}" for s in split_sentences(text))


_AUX = re.compile(r"\b(is|was|are|were|has|have|had|will|would|can|could|does|did|do)\b")
_CUE = re.compile(r"\s*\b(?:not|never|no)\b|n['’]t\b", re.I)
_DIGITS = re.compile(r"(?<![\d.,])\d+(?:\.\d+)?(?![\d])")
_CALENDAR = {*MONTHS, *WEEKDAYS}
_WORD_NUMBERS = "two three four five six seven eight nine ten eleven twelve".split()
_NAME = re.compile(r"(?<![.!?\n\"“—-] )(?<![\n\"“—-])(?<!^)\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")
_OPENER = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*\b(?!['’])")
_NOT_SWAPPED = (
    {w.capitalize() for w in MONTHS + WEEKDAYS}
    | {w.capitalize() for w in STOPWORDS}
    | {"Mr", "Ms", "Mrs", "President", "Premier", "Minister", "Russian", "Chinese", "American"}
)


def insert_negation(text: str) -> str:
    m = _AUX.search(text)
    if m:
        return f"{text[: m.end()]} not{text[m.end() :]}"
    first = text.split(" ", 1)[0]
    opener = text[0].lower() + text[1:] if first in _NOT_SWAPPED else text
    return f"It is not true that {opener}"


def remove_negation(text: str) -> str:
    """The first negation dropped; an answer's opening "No," is kept (it negates no claim)."""
    answer = ANSWER_WORD.match(text)
    start = answer.end() if answer else 0
    return text[:start] + _CUE.sub("", text[start:], count=1).replace("without", "with", 1)


def change_number(text: str) -> str:
    for m in _DIGITS.finditer(text):
        if not YEAR.fullmatch(m.group()):
            value = m.group()
            new = str(int(value) + 1) if value.isdigit() else f"{float(value) + 1:g}"
            return text[: m.start()] + new + text[m.end() :]
    for i, word in enumerate(_WORD_NUMBERS[:-1]):
        found = re.search(rf"\b{word}\b", text, re.I)
        if found:
            return text[: found.start()] + _WORD_NUMBERS[i + 1] + text[found.end() :]
    return text


def corpus_names(chunks: list[StoredChunk]) -> list[str]:
    """Capitalised runs of the corpus whose words never occur in lower case (not `People`)."""
    lower = {w for c in chunks for w in re.findall(r"\b[a-z]+\b", c.text)}
    found = {n for c in chunks for n in _NAME.findall(c.text) if n not in _NOT_SWAPPED
             and not any(w.lower() in lower for w in n.split())
             and names(f"the {n}") == [fold(n).split()]}  # fmt: skip
    return sorted(found)


def swap_name(key: str, text: str, names: list[str]) -> str:
    for m in _NAME.finditer(text):
        if m.group() in _NOT_SWAPPED:
            continue
        size = len(m.group().split())
        others = [
            n
            for n in names
            if len(n.split()) == size
            and n not in text
            and not set(n.split()) & set(m.group().split())
        ]  # another name, no variant
        if others:
            return text[: m.start()] + _pick(key, others) + text[m.end() :]
    return text


# two names whose roles a swap would not change: joined ("Xi and Putin", "talks between Russia
# and China", "Xi met Putin"), or one naming the other ("Putin, Russia's president", "Center for
# Naval Analyses"): the words between them hold none of these and some word of their own
_RECIPROCAL = re.compile(
    rf"\b(?:{'|'.join(sorted(RECIPROCAL))})\b|[&/(){{}}\[\]\"“”]", re.I
)  # the checker's own reciprocal words (rag.support.roles), and brackets and quotes
_JOINING = {"of", "for", "the", "de", "al", "s"}
_RUN_BEFORE = re.compile(r"\b[A-Z][\w.'’-]*\s$")  # `Okafor` of `Dr. Amara Okafor` is no name alone
_JOINED = re.compile(r"\s+(?:of|for|de|al)\s+(?:the\s+)?")
_JOINED_ON = re.compile(rf"{_JOINED.pattern}[A-Z]")
_OWN_WORDS = 2  # a sentence with fewer words of its own than its names gives them no role


def _name_spans(sentence: str, names: list[str]) -> list[tuple[int, int]]:
    """Where the sentence names someone or something of the corpus, whole: its leading titles
    left out ("President Xi" is Xi), its first word too, a name joined of names by of/for one
    ("Center for Naval Analyses"), and no piece of a longer name ("School" of "the School of
    International Studies") nor of a longer word ("Kim Jong-un", "McGregor")."""
    opener = _OPENER.match(sentence)  # a name or not ("Cheng Xiaohe", "The"), it is one run
    found = [m for m in [opener] if m and m.group() in names]
    found += [m for m in _NAME.finditer(sentence) if not (opener and m.start() < opener.end())
              and not _RUN_BEFORE.search(sentence[: m.start()])]  # fmt: skip
    spans: list[tuple[int, int]] = []
    for m in found:
        start, said = m.start(), m.group().split()
        while said and said[0] in _NOT_SWAPPED:
            start += len(said.pop(0)) + 1
        if " ".join(said) not in names or re.match(r"-?\w", sentence[m.end() :]):
            continue
        if spans and _JOINED.fullmatch(sentence[spans[-1][1] : start]):
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((start, m.end()))
    # a run that goes on by of/for into words no name of the corpus is part of a longer name:
    # `School` of `the School of International Studies`
    return [(a, b) for a, b in spans if not _JOINED_ON.match(sentence, b)]


def _roles_apart(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Two different names of one sentence that play different parts: no word in common, and
    the words between them neither join them nor make one the name of the other."""
    a, b = text[slice(*first)], text[slice(*second)]
    between = text[first[1] : second[0]]
    own = {w.lower() for w in re.findall(r"[A-Za-z]+", between)} - _JOINING
    return (not set(a.split()) & set(b.split()) and bool(own) and not _RECIPROCAL.search(between)
            and not re.search(r"[.!?;:]", between))  # fmt: skip


def role_variants(key: str, text: str, held: list[str], names: list[str]) -> list[str]:
    """Each sentence of the text with two of its names exchanged ("Putin told Xi" for "Xi told
    Putin"), or, where no two of its names play different parts (`_roles_apart`), each name
    replaced by another of the held passage sentence it came from that plays another part there
    ("Erik Sand criticised the plan" for "Ilse Korn criticised the plan", from "Ilse Korn
    criticised Erik Sand's plan"): names the passage gives, in other roles. A replacement is a
    full name of as many words as the one it replaces (not "Russia" for "Moscow", which may name
    the same side), in a sentence with words of its own besides its names ("In Berlin." has no
    role to change). All variants, in order; `key` orders the replacements."""
    variants: list[str] = []
    offset = 0
    for sentence in split_sentences(text):
        offset = text.index(sentence, offset)
        spans = _name_spans(sentence, names)
        pairs = [(x, y) for i, x in enumerate(spans) for y in spans[i + 1 :]
                 if _roles_apart(sentence, x, y)]  # fmt: skip
        for x, y in pairs:
            new = (sentence[: x[0]] + sentence[slice(*y)] + sentence[x[1] : y[0]]
                   + sentence[slice(*x)] + sentence[y[1] :])  # fmt: skip
            variants.append(text[:offset] + new + text[offset + len(sentence) :])
        plain = "".join(c for k, c in enumerate(sentence) if not any(a <= k < b for a, b in spans))
        for start, end in spans if len(terms(plain)) >= _OWN_WORDS and not pairs else []:
            others = _other_roles(sentence[start:end], sentence, held, names)
            while others:
                other = _pick(f"{key}/{len(variants)}", others)
                others.remove(other)
                new = sentence[:start] + other + sentence[end:]
                variants.append(text[:offset] + new + text[offset + len(sentence) :])
        offset += len(sentence)
    return variants


def _other_roles(name: str, sentence: str, held: list[str], names: list[str]) -> list[str]:
    """The other names, in other parts (`_roles_apart`), of the held passage sentence that
    names `name` and shares most terms with the answer sentence."""
    own = set(terms(sentence))
    said = [s for chunk in held for s in split_sentences(chunk)
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", s)]  # fmt: skip
    if not said:
        return []
    source = max(said, key=lambda s: len(own & set(terms(s))))
    spans = _name_spans(source, names)
    mine = [x for x in spans if source[slice(*x)] == name]
    return sorted({source[slice(*y)] for y in spans for x in mine
                   if source[slice(*y)] not in sentence and _roles_apart(source, *sorted([x, y]))
                   and len(source[slice(*y)].split()) == len(name.split()) > 1})  # fmt: skip


def swap_roles(key: str, text: str, held: list[str], names: list[str]) -> str:
    """One deterministic pick of `role_variants`; the text itself when it has none."""
    variants = role_variants(key, text, held, names)
    return _pick(key, variants) if variants else text


def _checked_items(
    items: list[GoldItem], chunks: list[StoredChunk]
) -> tuple[list[tuple[GoldItem, list[StoredChunk], list[Passage], bool]], list[str]]:
    """Each answerable item with the chunks that hold its facts, those as cited passages, and
    whether its answer is unsupported; the ids of items no chunk holds."""
    checked, skipped = [], []
    for item in (i for i in items if i.answerable):
        held = holding_passages(item, chunks)
        if not held:
            skipped.append(item.id)
            continue
        passages = [as_passage(c, r) for r, c in enumerate(held, start=1)]
        checked.append((item, held, passages, bool(unsupported(item, chunks))))
    return checked, skipped


def asked(item: GoldItem) -> str:
    """The question as `Conversation` hands it to the pipeline: a follow-up made standalone by
    the offline rules against the questions before it (their answers unknown here)."""
    history: list[tuple[str, str]] = []
    for previous in item.history:
        standalone, joined_to = offline_standalone(previous, history)
        history.append((joined_to or standalone, ""))
    return offline_standalone(item.question, history)[0]


def build_cases(items: list[GoldItem], chunks: list[StoredChunk]) -> tuple[list[Case], list[str]]:
    names = corpus_names(chunks)
    cases: list[Case] = []
    checked, skipped = _checked_items(items, chunks)
    for item, held, passages, wrong in checked:
        k = len(passages)
        case = partial(Case, item.id, question=asked(item))
        if wrong:
            cases.append(case("unsupported", cite(item.answer, k), passages))
            continue
        cases.append(case("correct", cite(item.answer, k), passages))
        variants = {
            "negation_inserted": insert_negation(item.answer),
            "negation_removed": remove_negation(item.answer) if negations(item.answer) else "",
            "number_changed": change_number(item.answer),
            "date_changed": change_date(item.answer),
            "name_swapped": swap_name(item.id, item.answer, names),
            "roles_swapped": swap_roles(item.id, item.answer, [c.text for c in held], names),
        }
        for kind, text in variants.items():
            if text and text != item.answer:
                cases.append(case(kind, cite(text, k), passages))
        # Negations the holding passages state, dropped: "has not approved" -> "has approved".
        for chunk in held[:1]:
            negated = [s for s in split_sentences(chunk.text) if negations(s)
                       and len(s.split()) >= 6]  # fmt: skip
            changed = [remove_negation(s) for s in negated if remove_negation(s) != s]
            if changed:
                text = _pick(item.id, changed)
                cases.append(case("negation_removed", cite(text, 1), passages[:1]))
        text = _unrelated(item.id, _unrelated_pool(item, chunks), held)
        if text:
            cases.append(case("unrelated_sentence", cite(text, k), passages))
    return cases, skipped


def _unrelated_pool(item: GoldItem, chunks: list[StoredChunk]) -> list[str]:
    """Whole sentences of eight words or more from articles that are not the item's sources."""
    return [s for c in chunks if c.source not in item.sources
            for s in split_sentences(c.text) if len(s.split()) >= 8 and s[-1] in ".!?"]  # fmt: skip


# -- stress runs (`--checker --stress`): many perturbations per item, to tune on dev ----------
STRESS_KINDS = ("date_changed", "name_swapped", "roles_swapped", "unrelated_sentence")
STRESS_VALUES = 3  # other values per date, other corpus names per name
STRESS_UNRELATED = 6  # unrelated sentences per item


def name_variants(key: str, text: str, names: list[str]) -> list[str]:
    """Every name of the text swapped, one at a time, for STRESS_VALUES other corpus names of
    as many words (never a variant of it: no word in common); the opening word too when it is a
    corpus name (`Putin said ...`)."""
    variants = []
    opener = [m for m in [_OPENER.match(text)] if m and m.group() in names]
    for m in [*opener, *_NAME.finditer(text)]:
        if m.group() in _NOT_SWAPPED:
            continue
        size = len(m.group().split())
        others = [n for n in names if len(n.split()) == size and n not in text
                  and not set(n.split()) & set(m.group().split())]  # fmt: skip
        for k in range(min(STRESS_VALUES, len(others))):
            new = _pick(f"{key}/{m.start()}/{k}", others)
            others.remove(new)
            variants.append(text[: m.start()] + new + text[m.end() :])
    return variants


def stress_cases(items: list[GoldItem], chunks: list[StoredChunk]) -> list[Case]:
    """The stress perturbations of every correct answer: each date changed every way of
    `rag.date_variants`, each name swapped several times, several unrelated sentences.
    Deterministic, like `build_cases`."""
    names = corpus_names(chunks)
    cases: list[Case] = []
    for item, held, passages, wrong in _checked_items(items, chunks)[0]:
        if wrong:
            continue
        k = len(passages)
        texts = {
            "date_changed": date_variants(item.answer),
            "name_swapped": [("", t) for t in name_variants(item.id, item.answer, names)],
            "roles_swapped": [
                ("", t) for t in role_variants(item.id, item.answer, [c.text for c in held], names)
            ],
        }
        pool = _unrelated_pool(item, chunks)
        unrelated: list[str] = []
        for n in range(STRESS_UNRELATED * 3):
            if len(unrelated) == STRESS_UNRELATED:
                break
            text = _unrelated(f"{item.id}/{n}", pool, held)
            if text and text not in unrelated:
                unrelated.append(text)
        texts["unrelated_sentence"] = [("", t) for t in unrelated]
        case = partial(Case, item.id, passages=passages, question=asked(item))
        cases += [case(kind, cite(t, k), way=way) for kind in STRESS_KINDS
                  for t, way in _distinct(texts[kind]).items() if t != item.answer]  # fmt: skip
    return cases


def _distinct(variants: list[tuple[str, str]]) -> dict[str, str]:
    """Each (way, text) variant's text once, with the first way that made it."""
    found: dict[str, str] = {}
    for way, text in variants:
        found.setdefault(text, way)
    return found


def _unrelated(key: str, sentences: list[str], cited: list[StoredChunk]) -> str:
    """The picked sentence, or the next one that restates no figure of the cited chunks: the
    seed articles overlap ("$240 billion in 2023" is in two), and a sentence its cited chunks
    also state is no unrelated one."""
    if not sentences:
        return ""
    given = {n for c in cited for n in _figures(c.text)}
    start = sentences.index(_pick(key, sentences))
    turned = sentences[start:] + sentences[:start]
    return next((s for s in turned if not _figures(s) & given), "")


def _figures(text: str) -> set[str]:
    """Numbers written in digits, not years."""
    return {m.group() for m in _DIGITS.finditer(text) if not YEAR.fullmatch(m.group())}


def run_checker_bench(items: list[GoldItem], chunks: list[StoredChunk], check: Checker) -> Result:
    cases, skipped = build_cases(items, chunks)
    result = Result(skipped=skipped)
    for case in cases:
        accepted = check(case.answer, case.passages, case.question)
        result.cases.setdefault(case.kind, []).append((case, accepted))
    return result


# -- reporting ------------------------------------------------------------------------------
def format_result(result: Result) -> str:
    lines = [f"{'kind':20} {'n':>4}  {'rate':>5}  measures"]
    for kind in ("correct", *KINDS, "unsupported"):
        rate = result.rate(kind)
        what = "accepted" if kind == "correct" else "rejected"
        shown = "-" if rate is None else f"{rate:.2f}"
        lines.append(f"{kind:20} {len(result.cases.get(kind, [])):>4}  {shown:>5}  {what}")
    apart = [case.item for case, _ in result.cases.get("unsupported", [])]
    if apart:
        lines.append(f"unsupported (state what no source chunk holds; no perturbations): "
                     f"{', '.join(apart)}")  # fmt: skip
    if result.skipped:
        lines.append(f"skipped (no indexed chunk holds the facts): {', '.join(result.skipped)}")
    return "\n".join(lines)


def failures(result: Result) -> list[str]:
    """The cases the checker got wrong, one line each (for tuning on dev)."""
    return [f"{case.kind} {case.item}: {case.answer}" for kind, done in result.cases.items()
            for case, accepted in done if accepted != (kind == "correct")]  # fmt: skip


def format_stress(cases: list[tuple[Case, bool]]) -> str:
    """How many stress perturbations of each kind were accepted (lower is better), then each
    accepted one: what to look at when tuning on dev."""
    lines = []
    for kind in STRESS_KINDS:
        done = [(c, ok) for c, ok in cases if c.kind == kind]
        lines.append(f"stress {kind:20} accepted {sum(ok for _, ok in done)}/{len(done)}")
        for way in [w for w in WAYS if any(c.way == w for c, _ in done)]:
            some = [ok for c, ok in done if c.way == way]
            lines.append(f"  {'by ' + way:25} accepted {sum(some)}/{len(some)}")
    return "\n".join(
        lines
        + [
            f"  {c.kind}{'/' + c.way if c.way else ''} {c.item}: {c.answer}"
            for c, ok in cases
            if ok
        ]
    )


def check_gates(result: Result, path: Path) -> list[str]:
    """The `[checker]` table of the thresholds file: minimum rate per kind."""
    gates = tomllib.loads(path.read_text(encoding="utf-8")).get("checker", {})
    failed = []
    for kind, limit in gates.items():
        rate = result.rate(kind)
        if rate is None or rate < float(limit):
            failed.append(f"checker {kind} = {rate} (min {limit})")
    return failed


def run_checker_command(
    pipeline: Pipeline, file: Path | None, thresholds: Path | None, stress: bool = False
) -> bool:
    """What `rag eval [FILE] --checker [--stress]` does; returns False when a `[checker]` gate
    fails. With `stress`, also the stress counts and every case the checker got wrong."""
    import click

    from rag.evaluation import EVALS_DIR, load_gold

    items = load_gold(file or EVALS_DIR / "gold.jsonl")
    pipeline.ensure_index()
    chunks = pipeline.store.all_chunks()
    check = pipeline_checker(pipeline.embedder, Lexicon(c.text for c in chunks))
    result = run_checker_bench(items, chunks, check)
    click.echo(format_result(result))
    if stress:
        click.echo("\n".join(failures(result)))
        click.echo(format_stress([(c, check(c.answer, c.passages, c.question)) for c in
                                  stress_cases(items, chunks)]))  # fmt: skip
    gate = thresholds or EVALS_DIR / "thresholds.toml"
    failed = check_gates(result, gate) if gate.is_file() else []
    for failure in failed:
        click.secho(f"below threshold: {failure}", fg="red", err=True)
    return not failed
