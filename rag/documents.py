"""Files -> documents: clean text plus the title, publication date and source name citations show."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from rag.errors import DocumentError
from rag.readers import SUPPORTED_SUFFIXES, reader_for
from rag.text import ESCAPES, MONTHS, is_fragment

_HEADER_LINES = 6  # a publication date is stated near the top; later dates are story content

_MONTH_RE = "|".join(m.capitalize() for m in MONTHS)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_LONG_DATE = re.compile(rf"\b({_MONTH_RE})\.? (\d{{1,2}}),? (\d{{4}})\b")
_DATE_ONLY_LINE = re.compile(
    rf"^\W*(date\W*)?[\d\-/]+\W*$|^({_MONTH_RE}) \d{{1,2}}, \d{{4}}$", re.I
)


# Folders that tools fill with files nobody wrote as articles; a folder walk does not enter them.
_TOOL_FOLDERS = frozenset({"node_modules", "__pycache__"})

UPLOAD_PREFIX = "upload:"  # the identity namespace of files added through the web UI


@dataclass(frozen=True)
class Document:
    source: str  # the file name
    title: str
    date: dt.date | None
    text: str
    # The identity: the resolved path of a file, or `upload:<name>`. Two files with one name in
    # two folders are two documents; citations show the shortest name unique in the index.
    path: str = ""


def find_files(
    paths: Iterable[Path],
    warn: Callable[[str], None] | None = None,
    data_dir: Path | None = None,
) -> Iterator[Path]:
    """Expand folders (recursively, sorted) into the supported files they hold, each file once.

    Symbolic links inside a folder are followed once; links that leave the folder, loops and
    dangling links are skipped, each with a line to `warn`. Inside a folder, hidden files and
    folders (`.venv`, `.git`) and tool folders (`node_modules`, `__pycache__`) are passed over
    silently; a path given by name is always read. Nothing under `data_dir` (the index's own
    files, whatever the folder is called) is ever a document.
    """
    seen: set[Path] = set()
    store = data_dir.resolve() if data_dir is not None else None
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            found = _walk(path, root, {root}, warn or (lambda _: None))
        else:
            found = iter([path])
        for file in found:
            key = file.resolve()
            if store is not None and key.is_relative_to(store):
                continue
            if key not in seen:
                seen.add(key)
                yield file


def _walk(
    folder: Path, root: Path, visited: set[Path], warn: Callable[[str], None]
) -> Iterator[Path]:
    try:
        children = sorted(folder.iterdir())
    except OSError as exc:
        warn(f"{folder}: cannot list ({exc.strerror or exc})")
        return
    for child in children:
        if child.name.startswith(".") or child.name in _TOOL_FOLDERS:
            continue
        if child.is_symlink():
            target = child.resolve()
            if not target.exists():
                warn(f"{child}: dangling link")
                continue
            if not target.is_relative_to(root):
                warn(f"{child}: link leaves {root}")
                continue
            if target.is_dir() and target in visited:
                warn(f"{child}: link loop")
                continue
        if child.is_dir():
            real = child.resolve()
            if real not in visited:  # a folder reached twice (through a link) is read once
                visited.add(real)
                yield from _walk(child, root, visited, warn)
        elif child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
            yield child


def short_names(paths: Iterable[str]) -> dict[str, str]:
    """Each document's display name: the file name when unique in the index, else `parent/file`
    (as many trailing folders as it takes)."""
    parts = {p: _name_parts(p) for p in set(paths)}
    depth = dict.fromkeys(parts, 1)
    while True:
        labels = {p: "/".join(parts[p][-depth[p] :]) for p in parts}
        counts = Counter(labels.values())
        clashing = [p for p in parts if counts[labels[p]] > 1 and depth[p] < len(parts[p])]
        if not clashing:
            return labels
        for p in clashing:
            depth[p] += 1


def names_document(name: str, path: str) -> bool:
    """Whether `name` is a trailing part of the document's path, whole folder and file names
    (`report.txt`, `b/report.txt`, `news/b/report.txt`, `uploads/report.txt`): every display
    name the document had, however the index around it changed, is such a part."""
    wanted = [part for part in Path(name).parts if part not in ("/", ".")]
    parts = _name_parts(path)
    return bool(wanted) and parts[len(parts) - len(wanted) :] == wanted


def file_name(path: str) -> str:
    """A document identity's file name (`upload:a.txt` and `/news/a.txt` are both `a.txt`)."""
    return _name_parts(path)[-1]


def _name_parts(path: str) -> list[str]:
    if path.startswith(UPLOAD_PREFIX):
        return ["uploads", path[len(UPLOAD_PREFIX) :]]
    return [part for part in Path(path).parts if part != "/"] or [path]


def load_document(path: Path, max_bytes: int = 5_000_000) -> Document:
    """Read one file; raise DocumentError with a one-line reason when it is not a usable article."""
    if not path.is_file():
        raise DocumentError(f"{path}: not a file")
    check_file(path.name, path.stat().st_size, max_bytes)
    return parse_document(path.name, path.read_bytes(), str(path.resolve()))


def upload_name(name: str) -> str:
    """Only the last part of an uploaded file's name is kept (no `../`, no folders)."""
    return Path(name.replace("\\", "/")).name or name


def load_upload(name: str, raw: bytes, max_bytes: int = 5_000_000) -> Document:
    """An uploaded file, identified by the upload namespace and its base name; same checks."""
    base = upload_name(name)
    check_file(base, len(raw), max_bytes)
    return parse_document(base, raw, UPLOAD_PREFIX + base)


def check_file(name: str, size: int, max_bytes: int) -> None:
    reader_for(name)  # refuses unsupported types
    if size > max_bytes:
        raise DocumentError(f"{name}: larger than the {max_bytes:,}-byte limit")


def parse_document(name: str, raw: bytes, path: str = "") -> Document:
    """Read (by suffix, see `rag/readers.py`) and clean the bytes of a file named `name`."""
    read = reader_for(name)(name, raw)
    text = _normalise(read.text)
    if not text:
        raise DocumentError(f"{name}: empty")
    return Document(
        source=name,
        title=read.title or extract_title(text),
        date=extract_date(read.header) or extract_date(text),
        text=text,
        path=path or name,
    )


def extract_title(text: str) -> str:
    """The first heading, else the first line that is not just a date, shortened for display."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("#"):
            return shorten(line.lstrip("#").strip())
    for line in lines:
        if not _DATE_ONLY_LINE.match(line):
            return shorten(line.lstrip("-*[ ").rstrip("]"))
    return ""


def extract_date(text: str) -> dt.date | None:
    """The publication date stated in the header lines (`date 2024-05-17`, `May 16, 2024`)."""
    header = "\n".join([line for line in text.splitlines() if line.strip()][:_HEADER_LINES])
    for match in _ISO_DATE.finditer(header):
        if found := _safe_date(*map(int, match.groups())):
            return found
    for line in header.splitlines():
        for match in _LONG_DATE.finditer(line):
            month = MONTHS.index(match.group(1).lower()) + 1
            found = _safe_date(int(match.group(3)), month, int(match.group(2)))
            if found and _dateline(line, match):
                return found
    return None


def _dateline(line: str, match: re.Match[str]) -> bool:
    """A date that dates the article: on a short line ("- 12:19 PM, May 16, 2024") or opening
    one before a dash ("WASHINGTON, May 16, 2024 — ..."), not inside a sentence of the story
    ("On March 3, 1999, the river rose by four metres.")."""
    before, after = line[: match.start()].split(), line[match.end() :]
    if re.match(r"\s*,\s*[a-z]", after):  # ", the river rose ...": the story goes on
        return False
    return len(before) + len(after.split()) <= 5 or (
        len(before) <= 4 and re.match(r"\s*[—–-]", after) is not None
    )


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def shorten(line: str, limit: int = 90) -> str:
    """The line, or its first words up to `limit` characters and "…"."""
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _clean_char(ch: str) -> str:
    """Keep text; turn odd spaces (no-break, thin) into a space; drop control characters."""
    if ch in "\n\t" or ch.isprintable():
        return ch
    if ch.isspace():
        return " "
    return ""


def _normalise(text: str) -> str:
    """Unify newlines and spaces, drop control characters, collapse runs of blank lines."""
    text = ESCAPES.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(_clean_char(ch) for ch in text)
    text = _unwrap(re.sub(r"[ \t]+\n", "\n", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_BULLET = re.compile(r"\s*(?:[-*•–]|\d{1,3}[.)])\s")


def _unwrap(text: str) -> str:
    """Join the lines of hard-wrapped paragraphs (a text file folded at 72 columns, a PDF's text
    layer). A newline ends a sentence for the splitter, so a wrapped sentence would fall apart
    into line-long pieces that neither retrieval nor the answerer can use.

    Wrapped means at least eight lines, most of them close to one width of at most 120
    characters. Then a line that reaches 60% of that width runs on into the next when it stops
    mid-sentence or the next goes on in lower case, unless the next is blank or a list item. Text
    with a paragraph per line (most articles) is left as it is.
    """
    lines = text.split("\n")
    lengths = sorted(len(line) for line in lines if line.strip())
    if len(lengths) < 8:
        return text
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > 120 or sum(n >= 0.75 * width for n in lengths) < 0.5 * len(lengths):
        return text
    out = lines[:1]
    for previous, line in pairwise(lines):
        if _runs_on(previous, line, width):
            out[-1] = f"{out[-1].rstrip()} {line.lstrip()}"
        else:
            out.append(line)
    return "\n".join(out)


def _runs_on(line: str, following: str, width: int) -> bool:
    """Whether the wrapped `line` goes on in the `following` one."""
    start = following.lstrip()[:1]
    return (
        len(line) >= 0.6 * width
        and bool(start)
        and not _BULLET.match(following)
        and (
            (is_fragment(line.rstrip()) and not _BULLET.match(line))  # an item ends unmarked
            or start.islower()
            or start in ".,;:)"
        )
    )
