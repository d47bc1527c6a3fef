"""How an answer reads in a terminal: text with [n], flagged sentences, notes, then Sources.

Each source is quoted by the sentence(s) the citation check matched, so the reader sees the
evidence that was checked rather than the passage's first line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from rag.filters import date_span
from rag.text import ESCAPES, is_fragment, sentence_ends

if TYPE_CHECKING:
    import datetime as dt

    from rag.pipeline import Answer

QUOTE_CHARS = 160
_CLAUSE_END = re.compile(r"[;,:—](?=\s)")  # where a long sentence may be cut


def safe(text: str, one_line: bool = False) -> str:
    """Text as the terminal may show it: escape sequences removed, other control characters
    (and, for one-line fields such as file names, newlines) shown as visible escapes."""
    text = ESCAPES.sub("", text)
    keep = "\t" if one_line else "\n\t"
    return "".join(
        ch if ch.isprintable() or ch in keep else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """The text on one line, cut to `limit` at its last sentence end, else clause end (`;`, `,`)
    in the second half, else between words but not inside a name ("Sergei V...." reads as a
    name cut in two)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit + 1]
    if cut := [end for end in sentence_ends(head) if end > limit // 2]:
        return head[: cut[-1]].rstrip() + " ..."
    if cut := [m.start() for m in _CLAUSE_END.finditer(head) if m.start() > limit // 2]:
        return head[: cut[-1]] + "..."
    words = head.split(" ")
    if len(words) == 1:  # one long word (a URL): cut anywhere
        return flat[:limit] + "..."
    words.pop()  # the word the limit falls in ("" at a space)
    after = flat[len(" ".join(words)) :].split()[0]  # that word in full
    while len(words) > 1 and (_initial(words[-1]) or _capital(words[-1]) and _capital(after)):
        after = words.pop()  # a name's words stay together: left out whole
    return " ".join(words).rstrip(",;:") + "..."


def _initial(word: str) -> bool:
    """ "V.", "Mr.": a word that starts a name rather than ends a phrase."""
    return word.endswith(".") and is_fragment(word)


def _capital(word: str) -> bool:
    return word[:1].isupper()


def quote_each(sentences: list[str]) -> str:
    """Each sentence quoted on its own, one "..." where text is left out: an answer that quotes
    a clause of one (rag/answering/spans.py) leaves the sentence's start to be read here."""
    cut = [quote(s).removesuffix("...").rstrip() for s in sentences[:-1]]
    return " ... ".join([*cut, quote(sentences[-1])])


def render_text(
    answer: Answer,
    after_stream: bool = False,
    source: str | None = None,
    dates: tuple[dt.date | None, dt.date | None] = (None, None),
) -> str:
    """Every piece of text is passed through `safe` before it is styled. With `source` or
    `dates` (the `--source`, `--since` and `--until` filters) an abstention says the answer may
    be in other articles, as the UI does."""
    lines: list[str] = []
    unsupported = [s for s in answer.sentences if not s.supported]
    if after_stream:
        lines.append("")
        if unsupported or answer.abstained:
            lines.append(click.style("Checked answer:", bold=True))
            lines.append(_body(answer))
        else:
            lines.append(click.style("Checked: every sentence is supported by its citations.",
                                     bold=True))  # fmt: skip
    else:
        lines.append(_body(answer))
    notes = answer_notes(answer, source, dates)
    for note in notes:
        lines.append(click.style(f"Note: {safe(note)}", fg="cyan"))
    if answer.citations:
        lines.append("")
        lines.append(click.style("Sources:", bold=True))
        for c in answer.citations:
            date = f" ({c.date})" if c.date else ""
            source = safe(c.source, one_line=True)
            evidence = safe(quote_each(evidence_of(answer, c.n)))
            copies = f" ({copies_note(c.also_in)})" if c.also_in else ""
            lines.append(f'[{c.n}] {source} - {safe(c.title)}{date}{copies}: "{evidence}"')
    return "\n".join(lines)


def answer_notes(
    answer: Answer,
    source: str | None = None,
    dates: tuple[dt.date | None, dt.date | None] = (None, None),
) -> list[str]:
    """The answer's notes, plus, when it abstained under `--source`, `--since` or `--until`,
    what was searched: the one list both the text and the `--json` output show."""
    notes = list(answer.notes)
    if source and answer.abstained:
        notes.append(f"only {source} was searched (--source): the answer may be in other articles.")
    if (span := date_span(*dates)) and answer.abstained:
        notes.append(
            f"only articles dated {span} were searched (undated ones are left out): "
            "the answer may be in other articles."
        )
    return notes


def copies_note(also_in: tuple[str, ...] | list[str]) -> str:
    """ "also in 3 other documents": the near-copies retrieval folded into a cited passage."""
    n = len(also_in)
    return f"also in {n} other document{'s' if n != 1 else ''}"


def evidence_of(answer: Answer, n: int) -> list[str]:
    """The passage sentences the check matched for citation n; its opening when none was."""
    matched = [e["text"] for s in answer.sentences for e in s.evidence if e["n"] == n]
    return list(dict.fromkeys(matched)) or [next(c.text for c in answer.citations if c.n == n)]


def _body(answer: Answer) -> str:
    if answer.abstained or not answer.sentences:
        return safe(answer.answer)
    parts = []
    for s in answer.sentences:
        marks = "".join(f"[{n}]" for n in s.citations)
        text = f"{safe(s.text)} {marks}".strip()
        parts.append(text if s.supported else click.style(f"{text} (unsupported)", fg="yellow"))
    return " ".join(parts)
