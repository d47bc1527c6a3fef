"""The support rule: do an answer sentence's cited passages, together, say what it says?

Word overlap alone is fooled by a `not`, a changed figure or a swapped name, and rejects honest
paraphrases. So the rule finds the evidence first, then checks what overlap cannot see:

1. Evidence: the cited passage sentence closest to the answer sentence (MiniLM cosine plus the
   share of its terms, a bare dateline by its terms only), then up to two more cited sentences
   that add what it still lacks: related ones any term, others only a name, figure or date the
   answer states. That is how one sentence may combine two passages. An answer joining more
   clauses may take two sentences more, only each for a word it states that the sentence
   negates ("isn't going to happen"; "never recognized" for "no recognition") and no evidence
   sentence negates yet: a name, figure or date more sentences bring may be a changed one.
2. Coverage: at least half of its content terms are in the evidence (60% when no evidence
   sentence alone holds 40%: common words pieced together), or at least 30% and its embedding
   is at least 0.72 cosine-similar to the evidence, or to one clause of it (a faithful
   paraphrase). A term with a near-synonym among the evidence words (MiniLM on the words alone,
   cosine 0.85: `especially` for `particularly`) is held, and so is one in a place that its
   evidence sentence fills with other words, within a stretch that follows it word for word
   around two or more such places (words swapped one for one are as many: "security expert
   at" for "safety skilled on"), the whole sentence or one clause of it (`best known for
   research on rockets` for `easiest recognized for its analysis of rockets`: the
   machine-paraphrased article's swaps, no synonyms alone); one word in another's place ties
   nothing.
3. Numbers: every quantity is in the evidence with the same value and the same bound ("90
   percent" = "90%" = "ninety per cent" = "nine in ten"; "four or more" = "at least four";
   "as many as" = "up to"; "more than 40" is not "40"; number words count; "1,900" is no
   year; "half of" = "50 percent", "a dozen" = 12; a span of time by its length: "ninety
   minutes" = "an hour and a half", "three decades" = "30 years", "two days" is not "two
   weeks", and only a span of time states one: "his second visit" is not "a two-day visit";
   "Lumen-2" is a name, no figure). A
   number word after a determiner ("the two countries", "the first report"), or an
   ordinal opening a clause ("(first report)"), is checked only where the evidence counts or
   ranks the same thing. A figure replaces one of the closest evidence sentence only if it
   could stand for it.
4. Dates: every month, weekday and year is in the evidence or implied by it (the weekday of a
   full date or of the article's date; "last month" in an article of May 2024 is April 2024),
   and none replaces one that the closest evidence sentence gives (a figure likewise; a
   dateline is no such sentence). A date right after a relative one ("last year (2023)") must be
   what it means in a cited article, one right after a figure ("$190 billion in 2022") the
   one the evidence gives that figure (right after it or later in its clause), one after two
   words the evidence, or a passage sentence sharing two of its terms, puts before a date
   ("fund on Thursday", "reopened on Friday morning") that date, unless the sentence puts that
   date after them too (two events: "four opened on Wednesday; two opened on Thursday"), and a weekday before
   a full date the one it falls on. A figure said "the year before" another stands a year
   before it in the evidence; a part of a month ("early May") fits the day the evidence or the
   sentence's own weekday in a cited article gives; a date joined to itself ("in April and
   April") is stated by none. A month that only a cited article's date gives (no
   passage's words) stands in that article's year: "by December 2024" is not stated by an
   article of December 2021; and a clause's one year (each part split by semicolons too) is
   the year of the dated article holding its claim or one that article's passage gives. Each
   fact joined by "and" keeps its own date ("40 percent contained by Tuesday morning" against
   "by Friday morning and was 40 percent contained"), and a passage sentence holding all of a
   clause but no weekday or month tells it as of its article's date.
5. Names: every capitalised person, place or organisation is mentioned in the cited passages
   (spelling variants such as Andrey/Andrei pass, one word of a longer name may be missing
   where the passages write another capitalised word in its place, "Heart for Naval Analyses"
   but not "said Elizabeth Wishnick" for "Center for ...", nor half of a person's name joined
   to another by of: "Ana Kong of the Orvik Institute",
   initials: US / U.S. / United States, a name joined of names by of/for may be written
   apart in one passage sentence, and a leading role the passages write in lower case is no
   part of it: "Commissioner Ada Varn"; a name in parentheses after a full name, where that
   one works, is beside it in one passage sentence: not "Alexander Gabuev (Harbin)"), and none stands where an evidence sentence that otherwise
   says the same has another name (a role swap) or a determiner, unless that sentence names it
   or the passages write it beside the same word (a fuller name) or the sentence gives it by a
   pronoun (`it` the nearest name before that is no person's); nor between the same words
   as another name of the closest evidence sentence, however the sentence is built (the same
   two content words after both count: `called X his "old friend"` for `addressed Y as his
   "old friend"`; where that sentence names it elsewhere, both sides, or one when the sentence
   names the other name out of its place: the two exchanged), unless the sentence also names
   that other name in its place (each part of
   a terse answer split by semicolons against its own closest sentence). A name in a
   pronoun's place must be named just before the pronoun. The sentence's first word is a name
   when it is possessive ("India's officials") or one the passages write only as a name (a
   number word never: "Four opened"). Two
   names the evidence relates by the words between them must keep their direction ("Putin told
   Xi" for "Xi told Putin" fails, and "Ukraine invaded Russia" for "Russia launched its invasion
   of Ukraine"; a passive reverses it: "Putin was told by Xi" passes; "the country" stands for
   the name before it in its sentence; a link reworded word for word keeps its direction; the
   doer a passive names must not be the one the act is done to, nor a figure beside a name one
   the evidence gives another name; "the Russian president" stands for the one person the
   passages, else the collection, title so; a claim's speaker is the one its reporting
   sentence gives, "she said" a person named before it; a reported claim's opening and later
   names are not exchanged; a name given a role is not the one holding it, nor a person a
   place; `rag.support.roles`).
6. Polarity: a negation (not, no, never, n't, without, neither/nor, fail to, deny...) in the
   sentence must negate the same word in the evidence, or one its clause reaches ("no link ...
   yet known" for "not yet known"), each evidence negation answering one,
   and a negation in the evidence must not be dropped from a sentence that uses the word it
   negates (in any form: "formal" for "not formally"; a name's word is none: "Merrin County"
   for "never counted") or that follows it word for word up to
   there ("vowed to provide" for "vowed to not lend"); a "nor" carrying on an earlier negation
   is answered by a negation whose clause holds its word; a figure the evidence negates as
   what someone gave ("not the 48,000 it announced") may be said as given ("the first report
   said about 48,000").

Each verdict says which passage sentences it matched and, when unsupported, why, in words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np

from rag.embedding import Embedder
from rag.relative_dates import parse_day, resolved_days, text_before
from rag.support.attribution import CREDITS, reported
from rag.support.date_forms import spelled, week_days, wrong_part
from rag.support.dates import (
    _FULL_DATE,
    _WEEKDAY_DATE,
    _article_month,
    _counted_from,
    _date_contexts,
    _day,
    _figure_years_apart,
    _full,
    _is_dateline,
    _moved_date,
    _replaced_date,
    _restated_relative,
    article_dates,
    date_kind,
    dates,
    held_days,
    implied_dates,
    known_days,
)
from rag.support.figures import (
    Quantity,
    _alike,
    _counting,
    _figure,
    _figure_words,
    _show,
    quantities,
)
from rag.support.names import (
    _CAPITALISED,
    _NOT_NAMES,
    _PRONOUNS,
    _TAIL,
    NO_LEXICON,
    Lexicon,
    _context_swap,
    _mentioned,
    _parts_mentioned,
    _same,
    _swapped_name,
    _tokens,
    _written_apart,
    aliases,
    known_names,
    names,
    referents,
    untitled,
)
from rag.support.polarity import (
    _polarity,
    kindred,
    negated_clauses,
    negations,
)
from rag.support.relative_times import relative_times, turned_time
from rag.support.roles import (
    descriptions,
    doer_swapped,
    figure_moved,
    owner_swapped,
    person_placed,
    role_taken,
    roles_swapped,
    speaker_swapped,
    subject_swapped,
)
from rag.support.slots import in_place
from rag.text import (
    MONTH_NAME,
    MONTHS,
    STOPWORDS,
    WEEKDAY_NAME,
    WEEKDAYS,
    defuse_markers,
    fold,
    split_sentences,
    stem,
    strip_possessive,
    terms,
    words,
)

__all__ = [
    "Evidence",
    "Lexicon",
    "Quantity",
    "Verdict",
    "aliases",
    "article_dates",
    "dates",
    "implied_dates",
    "judge",
    "names",
    "negations",
    "quantities",
    "remember",
]

LEXICAL_SUPPORT = 0.5  # tuned on evals/dev.jsonl with `rag eval --checker`
PIECE = 0.4  # below this share in every evidence sentence alone, the evidence is pieced
PIECED_SUPPORT = 0.6  # ... and must then hold this share together
SEMANTIC_SUPPORT = 0.72
SEMANTIC_MIN_OVERLAP = 0.3
SYNONYM = 0.85  # a word this close to an evidence word (MiniLM, words alone) is held
MAX_EVIDENCE = 3
EXTRA_EVIDENCE = 2  # more sentences, each for a negation still lacking
RELATED = 0.3  # a sentence added to the evidence must be at least this close to the answer
DATED_TERMS = 2  # a passage sentence sharing this many terms with the sentence dates it too
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


_CLAUSE = re.compile(r"\s*[,;:()]\s+|\s+[—–-]\s+")
_AND = re.compile(r"\s+and\s+")


# -- the check -------------------------------------------------------------------------------
def judge(
    sentence: str,
    passages: list[str],
    embedder: Embedder | None,
    published: list[str | None] | None = None,
    collection: Lexicon = NO_LEXICON,
    question: str = "",
) -> Verdict:
    """The verdict on one answer sentence against the passages it cites (the module's rule).

    `published` are the passages' ISO dates: their year and month count as stated ("in 2021"
    for an article of December 2021). `collection` holds the names the whole collection writes.
    `question` is what the sentence answers: a bare date ("On Friday.") is checked against it.
    """
    sentence = spelled(sentence, published or [])
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
    known = known_days(days, ((e.text, _day(days, e.passage)) for e in evidence))
    # "A day earlier, ..." counts from the day of the sentence before it in its passage
    known |= {d for e in evidence for d in resolved_days(
        e.text, _day(days, e.passage), text_before(e.text, defuse_markers(passages[e.passage])))}  # fmt: skip
    # "on Friday" in an article of Sunday June 1 is May 30: that month is stated too
    stated |= {part for day in known for part in dates(day)}
    said = held_days(sentence, known, days)
    # the month and year of a known full date restate the sources' own date: they replace none
    closest |= {fold(p) for m in _FULL_DATE.finditer(sentence) if _full(m) in known
                for p in (m[1], m[3])}  # fmt: skip
    # each evidence sentence with the ones before it, read once for the checks of whom a
    # pronoun stands for, who a speaker and a claim's subject are
    joined = " ".join(passages)
    led = [(e.text, _lead(e, candidates)) for e in evidence]
    reason = (
        _repeated_date(sentence)
        or _wrong_weekday(sentence)
        or _conflict(said, evidence, text, joined, stated, closest, collection, led)
    )
    if not reason:
        named = _named_words(said, joined)
        reason = (
            _pronoun_swap(said, named, led)
            or speaker_swapped(said, named, led, joined)
            or subject_swapped(said, named, led)
        )
    if not reason:
        reason = _clause_dates(sentence, candidates, held, days)
    if not reason and question:
        reason = _bare_date(sentence, question, candidates, held, days, embedder)
    if not reason:
        reason = (_restated_relative(sentence, days) or _counted_from(sentence, days)
                  or _article_month(sentence, passages, days))  # fmt: skip
    if not reason:
        reason = _times(sentence, evidence, days, stated | known)
    if not reason:
        claimed = set(terms(reported(sentence))) or own
        reason = _coverage(sentence, claimed, evidence, text, sims, candidates, embedder, stated)
    return Verdict(not reason, tuple(evidence), reason)


def _times(
    sentence: str, evidence: list[Evidence], days: list[str | None], stated: set[str]
) -> str:
    """Rule 4 for relative times and parts of a month (`next week` for `last week`, `early May`
    for `May 16`), against the dates the evidence's words give (full dates, and the days its
    relative ones fall on)."""
    # a dateline dates no event, unless the evidence is nothing else (the answer is its date)
    prose = [e for e in evidence if not _is_dateline(e.text)]
    text = " ".join(e.text for e in prose)
    dated = [] if prose else [_day(days, e.passage) for e in evidence]
    told = known_days(dated, ((e.text, _day(days, e.passage)) for e in prose))
    told |= {_full(m) for m in _FULL_DATE.finditer(text)}
    # "last week" in the sentence or its evidence: the seven days before the article's date
    told |= week_days(
        [(sentence, d) for d in days] + [(e.text, _day(days, e.passage)) for e in prose]
    )
    told |= dates(text)
    # a part of a month must also fit the day the sentence's own "on Thursday" falls on in a
    # cited article (not a relative time's proof: that must mean a date its sources state)
    own = {day for d in days for day in resolved_days(sentence, d)}
    return wrong_part(sentence, text, told | own) or turned_time(
        sentence, text, days, stated | told, told
    )


_TWICE = re.compile(
    rf"\b({MONTH_NAME}|{WEEKDAY_NAME}|(?:19|20)\d\d)"
    r",?\s+(?:and|or|to|through|until|[-–])\s+\1\b"
)


def _repeated_date(sentence: str) -> str:
    """One date joined to itself (`in April and April`): no source states a span or a list so,
    and each part alone is stated wherever the date is, so the check of each would not see it."""
    m = _TWICE.search(sentence)
    return f"it joins {m[1]} to itself" if m else ""


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


def _choose_evidence(
    sentence: str, held: list[set[str]], candidates: list[tuple[int, str]], sims: np.ndarray | None
) -> list[Evidence]:
    """The closest passage sentence, then those that add what the answer still lacks; a figure
    or date weighs double, since one missing from the evidence is a conflict (a name is looked
    for in the whole passages) and a word only lowers coverage. A word that a passage sentence
    negates, or a relative time of the answer's unit, counts like a name, figure or date, in a
    sentence about something else. Past `MAX_EVIDENCE`, only a sentence that negates a word of
    the answer counts (double if the answer negates it too: the polarity check needs it)."""
    needed = _claims(reported(sentence)) or _claims(sentence)
    specific = needed & (_specifics(sentence) | dates(sentence))
    # a word of the sentence that a passage sentence negates is as decisive as a figure, whether
    # the sentence negates it or not ("not reassured" said in a sentence about something else)
    negated = [needed & {h for h in negations(s) if h} for _, s in candidates]
    # likewise a relative time of the sentence's unit: "the week after" must meet "last week"
    units = {t.unit for t in relative_times(sentence)}
    timed = [{f"~{t.unit}" for t in relative_times(s) if t.unit in units} for _, s in candidates]
    exact = {c for c in specific if c.startswith("#")} | (needed & dates(sentence))
    share = np.array([len(needed & h) / len(needed) for h in held])
    # A dateline is near any short dated sentence in meaning; it counts by what it holds only.
    prose = np.array([not _is_dateline(s) for _, s in candidates])
    score = share + (sims * prose if sims is not None else 0.0)
    best = int(score.argmax())
    # a word the sentence negates is answered only by a sentence that negates it too (in any
    # form: "no recognition" by "never recognized")
    polar = {h for h in negations(sentence) if h} & needed
    # (or reaches it in its clause: "did not sign a formal treaty" for "no formal treaty")
    negating = [{w for w in needed for h, clause in negated_clauses(s) if kindred(w, h) or w in
                 polar and any(kindred(w, t) for t in terms(clause))} for _, s in candidates]  # fmt: skip
    chosen, covered = [best], held[best] | timed[best]
    answered = set(negating[best])
    while len(chosen) < MAX_EVIDENCE + EXTRA_EVIDENCE:
        # past the usual count, only a sentence that negates a word the sentence states and no
        # evidence sentence negates yet: an answer joining many clauses may need it, and a name,
        # figure or date that more sentences bring might be one a changed answer put there
        extra = len(chosen) >= MAX_EVIDENCE
        gains = [0 if i in chosen else (
            2 * len(polar & negating[i] - answered) + len(negating[i] - answered - covered)
            if extra else len(
            (needed if sims is None or sims[i] >= RELATED else specific | negated[i]) & h - covered)
            + len(exact & h - covered) + len(timed[i] - covered)) for i, h in enumerate(held)]  # fmt: skip
        closeness = sims if sims is not None else np.zeros(len(held))
        pick = max(range(len(held)), key=lambda i: (gains[i], closeness[i]))
        if gains[pick] == 0:
            break
        chosen.append(pick)
        covered |= held[pick] | timed[pick]
        answered |= negating[pick]
    return [Evidence(*candidates[i]) for i in chosen]


def _claims(text: str) -> set[str]:
    """What evidence is chosen by: terms, dates and figures by value (`five` = `5`)."""
    return set(terms(text)) | dates(text) | {q.key for q in quantities(text)}


def _specifics(sentence: str) -> set[str]:
    """The claims that name or count: name words and figures."""
    named = {stem(w) for run in names(sentence) for w in run}
    return named | {c for c in _claims(sentence) if c.startswith("#")}


def _conflict(
    sentence: str,
    evidence: list[Evidence],
    text: str,
    passages: str,
    stated: set[str],
    near_dates: set[str],
    collection: Lexicon,
    led: list[tuple[str, str]],
) -> str:
    """A changed figure, date, name or polarity, in words; "" when there is none. `led`: each
    evidence sentence with the sentences before it in its passage (`_lead`)."""
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
    if replaced := _replaced_date(_dates_beside(sentence, evidence), near_dates):
        return replaced
    if moved := (_moved_date(sentence, text) or _figure_years_apart(sentence, text)
                 or _other_date_there(sentence, evidence, passages)):  # fmt: skip
        return moved
    said, given = _counting(quantities(sentence), quantities(closest))
    lost = [q for q in given if not any(q.matches(m) for m in said)]
    if any(_alike(q, m) for q in lost for m in said if not any(m.matches(g) for g in given)):
        return "it changes a figure its closest source sentence gives"
    known = words(passages)
    named = known_names(passages)
    # an opening word the collection writes only as a name is one ("Ukraine said ...")
    opening = names(sentence, known=named, openers=True)[:1]
    named |= {w for run in opening for w in run if len(run) == 1 and collection.is_name(w)}
    runs = names(sentence, known=named)
    # an opening word the passages lack may be a common word ("Forecasters") or a name put in
    # another's place ("Fitch was fined" for "Meridian was fined"): not looked for, but checked
    # for a swap
    placed = names(sentence, known=named, openers=True)
    aliased = aliases(sentence, passages)
    tails = frozenset(fold(a or b) for a, b in _TAIL.findall(sentence))
    common = set(re.findall(r"\b[a-z][\w'’-]*", passages)) - {fold(w) for w in
                                                               _CAPITALISED.findall(passages)}  # fmt: skip
    capitals = frozenset(strip_possessive(fold(w)) for w in _CAPITALISED.findall(passages))
    for run in (untitled(r, common) for r in runs):
        # the one word of a longer name the passages may lack is no name of the collection's
        # ("Belousov for Naval Analyses"), unless the collection writes the whole name so
        whole = _mentioned(run, known, tails, collection, capitals)
        if not (whole and _parts_mentioned(run, sentence, known) or set(run) <= aliased
                or _written_apart(run, sentence, passages)):  # fmt: skip
            return f"no cited passage mentions {' '.join(run).title()}"
    if apart := _affiliated_apart(sentence, passages):
        return apart
    # outlets credited in parentheses are mentioned, not put in another name's place
    credited = {w for g in CREDITS.findall(sentence) for run in names(g, openers=True) for w in run}
    placed = [run for run in placed if not set(run) <= credited]
    for e, (_, before) in zip(evidence, led, strict=True):
        meant = referents(e.text, before, named)
        if swapped := _swapped_name(sentence, placed, e.text, known, aliased, meant):
            return swapped
    # a name the passages give by its initials or in full ("the EU") is read in no role: its
    # words there are others
    own_names = [run for run in placed if not set(run) <= aliased]
    for part, closest_text in _parts_closest(sentence, evidence):
        if swapped := _context_swap(part, placed, closest_text, aliased) or role_taken(
            part, own_names, closest_text
        ):
            return swapped
    texts = [e.text for e in evidence]
    # whom "the Russian president" names: the passages tell, else the collection does
    described = collection.derived("descriptions", descriptions) | descriptions(passages)
    return (roles_swapped(sentence, own_names, texts, described)
            or doer_swapped(sentence, own_names, texts)
            or owner_swapped(sentence, texts)
            or figure_moved(sentence, texts) or person_placed(sentence, passages)
            or _polarity(sentence, texts))  # fmt: skip


_NAMED_THEN_CREDIT = re.compile(rf"((?:[A-Z][\w'’-]*\s+){{0,3}}[A-Z][\w'’-]*)\s*{CREDITS.pattern}")


def _affiliated_apart(sentence: str, passages: str) -> str:
    """A name in parentheses right after a full name gives where that one works or writes
    (`Alexander Gabuev (Carnegie Russia Eurasia Center)`): one passage sentence must mention
    both, or the parenthesis ties a name to one the passages never put beside it (`Alexander
    Gabuev (Harbin)`, where Harbin is only in another story)."""
    told: list[list[str]] = []  # the passage sentences' words, read once a parenthesis needs them
    for m in _NAMED_THEN_CREDIT.finditer(sentence):
        before, after = names(m[1], openers=True), names(m[2], openers=True)
        if not before or not after or len(before[-1]) < 2:
            continue  # `in Beijing (Reuters)` credits an outlet for the claim, not Beijing
        person = before[-1]
        told = told or [words(s) for s in split_sentences(passages)]
        if not any(_mentioned(person, s) and all(_mentioned(r, s) for r in after) for s in told):
            return (f"no cited passage sentence puts {' '.join(person).title()} beside "
                    f"{' and '.join(' '.join(r).title() for r in after)}")  # fmt: skip
    return ""


def _parts_closest(sentence: str, evidence: list[Evidence]) -> list[tuple[str, str]]:
    """The sentence with its closest evidence sentence; a terse answer of parts split by
    semicolons, each part with the evidence sentence that shares most of its claims (`A lunar
    station; the head of Roscosmos.` puts the second part beside `the heads of Rosatom ... and
    Roscosmos`, not beside the first part's `the head of Russia's space program`)."""
    parts = [p for p in sentence.split(";") if p.strip()]
    if len(parts) < 2:
        return [(sentence, evidence[0].text)]
    return [(p, max(evidence, key=lambda e: len(_claims(p) & _claims(e.text))).text) for p in parts]


def _dates_beside(sentence: str, evidence: list[Evidence]) -> set[str]:
    """The sentence's dates that may replace one of its closest evidence sentence: those of its
    parts (split at semicolons) that share a term, date or figure with it and have no closer
    evidence sentence of their own. A terse answer of two parts ("In 2020; $240 billion.") dates
    each from its own passage sentence, and so does a longer one ("they walked in the garden
    after Thursday's talks; on Friday he went to Harbin")."""
    first = next((e.text for e in evidence if not _is_dateline(e.text)), evidence[0].text)
    theirs = _claims(first)
    parts = _parts_closest(sentence, evidence)
    return {d for part, closest in parts for d in dates(part) if len(parts) == 1 or
            _claims(part) - dates(part) & theirs and closest == first}  # fmt: skip


def _clause_dates(
    sentence: str, candidates: list[tuple[int, str]], held: list[set[str]], days: list[str | None]
) -> str:
    """Rule 4 clause by clause: a month, weekday or year may not replace one of the same kind
    that the passage sentence closest to its clause gives (`a decline in April` against `a
    decline in trade in March`, though another sentence names April). The closest sentence is
    found by the clause's other words; a dateline is none. The one year of a clause, when only a
    cited article's date gives it (no passage's words), must be the year of that sentence's
    article: `In 2024 he said X` is not stated where X is in an article of 2021 and 2024 dates
    another one; and where that article is dated, its year or one its passage states or implies
    (`In 2024 he said X` where X is in an article of 2021 and only another passage's copyright
    line says 2024). For that last rule each part of a sentence split by semicolons is a clause
    too (`In 2021 he said A, B and C; in 2024 he said D`); a part may say which report holds a
    date (`near Khabarovsk, says the 2021 report` for `in 1969, a clash near Khabarovsk`), so
    it is checked for nothing else."""
    told = [dates(s) | implied_dates(s, _day(days, i)) for i, s in candidates]
    worded = {d for t in told for d in t}
    parts = [p for p in sentence.split(";") if p.strip()]
    clauses = _CLAUSE.split(sentence)
    # two facts joined by "and" each keep their own date: `5 percent contained on Tuesday
    # morning and 40 percent contained by Friday morning`
    joined = [p for c in clauses for p in _AND.split(c) if len(_AND.split(c)) > 1]
    for clause in clauses + joined + (parts if len(parts) > 1 else []):
        mine = dates(clause)
        needed = _claims(clause) - mine - {q.key for q in quantities(clause)}
        if not mine or len(needed) < 3:
            continue
        share = [len(needed & h) / len(needed) for h in held]
        best = max(range(len(held)), key=lambda i: (share[i] and not _is_dateline(
            candidates[i][1]), share[i]))  # fmt: skip
        if share[best] < LEXICAL_SUPPORT:
            continue
        index, text = candidates[best]
        near = dates(text) | implied_dates(text, _day(days, index))
        # the day "on Tuesday" falls on ("April 1, 2025") may stand beside it in the clause
        near |= {part for day in resolved_days(text, _day(days, index)) for part in dates(day)}
        # a sentence that holds all the clause says but dates it by no weekday or month tells
        # it as of its article's date (`The county said 61 homes have been destroyed` in an
        # article of Friday)
        kinds = {date_kind(d) for d in near}
        near |= {d for d in article_dates(_day(days, index) or "") if date_kind(d) not in kinds
                 and not d.isdigit() and share[best] == 1}  # fmt: skip
        own = parse_day(_day(days, index))
        years = [y for y in mine if y.isdigit()]
        whole = clause in clauses
        if (whole or clause in joined) and (replaced := _replaced_date(mine, near)):
            return replaced
        if clause in joined and not whole:
            continue  # a fact joined by "and" is read for its date alone
        dated = {d.year for d in map(parse_day, days) if d}
        for year in years if whole and len(years) == 1 and years[0] not in worded else []:
            if int(year) in dated and (own is None or own.year != int(year)):
                return f"{year} is only the date of another cited article than the one saying this"
        given = {d for (i, _), t in zip(candidates, told, strict=True) if i == index for d in t}
        if own and len(years) == 1 and own.year != int(years[0]) and years[0] not in given:
            return f"{years[0]} is neither the date of the article saying this nor one it gives"
    return ""


def _bare_date(
    sentence: str,
    question: str,
    candidates: list[tuple[int, str]],
    held: list[set[str]],
    days: list[str | None],
    embedder: Embedder | None,
) -> str:
    """Rule 4 for a bare date ("On Friday.", "In April 2024."): it says nothing but the date, so
    any passage that names that date among others would hold it. What it claims is the
    question's event at that date: the passage sentence closest to the question and the answer
    together (at least half the question's terms), or its clause closest to the question, must
    not give another date of the kind."""
    mine = dates(sentence)
    needed = set(terms(question)) - dates(question)
    if not mine or len(set(terms(sentence)) - mine) > 1 or len(needed) < 2:
        return ""
    share = np.array([len(needed & h) / len(needed) for h in held])
    prose = np.array([not _is_dateline(s) for _, s in candidates])
    sims = _similarities(f"{question} {sentence}", [s for _, s in candidates], embedder)
    score = (share + (sims if sims is not None else 0.0)) * prose
    best = int(score.argmax())
    if share[best] < LEXICAL_SUPPORT:
        return ""
    index, text = candidates[best]
    # of a sentence with two dates ("X, who walked there on Wednesday, announced a fund on
    # Thursday"), the one of the clause that holds most of the question's terms
    clauses = [c for c in _CLAUSE.split(text) if dates(c)]
    if len(clauses) > 1:
        text = max(clauses, key=lambda c: len(needed & set(terms(c))))
    near = dates(text) | implied_dates(text, _day(days, index))
    near |= {part for day in resolved_days(text, _day(days, index)) for part in dates(day)}
    if replaced := _replaced_date(mine, near):
        return f"for what it answers, {replaced}"
    return ""


def _other_date_there(sentence: str, evidence: list[Evidence], passages: str) -> str:
    """A month, weekday or year after the same two words as one of another value of the same
    kind in the evidence (`emergency fund on Wednesday` for `emergency fund on Thursday`, `the
    first decline since March 2021` for `... since January 2021`), when the evidence never puts
    it there and the sentence puts no date the evidence does there (two events). A passage sentence that shares DATED_TERMS terms with the sentence (its dates
    aside) counts as evidence here: the evidence chosen for a changed date may be one that names that date
    about something else (`by Tuesday afternoon` for `reopened on Tuesday morning`), not the one
    that `reopened on Friday`."""
    mine = _date_contexts(sentence)
    if not mine:
        return ""
    own = _claims(sentence) - dates(sentence)
    related = [s for s in split_sentences(passages)
               if len(own & (_claims(s) - dates(s))) >= DATED_TERMS]  # fmt: skip
    texts = dict.fromkeys([e.text for e in evidence] + related)
    theirs = [c for t in texts if not _is_dateline(t) for c in _date_contexts(t)]
    for context, day in mine:
        given = {d for c, d in theirs if c == context and date_kind(d) == date_kind(day)}
        # two dates after the same words of the sentence tell two events apart ("four opened
        # on Wednesday; two opened on Thursday"): the one the evidence puts there is the other's
        if given and day not in given and not given & {d for c, d in mine if c == context}:
            return f"its source says {', '.join(sorted(given)).title()} there, not {day.title()}"
    return ""


def _pronoun_swap(sentence: str, named: set[str], evidence: list[tuple[str, str]]) -> str:
    """A name put in a pronoun's place (`Xi praised his troops` for `... after he praised his
    country's troops`) must be one the pronoun can stand for: named in its sentence before it or
    in the LEAD_IN sentences before that. The place is where the same two words follow both.
    `named`: the sentence's names (`_named_words`); `evidence`: each evidence sentence with its
    LEAD_IN sentences (`_lead`)."""
    mine = _tokens(sentence)
    stems = [stem(t) for t in mine]
    for text, before in evidence:
        theirs = _tokens(text)
        lead = words(before)
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


def _named_words(sentence: str, passages: str) -> set[str]:
    """The sentence's capitalised words that name someone: none the passages write in lower case."""
    lower = set(re.findall(r"\b[a-z][\w'’-]*", passages))
    named = {strip_possessive(fold(w)) for w in _CAPITALISED.findall(sentence)}
    return {w for w in named if w not in lower and w not in _NOT_NAMES and w not in STOPWORDS}


def _lead(e: Evidence, candidates: list[tuple[int, str]]) -> str:
    """The LEAD_IN sentences before an evidence sentence in its passage: where its pronouns'
    antecedents are named."""
    k = candidates.index((e.passage, e.text))
    return " ".join(s for i, s in candidates[max(0, k - LEAD_IN) : k] if i == e.passage)


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
    needed = PIECED_SUPPORT if pieced else LEXICAL_SUPPORT
    # the costlier ways to hold a term, each only while the words fall short
    if len(held) / len(own) < needed:
        held |= in_place(sentence, own - held, [e.text for e in evidence])
    if len(held) / len(own) < needed:
        held |= _synonyms(sentence, own - held, text, embedder)  # each word costs an embedding
    overlap = len(held) / len(own)
    if overlap >= needed:
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
