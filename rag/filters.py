"""What a question may be answered from: one document, a date range. The store translates them
into its own query syntax (`rag/store.py`); nothing else needs to know that syntax.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Filters:
    source: str | None = None  # a document's identity (`Pipeline.resolve_source` finds it)
    since: dt.date | None = None  # a date bound keeps only dated documents
    until: dt.date | None = None

    def __bool__(self) -> bool:
        """Whether they leave anything out (the UI always sends filters, often empty)."""
        return bool(self.source or self.since or self.until)


_YEAR_OR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def date_bound(text: str, end: bool) -> dt.date:
    """A typed date filter's day: `2024-05-17`, or a year (`2030`) or month (`2024-05`), which a
    start (`--since`) takes from its first day and an end (`--until`) to its last. ValueError
    for anything else."""
    text = text.strip()
    found = _YEAR_OR_MONTH.fullmatch(text)
    if found is None:
        return dt.date.fromisoformat(text)
    year, month = int(found[1]), int(found[2] or 0)
    if not found[2]:
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    first = dt.date(year, month, 1)  # ValueError for month 13
    if not end:
        return first
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def date_span(since: dt.date | None, until: dt.date | None) -> str:
    """The date filter in words ("since 2024-01-01 until 2024-05-31"), for notes and errors."""
    if since and since == until:
        return f"on {since}"
    return " ".join(f"{word} {day}" for word, day in (("since", since), ("until", until)) if day)


def within_year(filters: Filters | None, year: int) -> Filters | None:
    """The filters narrowed to documents dated in `year`; None when they admit no day of it."""
    filters = filters or Filters()
    since = max(filters.since or dt.date.min, dt.date(year, 1, 1))
    until = min(filters.until or dt.date.max, dt.date(year, 12, 31))
    return replace(filters, since=since, until=until) if since <= until else None
