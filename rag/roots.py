"""The folders an index was built from, so advice to rebuild it names them.

A bare `rag ingest --reset` rebuilds from the bundled seeds alone and so would replace the user's
documents; every message that suggests a reset spells out `rag ingest --reset ROOT ...` instead.
The embedded store keeps the roots in a small file beside its generations (`ROOTS_FILE`), so the
advice survives an index too corrupt to read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

ROOTS_FILE = "indexed-roots.txt"
_UPLOAD = "upload:"  # rag.documents.UPLOAD_PREFIX; not imported, so any layer may use this module


# Folders that tools fill with files nobody wrote as articles; a folder walk does not enter them.
TOOL_FOLDERS = frozenset({"node_modules", "__pycache__"})


def passed_over(name: str) -> bool:
    """A file or folder that a folder walk skips (`.git`, `.draft.txt`, `node_modules`); one
    given by name is still read."""
    return name.startswith(".") or name in TOOL_FOLDERS


def common_roots(paths: Iterable[str]) -> list[str]:
    """The folders holding these documents, without any folder inside another one, then each
    document a walk of its root would pass over (a hidden file that was indexed by name), so
    that a reset from these paths drops none of them."""
    files = sorted(p for p in paths if p.startswith("/"))
    folders = sorted({str(Path(p).parent) for p in files})
    roots: list[str] = []
    for folder in folders:  # sorted, so a folder comes before everything inside it
        if not any(Path(folder).is_relative_to(root) for root in roots):
            roots.append(folder)
    hidden = [
        p
        for p in files
        for root in roots
        if Path(p).is_relative_to(root) and any(map(passed_over, Path(p).relative_to(root).parts))
    ]
    return roots + hidden


def reset_command(paths: Iterable[str]) -> str:
    """`rag ingest --reset ROOT ...` for these documents (uploads must be uploaded again)."""
    paths = list(paths)
    return _command(common_roots(paths), sum(p.startswith(_UPLOAD) for p in paths))


def _command(roots: list[str], uploads: int) -> str:
    again = f"upload its {uploads} uploaded file(s) again" if uploads else ""
    if not roots:
        if again:
            return f"use a new data dir (RAG_DATA_DIR) and {again}"
        return "`rag ingest --reset FOLDER ...` with the folders you indexed"
    command = f"`rag ingest --reset {' '.join(_quote(r) for r in roots)}`"
    return f"{command}, then {again}" if again else command


def _quote(path: str) -> str:
    return f"'{path}'" if any(ch.isspace() or ch in "'\"$&;|" for ch in path) else path


def remember(data_dir: Path, paths: Iterable[str]) -> None:
    """Record the documents' roots (uploads as `upload:`); best effort, never fails a write."""
    paths = list(paths)
    lines = common_roots(paths) + [p for p in paths if p.startswith(_UPLOAD)]
    with contextlib.suppress(OSError):
        (data_dir / ROOTS_FILE).write_text("".join(f"{line}\n" for line in lines), "utf-8")


def remembered_command(data_dir: Path) -> str | None:
    """The reset command for the recorded roots; None when nothing was recorded."""
    try:
        lines = (data_dir / ROOTS_FILE).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    uploads = sum(line.startswith(_UPLOAD) for line in lines)
    return _command([line for line in lines if line.startswith("/")], uploads)
