"""How an answer reads in a terminal: text with [n], flagged sentences, notes, then Sources.

Each source is quoted by the sentence(s) the citation check matched, so the reader sees the
evidence that was checked rather than the passage's first line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rag.api import Answer

QUOTE_CHARS = 160


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "..."


def render_text(answer: Answer, after_stream: bool = False) -> str:
    lines: list[str] = []
    unsupported = [s for s in answer.sentences if not s.supported]
    if after_stream:
        lines.append("")
        if unsupported or answer.abstained:
            lines.append(click.style("Checked answer:", bold=True))
            lines.append(_body(answer))
    else:
        lines.append(_body(answer))
    for note in answer.notes:
        lines.append(click.style(f"Note: {note}", fg="cyan"))
    if answer.citations:
        lines.append("")
        lines.append(click.style("Sources:", bold=True))
        for c in answer.citations:
            date = f" ({c.date})" if c.date else ""
            lines.append(
                f'[{c.n}] {c.source} - {c.title}{date}: "{quote(evidence_of(answer, c.n))}"'
            )
    return "\n".join(lines)


def evidence_of(answer: Answer, n: int) -> str:
    """The passage sentences the check matched for citation n; its opening when none was."""
    matched = [e["text"] for s in answer.sentences for e in s.evidence if e["n"] == n]
    if matched:
        return " ... ".join(dict.fromkeys(matched))
    return next(c.text for c in answer.citations if c.n == n)


def _body(answer: Answer) -> str:
    if answer.abstained or not answer.sentences:
        return answer.answer
    parts = []
    for s in answer.sentences:
        marks = "".join(f"[{n}]" for n in s.citations)
        text = f"{s.text} {marks}".strip()
        parts.append(text if s.supported else click.style(f"{text} (unsupported)", fg="yellow"))
    return " ".join(parts)
