"""The Documents tab: the list of indexed articles, the source filter's choices, uploads."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from rag.api import Pipeline
from rag.chunking import chunk_document
from rag.documents import DocumentError, load_upload
from rag.errors import describe
from rag.ingest import write_chunks

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
    pipeline: Pipeline, files: list[tuple[str, bytes]], progress: Callable | None = None
) -> str:
    """Index uploaded (name, bytes) pairs from memory; one result line per file.

    Only a name's last component is kept, as the citation label; nothing is written but the index.
    """
    s, lines, chunks = pipeline.settings, [], []
    for name, raw in files:
        try:
            doc = load_upload(name, raw, s.max_file_bytes)
        except DocumentError as exc:
            lines.append(f"✗ {describe(exc)}")
            continue
        found = chunk_document(doc, s.chunk_tokens, s.chunk_overlap)
        chunks += found
        lines.append(f"✓ {doc.source}: {len(found)} chunk(s)")
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        progress((done[0], len(chunks)), desc="Embedding", unit="chunks")

    if chunks:
        try:
            write_chunks(
                chunks, pipeline.store, pipeline.embedder, progress=advance if progress else None
            )
        except Exception as exc:
            return f"✗ Indexing stopped: {describe(exc)}"
        finally:
            pipeline.retriever.refresh()
    return "\n".join(lines) or "Choose .txt, .md or .html files to add."
