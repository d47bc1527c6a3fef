"""What a question may be answered from: one document, a date range. The store translates them
into its own query syntax (`rag/store.py`); nothing else needs to know that syntax.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Filters:
    source: str | None = None  # a document's identity (`Pipeline.resolve_source` finds it)
    since: dt.date | None = None  # a date bound keeps only dated documents
    until: dt.date | None = None

    def __bool__(self) -> bool:
        """Whether they leave anything out (the UI always sends filters, often empty)."""
        return bool(self.source or self.since or self.until)


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
