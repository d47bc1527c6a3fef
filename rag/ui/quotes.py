"""Which sentences of a passage an answer draws on, shown as a short highlighted quote."""

from __future__ import annotations

from html import escape

from rag.text import fold, split_sentences, terms


def draws_on(sentence: str, support: list[str]) -> bool:
    """Whether an answer sentence quotes this passage sentence, or shares most of its terms."""
    own = set(terms(sentence))
    for s in support:
        theirs = set(terms(s))
        if fold(sentence) in fold(s) or (
            own and len(own & theirs) >= 0.6 * max(len(own), len(theirs))
        ):
            return True
    return False


def quote(passage: str, support: list[str]) -> str:
    """The passage's sentences that `support` draws on, in <mark>, with a sentence of context each
    side; then the whole passage, collapsed."""
    sentences = split_sentences(passage)
    hits = {i for i, sentence in enumerate(sentences) if draws_on(sentence, support)}
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
