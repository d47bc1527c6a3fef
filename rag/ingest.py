"""Files -> chunks in the store, idempotently.

A document is identified by its resolved path (uploads: `upload:<name>`), so two files with one
name in two folders are two documents. Unchanged files write nothing; a changed file's new chunks
are written before its stale ones are deleted, so a crash at any point leaves a store that still
answers and a re-run that finishes the job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np

from rag.background import OrderedWriter, ordered_writer
from rag.bm25 import forget_saved
from rag.chunking import Chunk, chunk_document
from rag.documents import Document, find_files, load_document, short_names
from rag.embedding import Embedder, VectorMemo, embed_with_sentences
from rag.errors import DocumentError, IngestError, StoreError
from rag.readers import formats
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
    notes: list[str] = field(default_factory=list)  # how files were read (a guessed encoding)
    pruned: list[str] = field(default_factory=list)  # documents whose files are gone
    gone: list[str] = field(default_factory=list)  # ... still indexed: no --prune was asked
    rebuilt: bool = False  # a new generation was built and switched to
    documents: list[tuple[str, int]] = field(default_factory=list)  # (file name, chunks) written
    replaced: int | None = None  # a reset: how many documents the old index held (None: unknown)
    dropped: list[str] = field(default_factory=list)  # a reset: old documents not in the new one
    other: list[Path] = field(default_factory=list)  # files in the folders no reader reads


Progress = Callable[[int], None]


def load_documents(
    paths: Iterable[Path], settings: Settings, report: IngestReport
) -> tuple[list[Document], dict[int, str]]:
    """Every supported file under `paths`, each once; bad files go to `report.skipped`.

    Also returns, for each skipped file, its position in `report.skipped` and its identity.
    """
    docs, unread = [], {}
    for path in find_files(paths, report.skipped.append, settings.data_dir, report.other.append):
        try:
            docs.append(load_document(path, settings.max_file_bytes))
        except (DocumentError, OSError) as exc:
            unread[len(report.skipped)] = str(path.resolve())
            report.skipped.append(str(exc) if isinstance(exc, DocumentError) else f"{path}: {exc}")
    return docs, unread


def _note_kept(store: Store, report: IngestReport, unread: dict[int, str]) -> None:
    """A file that cannot be read now keeps its indexed version (a read problem never deletes);
    say so, and how to drop it."""
    indexed = store.ids_by_path() if unread else {}
    names = short_names(indexed)
    for i, path in unread.items():
        if path in names:
            report.skipped[i] += (
                f"; its indexed version is kept (`rag remove {names[path]}` drops it)"
            )


def ingest(
    paths: list[Path],
    settings: Settings,
    store: Store,
    embedder: Embedder,
    reset: bool = False,
    progress: Progress | None = None,
    prune: bool = False,
    only_if_unbuilt: bool = False,
) -> IngestReport:
    """Index every supported file under `paths`; bad files are reported, the rest still go in.

    `prune` also drops indexed documents under the given folders whose files are gone, and
    every document under a given path that is gone itself (a deleted folder).
    """
    _outside_data_dir(paths, settings.data_dir)
    report = IngestReport()
    docs, unread = load_documents([p for p in paths if p.exists()], settings, report)
    write_documents(docs, settings, store, embedder, reset, report, progress,
                    folders=paths, prune=prune, only_if_unbuilt=only_if_unbuilt)  # fmt: skip
    if not report.rebuilt:
        _note_kept(store, report, unread)
    return report


def _outside_data_dir(paths: list[Path], data_dir: Path) -> None:
    """A path in the data dir is refused up front: a folder walk passes over the data dir (the
    index's own files are no articles), so its files would silently index as nothing."""
    store = data_dir.resolve()
    for path in paths:
        if path.exists() and path.resolve().is_relative_to(store):
            raise IngestError(
                f"{path} is in the data dir {data_dir}, whose files are never indexed: keep "
                "articles outside it, or set RAG_DATA_DIR to another folder"
            )


def write_documents(
    docs: list[Document],
    settings: Settings,
    store: Store,
    embedder: Embedder,
    reset: bool = False,
    report: IngestReport | None = None,
    progress: Progress | None = None,
    folders: list[Path] | None = None,
    prune: bool = False,
    only_if_unbuilt: bool = False,
) -> IngestReport:
    """Bring the store in line with `docs`, one document at a time.

    A reset, and the first ingest into a data dir, build a new index aside and switch to it only
    when at least one document went in: otherwise the old index keeps answering. Indexed
    documents under `folders` whose files are gone are dropped with `prune`, else named in
    `report.gone`.
    """
    report = report or IngestReport()
    report.files = len(docs)
    with store.write_lock():
        if only_if_unbuilt and store.built():
            return report
        if reset or not store.built():
            if not docs:
                others = [line] if (line := other_types(report)) else []
                raise IngestError(nothing_to_index(report), report.skipped + others)
            old = _old_documents(store)
            with store.building() as aside:
                indexed = _write(docs, settings, aside, embedder, report, progress)
            report.rebuilt = True
            forget_saved(settings.data_dir)
            if old is not None:
                kept = {d.path for d in docs}
                report.replaced = len(old)
                names = short_names([*old, *kept])
                report.dropped = sorted(names[p] for p in old if p not in kept)
        else:
            indexed = _write(docs, settings, store, embedder, report, progress)
            gone = missing_under(indexed, folders or [])
            if prune:
                report.removed += remove_documents(store, gone, indexed)
                report.pruned = gone
                indexed = {p: ids for p, ids in indexed.items() if p not in gone}
            else:
                report.gone = gone
        store.remember_roots(indexed)
    return report


def _old_documents(store: Store) -> list[str] | None:
    """The documents a reset replaces; None when there was no index or it cannot be read."""
    try:
        return list(store.ids_by_path()) if store.built() else None
    except StoreError:  # a corrupt index or a damaged pointer: the reset is how it is replaced
        return None


def other_types(report: IngestReport) -> str | None:
    """One line on the files a folder walk passed over for their type, e.g. `3 file(s) of other
    types (.doc, .text, no suffix); rag reads .txt, ...`; None when there were none."""
    if not report.other:
        return None
    kinds = sorted({p.suffix.lower() or "no suffix" for p in report.other})
    return f"{len(report.other)} file(s) of other types ({', '.join(kinds)}); rag reads {formats()}"


def nothing_to_index(report: IngestReport) -> str:
    """The error for an ingest that found no document it could read."""
    why = f"{len(report.skipped)} file(s) skipped" if report.skipped else "no supported files"
    return f"nothing to index ({why}); the index is unchanged"


def _write(
    docs: list[Document],
    settings: Settings,
    store: Store,
    embedder: Embedder,
    report: IngestReport,
    progress: Progress | None,
) -> dict[str, set[str]]:
    """Write `docs`; the chunk ids per document identity before the write, with each written
    document's own (the index's documents after it, without reading them again)."""
    existing = store.ids_by_path()
    plan: list[tuple[list[Chunk], set[str]]] = []  # per document: chunks to write, ids to drop
    written: dict[str, set[str]] = {}  # per document: its ids once written
    for doc in docs:
        source_chunks = chunk_document(doc, settings.chunk_tokens, settings.chunk_overlap)
        have = existing.get(doc.path, set())
        if doc.source != doc.path:  # an index from before identities keyed documents by name
            have = have | existing.pop(doc.source, set())
        report.documents.append((doc.source, len(source_chunks)))
        if doc.note:
            report.notes.append(doc.note)
        new = [c for c in source_chunks if c.id not in have]
        stale = have - {c.id for c in source_chunks}
        if not new and not stale:
            report.unchanged += 1
        plan.append((new, stale))
        written[doc.path] = {c.id for c in source_chunks}
    indexed = {**existing, **written}
    store.check_space(sum(len(c.text.encode("utf-8")) for new, _ in plan for c in new))
    plan = _copy_unchanged_texts(store, plan, report, progress)
    memo = VectorMemo(embedder)
    # Chroma writes one batch on a thread while the next is embedded. Batches run across
    # documents (short articles fill a batch together, so MiniLM sorts more texts by length), and
    # a document's stale chunks are deleted only once its last new chunk is written.
    pending = [(c, i) for i, (new, _) in enumerate(plan) for c in new]
    last_batch = {i: start // _BATCH for start, (_, i) in enumerate(pending)}
    deletes_after: dict[int, list[int]] = {}
    for i in range(len(plan)):
        deletes_after.setdefault(last_batch.get(i, -1), []).append(i)
    with ordered_writer() as writer:
        _submit_deletes(writer, store, plan, deletes_after.get(-1, []), report)
        for n, start in enumerate(range(0, len(pending), _BATCH)):
            batch = [c for c, _ in pending[start : start + _BATCH]]
            split = [split_sentences(c.text) for c in batch]
            sentences = [
                (c, j, s)
                for c, group in zip(batch, split, strict=True)
                for j, s in enumerate(group)
            ]
            vectors, sentence_vectors = embed_with_sentences(memo, [c.text for c in batch], split)
            writer.submit(partial(store.upsert, batch, vectors, sentences, sentence_vectors))
            report.added += len(batch)
            if progress:
                writer.submit(partial(progress, len(batch)))
            _submit_deletes(writer, store, plan, deletes_after.get(n, []), report)
    return indexed


def _copy_unchanged_texts(
    store: Store,
    plan: list[tuple[list[Chunk], set[str]]],
    report: IngestReport,
    progress: Progress | None,
) -> list[tuple[list[Chunk], set[str]]]:
    """Write the new chunks whose text a stale chunk of the same document already has (its
    title or date changed, or it was indexed before ids covered them) with that chunk's stored
    vectors and its sentences': nothing to embed again. The plan of what is left to embed.

    Runs before any other write, so the stale chunks are all still there to read."""
    left: list[tuple[list[Chunk], set[str]]] = []
    for new, stale in plan:
        old = store.chunk_vectors(sorted(stale)) if new and stale else {}
        by_text = {text: (i, vector) for i, (text, vector) in old.items()}
        copied = _copy(store, [(c, *by_text[c.text]) for c in new if c.text in by_text])
        report.added += len(copied)
        if progress and copied:
            progress(len(copied))
        left.append(([c for c in new if c.id not in copied], stale))
    return left


def _copy(store: Store, moves: list[tuple[Chunk, str, np.ndarray]]) -> set[str]:
    """Write each chunk with the vector of the stored chunk it copies (id, vector) and that
    chunk's sentence vectors; the ids written (a chunk whose sentences were stored otherwise,
    by an older splitter, is left to embed)."""
    split = {c.id: split_sentences(c.text) for c, _, _ in moves}
    stored = store.sentence_vectors([(old, split[c.id]) for c, old, _ in moves])
    done = [(c, old, vector) for c, old, vector in moves if old in stored]
    if not done:
        return set()
    store.upsert(
        [c for c, _, _ in done],
        np.stack([vector for _, _, vector in done]),
        [(c, j, s) for c, _, _ in done for j, s in enumerate(split[c.id])],
        np.stack([stored[old][s] for c, old, _ in done for s in split[c.id]]),
    )
    return {c.id for c, _, _ in done}


def _submit_deletes(
    writer: OrderedWriter,
    store: Store,
    plan: list[tuple[list[Chunk], set[str]]],
    docs: list[int],
    report: IngestReport,
) -> None:
    for i in docs:
        stale = plan[i][1]
        if stale:
            writer.submit(partial(store.delete, sorted(stale)))
            report.removed += len(stale)


def missing_under(indexed: Iterable[str], folders: list[Path]) -> list[str]:
    """The `indexed` documents under `folders` (or under a path that is gone) whose files no
    longer exist (renamed, moved or deleted); their paths, sorted."""
    roots = [f.resolve() for f in folders if f.is_dir() or not f.exists()]
    return sorted(
        path
        for path in indexed
        if path.startswith("/")
        and any(Path(path).is_relative_to(root) for root in roots)
        and not Path(path).exists()
    )


def remove_documents(
    store: Store, paths: list[str], by_path: dict[str, set[str]] | None = None
) -> int:
    """Delete every chunk of these documents (their ids from `by_path`, or read); the number
    of chunks removed."""
    by_path = store.ids_by_path() if by_path is None else by_path
    ids = sorted(i for path in paths for i in by_path.get(path, ()))
    store.delete(ids)
    return len(ids)
