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

# Finer and finer cuts for a piece that does not fit: clauses, then words.
_CUTS = (re.compile(r"[^,.;]+[,.;]?\s*|[,.;]\s*"), re.compile(r"\S+\s*|\s+"))
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
    """Greedy windows over the pieces; each new window repeats at most `overlap` tokens."""
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
            fresh = False
        while current and used + piece[1] > size:  # the overlap gives way to a long piece
            used -= current.pop(0)[1]
        current.append(piece)
        used += piece[1]
        fresh = True
    if fresh:
        windows.append("".join(p for p, _ in current))
    return [w.strip() for w in windows if w.strip()]
