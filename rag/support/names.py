"""Names as the support rule reads them: capitalised runs, whether the passages mention them
(spelling variants, initials, parts written apart), and where one takes another's place."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from difflib import SequenceMatcher
from typing import TypeVar, cast

from rag.persons import is_person
from rag.support.figures import _ORDINALS, _UNITS
from rag.text import (
    MONTHS,
    STOPWORDS,
    WEEKDAYS,
    fold,
    split_sentences,
    stem,
    strip_possessive,
    words,
)

T = TypeVar("T")

SPELLING = 0.8  # name spellings at least this similar are one name (Andrey / Andrei)
REACH = 4  # tokens after a name where the words that place it are looked for
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
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,6}\b")
_FULL_NAME = re.compile(r"[A-Z][a-z]+(?:\s+(?:(?:of|for|the|and)\s+)?[A-Z][a-z]+)+")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
_TITLES = {"mr", "ms", "mrs", "dr"}
# nationality words whose country is usually written by its initials
_DEMONYMS = {"us": "american", "usa": "american", "uk": "british"}
# a name inside a longer one that names a place or body of its own: `Modi of Canada`, `the Great
# Hall of the People`, `Taiwan's Security Council`
_TAIL = re.compile(r"\b(?:of|for)\s+(?:the\s+)?([A-Z][\w-]*)|\b([A-Z][\w-]*)['’]s\s+[A-Z]")
_COUNTS = {*_UNITS, *_ORDINALS, "one"}  # number words, which open a sentence as no name
# words of time, which say when, not who: `Xi last month` plays no role
_TIMES = frozenset({*MONTHS, *WEEKDAYS, *"last next this month year week day today".split(),
          *"yesterday tomorrow earlier later ago".split()})  # fmt: skip
_RELATIVES = {"that", "which", "who", "whom", "whose", "where", "when"}
_PRONOUNS = {"he", "she", "they", "him", "them", "his", "her", "its", "their"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those"}
# nouns that name again, after "the", a country or body named before in the sentence ("the
# country", "the club's"): institutions and places, no persons ("the Chinese leader" may be
# either of two leaders named before)
REFERRING = {"country", "nation", "city", "town", "company", "firm", "club", "team", "group",
             "government", "bank", "party", "agency", "university"}  # fmt: skip
_PEOPLE = re.compile(r"\w+ans")  # Orvikans, Ukrainians: a people, not its country
_GLUE = {*_DETERMINERS, *"and or but of in on at to for with by from as into than".split()}


def names(
    text: str, whole: bool = True, known: frozenset[str] = frozenset(), openers: bool = False
) -> list[list[str]]:
    """Runs of capitalised words that name someone or something (`Center for Naval Analyses`),
    folded. The sentence's first word counts only inside a longer run (`Elvis Presley went`),
    not alone (`Trade reached...` is an opener), unless it is possessive (`India's officials`)
    or one of the `known` names (`Ukraine said ...`, where the passages write `Ukraine` only as
    a name); with `openers`, alone too (what may stand in a name's place). With `whole=False`,
    a run is not joined over of, for and the (`Cheng Xiaohe` and `School`, `International
    Studies`)."""
    joiner = _JOINER if whole else _JOINER_APART
    runs: list[list[str]] = []
    last_end = -1
    opener = False  # runs[-1] is the sentence's first word, alone so far
    for m in _NAME_WORD.finditer(text):
        word = strip_possessive(fold(m.group().rstrip(".'’")))
        parts = [w for w in word.split("-") if w not in _NOT_NAMES and w not in STOPWORDS]
        if not parts or len(word) < 2:
            last_end = -1
            continue
        joined = last_end >= 0 and joiner.fullmatch(text[last_end : m.start()])
        if joined:
            runs[-1] += parts
            opener = False
        else:
            if opener and not openers:
                runs.pop()
            runs.append(parts)
            possessive = re.match(r"['’]s\b", text[m.end() :]) or m.group().endswith(("'s", "’s"))
            opener = not (text[: m.start()].strip(" \"“‘'([") or possessive or word in known)
            if opener and word in _COUNTS:  # "Four opened on Wednesday": a count, no name
                runs.pop()
                opener, last_end = False, -1
                continue
        last_end = m.end()
    if opener and not openers:
        runs.pop()
    return runs


def untitled(run: list[str], common: set[str]) -> list[str]:
    """The name without the words before it that the passages write only in lower case, as a
    common noun: its holder's role (`Commissioner Denise Ocampo` for `the lone commissioner ...,
    Denise Ocampo`), not its name. The last word always stays."""
    k = 0
    while k < len(run) - 1 and run[k] in common:
        k += 1
    return run[k:]


def known_names(passages: str) -> frozenset[str]:
    """The words the passages write only capitalised, and at least once inside a sentence: names
    (`Ukraine`), not sentence openers (`Trade`)."""
    lower = set(re.findall(r"\b[a-z][\w'’-]*", passages))
    inside = {
        strip_possessive(fold(m[1]))
        for m in re.finditer(r"(?:[\w,;:]|\b(?:Mr|Ms|Mrs|Dr)\.)\s+([A-Z][\w'’-]*)", passages)
    }
    return frozenset(
        w for w in inside if w not in lower and w not in _NOT_NAMES and w not in STOPWORDS
    )


class Lexicon:
    """What the whole collection writes as names. A name put in another's place is mostly one
    the collection holds: an opening word or the head word of a longer name that the cited
    passages lack is looked up in it. Read on demand (a search of the collection's text per
    word asked), so a large collection costs nothing until a sentence asks."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._text = "\n".join(texts)
        self._asked: dict[str, bool] = {}
        self._derived: dict[str, object] = {}

    def is_name(self, word: str) -> bool:
        """The collection writes the (folded) word only capitalised, at least once inside a
        sentence, as `known_names` reads passages."""
        if word not in self._asked:
            inside = any(_inside(self._text, at) for at in self._written(word))
            lower = next(_whole(self._text, word), None) is not None
            self._asked[word] = inside and not lower and word not in _NOT_NAMES
        return self._asked[word]

    def alone(self, word: str) -> bool:
        """A name of the collection's that it also writes by itself inside a sentence, with no
        capitalised word beside it (`Mr. Belousov said`, `in Alaska`): a name of its own, not
        only the generic head of longer ones (`Levada Center`)."""
        key = f"alone {word}"
        if key not in self._asked:
            self._asked[key] = self.is_name(word) and any(
                _by_itself(self._text, at, at + len(word)) for at in self._written(word)
            )
        return self._asked[key]

    def writes(self, run: list[str]) -> bool:
        """The collection writes the whole name: its words in order, joined at most by of,
        for, the and the like (`Center for Naval Analyses`)."""
        joined = r"(?:\W+(?:of|for|the|and|de|van|von|al)\b)*\W+".join(map(re.escape, run))
        name = re.compile(rf"{joined}\b", re.I)
        return any(name.match(self._text, at) for at in self._written(run[0]))

    def derived(self, key: str, make: Callable[[str], T]) -> T:
        """What `make` reads from the whole collection's text, read once (`key` names it)."""
        if key not in self._derived:
            self._derived[key] = make(self._text)
        return cast(T, self._derived[key])

    def _written(self, word: str) -> Iterator[int]:
        """Where the (folded) word stands capitalised (`Alaska`). Not in capitals: those are
        headlines and datelines as often as names (`12:19 PM`, `PUTIN AND XI SHOW ...`)."""
        return _whole(self._text, word.capitalize())


def _whole(text: str, word: str) -> Iterator[int]:
    """Where the word stands in the text as a whole word (a plain search: a collection is
    large)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            yield at
        at = text.find(word, end)


def _inside(text: str, at: int) -> bool:
    """The word at `at` stands inside a sentence: after a word, a comma or the like, or a
    title (`Mr. Belousov`)."""
    return bool(re.search(r"(?:[\w,;:]|\b(?:Mr|Ms|Mrs|Dr)\.)\s+$", text[max(0, at - 8) : at]))


NO_LEXICON = Lexicon()  # no collection at hand: only the cited passages are read
_WRITTEN_TITLES = {"Mr.", "Ms.", "Mrs.", "Dr.", "Mr", "Ms", "Mrs", "Dr"}


def _by_itself(text: str, start: int, end: int) -> bool:
    """The word at text[start:end] stands inside a sentence with no capitalised word beside it
    (a title before it is no name: `Mr. Belousov`)."""
    before = re.search(r"(\S+)[ \t]+$", text[max(0, start - 40) : start])
    after = re.match(r"(?:['’]s)?[ \t]+(\S+)", text[end : end + 40])
    if not before or before[1][-1] in '.!?"“' and before[1] not in _WRITTEN_TITLES:
        return False  # a sentence's first word
    return not (before[1][0].isupper() and before[1] not in _WRITTEN_TITLES) and not (
        after and after[1][0].isupper()
    )


def _mentioned(
    run: list[str],
    known: list[str],
    tails: frozenset[str] = frozenset(),
    collection: Lexicon = NO_LEXICON,
    capitals: frozenset[str] | None = None,
) -> bool:
    """A name is mentioned when most of its words occur together and in its order in the
    passages (`Andrei R. Belousov` for `Andrei Belousov`); the one word missing there may only
    be a spelling variant (`Heart for Naval Analyses` for `Center ...`; two are a name of their
    own: `Joe Biden of the School of ...`), not a word found elsewhere (`Karen Putin` is not
    mentioned by `Karen Donfried ... Putin`), nor one of the `tails`: a name of its own inside
    the run (`Modi of Canada`, `Taiwan's Security Council`), nor one the collection writes as a
    name by itself (`Belousov for Naval Analyses`; `Center` only heads longer names) unless it
    writes the whole name so. With the `capitals` the passages write (capitalised words), a
    variant stands in its place: a capitalised word is there (`Center for Elizabeth Wishnick` is
    not `said Elizabeth Wishnick`)."""
    width = len(run) + 3
    vocabulary = set(known)
    spelled = {w: {k for k in vocabulary if _same(w, k)} for w in run}
    at = {w: [i for i, k in enumerate(known) if k in spelled[w]] for w in run}
    for start in sorted({i for found in at.values() for i in found}):
        inside, last = [], start - 1  # in the run's order: `Alexander Ukraine` is not `Ukraine,
        places = []  # said Alexander Gabuev`
        for w in run:
            found = [i for i in at[w] if last < i < start + width]
            if found:
                inside.append(w)
                last = min(found)
                places.append(last)
        if len(inside) * 2 <= len(run) or len(run) - len(inside) > 1:
            continue
        if not all(w in inside or not collection.alone(w) or collection.writes(run) for w in run):
            continue
        missing = [k for k, w in enumerate(run) if w not in inside]
        if not missing:
            return True
        w = run[missing[0]]
        if not (at[w] or w in tails) and (
            capitals is None or _variant_in_place(missing[0], places, known, capitals)
        ):
            return True
    return False


def _variant_in_place(
    missing: int, places: list[int], known: list[str], capitals: frozenset[str]
) -> bool:
    """The passages write a capitalised word where the run's missing word would stand: before
    its first word found, after its last, or between the two found around it (`of`, `for`,
    `the` skipped)."""
    if missing == 0:
        span = range(places[0] - 1, max(-1, places[0] - 4), -1)
    elif missing == len(places):
        span = range(places[-1] + 1, min(len(known), places[-1] + 4))
    else:
        span = range(places[missing - 1] + 1, places[missing])
    for k in span:
        if known[k] not in ("of", "for", "the"):
            return known[k] in capitals
    return False


def _parts_mentioned(run: list[str], sentence: str, known: list[str]) -> bool:
    """Each part of two or more words of a name joined of names by of or for is mentioned
    itself: the one word a long name may miss is not half of a person's name (`Alexander Kong
    of Carnegie Russia Eurasia Center` against `Alexander Gabuev, director of Carnegie Russia
    Eurasia Center`)."""
    parts = [p for p in names(sentence, whole=False) if len(p) > 1 and _contains(run, p)]
    return len(parts) < 2 or all(_mentioned(p, known) for p in parts)


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
    meant: frozenset[str] | set[str] = frozenset(),
) -> str:
    """A name that takes another name's place in an evidence sentence that otherwise says the
    same around it (`between Beijing and Chinese` for `between Russians and Chinese`), when the
    passages mention it elsewhere (or its full form: `the UK` for `the United States`, where
    they name the United Kingdom): a role swap, which a mention check alone lets through. A
    name the evidence sentence gives by a pronoun (`meant`, `referents`) may be added: `the
    3,100 Redfern Electric customers` for `the 3,100 customers it cut off`."""
    named = {w for run in runs for w in run}
    capitalised = {strip_possessive(fold(w)) for w in _CAPITALISED.findall(evidence)}
    capitalised -= STOPWORDS | _TITLES  # `China’s` is the name China
    mine, theirs = _tokens(sentence), _tokens(evidence)
    vocabulary = set(known)

    def _spelled(word: str) -> bool:  # mentioned in the passages, maybe spelled otherwise
        return word in vocabulary or word in aliased or any(_same(word, k) for k in vocabulary)

    # the evidence's name words, as `_capitals` reads them: those above but for _NOT_NAMES
    if again := _named_again(
        runs, mine, theirs, _referring(theirs, frozenset(capitalised - _NOT_NAMES))
    ):
        return again
    for tag, i1, i2, j1, j2 in _alignment(mine, theirs):
        new = mine[i1:i2]
        if not new or len(new) > 3 or not (set(new) <= named and all(_spelled(w) for w in new)):
            continue
        if tag == "delete" or (tag == "replace" and set(theirs[j1:j2]) <= _DETERMINERS):
            if (not any(_same(w, k) for w in new for k in theirs)
                    and not set(new) <= meant
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
            if _abbreviates(new, old) or _abbreviates(old, new) or _demonym(new, old):
                continue  # `the US` for `the United States` or `the American`
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


_IT = re.compile(r"\b(?:it|its)\b", re.IGNORECASE)
_HE = re.compile(r"\b(?:he|she|him|his|her)\b", re.IGNORECASE)


def referents(text: str, before: str, known: frozenset[str]) -> set[str]:
    """The name words a sentence's singular pronouns stand for: for each `it`/`its` the nearest
    name before it, in its sentence or in `before` (the sentences before it in its passage),
    that nothing marks as a person's, for each `he`/`she` the nearest that something does
    (`rag.persons`). `Power has been restored to ... the customers it cut off` after `Redfern
    Electric ... said it welcomed ...`: it is Redfern Electric."""
    found: set[str] = set()
    for pattern, person in ((_IT, False), (_HE, True)):
        for m in pattern.finditer(text):
            ahead = [*split_sentences(before), text[: m.start()]]
            context = " ".join(ahead)
            runs = [(run, s) for s in ahead for run in names(s, known=known)]
            for run, said in reversed(runs):
                if (is_person(" ".join(run), said, context) is True) == person:
                    found.update(run)
                    break
    return found


def _named_again(
    runs: list[list[str]], mine: list[str], theirs: list[str], referents: dict[int, str]
) -> str:
    """A name put where the evidence names another again (`toward Levada Center.` for `of China
    ...; toward the country, according to the Levada Center`), the same token before and after
    both, not only function words: a swap when the sentence names that other one elsewhere and
    the evidence this one, both present, in each other's places."""
    for i1, i2 in _spans(mine, {w for run in runs for w in run}):
        new = mine[i1:i2]
        for k, said in referents.items():
            around = [mine[i1 - 1] if i1 else "", mine[i2] if i2 < len(mine) else "|"]
            if (
                around
                != [theirs[k - 2] if k > 1 else "", theirs[k + 1] if k + 1 < len(theirs) else "|"]
                or set(around) <= _GLUE | {"|", ""}
                or any(_same(w, said) for w in new)
                or not any(_same(said, t) for t in mine[:i1] + mine[i2:])
                or not all(any(_same(w, t) for t in theirs) for w in new)
            ):
                continue
            return f"its source says the {theirs[k]} ({said.title()}) there, not {' '.join(new).title()}"
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
    capitalised = {strip_possessive(fold(w)) for w in _CAPITALISED.findall(evidence)}
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
            if _as_often(old, mine, theirs, (j1, j2)) or _abbreviates(new, old):
                continue
            # the two exchanged: the sentence names the other one too, out of its place, so one
            # side alike is enough though the evidence names this one elsewhere (`Xi shared
            # Putin's critical view` for `Putin concurred with Mr. Xi's critical view`)
            exchanged = bool(said) and any(_same(w, t) for w in old for t in mine)
            if new in runs and (
                _alike_around(mine, (i1, i2), theirs, (j1, j2), both=bool(said))
                or exchanged
                and _alike_around(mine, (i1, i2), theirs, (j1, j2), plain=_TIMES)
            ):
                return f"its source says {' '.join(old).title()}, not {' '.join(new).title()}"
    return ""


def _as_often(old: list[str], mine: list[str], theirs: list[str], at: tuple[int, int]) -> bool:
    """The sentence names the other name as often as the evidence sentence does, and once in its
    place there: it is there, not replaced (`Xi called Moscow his old friend, and Putin called
    Xi ...` names Putin, but not where `Xi addressed Putin as his old friend` does)."""
    hits = [any(_same(w, t) for w in old) for t in mine]
    spans = _spans(mine, {t for t, hit in zip(mine, hits, strict=True) if hit})

    def count(tokens: list[str]) -> int:  # runs of its words: `Vladimir V. Putin` is one
        found = [any(_same(w, t) for w in old) for t in tokens]
        return sum(hit and not (k and found[k - 1]) for k, hit in enumerate(found))

    placed = any(_alike_around(mine, span, theirs, at) for span in spans)
    return placed and count(mine) >= count(theirs)


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
                  other: tuple[int, int], both: bool = False,
                  plain: frozenset[str] = frozenset()) -> bool:  # fmt: skip
    """The same word (by stem) just before and just after both spans, or (unless `both`) the
    same two words just before or just after them, or the same relative clause opening after
    them, or (unless `both`) the same two content words after them within REACH words of the
    clause (`called Moscow his "old friend"` for `addressed Putin as his "old friend"`: the verb
    may differ, what follows stays); not only articles, conjunctions and prepositions, nor
    only the `plain` words."""
    (i1, i2), (j1, j2) = span, other
    glue = _GLUE | {stem(w) for w in plain}

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
    following = _content_after(mine, i2, plain), _content_after(theirs, j2, plain)
    return (relative and not both) or (
        not both and len(following[0]) == 2 and following[0] == following[1]
    ) or any(
        a == b and "" not in a and "|" not in a and not set(a) <= glue
        for a, b in (sides[:1] if both else sides)
    )  # fmt: skip


def _content_after(tokens: list[str], k: int, plain: frozenset[str] = frozenset()) -> list[str]:
    """The first two content words (by stem) in the REACH tokens after position k, in its
    clause, none of the `plain` words; no name (names are what may have changed)."""
    found = []
    for t in tokens[k : k + REACH]:
        if t == "|":
            break
        if t not in _GLUE and t not in STOPWORDS and t not in plain:
            found.append(stem(t))
    return found[:2]


def _demonym(new: list[str], old: list[str]) -> bool:
    """The country a nationality word names, in its place: `the US envoy` for `the American
    envoy`, `Russia's` for `Russian` (its name opens the word), not another country's."""
    if len(new) != 1 or len(old) != 1:
        return False
    name, adjective = new[0], old[0]
    if _DEMONYMS.get(name) == adjective:
        return True
    return len(name) >= 4 and adjective.startswith(name[:4]) and adjective != name


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
    return [strip_possessive(t) if t[0].isalnum() else "|" for t in kept]


def _same(name: str, word: str) -> bool:
    """The same word, or a spelling variant of a long one (Andrey / Andrei)."""
    if name == word:
        return True
    return (len(name) >= 5 and abs(len(word) - len(name)) <= 2 and name[0] == word[0]
            and SequenceMatcher(None, name, word).ratio() >= SPELLING)  # fmt: skip


def _referring(tokens: list[str], capital: frozenset[str]) -> dict[int, str]:
    """Where "the" and a REFERRING noun name again the name just before them in the sentence
    (`opinion of China improved; ... toward the country, according to`): place -> that name's
    last word; a people in the plural is none (`of Velmor improved; 70 percent of Orvikans now
    view the country`)."""
    found = {}
    for k in range(1, len(tokens)):
        if tokens[k] in REFERRING and tokens[k - 1] == "the":
            named = (
                t for t in reversed(tokens[: k - 1]) if t in capital and not _PEOPLE.fullmatch(t)
            )
            before = next(named, "")
            if before:
                found[k] = before
    return found


def _capitals(text: str) -> frozenset[str]:
    """The text's capitalised words that may name someone (no title, stop word or nationality)."""
    words = {strip_possessive(fold(w)) for w in _CAPITALISED.findall(text)}
    return frozenset(words - STOPWORDS - _NOT_NAMES - _TITLES)
