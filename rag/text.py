"""Small text helpers shared by retrieval, answering and citation checks: sentences and terms."""

from __future__ import annotations

import math
import re
import unicodedata

# Terminal escape sequences (CSI, OSC, and any other ESC-led pair): text from documents, file names
# and models must not retitle, recolour or rewrite the user's terminal, nor leave "[31m" behind
# once their ESC is dropped as a control character.
ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|\x9b[0-?]*[ -/]*[@-~]"
)

#: What a sentence may open with before its first capital: a quotation mark or a bracket.
OPENERS = "\"“‘'(["

# Titles and initials that end in a period without ending the sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gen", "gov", "st", "jr", "sr", "vs", "no",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
    "inc", "co", "corp", "ltd", "e.g", "i.e", "etc",
}  # fmt: skip
# The closing quote marks and brackets after a sentence's end stay with it ("... countries.”").
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’')\]])|(?<=[.!?…][\"”’')\]]{2}))\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+"
)

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves said says say mr ms
    mrs according actually really exactly""".split()  # last: a question's emphasis, never stated
)
MONTHS = tuple(
    "january february march april may june july august september october november december".split()
)
WEEKDAYS = tuple("monday tuesday wednesday thursday friday saturday sunday".split())
#: Months and weekdays as regex alternatives, capitalised as dates are written: "May" is the
#: month, "may" the verb.
MONTH_NAME = "|".join(m.capitalize() for m in MONTHS)
WEEKDAY_NAME = "|".join(d.capitalize() for d in WEEKDAYS)
# One marker: `[2]`, `[ 2 ]`, `[2, 3]`, `[2;3]`, `[2-3]`; `[2][3]` is two of them.
_LIST = r"\s*(\d{1,3}(?:\s*[,;\-–]\s*\d{1,3})*)\s*"
MARKER = rf"\[{_LIST}\]"
# What a document may hold that a parser (ours, or a model copying it) could read as a marker:
# every form above, also in full-width and lenticular brackets. Defused into parentheses.
_LOOKALIKE = re.compile(rf"[\[［【〔〖]{_LIST}[\]］】〕〗]")
WORD = re.compile(r"[a-z0-9]+(?:[.'’][a-z0-9]+)*")  # a folded word token


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping `Mr. Putin` and `Vladimir V. Putin` whole."""
    return [sentence for sentence, _ in sentence_pieces(text)]


def sentence_pieces(text: str) -> list[tuple[str, bool]]:
    """`split_sentences` with, for each, whether it is a piece of a run of words without
    punctuation (see `_run_pieces`) rather than a sentence."""
    pieces = _SENTENCE_END.split(text)
    sentences: list[str] = []
    for piece in (p.strip() for p in pieces if p and p.strip()):
        if sentences and _ends_with_abbreviation(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return [piece for sentence in sentences for piece in _run_pieces(sentence)]


# No sentence in the news we read runs this long (the seeds' longest is 59 words): a longer one is
# text without punctuation (a transcript, an export), read in pieces of about `_PIECE_WORDS`.
_RUN_WORDS = 100
_PIECE_WORDS = 30


def _run_pieces(sentence: str) -> list[tuple[str, bool]]:
    if sentence.count(" ") < _RUN_WORDS:  # most sentences: no need to find their words
        return [(sentence, False)]
    spans = [m.span() for m in re.finditer(r"\S+", sentence)]
    if len(spans) <= _RUN_WORDS:
        return [(sentence, False)]
    size = math.ceil(len(spans) / math.ceil(len(spans) / _PIECE_WORDS))  # even pieces
    return [(sentence[spans[i][0] : spans[min(i + size, len(spans)) - 1][1]], True)
            for i in range(0, len(spans), size)]  # fmt: skip


def sentence_ends(text: str) -> list[int]:
    """Offsets just past each sentence break that `split_sentences` uses (for chunking)."""
    ends = []
    for match in _SENTENCE_END.finditer(text):
        # the last word decides; a word longer than the window is no abbreviation
        window = text[max(0, match.start() - 12) : match.start()]
        short = match.start() <= 12 or any(ch.isspace() for ch in window)
        if not (short and _ends_with_abbreviation(window)):
            ends.append(match.end())
    return ends


def is_fragment(sentence: str) -> bool:
    """A piece cut off mid-sentence (at a chunk edge): no closing punctuation, or `Mr.` last."""
    closed = re.search(r"[.!?…][\"”’')\]]*$", sentence)
    return not closed or bool(_ends_with_abbreviation(sentence))


def _ends_with_abbreviation(sentence: str) -> bool:
    last = sentence.rsplit(None, 1)[-1].rstrip(".").lower()
    return sentence.endswith(".") and (last in _ABBREVIATIONS or bool(re.fullmatch(r"[a-z]", last)))


def fold(text: str) -> str:
    """Lowercase, strip accents, unify quotes and dashes: for matching, never for display."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return text.translate(str.maketrans("‘’‚‛“”„‟–—", "''''\"\"\"\"--"))


def stem(word: str) -> str:
    """A light suffix stripper: enough to match `talks`/`talk`, `visited`/`visit`, `times`/`time`.

    Plural `-es` is stripped only after a sibilant (`taxes`, `matches`); elsewhere the `e` is
    the word's own (`times`, `prices`) and only the `s` goes.
    """
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            if suffix == "es" and not word[:-2].endswith(("s", "x", "z", "ch", "sh")):
                continue
            return word[: len(word) - len(suffix)] + keep
    return word


def base_form(term: str) -> str:
    """A stem with the spelling its suffix changed undone on both sides: `stem` keeps the base
    form's final `e` and a doubled consonant (`fine` but `fined` -> `fin`, `quit` but `quitting`
    -> `quitt`, `study` but `studied` -> `studi`). A question asks "did they fine" where the
    news reports "fined": both are `fin` here. (Coarser than `stem`: `plan` meets `plane`.)"""
    term = term.rstrip("e") or term  # "agreed" is `agre`, "agree" itself
    if len(term) > 3 and term[-1] == term[-2] and term[-1] not in "aeiou":
        term = term[:-1]
    return term[:-1] + "y" if len(term) >= 3 and term.endswith("i") else term


def words(text: str) -> list[str]:
    """Every folded word token, possessives removed."""
    return [strip_possessive(w) for w in WORD.findall(fold(text))]


def strip_possessive(word: str) -> str:
    """The word without a possessive ending ("Putin's", "Putin’s" -> "Putin"): the owner is
    the name a text mentions."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def terms(text: str) -> list[str]:
    """Content terms: folded, stop words removed, stemmed. What BM25 and overlap scores count."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1 or w.isdigit()]


def numbers(text: str) -> set[str]:
    """Whole numbers in the text (`1,000` -> `1000`), so `90` never matches `1990`."""
    return {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


#: A year of news prose (19xx, 20xx) as a whole word; `YEAR.fullmatch(n)` tells one from a count.
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def figures(text: str) -> set[str]:
    """The text's numbers that are not years (19xx, 20xx): the counts and amounts it states."""
    return {n for n in numbers(text) if not YEAR.fullmatch(n)}


# Number words a figure may be written in ("killed three people", "a dozen homes").
_WORD_VALUES = {
    w: i
    for i, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
        " sixteen seventeen eighteen nineteen twenty".split(),
        start=1,
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90, "a dozen": 12, "half a dozen": 6, "a hundred": 100, "a thousand": 1000}  # fmt: skip
#: The number words as a regex alternative, longest first ("half a dozen" before "a dozen").
NUMBER_WORD = "|".join(sorted(map(re.escape, _WORD_VALUES), key=len, reverse=True))


#: "the two leaders", "their three children": a number word after a determiner names a group.
NAMING = re.compile(r"\b(?:the|these|those|its|their|his|her|our|all|both|each|every)\s+$", re.I)
_SPELLED = re.compile(rf"\b(?:{NUMBER_WORD})\b(?! of\b)", re.I)  # not "one of them"


def amounts(text: str) -> set[str]:
    """The figures a text states in digits or words, in digits: "at least four" -> 4."""
    spelled = (m for m in _SPELLED.finditer(text) if not NAMING.search(text[: m.start()]))
    return figures(text) | {str(_WORD_VALUES[m.group(0).lower()]) for m in spelled}


def defuse_markers(text: str) -> str:
    """Document text with every citation look-alike made inert: `[2, 3]` -> `(2, 3)`.

    Passages are data: a marker written inside one must never become a citation, whoever copies
    it into an answer (the extractive answerer quoting it, or a model echoing it).
    """
    while (defused := _LOOKALIKE.sub(r"(\1)", text)) != text:
        text = defused
    return text
