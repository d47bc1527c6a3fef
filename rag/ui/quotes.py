"""A cited passage as a short quote, with the sentences the citation check matched marked.

The marks are the checker's evidence (`Answer.sentences[].evidence`), never a second guess: what
is highlighted is exactly what was checked against the answer. The passage's line breaks are
kept, and a Markdown heading reads as a bold line of its own, not as the start of the next
sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from rag.text import defuse_markers, split_sentences

_HEADING = re.compile(r"^#{1,6}\s+")


def without_title(text: str, title: str | None) -> str:
    """The text without a first line that only repeats the title (a card or a preview shows the
    title above it already)."""
    first, _, rest = text.lstrip().partition("\n")
    if title and _HEADING.sub("", first).strip() == title.strip():
        return rest.lstrip()
    return text


def quote(passage: str, matched: list[str], title: str | None = None) -> str:
    """The passage's sentences that are in `matched` (the checker's evidence from it), in <mark>,
    with a sentence of context each side; then the whole passage, collapsed. The passage is shown
    as the checker read it, its citation look-alikes defused, without a first line repeating the
    `title` shown above it (unless that line is itself matched)."""
    text = defuse_markers(passage)
    if not any(_HEADING.sub("", m).strip() == (title or "").strip() for m in matched):
        text = without_title(text, title) or text
    sentences = split_sentences(text)
    wanted = {m.strip() for m in matched}
    hits = {i for i, sentence in enumerate(sentences) if sentence in wanted}
    marked = [_sentence_html(t, i in hits) for i, t in enumerate(sentences)]
    breaks = _line_breaks(text, sentences)
    whole = _joined(marked, breaks, range(len(sentences)))
    shown = sorted({j for i in hits for j in (i - 1, i, i + 1) if 0 <= j < len(sentences)})
    shown = shown or list(range(min(2, len(sentences))))
    if len(shown) == len(sentences):
        return f'<div class="quote">{whole}</div>'
    return (
        f'<div class="quote">{_joined(marked, breaks, shown)}</div><details class="whole">'
        f'<summary>Whole passage</summary><div class="quote">{whole}</div></details>'
    )


def line_html(text: str) -> str:
    """A sentence or a line, escaped; a Markdown heading without its `#` marks, in bold."""
    body = escape(_HEADING.sub("", text))
    return f'<b class="q-head">{body}</b>' if _HEADING.match(text) else body


def _sentence_html(sentence: str, hit: bool) -> str:
    body = line_html(sentence)
    return f"<mark>{body}</mark>" if hit else body


def _line_breaks(text: str, sentences: list[str]) -> list[bool]:
    """Whether the passage breaks the line after each sentence (a heading, a paragraph's end)."""
    spans, at = [], 0
    for sentence in sentences:
        start = text.find(sentence, at)
        if start >= 0:  # else a sentence joined across a break (`Mr.` at a line's end): no break
            at = start + len(sentence)
        spans.append((start if start >= 0 else at, at))
    gaps = zip(spans, spans[1:], strict=False)
    return ["\n" in text[end:next_start] for (_, end), (next_start, _) in gaps] + [False]


def _joined(marked: list[str], breaks: list[bool], shown: Iterable[int]) -> str:
    """The `shown` sentences in order, "…" where some are left out, a <br> at a line break."""
    html, last = "", -1
    for i in shown:
        if i > last + 1:
            html += " … " if html else "… "
        elif html:
            html += "<br>" if breaks[last] else " "
        html += marked[i]
        last = i
    return html + (" …" if last < len(marked) - 1 else "")
