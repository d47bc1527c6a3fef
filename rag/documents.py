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
from rag.generations import holds_index
from rag.readers import SUPPORTED_SUFFIXES, reader_for
from rag.roots import passed_over
from rag.text import ESCAPES, MONTHS, WEEKDAYS, is_fragment

# A publication date is stated near the top (below a site's menu, perhaps); later dates are story
# content, and so is a date inside a sentence or a headline even at the top.
_HEADER_LINES = 12

_MONTH = rf"(?P<month>{'|'.join(MONTHS)}|sept|{'|'.join(m[:3] for m in MONTHS)})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# ISO (with a time after `T`), `May 16, 2024`, `Nov. 12 2026`, `26 Nov 2026`, `November 26th,
# 2026`. Not `11/02/2026`: day and month could be either way round, so it dates nothing.
_DATES = [
    re.compile(
        r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])"
        r"(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?",
        re.I,
    ),  # fmt: skip
    re.compile(rf"\b{_MONTH} {_DAY},? {_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY} {_MONTH},? {_YEAR}\b", re.I),
]
# What may stand beside a date on a line that only dates the article: `Published`, a weekday, a
# time and its zone (`- 12:19 PM, May 16, 2024`, `Published Thursday 26 November 2026 10.00 GMT`,
# `date: 2024-05-17`). A headline's or a caption's words (`Flood of March 3, 1999 remembered`,
# `Photo: 2019-05-04 archive`) make the date part of the story.
_DATE_WORDS = frozenset(
    "date dated published publishdate pubdate posted updated created first last modified on at "
    "am pm a.m. p.m. gmt utc bst cet cest est edt cst cdt pst pdt z".split()
    + list(WEEKDAYS)
    + [w[:3] for w in WEEKDAYS]
)
_TIME = re.compile(r"\d{1,2}(?:[:.]\d{2}){1,2}(?:am|pm)?|[+-]\d{2}:?\d{2}", re.I)
_BYLINE = re.compile(r"^\W*by\s+[^|·,—–]+[|·,—–]", re.I)
_BYLINE_AFTER = re.compile(r"\W*\bby\s+[^|·—–\d]+$", re.I)  # "Published on 3 May 2025 by Ann Lee"
# A plain-text header's key line ("Title: Tram delayed", "Headline: ..."), as scraped dumps write it
_TITLE_LINE = re.compile(r"(?:title|headline)[ \t]*:[ \t]*(\S.*)", re.I)
_NUMERIC_DATE_LINE = re.compile(r"^\W*(date\W*)?[\d\-/.]+\W*$", re.I)


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
    note: str = ""  # how it was read, when the user should know (a guessed encoding)


def find_files(
    paths: Iterable[Path],
    warn: Callable[[str], None] | None = None,
    data_dir: Path | None = None,
    other: Callable[[Path], None] | None = None,
) -> Iterator[Path]:
    """Expand folders (recursively, sorted) into the supported files they hold, each file once.

    Symbolic links inside a folder are followed once; links that leave the folder, loops and
    dangling links are skipped, each with a line to `warn`. Inside a folder, hidden files and
    folders (`.venv`, `.git`) and tool folders (`node_modules`, `__pycache__`) are passed over
    silently; a path given by name is always read. Nothing under `data_dir` (the index's own
    files, whatever the folder is called) is ever a document or a file of another type, and the
    data dir of another index is passed over with a line to `warn`. A file of a type no reader
    reads goes to `other`, so that the caller can say how many were passed over.
    """
    seen: set[Path] = set()
    store = data_dir.resolve() if data_dir is not None else None
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            skip = warn or (lambda _: None)
            found = _walk(path, root, {root}, skip, other or (lambda _: None), store)
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
    folder: Path,
    root: Path,
    visited: set[Path],
    warn: Callable[[str], None],
    other: Callable[[Path], None],
    store: Path | None,
) -> Iterator[Path]:
    if store is not None and folder.resolve().is_relative_to(store):
        return
    if holds_index(folder):
        warn(f"{folder}: the data dir of another index, not articles")
        return
    try:
        children = sorted(folder.iterdir())
    except OSError as exc:
        warn(f"{folder}: cannot list ({exc.strerror or exc})")
        return
    for child in children:
        if passed_over(child.name):
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
                yield from _walk(child, root, visited, warn, other, store)
        elif child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
            yield child
        elif child.is_file():
            other(child)


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
        raise DocumentError(
            f"{name}: larger than the {max_bytes:,}-byte limit (RAG_MAX_FILE_BYTES)"
        )


def parse_document(name: str, raw: bytes, path: str = "") -> Document:
    """Read (by suffix, see `rag/readers.py`) and clean the bytes of a file named `name`."""
    read = reader_for(name)(name, raw)
    text = _normalise(read.text, read.printed)
    if not text:
        raise DocumentError(f"{name}: empty")
    return Document(
        source=name,
        title=read.title or extract_title(text),
        date=extract_date(read.header, None) or extract_date(text),
        text=text,
        path=path or name,
        note=read.note,
    )


def extract_title(text: str) -> str:
    """A header's `Title:` line, else the first heading, else the first line that is not just a
    date, shortened for display."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:_HEADER_LINES]:
        if keyed := _TITLE_LINE.fullmatch(line):
            return shorten(keyed.group(1))
    for line in lines:
        if line.startswith("#"):
            return shorten(line.lstrip("#").strip())
    for line in lines:
        if not is_date_line(line):
            return shorten(line.lstrip("-*[ ").rstrip("]"))
    return ""


def extract_date(text: str, header_lines: int | None = _HEADER_LINES) -> dt.date | None:
    """The publication date: on a line of its own (`date 2024-05-17`, `Thursday 26 November
    2026`, `- 12:19 PM, May 16, 2024`) or opening a dateline (`WASHINGTON, May 16, 2024 — ...`)
    in the header lines (all of them for front matter: None); a date in the story or a headline
    is not it."""
    lines = [line for line in text.splitlines() if line.strip()][:header_lines]
    for line in lines:
        if found := _line_date(line):
            return found
    return None


def _line_date(line: str) -> dt.date | None:
    """The date this line states as the article's date, if it does."""
    for pattern in _DATES:
        for match in pattern.finditer(line):
            found = match_date(match)
            if found and _dateline(line, match):
                return found
    return None


def full_dates(text: str) -> set[dt.date]:
    """Every day the text names in full ("March 5, 2026", "2026-03-05"), wherever it stands."""
    return {day for pattern in _DATES for m in pattern.finditer(text) if (day := match_date(m))}


def match_date(match: re.Match[str], year: int | None = None) -> dt.date | None:
    """The day a date pattern's match names (groups month, day and year), in `year` when the
    match gives none ("Monday, October 24" in an article of 2022); None for no such day."""
    month = match.group("month")
    if not month.isdigit():
        names = [m[:3] for m in MONTHS]
        month = str(names.index(month[:3].lower()) + 1)
    said = match.group("year") or year
    return _safe_date(int(said), int(month), int(match.group("day"))) if said else None


def _dateline(line: str, match: re.Match[str]) -> bool:
    """A date that dates the article: beside date words only ("- 12:19 PM, May 16, 2024",
    "By Ann Lee | May 16, 2024"), or opening a dateline before a dash ("WASHINGTON, May 16,
    2024 — ..."); not inside a sentence ("On March 3, 1999, the river rose") or a headline."""
    before, after = line[: match.start()], line[match.end() :]
    place = before.split()
    if re.match(r"\s*[—–-]", after) and len(place) <= 4 and all(w[0].isupper() for w in place):
        return True  # a place, then the date, then the story
    return _only_date_words(before, after)


def _only_date_words(before: str, after: str) -> bool:
    words = (_BYLINE.sub("", before) + " " + _BYLINE_AFTER.sub("", after)).split()
    return all(_date_word(word) for word in words)


def _date_word(word: str) -> bool:
    word = word.strip(",;:=|·—–-()[]\"'").lower()
    return not word or word in _DATE_WORDS or _TIME.fullmatch(word) is not None


def is_date_line(line: str) -> bool:
    """A line that only dates the article (never its title; a dateline opening the story is)."""
    return bool(_NUMERIC_DATE_LINE.match(line)) or any(
        match_date(match) and _only_date_words(line[: match.start()], line[match.end() :])
        for pattern in _DATES
        for match in pattern.finditer(line)
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


def _normalise(text: str, printed: bool = False) -> str:
    """Unify newlines and spaces, drop control characters, collapse runs of blank lines.

    A form feed separates pages: each is unwrapped on its own (`printed`: its lines are a
    printed page's, see `_unwrap`), and a sentence a page break cut is joined again."""
    text = ESCAPES.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    pages = [
        re.sub(r"[ \t]+\n", "\n", "".join(_clean_char(ch) for ch in page))
        for page in text.split("\f")
    ]
    out = _unwrap(pages[0], printed)
    for before, page in pairwise(pages):
        last = before.rstrip().rsplit("\n", 1)[-1]
        width = _wrap_width(before.split("\n"), printed)
        joint = " " if width and _runs_on(last, page.lstrip(), width, printed) else "\n\n"
        out = out.rstrip() + joint + _unwrap(page, printed).lstrip()
    return re.sub(r"\n{3,}", "\n\n", out).strip()


_BULLET = re.compile(r"\s*(?:[-*•–]|\d{1,3}[.)])\s")


def _unwrap(text: str, printed: bool = False) -> str:
    """Join the lines of hard-wrapped paragraphs (a text file folded at 72 columns, a PDF's text
    layer). A newline ends a sentence for the splitter, so a wrapped sentence would fall apart
    into line-long pieces that neither retrieval nor the answerer can use.

    A line that reaches 60% of the wrapping width runs on into the next when it stops
    mid-sentence or the next goes on in lower case, unless the next is blank or a list item. Text
    with a paragraph per line (most articles) is left as it is (`_wrap_width`).
    """
    lines = text.split("\n")
    width = _wrap_width(lines, printed)
    if width is None:
        return text
    out = lines[:1]
    for previous, line in pairwise(lines):
        if _runs_on(previous, line, width, printed):
            out[-1] = f"{out[-1].rstrip()} {line.lstrip()}"
        else:
            out.append(line)
    return "\n".join(out)


def _wrap_width(lines: list[str], printed: bool) -> int | None:
    """The width these lines were wrapped at; None when they are not wrapped.

    A printed page (a PDF's) is wrapped at the width of its widest line, however few its lines.
    Other text is wrapped when it has at least eight lines, most of them close to one width of at
    most 120 characters."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths or (not printed and len(lengths) < 8):
        return None
    if printed:
        return lengths[-1]
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > 120 or sum(n >= 0.75 * width for n in lengths) < 0.5 * len(lengths):
        return None
    return width


def _runs_on(line: str, following: str, width: int, printed: bool = False) -> bool:
    """Whether the wrapped `line` goes on in the `following` one.

    On a printed page a line goes on into one in lower case whatever its length, and stops
    mid-sentence only when it nearly fills the widest line (a headline without a full stop
    is shorter than the body's lines)."""
    start = following.lstrip()[:1]
    if not start or _BULLET.match(following):
        return False
    if start.islower() or start in ".,;:)":
        return printed or len(line) >= 0.6 * width
    cut = is_fragment(line.rstrip()) and not _BULLET.match(line)  # an item ends unmarked
    return cut and len(line) >= (0.8 if printed else 0.6) * width
