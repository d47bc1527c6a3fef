"""Names in each other's roles. Every name of a sentence may be in its evidence and the sentence
still say the opposite, when two of them trade places around the words that relate them: "Putin
told Xi" for "Xi told Putin", "China sells oil to Russia" for "Russia sells oil to China",
"Harbin, a city in China" for "China, a city in Harbin". A mention check and a word overlap see
the same names and words; only their order tells who did what to whom.

The order is read as a direction: the name before the linking words acts on the one after, unless
the link is passive ("Putin was greeted by Xi" is "Xi greeted Putin"). Names joined by a
reciprocal word ("Xi and Putin", "Xi met Putin", "talks between Russia and China") have no
direction, and a link whose first content word the evidence does not put between the same two
names ties nothing. One name may also take the role another holds in the closest evidence
sentence: the speaker of "said", the one an apposition describes (`role_taken`).
"""

from __future__ import annotations

import os
import re

from rag.persons import PERSON_TITLES, PLACE_NAME, RUN, is_body, is_person, place_slot
from rag.support.names import (
    _CAPITALISED,
    _DETERMINERS,
    _NOT_NAMES,
    _TIMES,
    _TITLES,
    _capitals,
    _referring,
    _same,
    _spans,
    _tokens,
)
from rag.text import MONTHS, STOPWORDS, WEEKDAYS, fold, stem, strip_possessive, terms
from rag.verbs import PAST_FORMS_OF

# words that relate two names both ways: swapping them changes nothing
RECIPROCAL = {"and", "or", "nor", "with", "between", "among", "both", "together", "alongside",
               "each", "other", "met", "meet", "meets", "meeting", "versus", "vs"}  # fmt: skip
_BE = {"is", "are", "was", "were", "be", "been", "being", "get", "gets", "got"}
LINK = 8  # at most this many words between two names that a link relates
AFTER = 4  # words after the second name that tell two readings of one link apart
ROLE = 3  # tokens after a name where the word of its role is looked for
HOLDER = 5  # tokens before a role's word where the names holding it are looked for
# what may stand between a name and the word of its role: `Ilse Korn, an analyst`, `Erik Sand is
# an analyst`, `Putin and Xi signed`
_LEAD = {"|", "a", "an", "the", "and"}
_SPEECH = {"said", "says", "say"}  # stop words that give a role: who said it
# verbs that report speech as "said" does: a paraphrase may put one for another ("stated")
REPORTING = _SPEECH | {"stated", "states", "added", "adds", "mentioned", "noted", "remarked"}
# what may stand between a doer and its verb: `Aurelia would pay`, `Velmor has agreed to pay`
_AUXILIARY = {"would", "will", "has", "have", "had", "must", "can", "could", "should", "may",
              "might", "did", "does", "also", "agreed", "to", "then", "later"}  # fmt: skip
_CALENDAR = {*MONTHS, *WEEKDAYS}
_BASE = {form: base for base, forms in PAST_FORMS_OF.items() for form in forms}  # paid -> pay
BARE = 2  # a link of at most this many function words relates what the same words follow


def roles_swapped(
    sentence: str,
    runs: list[list[str]],
    evidence: list[str],
    described: dict[tuple[str, str], list[str]] | None = None,
) -> str:
    """Two names of the sentence that the evidence relates by the same words the other way
    round, where the evidence sentences that relate them most alike (`_readings`) never do so
    this way; "" when there are none. `described` (`descriptions` of the passages) tells whom
    "the Russian president" names there."""
    mine = _tokens(sentence)
    named = {w for run in runs for w in run}
    spans = _spans(mine, named)
    texts = [(_tokens(e), fold(e), _capitals(e)) for e in evidence]
    for k, (a1, a2) in enumerate(spans):
        for b1, b2 in spans[k + 1 :]:
            link = mine[a2:b1]
            a, b = mine[a1:a2], mine[b1:b2]
            if not link or len(link) > LINK or RECIPROCAL & set(link) or set(a) & set(b):
                continue
            after = _content(_following(mine, b2), named)
            found = [
                r
                for theirs, text, capital in texts
                for r in _readings(
                    theirs,
                    text,
                    a,
                    b,
                    link,
                    after,
                    named,
                    capital,
                    _described_at(theirs, described or {}),
                )  # fmt: skip
            ]
            best = max((score for _, score in found), default=0)
            ways = {way for way, score in found if score == best}
            if ways and _passive(link) not in ways:
                words = " ".join(t for t in link if t != "|")
                return (f"its source relates {' '.join(a).title()} and {' '.join(b).title()} "
                        f"the other way round ({words})")  # fmt: skip
    return ""


def _readings(
    theirs: list[str],
    text: str,
    a: list[str],
    b: list[str],
    link: list[str],
    after: set[str],
    named: set[str],
    capital: frozenset[str] = frozenset(),
    described: dict[int, list[str]] | None = None,
) -> list[tuple[bool, int]]:
    """Each place where the evidence relates `a` and `b` by the link's content words, its first
    among them (or, when it has none, by the same words, "in", or by BARE function words before
    the same words after), with its direction, False when `a` acts on `b` as in "a told b",
    True when the other way ("b told a", "a was told by b"), and how many content words it
    shares with the link and the AFTER words that follow the second name (`called Putin his
    "old friend"` is read where "old friend" follows too). A link reworded word for word reads
    alike (`_reworded`), and a name stands also where "the country" names it again (`_referring`,
    by the evidence's `capital` words) or a description names it (`described`: "his Chinese
    counterpart")."""
    words = _content(link, named)
    # the link's first content word, its head, must be among those shared: "China buys oil
    # from Russia" shares "oil" with "Russia sells oil to China" and says the same
    head = next((stem(t) for t in link if _content([t], named)), "")
    again = {k: [w] for k, w in _referring(theirs, capital).items()} | (described or {})
    at_a = _places(theirs, a) + [k for k, ws in again.items() if _names(a, ws)]
    at_b = _places(theirs, b) + [k for k, ws in again.items() if _names(b, ws)]
    found = []
    for i in at_a:
        for j in at_b:
            between = theirs[min(i, j) + 1 : max(i, j)]
            theirs_words = _content(between, named)
            shared = {w for w in words if any(_kin(w, t) for t in theirs_words)}
            later = _content(_following(theirs, max(i, j) + 1), named)
            # a link of function words alone is the same words, or a short one followed by the
            # same words ("Northgate is Paula Reyes's sporting director" against "Paula Reyes,
            # Northgate's sporting director")
            bare = (
                not words
                and not theirs_words
                and (between == link or len(between) <= BARE and bool(after & later))
            )
            # a description is a weaker tie than a name: what follows must be the sentence's
            # too (`called his Chinese counterpart his "dear friend"` is not where "old friend"
            # follows)
            if (i in (described or {}) or j in (described or {})) and not after <= later:
                continue
            if (
                not between
                or len(between) > LINK
                or RECIPROCAL & set(between)
                or not (head in shared or bare or _reworded(link, between, named))
            ):
                continue
            # a compound modifier reads as a passive: "the Boston-based company Corvane" is
            # Corvane based in Boston
            passive = _passive(between) or _compound(theirs[min(i, j)], between[0], text)
            found.append(((j < i) != passive, len(shared) + len(after & later)))
    return found


def _names(name: list[str], words: list[str]) -> bool:
    return any(_same(x, w) for x in name for w in words)


def _reworded(link: list[str], between: list[str], named: set[str]) -> bool:
    """Two links alike but for their content words, as many in each (`has pledged not to supply`
    for `has vowed to not lend`): the same function words, one at least no article, and no
    content word the same. A converse verb takes other function words (`buys oil from` for
    `sells oil to`) and reads in no direction."""
    ours, theirs = _function(link), _function(between)
    count = len(_content(link, named)), len(_content(between, named))
    return (
        bool(ours - _ARTICLES)
        and ours == theirs
        and count[0] == count[1] > 0
        and not (_content(link, named) & _content(between, named))
    )


def _function(link: list[str]) -> set[str]:
    return {t for t in link if t in STOPWORDS}


_ARTICLES = {"a", "an", "the"}


def _kin(a: str, b: str) -> bool:
    """Two stems of one word, a verb and its noun among them (`invad` for invaded, `invasion`):
    the same, or sharing four letters and three quarters of the shorter."""
    shared = len(os.path.commonprefix([a, b]))
    return a == b or shared >= max(4, 0.75 * min(len(a), len(b)))


def _compound(name: str, word: str, text: str) -> bool:
    """The name and the word make one modifier ("the Boston-based company Corvane"), which puts
    what it modifies first: a passive."""
    return bool(re.search(rf"\b{re.escape(name)}-{re.escape(word)}\b", text))


def _places(tokens: list[str], name: list[str]) -> list[int]:
    """Where the tokens name the name (a word of it, maybe spelled otherwise; "Russian" is no
    "Russia")."""
    return [
        k for k, t in enumerate(tokens) if t not in _NOT_NAMES and any(_same(w, t) for w in name)
    ]


def _following(tokens: list[str], start: int) -> list[str]:
    """The words after a name that say more of what relates it (`his "old friend"`)."""
    return [t for t in tokens[start:] if t != "|"][:AFTER]


def _content(link: list[str], named: set[str]) -> set[str]:
    """The link's content words by stem: no name, stop word or punctuation."""
    return {stem(t) for t in link if t != "|" and t not in STOPWORDS and t not in named
            and not t.isdigit()}  # fmt: skip


def _passive(link: list[str]) -> bool:
    """The link puts its verb in the passive: "was greeted by", "criticised by"."""
    if "by" not in link:
        return False
    before = link[: link.index("by")]
    return bool(_BE & set(before)) or bool(before and re.search(r"(?:ed|en|wn)$", before[-1]))


def role_taken(sentence: str, runs: list[list[str]], closest: str) -> str:
    """A name put where its closest evidence sentence has another one holding the same role:
    the speaker of "said" (`"...," Piet Vos said` against `"...," Anna Holm said after meeting
    Piet Vos`), the one an apposition describes (`Erik Sand, an analyst at ...` against `Ilse
    Korn, an analyst at ...`). The role is the first content word after the name, past
    articles, a copula and clause punctuation only (no role for a name a preposition governs,
    nor "said" past a clause's end: `in Ukraine, said Alexander Gabuev`); its holders in the
    evidence are the names right before each place it stands (over the same words, and "and":
    `Putin and Xi signed`), or right after "said" ending the clause (`..., said Anna Holm.`). A
    swap when every place has holders and the name is none of them; "" otherwise."""
    mine, theirs = _tokens(sentence), _tokens(closest)
    named = {w for run in runs for w in run}
    # a capitalised word ("Foreign Minister") or a time ("Xi last month") plays no role
    told = named | {strip_possessive(fold(w)) for w in _CAPITALISED.findall(sentence)} | _TIMES
    capital = {strip_possessive(fold(w)) for w in _CAPITALISED.findall(closest)}
    capital -= STOPWORDS | _NOT_NAMES | _TITLES
    for i1, i2 in _spans(mine, named):
        at = next((k for k in range(i2, min(i2 + ROLE, len(mine))) if not _leads(mine, k)), 0)
        role = mine[at] if at else ""
        before = mine[i1 - 1] if i1 else ""
        if (
            not role
            # a name a preposition governs holds no role (`in Ukraine, said Alexander Gabuev`),
            # nor one a clause ends before "said" (its speaker follows it)
            or before in STOPWORDS - _SPEECH - _LEAD
            or role in _SPEECH
            and "|" in mine[i2:at]
            or role in told
            or role in STOPWORDS
            and role not in _SPEECH
            or _passive(mine[i2:])
        ):
            continue
        # "said" stands where the evidence reports speech by another verb ("stated")
        places = [k for k, t in enumerate(theirs) if stem(t) == stem(role)
                  or role in _SPEECH and t in REPORTING]  # fmt: skip
        holders = [_holders(theirs, k, capital) for k in places]
        if not places or not all(holders):
            continue
        if not any(_same(w, h) for w in mine[i1:i2] for found in holders for h in found):
            held = " or ".join(" ".join(h).title() for h in holders)
            return f"its source says {held} there ({role}), not {' '.join(mine[i1:i2]).title()}"
    return ""


def _leads(tokens: list[str], k: int) -> bool:
    """The token may stand between a name and the word of its role: an article, "and", clause
    punctuation, or a copula before an article (`is an analyst`, not `was greeted`)."""
    after = tokens[k + 1] if k + 1 < len(tokens) else ""
    return tokens[k] in _LEAD or tokens[k] in _BE and after in _LEAD - {"|", "and"}


def _holders(tokens: list[str], k: int, capital: set[str]) -> list[str]:
    """The names holding the role of the word at k: right before it, over articles, a copula,
    "and" and clause punctuation (unless a preposition governs them), or right after "said"
    when they end the clause."""
    found: list[str] = []
    if k + 1 < len(tokens) and tokens[k + 1] == "by":
        return []  # passive: `was greeted by Anna Holm`
    for j in range(k - 1, max(-1, k - 1 - HOLDER), -1):
        t = tokens[j]
        if t in capital:
            found.insert(0, t)
        elif not _leads(tokens, j):
            # the object of "at", "of", "by" holds nothing (`an analyst at the Orvik Institute,
            # said` is said by the analyst), but the age a comma puts after a name is its own
            # (`named them as Arthur Penhale, 71`)
            if t in STOPWORDS - _SPEECH and not (tokens[k].isdigit() and tokens[k - 1] == "|"):
                found = []
            break
    after = []
    for t in tokens[k + 1 :]:
        if t not in capital:
            break
        after.append(t)
    end = k + 1 + len(after)
    ends = after and tokens[k] in REPORTING and (end == len(tokens) or tokens[end] == "|")
    return found + (after if ends else [])


def doer_swapped(sentence: str, runs: list[list[str]], evidence: list[str]) -> str:
    """A name the sentence makes the doer of an act by a passive (`paid by Bluecrest to
    Aurelia`) that the evidence makes the one the act is done to (`Aurelia would pay Bluecrest
    a fee`) and never its doer: the link check cannot see it, the two names having no words
    between them that the evidence puts between them too."""
    mine = _tokens(sentence)
    for i1, i2 in _spans(mine, {w for run in runs for w in run}):
        if i1 < 2 or mine[i1 - 1] != "by" or not _participle(mine[i1 - 2]):
            continue
        verb, doer = _lemma(mine[i1 - 2]), mine[i1:i2]
        acts = [act for e in evidence for act in _acts(_tokens(e), verb, _capitals(e))]
        done = [who for who, acting in acts if any(_same(w, t) for w in doer for t in who)]
        if done and not any(acting for who, acting in acts if who in done):
            others = [" ".join(who).title() for who, acting in acts if acting]
            return (f"its source says {' or '.join(others) or 'another'} did it ({mine[i1 - 2]}), "
                    f"not {' '.join(doer).title()}")  # fmt: skip
    return ""


def _participle(token: str) -> bool:
    return token in _BASE or bool(re.search(r"(?:ed|en|wn)$", token))


def _lemma(token: str) -> str:
    return stem(_BASE.get(token, token))


def _acts(tokens: list[str], verb: str, capital: frozenset[str]) -> list[tuple[list[str], bool]]:
    """The names the tokens make doers of the verb (True: `Aurelia would pay`, `paid by
    Aurelia`) or the ones it is done to (False: `pay Bluecrest`, `Bluecrest was paid`)."""
    found: list[tuple[list[str], bool]] = []
    for k, t in enumerate(tokens):
        if not _kin(_lemma(t), verb):
            continue
        passive = k + 1 < len(tokens) and tokens[k + 1] == "by"
        j = k - 1
        while j >= 0 and (tokens[j] in _AUXILIARY or tokens[j] in _BE):
            j -= 1
        before = _run(tokens, j, capital, -1)
        after = _run(tokens, k + 2 if passive else k + 1, capital, 1)
        found += [(before, not passive)] if before else []
        found += [(after, passive)] if after else []
    return found


def _run(tokens: list[str], k: int, capital: frozenset[str], step: int) -> list[str]:
    """The name of capitalised words that ends (step -1) or starts (step 1) at k, past an
    article when it starts there."""
    if step == 1 and k < len(tokens) and tokens[k] in {"the", "a", "an"}:
        k += 1
    run: list[str] = []
    while 0 <= k < len(tokens) and tokens[k] in capital:
        run = [tokens[k], *run] if step < 0 else [*run, tokens[k]]
        k += step
    return run


_NAME_RUN = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
# a figure given to a name: `101,745 for Teresa Vail`, `Henley 101,745`, `Anna Holm, 71`
_FIGURE_FOR = re.compile(rf"(\d[\d,.]*\d|\d)\s+(?:[a-z]+\s+)?(?:for|to)\s+(?:the\s+)?({_NAME_RUN})")
_NAME_FIGURE = re.compile(
    rf"({_NAME_RUN})(?:['’]s)?,?\s+(\d[\d,.]*\d|\d)\b(?![\d,.]*\s*(?:%|percent))"
)


def figure_moved(sentence: str, evidence: list[str]) -> str:
    """A figure the sentence gives to one name (`101,745 for Teresa Vail`) that the evidence
    gives only to another (`Vail 101,906 votes and Henley 101,745`), where it gives this name
    another figure: the two names' figures exchanged."""
    theirs = [pair for e in evidence for pair in _figures_held(e)]
    for name, value in _figures_held(sentence):
        holders = [who for who, v in theirs if v == value]
        own = [v for who, v in theirs if set(who) & set(name)]
        if holders and own and value not in own and not any(set(w) & set(name) for w in holders):
            return (f"its source gives {value} to {' or '.join(' '.join(w).title() for w in holders)}, "
                    f"not {' '.join(name).title()}")  # fmt: skip
    return ""


def _figures_held(text: str) -> list[tuple[list[str], str]]:
    """(name words, figure) for each figure the text writes right beside a name; no year, and
    no calendar word or title for a name."""
    # `101,842 votes to Henley's 101,658`: the figure after the possessive is the name's
    found = [(m[2], m[1]) for m in _FIGURE_FOR.finditer(text) if not m[2].endswith(("'s", "’s"))]
    found += [(m[1], m[2]) for m in _NAME_FIGURE.finditer(text)]
    pairs = []
    for name, value in found:
        words = [w for w in (strip_possessive(fold(x)) for x in name.split()) if w not in _NOT_NAMES
                 and w not in STOPWORDS]  # fmt: skip
        if words and not re.fullmatch(r"(?:19|20)\d\d", value):  # "1,906" is no year
            pairs.append((words, value.replace(",", "")))
    return pairs


# where a sentence names a place: "arrived in X", "at the X", "went to X"
_PLACE_SLOT = place_slot(r"(?:went|flew|travel+ed|returned|headed) to")
_PLACED = re.compile(_PLACE_SLOT + PLACE_NAME)
# where a sentence says a name is a place: "X was the first state", "X is a city"
_PLACE_NOUN = r"(?:country|countries|state|states|nation|city|town|capital|province|region|place)"
_IS_PLACE = re.compile(
    rf"(?<![\w'’-])({RUN})\s+(?:is|was|are|were|became|remains)\s+(?:the|a|an|one of the)\s+"
    rf"(?:[a-z]+\s+){{0,2}}{_PLACE_NOUN}\b"
)


def person_placed(sentence: str, passages: str) -> str:
    """A name the passages give as a person's only, where the sentence names a place (`Beijing
    arrived in Putin`, `an expert at the Markus Garlauskas`, `Harbin went to Putin`, `Putin was
    the first state China visited`) and the passages never write it so: a person and a place
    traded roles."""
    for m in (*_PLACED.finditer(sentence), *_IS_PLACE.finditer(sentence)):
        if is_person(m[1], "", passages) and not _written_as_place(m[1], passages):
            return f"its sources name {m[1]} as a person, not a place"
    return ""


def _written_as_place(name: str, passages: str) -> bool:
    return bool(re.search(rf"{_PLACE_SLOT}{re.escape(name)}\b", passages)) or any(
        re.search(rf"\b{re.escape(name)}$", m[1]) for m in _IS_PLACE.finditer(passages)
    )


# a personal pronoun that reports speech (`she said`, `said he`) stands for a person
_SPEAKING = {"he", "she"}
SPOKEN = 0.5  # share of a reported claim's terms its source sentence must hold
REWORDED = 0.3  # ... when two names of it must also stand exchanged there (a paraphrase)
_BEFORE_SAID = {"also", "has", "had", "later", "then"}  # `Piet Vos also said`


def speaker_swapped(sentence: str, named: set[str], evidence: list[tuple[str, str]],
                    passages: str) -> str:  # fmt: skip
    """A name the sentence makes the speaker of a claim (`Anna Holm said X`) that the evidence
    sentence reporting X (at least SPOKEN of its terms, any evidence sentence, not only the
    closest: an answer joins clauses of several) gives to another speaker: a name holding its
    reporting verb (`..., said Erik Sand`), or "he"/"she", which stands for a person named
    before it in its sentence or in the sentences before it (`lead`), never a place or a body
    (`Maria Delgado reopened the Blue Door café on Castle Street. "I've spent £600," she
    said.` is not said by Castle Street). `evidence` pairs each sentence with its lead; ""
    when the speaker fits, or the evidence names none."""
    mine = _tokens(sentence)
    for i1, i2 in _spans(mine, named):
        k = i2 + (i2 < len(mine) and mine[i2] in _BEFORE_SAID)
        if k >= len(mine) or mine[k] not in REPORTING:
            continue
        text, lead = _reporting(mine[k + 1 :], evidence, SPOKEN)
        if not text:
            continue
        speakers = _speakers(text, lead, passages)
        who = mine[i1:i2]
        if speakers and not any(_same(w, s) for w in who for s in speakers):
            return (f"its source gives those words to {' or '.join(sorted(speakers)).title()}, "
                    f"not {' '.join(who).title()}")  # fmt: skip
    return ""


def _reporting(
    claim: list[str], evidence: list[tuple[str, str]], least: float = 0.5
) -> tuple[str, str]:
    """The evidence sentence (and its lead) that reports the claim's words: one with a reporting
    verb holding at least `least` of the claim's terms (three at least); ("", "") when none."""
    said = set(terms(" ".join(t for t in claim if t != "|")))
    if len(said) < 3:
        return "", ""
    scored = [(len(said & set(terms(e))) / len(said), e, lead) for e, lead in evidence
              if REPORTING & set(_tokens(e))]  # fmt: skip
    share, text, lead = max(scored, default=(0.0, "", ""))
    return (text, lead) if share >= least else ("", "")


def subject_swapped(sentence: str, named: set[str], evidence: list[tuple[str, str]]) -> str:
    """The name that opens a reported claim (`He said Velmor is trying to cut its exposure to
    Orvik`) where the evidence sentence reporting it opens it with another name of the claim and
    puts this one later (`He said Orvik is seeking to cut its exposure to Velmor`): the two
    exchanged, whatever the words between them (a paraphrase may reword them all, so REWORDED
    of the claim's terms will do). Not read in a passive (`by`), which puts the doer last."""
    mine = _tokens(sentence)
    for k in (k for k, t in enumerate(mine) if t in REPORTING):
        ours = _opening(mine, k, named)
        text = _reporting(mine[k + 1 :], evidence, REWORDED)[0] if ours else ""
        if not text or "by" in mine[k + 1 :]:
            continue
        theirs = _tokens(text)
        capital = set(_capitals(text))
        for j in (j for j, t in enumerate(theirs) if t in REPORTING):
            other = _opening(theirs, j, capital)
            rest, later = theirs[j + 1 + len(other) :], mine[k + 1 + len(ours) :]
            if (
                other
                and "by" not in theirs[j + 1 :]
                and not any(_same(w, o) for w in ours for o in other)
                and any(_same(w, t) for w in ours for t in rest)
                and any(_same(o, t) for o in other for t in later)
            ):
                return (f"its source has {' '.join(other).title()} where it has "
                        f"{' '.join(ours).title()}, and the other way round")  # fmt: skip
    return ""


def _opening(tokens: list[str], k: int, named: set[str] | frozenset[str]) -> list[str]:
    """The name right after the reporting verb at k (past "that"): whom its claim is about."""
    start = k + 1 + (tokens[k + 1 : k + 2] == ["that"])
    found = []
    for t in tokens[start : start + 3]:
        if t not in named:
            break
        found.append(t)
    return found


def _speakers(text: str, lead: str, passages: str) -> set[str]:
    """The name words holding the text's reporting verbs, a pronoun's antecedents for one it
    gives them to; empty when any of its reporting verbs has no speaker it can tell (`the mayor
    said`)."""
    theirs, capital = _tokens(text), _capitals(text)
    found: set[str] = set()
    for k in (k for k, t in enumerate(theirs) if t in REPORTING):
        before = theirs[k - 1] if k else ""
        after = theirs[k + 1 : k + 3]
        if before in _SPEAKING or after[:1] and after[0] in _SPEAKING and after[1:] in ([], ["|"]):
            at = max(0, fold(text).find(f" {before or after[0]} "))
            people = _people(f"{lead} {text[:at]}", passages)
            if not people:
                return set()
            found |= people
            continue
        holders = _holders(theirs, k, set(capital))
        if not holders:
            return set()
        found |= set(holders)
    return found


def _people(text: str, passages: str) -> set[str]:
    """The words of the names in the text that may be a person's: none of a place or a body."""
    return {w for m in re.finditer(RUN, text) if is_person(m[0], text, passages) is not False
            and not is_body(m[0]) for w in _capitals(m[0]) if not w.startswith("i'")}  # fmt: skip


# nouns that describe a person by office, where a nationality word says whose ("the Russian
# president", "his Chinese counterpart"); the first two may stand for any office
_OFFICES = {"leader", "counterpart", *(t.lower() for t in PERSON_TITLES.split("|"))}
_DESCRIBING = re.compile(
    rf"\b([A-Z][a-z]+)\s+((?:[A-Z][a-z]+\s+)?(?:(?:{PERSON_TITLES}|leader)\s+)+)({RUN})"
)


def descriptions(passages: str) -> dict[tuple[str, str], list[str]]:
    """(nationality word, office) -> the words of the one person the passages title so
    (`Russian President Vladimir Putin`: ("russian", "president") -> vladimir, putin; "Russian
    Foreign Minister Sergei Lavrov" gives ("russian", "minister") and ("russian", "foreign")); an
    office of "leader" or "counterpart" is any office of the one person the word titles. A word
    that titles two people names neither; a word the passages write in lower case is none."""
    lower = set(re.findall(r"\b[a-z]+", passages))
    found: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    for m in _DESCRIBING.finditer(passages):
        word = fold(m[1])
        # a nationality is written only capitalised ("Foreign Minister" is no one's), and
        # heads no longer name ("New York Times President ...")
        if (word in lower or word in STOPWORDS or word in _CALENDAR
                or re.search(r"[A-Z]\w*\s+$", passages[max(0, m.start() - 30) : m.start()])):  # fmt: skip
            continue
        person = tuple(w for w in _capitals(m[3]) if w not in STOPWORDS and len(w) > 1)
        offices = {fold(t) for t in m[2].split()}
        for office in offices | {"leader", "counterpart"}:
            found.setdefault((word, office), set()).add(tuple(sorted(person)))
    return {k: list(v.pop()) for k, v in found.items() if len(v) == 1}


def _described_at(
    tokens: list[str], described: dict[tuple[str, str], list[str]]
) -> dict[int, list[str]]:
    """Where the tokens describe a person (`the Russian president`, `his Chinese counterpart`):
    the office's place -> that person's name words."""
    return {k: described[(tokens[k - 1], t)] for k, t in enumerate(tokens)
            if k > 1 and t in _OFFICES and (tokens[k - 1], t) in described
            and tokens[k - 2] in _DETERMINERS}  # fmt: skip


# a name's possessive and the words of a role after it: `Paula Reyes's sporting director`
_POSSESSED = re.compile(rf"({_NAME_RUN})['’]s\s+((?:[a-z]+\s+){{0,2}}[a-z]+)\b")


def owner_swapped(sentence: str, evidence: list[str]) -> str:
    """A name the sentence gives a role (`Northgate is Paula Reyes's sporting director`) where the
    evidence says the name holds that role itself (`the club's sporting director, Paula Reyes,`,
    `Paula Reyes, the sporting director`) and never gives it one: the holder and the one it
    serves exchanged."""
    for m in _POSSESSED.finditer(sentence):
        owner = [w for w in (fold(x) for x in m[1].split()) if w not in STOPWORDS]
        words = m[2].split()
        role = words[: next((k for k, w in enumerate(words) if w in STOPWORDS), len(words))]
        if (
            not owner
            or not role
            or any(
                # written so, a quote perhaps between: `China's "approaches to ..."`
                re.search(rf"\b{re.escape(fold(m[1]))}'s\W+{re.escape(role[0])}", fold(e))
                for e in evidence
            )
        ):
            continue
        for e in evidence:
            theirs, capital = _tokens(e), set(_capitals(e))
            for k in (k for k, t in enumerate(theirs) if stem(t) == stem(role[-1])):
                holders = _holders(theirs, k, capital) + _appositive(theirs, k, capital)
                if any(_same(w, h) for w in owner for h in holders):
                    return (f"its source says {' '.join(owner).title()} is the {' '.join(role)}, "
                            f"not that it has one")  # fmt: skip
    return ""


def _appositive(tokens: list[str], k: int, capital: set[str]) -> list[str]:
    """The name a comma puts right after a role's word (`sporting director, Paula Reyes,`)."""
    found = []
    for t in tokens[k + 2 :] if tokens[k + 1 : k + 2] == ["|"] else []:
        if t not in capital:
            break
        found.append(t)
    return found
