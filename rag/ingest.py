"""Files -> chunks in the store, idempotently.

Unchanged files write nothing; a changed file's new chunks are written before its stale ones are
deleted, so a crash at any point leaves a store that still answers and a re-run that finishes the job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from rag.background import ordered_writer
from rag.chunking import Chunk, chunk_document
from rag.documents import DocumentError, find_files, load_document
from rag.embedding import Embedder, embed_with_sentences
from rag.settings import Settings
from rag.store import Store
from rag.text import split_sentences

_BATCH = 32


@dataclass
class IngestReport:
    files: int = 0
    added: int = 0  # chunks written
    removed: int = 0  # stale chunks deleted
    unchanged: int = 0  # files already up to date
    skipped: list[str] = field(default_factory=list)  # one-line reasons


Progress = Callable[[int], None]


def ingest(
    paths: Iterable[Path],
    settings: Settings,
    store: Store,
    embedder: Embedder,
    reset: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Index every supported file under `paths`; bad files are reported, the rest still go in."""
    report = IngestReport()
    chunks: list[Chunk] = []
    for path in find_files(paths):
        try:
            doc = load_document(path, settings.max_file_bytes)
        except (DocumentError, OSError) as exc:
            report.skipped.append(str(exc) if isinstance(exc, DocumentError) else f"{path}: {exc}")
            continue
        report.files += 1
        chunks.extend(chunk_document(doc, settings.chunk_tokens, settings.chunk_overlap))
    return write_chunks(chunks, store, embedder, reset, report, progress)


def write_chunks(
    chunks: list[Chunk],
    store: Store,
    embedder: Embedder,
    reset: bool = False,
    report: IngestReport | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Bring the store in line with `chunks`, one source at a time."""
    report = report or IngestReport()
    with store.write_lock(), ordered_writer() as writer:
        if reset:
            store.reset()
        existing = store.ids_by_source(embedder.name)
        by_source: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            by_source.setdefault(chunk.source, []).append(chunk)
        for source, source_chunks in by_source.items():
            have = existing.get(source, set())
            new = [c for c in source_chunks if c.id not in have]
            stale = have - {c.id for c in source_chunks}
            if not new and not stale:
                report.unchanged += 1
            # Chroma writes one batch on a thread while the next is embedded; a source's stale
            # chunks are deleted only after all its new ones are written.
            for start in range(0, len(new), _BATCH):
                batch = new[start : start + _BATCH]
                split = [split_sentences(c.text) for c in batch]
                sentences = [
                    (c, j, s)
                    for c, group in zip(batch, split, strict=True)
                    for j, s in enumerate(group)
                ]
                vectors, sentence_vectors = embed_with_sentences(
                    embedder, [c.text for c in batch], split
                )
                writer.submit(partial(store.upsert, embedder.name, batch, vectors, sentences,
                                      sentence_vectors))  # fmt: skip
                report.added += len(batch)
                if progress:
                    writer.submit(partial(progress, len(batch)))
            writer.submit(partial(store.delete, embedder.name, sorted(stale)))
            report.removed += len(stale)
    return report
