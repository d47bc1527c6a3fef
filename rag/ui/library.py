"""The Documents tab: the list of indexed articles, the source filter's choices, uploads that
ask before going in beside a document of the same file name (an upload or a seed), and delete."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from rag.errors import describe
from rag.pipeline import Pipeline
from rag.readers import formats
from rag.ui.rendering import PREVIEW_CHARS, documents_html, hero_html, plural

ALL = "All"
REPLACE, KEEP_BOTH, CANCEL = "Replace", "Keep both", "Cancel"  # the same-name choice's buttons


def source_choices(docs: list[dict]) -> list[tuple[str, str]]:
    """(label, value) pairs: a title short enough for one line, and its date; the file name
    only where two labels would read alike (or there is no title)."""
    rows = sorted(docs, key=lambda d: (d["title"] or d["source"]).lower())
    labels = [f"{_short(d['title'] or d['source'])} · {d['date'] or 'undated'}" for d in rows]
    return [("All articles", ALL)] + [
        (f"{label} · {d['source']}" if labels.count(label) > 1 else label, d["path"])
        for label, d in zip(labels, rows, strict=True)
    ]


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"


def size_label(limit: int) -> str:
    """5000000 -> "5 MB"."""
    return f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit / 1000:g} KB"


def read_and_discard(paths: list[str] | None) -> list[tuple[str, bytes]]:
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
            progress(done[0], desc="Embedding", unit="passages")

    try:
        report = pipeline.ingest_uploads(files, replace=replace, progress=advance)
    except Exception as exc:
        return f"✗ Indexing stopped: {describe(exc)}"
    lines = [f"✗ {reason}" for reason in report.skipped]
    lines += [f"✓ {name}: {plural(chunks, 'passage')}" for name, chunks in report.documents]
    lines += [f"ℹ {note}" for note in report.notes]
    return "\n".join(lines) or f"Choose {formats()} files to add."


def same_name_question(names: list[str]) -> str:
    """What the Replace / Keep both / Cancel choice asks about."""
    listed = ", ".join(f"“{escape(n)}”" for n in names)
    one = len(names) == 1
    stem, dot, suffix = names[0].rpartition(".")
    numbered = f"{stem} (2).{suffix}" if dot else f"{names[0]} (2)"
    return (
        f'<p class="choice-q"><b>{listed} {"is" if one else "are"} already indexed.</b> '
        f"<b>Replace</b> {'it' if one else 'them'} with the new upload, <b>Keep both</b> "
        f"(the new one gets a numbered name, like “{escape(numbered)}”), or <b>Cancel</b> to "
        "add nothing.</p>"
    )


TICK_LOADING_S = 1.0  # how often a page looks for the index while the server loads it
TICK_S = 3.0  # ... and then for changes made elsewhere


class Library:
    """The Documents tab's events; each returns the refreshed list, source filter and header."""

    def __init__(self, pipeline: Pipeline, lock: threading.Lock, ready: threading.Event) -> None:
        self.pipeline, self.lock, self.ready = pipeline, lock, ready
        # the last delete's notice and the index it leaves: a tick that lands after the delete
        # (one started while it ran, or another tab's) shows the list with it, not without
        self._said: tuple[Any, str] = (None, "")

    def view(self, notice: str = "", chosen: str | None = None) -> tuple:
        """Outputs: documents, source filter (back to All if `chosen` is gone), header, ticker,
        and the index's key (what this page now shows, for `changes`)."""
        with self.lock:
            docs = self.pipeline.sources(opening=PREVIEW_CHARS)
            key = self.pipeline.index_key()
            fixed = self.pipeline.read_only()
        status = "" if self.ready.is_set() else "Loading the index…"
        choices = source_choices(docs)
        source = gr.update(choices=choices)
        if chosen is not None and chosen not in {value for _, value in choices}:
            source = gr.update(choices=choices, value=ALL)
        return (documents_html(docs, notice, fixed), source, hero_html(docs, status),
                gr.update(value=TICK_LOADING_S if status else TICK_S), key)  # fmt: skip

    def changes(self, seen: Any, chosen: str | None) -> tuple:
        """The timer's tick: the listing again once the index changed since this page last
        showed it (an upload or delete in another tab, a `rag ingest` beside the server), else
        nothing. Outputs as `view`."""
        with self.lock:
            key = self.pipeline.index_key()
        if key == seen and self.ready.is_set():
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        said_of, said = self._said
        return self.view(said if said_of == key else "", chosen=chosen)

    def upload(self, paths: list[str] | None, progress=gr.Progress()) -> tuple:  # noqa: B008
        """Index the files at once, or hold them and ask when a file of that name is indexed.
        Outputs: result, choice panel, its question, held files, documents, source, header,
        upload box, the index's key."""
        files = read_and_discard(paths)
        with self.lock:
            same = [name for name, _ in files if self.pipeline.named([name])]
        if same:
            return ("Waiting for your choice above: replace, keep both or cancel.",
                    gr.update(visible=True), same_name_question(same), files,
                    gr.skip(), gr.skip(), gr.skip(), None, gr.skip())  # fmt: skip
        return self._index(files, True, progress)

    def decide(self, choice: str, held: Any, progress=gr.Progress()) -> tuple:  # noqa: B008
        """Replace, Keep both or Cancel for the held files; outputs as `upload`."""
        if choice not in (REPLACE, KEEP_BOTH) or not held:
            return ("Nothing was added.", gr.update(visible=False), "", None,
                    gr.skip(), gr.skip(), gr.skip(), None, gr.skip())  # fmt: skip
        return self._index(held, choice == REPLACE, progress)

    def _index(self, files: list[tuple[str, bytes]], replace: bool, progress: Callable) -> tuple:
        with self.lock:
            message = ingest_uploads(self.pipeline, files, progress, replace=replace)
        docs, source, hero, _, key = self.view()
        return message, gr.update(visible=False), "", None, docs, source, hero, None, key

    def delete(self, chosen: str | None, evt: gr.EventData) -> tuple:
        """Remove the document whose Delete was confirmed in the page; documents.js sends its
        identity as `doc` (Gradio would take a `path` key for a file and refuse it) and title.
        Outputs: documents, source filter, header, upload result (cleared: it may name the
        deleted file), the index's key."""
        data = evt._data if isinstance(evt._data, dict) else {}
        path, title = str(data.get("doc") or ""), str(data.get("title") or "")
        try:
            with self.lock:
                removed = self.pipeline.remove([path])
                notice = f"✓ Deleted “{title or path}” ({plural(removed, 'passage')})."
                self._said = (self.pipeline.index_key(), notice)
            gr.Success(notice, duration=6)  # the notice above the list may be out of view
        except Exception as exc:  # one plain line above the list
            notice = f"✗ Could not delete “{title or path}”: {describe(exc)}"
        docs, source, hero, _, key = self.view(notice, chosen)
        return docs, source, hero, "", key
