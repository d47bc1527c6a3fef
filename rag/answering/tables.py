"""Table rows as answer units. Readers turn a table row into a line of cells joined by " | ",
one row a line, under the line of its header row. A row alone ("Greens | 11") is too short to
read as a sentence; with its header ("Party | Votes for") it says what its figures count."""

from __future__ import annotations

CELL = " | "


def is_row(line: str) -> bool:
    """Is the line a table row as the readers write it?"""
    return CELL in line


def under_header(header: str, row: str) -> str:
    """The answer unit of a row: its header line, then the row (two lines, each verbatim)."""
    return f"{header}\n{row}"


def reading(text: str) -> str:
    """A unit of header and row as words a sentence would use: each cell before its column's
    header ("Greens Party, 11 Votes for"), so that a figure is followed by what it counts.
    Any other text as it stands."""
    lines = text.split("\n")
    if len(lines) != 2 or not all(is_row(line) for line in lines):
        return text
    heads, cells = (line.split(CELL) for line in lines)
    if len(heads) != len(cells):
        return text
    return ", ".join(
        f"{cell.strip()} {head.strip()}" for head, cell in zip(heads, cells, strict=True)
    )
