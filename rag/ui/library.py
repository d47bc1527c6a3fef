"""The Documents tab: the list of indexed articles, the source filter's choices, uploads."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from rag.errors import describe
from rag.pipeline import Pipeline

ALL = "All"


def source_choices(docs: list[dict]) -> list[tuple[str, str]]:
    """(label, value) pairs: the title and date first, the file name after it."""
    rows = sorted(docs, key=lambda d: (d["title"] or d["source"]).lower())
    return [("All articles", ALL)] + [
        (f"{d['title'] or d['source']} ({d['date'] or 'undated'}) · {d['source']}", d["source"])
        for d in rows
    ]


def size_label(limit: int) -> str:
    """5000000 -> "5 MB"."""
    return f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit / 1000:g} KB"


def read_and_discard(paths: list[str]) -> list[tuple[str, bytes]]:
    """The uploaded files' names and bytes; Gradio's temporary copies are deleted at once, so
    nothing uploaded (accepted or not) stays outside the data dir."""
    files = []
    for name in paths or []:
        path = Path(name)
        try:
            files.append((path.name, path.read_bytes()))
        finally:
            path.unlink(missing_ok=True)
            with suppress(OSError):
                path.parent.rmdir()  # Gradio keeps each upload in its own folder
    return files


def ingest_uploads(
    pipeline: Pipeline,
    files: list[tuple[str, bytes]],
    progress: Callable | None = None,
    replace: bool = True,
) -> str:
    """Index uploaded (name, bytes) pairs from memory; one result line per file.

    Only a name's last component is kept, as the citation label; nothing is written but the index.
    """
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        if progress:
            progress(done[0], desc="Embedding", unit="chunks")

    try:
        report = pipeline.ingest_uploads(files, replace=replace, progress=advance)
    except Exception as exc:
        return f"✗ Indexing stopped: {describe(exc)}"
    lines = [f"✗ {reason}" for reason in report.skipped]
    lines += [f"✓ {name}: {chunks} chunk(s)" for name, chunks in report.documents]
    return "\n".join(lines) or "Choose .txt, .md or .html files to add."
