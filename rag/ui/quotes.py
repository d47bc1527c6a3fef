"""A cited passage as a short quote, with the sentences the citation check matched marked.

The marks are the checker's evidence (`Answer.sentences[].evidence`), never a second guess: what
is highlighted is exactly what was checked against the answer.
"""

from __future__ import annotations

from html import escape

from rag.text import defuse_markers, split_sentences


def quote(passage: str, matched: list[str]) -> str:
    """The passage's sentences that are in `matched` (the checker's evidence from it), in <mark>,
    with a sentence of context each side; then the whole passage, collapsed. The passage is shown
    as the checker read it, its citation look-alikes defused."""
    sentences = split_sentences(defuse_markers(passage))
    wanted = {m.strip() for m in matched}
    hits = {i for i, sentence in enumerate(sentences) if sentence in wanted}
    marked = [
        f"<mark>{escape(t)}</mark>" if i in hits else escape(t) for i, t in enumerate(sentences)
    ]
    shown = sorted({j for i in hits for j in (i - 1, i, i + 1) if 0 <= j < len(sentences)})
    shown = shown or list(range(min(2, len(sentences))))
    if len(shown) == len(sentences):
        return f'<div class="quote">{" ".join(marked)}</div>'
    parts, last = [], -1
    for i in shown:
        parts += ["…", marked[i]] if i > last + 1 else [marked[i]]
        last = i
    if last < len(sentences) - 1:
        parts.append("…")
    return (
        f'<div class="quote">{" ".join(parts)}</div><details class="whole"><summary>Whole passage'
        f'</summary><div class="quote">{" ".join(marked)}</div></details>'
    )
