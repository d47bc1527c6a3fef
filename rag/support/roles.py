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

from rag.persons import PLACE_NAME, is_person, place_slot
from rag.support.names import (
    _CAPITALISED,
    _NOT_NAMES,
    _TIMES,
    _TITLES,
    _capitals,
    _referring,
    _same,
    _spans,
    _tokens,
)
from rag.text import STOPWORDS, fold, stem, strip_possessive
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
_BASE = {form: base for base, forms in PAST_FORMS_OF.items() for form in forms}  # paid -> pay
BARE = 2  # a link of at most this many function words relates what the same words follow


def roles_swapped(sentence: str, runs: list[list[str]], evidence: list[str]) -> str:
    """Two names of the sentence that the evidence relates by the same words the other way
    round, where the evidence sentences that relate them most alike (`_readings`) never do so
    this way; "" when there are none."""
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
                for r in _readings(theirs, text, a, b, link, after, named, capital)
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
) -> list[tuple[bool, int]]:
    """Each place where the evidence relates `a` and `b` by the link's content words, its first
    among them (or, when it has none, by the same words, "in", or by BARE function words before
    the same words after), with its direction, False when `a` acts on `b` as in "a told b",
    True when the other way ("b told a", "a was told by b"), and how many content words it
    shares with the link and the AFTER words that follow the second name (`called Putin his
    "old friend"` is read where "old friend" follows too). A link reworded word for word reads
    alike (`_reworded`), and a name stands also where "the country" names it again (`_referring`,
    by the evidence's `capital` words)."""
    words = _content(link, named)
    # the link's first content word, its head, must be among those shared: "China buys oil
    # from Russia" shares "oil" with "Russia sells oil to China" and says the same
    head = next((stem(t) for t in link if _content([t], named)), "")
    again = _referring(theirs, capital)
    at_a = _places(theirs, a) + [k for k, w in again.items() if any(_same(x, w) for x in a)]
    at_b = _places(theirs, b) + [k for k, w in again.items() if any(_same(x, w) for x in b)]
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


def person_placed(sentence: str, passages: str) -> str:
    """A name the passages give as a person's only, where the sentence names a place (`Beijing
    arrived in Putin`, `an expert at the Markus Garlauskas`, `Harbin went to Putin`) and the
    passages never write it so: a person and a place traded roles."""
    for m in _PLACED.finditer(sentence):
        if is_person(m[1], "", passages) and not re.search(
            rf"{_PLACE_SLOT}{re.escape(m[1])}\b", passages
        ):
            return f"its sources name {m[1]} as a person, not a place"
    return ""
