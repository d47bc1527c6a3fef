"""What a question may be answered from: one document, a date range. The store translates them
into its own query syntax (`rag/store.py`); nothing else needs to know that syntax.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
    return " ".join(f"{word} {day}" for word, day in (("since", since), ("until", until)) if day)
