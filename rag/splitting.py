"""Text -> overlapping windows of at most `size` tokens, in time linear in the text's length.

Sentences are packed whole; a sentence longer than a window is cut at clause ends, then at spaces,
then every few characters. When a window closes, the next one starts with the last pieces of the
previous one that fit in `overlap` tokens, so neighbours never share more than `overlap` tokens
(llama-index's SentenceSplitter, which this replaces, multiplied chunks on one long unpunctuated
line and took minutes on it).
"""

from __future__ import annotations

import re

from rag.text import sentence_ends
from rag.tokens import count_tokens

# Finer and finer cuts for a piece that does not fit: clauses, then words. A word keeps the space
# before it, as cl100k_base's pre-tokenizer does: " word" is counted as it is in the text, where
# "word " would count the space as a token of its own and make windows a fifth short.
_CUTS = (re.compile(r"[^,.;]+[,.;]?\s*|[,.;]\s*"), re.compile(r"\s*\S+|\s+"))
_MAX_CHARS_PER_TOKEN = 16  # a longer piece is cut without counting (BPE is slow on long runs)


def split_text(text: str, size: int, overlap: int) -> list[str]:
    """Windows of `text` (stripped, non-empty) of at most `size` tokens each."""
    if not 0 <= overlap < size:
        raise ValueError(f"overlap must be 0..{size - 1} tokens, not {overlap}")
    pieces: list[tuple[str, int]] = []
    start = 0
    for end in [*sentence_ends(text), len(text)]:
        if end > start:
            pieces.extend(_fit(text[start:end], size, 0))
        start = end
    return _pack(pieces, size, overlap)


def _fit(piece: str, size: int, level: int) -> list[tuple[str, int]]:
    """`piece` as (text, tokens) parts of at most `size` tokens, cut as coarsely as possible."""
    if len(piece) <= _MAX_CHARS_PER_TOKEN * size:
        tokens = count_tokens(piece)
        if tokens <= size:
            return [(piece, tokens)]
    if level < len(_CUTS):
        parts = [m.group() for m in _CUTS[level].finditer(piece)]
        if len(parts) > 1:
            return [fit for part in parts for fit in _fit(part, size, level + 1)]
        return _fit(piece, size, level + 1)
    # One word longer than a window: a character is at most 4 bytes, so at most 4 tokens.
    step = max(1, size // 4)
    return [(p, count_tokens(p)) for p in (piece[i : i + step] for i in range(0, len(piece), step))]


def _pack(pieces: list[tuple[str, int]], size: int, overlap: int) -> list[str]:
    """Greedy windows over the pieces; each new window repeats at most `overlap` tokens.

    A window is stripped, so its first piece is counted without its leading space (" word" and
    "word" need not be the same number of tokens): `used` includes that correction.
    """
    windows: list[str] = []
    current: list[tuple[str, int]] = []
    used = 0
    fresh = False  # does `current` hold a piece not yet in a closed window?
    for piece in pieces:
        if used + piece[1] > size and fresh:
            windows.append("".join(p for p, _ in current))
            carried: list[tuple[str, int]] = []
            used = 0
            for old in reversed(current):
                if used + old[1] > overlap:
                    break
                carried.append(old)
                used += old[1]
            current = carried[::-1]
            used += _head_extra(current)
            while current and used > overlap:
                used += _drop_head(current)
            fresh = False
        while current and used + piece[1] > size:  # the overlap gives way to a long piece
            used += _drop_head(current)
        if not current:
            used += _head_extra([piece])
        current.append(piece)
        used += piece[1]
        fresh = True
    if fresh:
        windows.append("".join(p for p, _ in current))
    return [w.strip() for w in windows if w.strip()]


def _head_extra(current: list[tuple[str, int]]) -> int:
    """Tokens the first piece gains when its window is stripped of leading space (often 0)."""
    if not current or not current[0][0][:1].isspace():
        return 0
    bare = current[0][0].lstrip()
    return count_tokens(bare) - current[0][1] if bare else -current[0][1]


def _drop_head(current: list[tuple[str, int]]) -> int:
    """Remove the first piece; returns the change in the window's tokens."""
    before = _head_extra(current)
    return _head_extra(current[1:]) - current.pop(0)[1] - before
