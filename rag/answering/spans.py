"""Trim a chosen answer sentence to the part that answers: the clause that holds the asked type.

News sentences run on: the fact asked for is one clause, followed by "; ...", ", which ...",
", but ...", ", as ...", " — ...", a participle (", allowing ...") or an attribution (", said X",
", X said."), a relative clause without its comma (" that ...", not "said that ...") or
preceded by a setting ("On Friday, ..."). The answer keeps the shortest run of
the sentence's clauses that still holds (1) the question terms the sentence holds (all of them;
half for a typed question), so it reads as an answer to what was asked, (2) as much of the asked
type as the whole sentence (the names for "who", the date for "when", the number for "how
many") and, for an untyped question, (3) the clause after the last one holding a question term,
where its answer usually is. The kept text is a contiguous, verbatim span of the sentence of at
least six words; an end cut short is marked "…". It never cuts inside a quotation or a
parenthesis, keeps the attribution when the question asks who said something, and falls back to
the whole sentence when no cut is safe or when the citation check (`rag.support.judge`) would
not accept the span against its passage. Every rule was kept only if it shortened the answers
of evals/dev.jsonl or evals/corpus2/dev.jsonl without losing a fact (README, Evals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answering.questions import has_answer_type, question_parts, question_type, questions_in
from rag.answering.speakers import attributes
from rag.conflicts import values
from rag.support import judge
from rag.support.dates import dates
from rag.text import OPENERS, figures, numbers, terms

MIN_WORDS = 6  # a shorter span rarely reads on its own
TYPED_SHARE = 0.5  # tuned on evals/dev.jsonl: 0.3 loses a date, 0.5 no fact
_QUOTES = {"“": 1, "”": -1}  # curly quotes open and close; a straight " toggles

# Where a trailing clause begins: the text before the match ends the clause before, the text
# after it starts the next. Attributions are apart: a question about who said something keeps them.
_CLAUSE = re.compile(
    r";\s+|\s(?:—|–|--)\s+"
    r"|,\s+(?=(?:which|who|whose|whom|but|while|whereas|although|though|as)\b)"
    r"|,\s+(?=(?:many|some|most|all|none|one|both|each) of (?:which|whom)\b)"
    # a participle tail (", allowing ..."), not one that reports speech (", saying ...")
    r"|,\s+(?=(?!(?:say|not|add|tell|call|stress|argu|warn|describ|insist|claim)ing)[a-z]+ing\b)"
)
_ATTRIBUTION = re.compile(
    r",\s+(?=(?:said|says|told|added|according to)\b)"
    # a last ", X said." / ", police said on Monday." / ", Li Wei, a spokesman, said."
    r"|,\s+(?=[\w'’.-]+(?:\s+[\w'’.-]+){0,3}"
    r"(?:,\s+(?:a|an|the)\s[^,;]{1,60},)?\s+(?:said|says|added|told\s+\S+)"
    r"(?:\s+(?:on\s+)?\w+day)?[.!?]?$)"
)
_ELABORATES = re.compile(
    r"(?:which|who|whose|whom|that|where|as|(?:many|some|most|all|none|one|both|each) "
    r"of|[a-z]+ing)\b"
)
# A leading adverbial ("When Russia faced sanctions in 2014, ...", "On Friday, ...") before the
# subject; only its first comma ends it, and the subject must follow with a capital or a figure,
# not a year: "On March 3, 1999, the river rose" is one date, not a setting before "1999, ...".
_SETTING = re.compile(
    r"^(?:When|As|While|After|Before|Although|Though|Since|Despite|Besides|With|In|On|At|During"
    r"|Prior to|Amid|Following|Unlike|Speaking|For|By|Last|Earlier|Later)\b[^,;“\"(]*,\s+"
    r"(?=[A-Z]|\d(?!\d{3}\b))"
)
# "Who said ...", "what did X claim", "according to whom": the speaker is the answer.
_ASKS_SOURCE = re.compile(
    r"\b(?:said|say|says|saying|claim\w*|told|tell|according|announc\w*|stat(?:e|ed|es)"
    r"|describ\w*|call\w*|warn\w*|argu\w*|insist\w*|quot\w*|commented|spokes\w*)\b",
    re.I,
)
_DASHES = re.compile(r"\s(?:—|–|--)\s")
# A relative clause without its comma ("a delegation that reflected ..."): in a lead sentence
# kept for its antecedent it only says more of it. Not a clause a verb or "so" takes ("said
# that ...", "asked who ...", "warned that ..."): there the antecedent may be after the cut.
_RELATIVE = re.compile(r"(?<=[a-z])\s(?=(?:that|which|who|whose|whom|where)\s)")
_TAKES_CLAUSE = re.compile(
    r"\b(?:\w+ed|\w+ing|said|says?|told|tells?|knows?|knew|thinks?|thought|believes?|shows?"
    r"|hopes?|means?|suggests?|argues?|insists?|warns?|claims?|asks?|wonders?|decides?"
    r"|is|are|was|were|so|such|now|sure|clear|likely|possible|certain|aware|confident|fact)$",
    re.I,
)
# Asked for its type up front ("Who ...", "How many ...", "Which officials ..."): not "What's the
# sticking point ... besides the percentage?", typed "how many" by a word but asking for a clause
_TYPED_UP_FRONT = re.compile(
    r"^\W*(?:and |so |but )?(?:(?:in|on|at|by|since|until) what (?:date|day|year|month|time)"
    r"|who|whom|whose|when|where|which"
    r"|how (?:many|much|long|old)|what (?:date|day|year|month|time|percentage|share|number"
    r"|amount|proportion))\b",
    re.I,
)


@dataclass(frozen=True)
class _Cut:
    end: int  # where the text before the cut ends
    start: int  # where the clause after it starts


def answer_span(sentence: str, question: str, passage: str, published: str | None = None) -> str:
    """The shortest safe span of `sentence` that still answers `question`; else the sentence.

    `passage` (of article date `published`) is what the sentence is cited against: a span the
    citation check would not accept there is never returned.
    """
    spans = sorted(_spans(sentence, question), key=lambda s: (len(s.split()), s))
    for span in spans:
        if judge(span, [passage], None, [published]).supported:
            return span
    return sentence


def lead_span(sentence: str, question: str, passage: str, published: str | None, after: str) -> str:
    """The lead of a pair ("X traveled with a large delegation that reflected ... . They
    included ...") trimmed to its opening, which names who "They" are, when it holds no
    question term and no asked type that the sentence `after` it lacks: then it is there only
    so that sentence reads, and a relative clause ("that reflected ...") only says more of what
    the pronoun means. Otherwise, and when `answer_span` is shorter, as `answer_span`."""
    kind = question_type(question)
    own = set(terms(question)) & set(terms(sentence)) - set(terms(after))
    trimmed = answer_span(sentence, question, passage, published)
    if (
        own
        or kind
        and has_answer_type(kind, sentence, question) > has_answer_type(kind, after, question)
    ):
        return trimmed
    cuts = _cuts(sentence, attributions=False, relative=True)
    starts = {0} | {c.start for c in cuts if c.end == 0}  # after a leading setting
    spans = sorted(
        (text for start in starts for c in cuts if c.end > start
         if len((text := _render(sentence, start, c.end)).split()) >= MIN_WORDS),
        key=lambda t: len(t.split()),
    )  # fmt: skip
    for span in spans:
        if len(span.split()) >= len(trimmed.split()):
            break
        if judge(span, [passage], None, [published]).supported:
            return span
    return trimmed


def _spans(sentence: str, question: str) -> list[str]:
    """Every shorter span that keeps the question's terms and the asked type, rendered."""
    kind = question_type(question)
    asked = set(terms(question))
    needed = asked & set(terms(sentence))
    typed = has_answer_type(kind, sentence, question) if kind else 0.0
    # "X says £64,000; the union says closer to £59,000": to "how much", both figures stay; a
    # count in other words ("about 600 homes" to "how many properties") keeps all its figures
    every = kind == "count" and not typed
    stated = _figures(sentence, question, every) if kind == "count" else set()
    # "named on Friday as X, who was found on Wednesday": to "when", every day stays, or a span
    # that cuts one would date the asked event by another (as a count's other figures, above)
    days = _days(sentence) if kind == "when" else set()
    said = _attribution(sentence)  # "“...,” said X, a fellow at Y": who X is may be the answer
    if said and needed <= set(terms(said)) and has_answer_type(kind, said, question) >= typed:
        return [f"… {said}"]
    # A relative clause without its comma may go: after the asked names, date or figure, or,
    # untyped, after the one that elaborates on the question's terms (below). Not to a question
    # typed by a word in it ("besides the percentage"): its answer may be such a clause.
    relative = not kind or _asks_type_up_front(question)
    cuts = _cuts(sentence, attributions=not _ASKS_SOURCE.search(question), relative=relative)
    if not cuts:
        return []
    starts = [0] + [c.start for c in cuts]
    ends = [c.end for c in cuts] + [len(sentence)]
    # Untyped ("what", "why", "how") the answer is what the question's words lead to: the clause
    # that elaborates on the last one holding them (", which ...", ", as ...", ", saying ...",
    # " that ...") stays.
    held = [
        j
        for j, (a, b) in enumerate(zip(starts, ends, strict=True))
        if needed & set(terms(sentence[a:b]))
    ]
    last = held[-1] if held and not kind else -1
    if 0 <= last < len(cuts) and _ELABORATES.match(sentence, cuts[last].start):
        last += 1
    found = []
    for i, start in enumerate(starts):
        if i and not (sentence[start] in OPENERS or sentence[start].isupper()
                      or sentence[start].isdigit()):  # fmt: skip
            continue
        for j in range(max(i, last, 0), len(ends)):
            end = ends[j]
            if end <= start or (start == 0 and end == len(sentence)):
                continue
            text = _render(sentence, start, end)
            if (
                len(text.split()) >= MIN_WORDS
                and _keeps(needed, set(terms(text)), bool(kind))
                and (not kind or has_answer_type(kind, text, question) >= typed)
                and stated <= _figures(text, question, every)
                and days <= _days(text)
            ):
                found.append(text)
    return found


def _asks_type_up_front(question: str) -> bool:
    """Does the question, in one part, open asking for its type (the last of several questions,
    as `question_type` reads them)?"""
    last = questions_in(question)[-1:] or [""]
    return not question_parts(question) and bool(_TYPED_UP_FRONT.match(last[0]))


def _cuts(sentence: str, attributions: bool, relative: bool = False) -> list[_Cut]:
    """The places a sentence may be cut: clause starts outside quotations and parentheses;
    with `relative`, also before a relative clause without its comma (`_RELATIVE`), which
    starts no span."""
    outside = _outside(sentence)
    dashes = [m.start() for m in _DASHES.finditer(sentence) if outside[m.start()]]
    # A dash that opens a pair ("Putin — whose delegation ... — was welcomed") is no clause end.
    paired = set(dashes[: len(dashes) - len(dashes) % 2])
    # In a list whose items are set off by semicolons ("X, the minister; and Y") nothing before
    # its last item ends a clause: "A, 71, who ...; B, 44, whose ...; and C" is one list.
    last = [m.start() for m in re.finditer(r";\s+(?:and|or)\s", sentence)]
    found: dict[int, _Cut] = {}
    patterns = [_CLAUSE, _ATTRIBUTION] if attributions else [_CLAUSE]
    for pattern in patterns:
        for m in pattern.finditer(sentence):
            if last and m.start() <= last[-1]:
                continue
            if m.start() > 0 and outside[m.start()] and m.start() not in paired:
                found.setdefault(m.start(), _Cut(m.start(), m.end()))
    if relative:
        for m in _RELATIVE.finditer(sentence):
            if outside[m.start()] and not _TAKES_CLAUSE.search(sentence[: m.start()]):
                found.setdefault(m.start(), _Cut(m.start(), m.end()))
    if lead := _SETTING.match(sentence):
        found[0] = _Cut(0, lead.end())  # the adverbial is no span of its own
    return [found[k] for k in sorted(found)]


def _attribution(sentence: str) -> str | None:
    """The attribution after a quotation that opens the sentence ("said X, a fellow at Y."),
    when it is at least `MIN_WORDS` words; None otherwise."""
    outside = _outside(sentence)
    if sentence[:1] not in ("“", '"') or all(outside):
        return None
    end = len(outside) - outside[::-1].index(False)  # the quotation's closing mark
    quoted, tail = sentence[:end].rstrip(), sentence[end:].lstrip(' ”"’')
    # "“...,” said X": the quotation ends on its comma and what follows it names the speaker
    if not all(outside[end:]) or not quoted.endswith((",", "?", "!")) or not attributes(tail):
        return None
    return tail if len(tail.split()) >= MIN_WORDS else None


def unquoted(sentence: str) -> str | None:
    """What a sentence that is mostly a quotation says outside it: its attribution ("said X, a
    fellow at the Y Institute in Z"), a fact of its own that the quotation's words drown in
    the sentence's embedding. None when the quotation is not most of the sentence or little
    is left."""
    outside = _outside(sentence)
    runs = ["".join(run) for run in re.findall(
        r"[^\x00]+", "".join(ch if out else "\x00" for ch, out in zip(sentence, outside, strict=True))
    )]  # fmt: skip
    runs = [r for r in (re.sub(r"[“”\"]", " ", r).strip(" ,.") for r in runs) if r]
    # one quotation before or after its attribution: not words quoted here and there
    if sum(not o for o in outside) < len(sentence) / 2 or len(runs) != 1:
        return None
    return " ".join(runs[0].split()) if len(runs[0].split()) >= 4 else None


def _outside(sentence: str) -> list[bool]:
    """Per character: is it outside every quotation and parenthesis?"""
    depth, quoted, flags = 0, 0, []
    for ch in sentence:
        if ch == '"':
            quoted = 0 if quoted else 1
        elif ch in _QUOTES:
            quoted = max(0, quoted + _QUOTES[ch])
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        flags.append(not depth and not quoted)
    return flags


def _render(sentence: str, start: int, end: int) -> str:
    """The span as shown: verbatim, with "…" where its end was cut off."""
    text = sentence[start:end].rstrip(" ,;:")
    if end == len(sentence):
        return text
    closing = re.search(r"[,;:]?([”\"’)\]]*)$", text)
    assert closing is not None  # the pattern matches the empty end
    return f"{text[: closing.start()]}{closing.group(1)}…"  # after a closing quote: not in it


def _figures(text: str, question: str, every: bool = False) -> set[str]:
    """The figures of the asked thing a text states in digits (`every`: all its figures that
    are not years): a second one is another party's or another time's value, which a span
    that cuts it would hide. (A number word, "a genuine number nine", is too loose a figure to
    keep a clause for.)"""
    if every:
        return figures(text) - numbers(question)
    return {n for value in values(text, question) for n in numbers(value)}


_NEAR_DAYS = re.compile(r"\b(?:yesterday|today|tomorrow)\b", re.I)
_SAID_ON = re.compile(r"\b(?:said|says|told|added|announced)\s+(?:\w+\s+)?on\s+\w+", re.I)


def _days(text: str) -> set[str]:
    """The day, month and year words a text dates things by, read as the citation check reads
    them (`dates`: "may" the verb is no month), and "yesterday", "today", "tomorrow"; not the
    day a thing was said ("police said on Tuesday"), which dates no event asked about."""
    text = _SAID_ON.sub("", text)
    return dates(text) | {d.lower() for d in _NEAR_DAYS.findall(text)}


def _keeps(needed: set[str], held: set[str], typed: bool) -> bool:
    """Does the span hold enough of the question's terms the sentence holds? All of them, or,
    for a typed question (whose answer, the names, date or number, it keeps anyway), half."""
    return len(needed & held) >= (TYPED_SHARE if typed else 1.0) * len(needed)
