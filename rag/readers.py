"""File formats in one table: suffix -> reader. A reader turns a file's bytes into text (and a
title when the format carries one) or refuses with a one-line `DocumentError`.

Everything that lists formats (ingest's folder walk, upload checks, the CLI help, error messages)
reads `READERS`; adding a format is one function and one row. PDF and DOCX libraries load only
when such a file is read.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from rag.errors import DocumentError


@dataclass(frozen=True)
class Read:
    text: str
    title: str | None = None  # None: the document finds one in the text
    # Lines about the document, never part of it (Markdown front matter): read for its date only
    header: str = ""
    # Each line is a line of a printed page (a PDF's text layer): wrapped whatever its widths,
    # page by page; pages are separated by a form feed
    printed: bool = False
    # A word for the user about how it was read (a guessed encoding), shown by ingest
    note: str = ""


Reader = Callable[[str, bytes], Read]


# Byte order marks of the wide encodings (Windows Notepad saves "Unicode" as UTF-16 with one);
# UTF-32 first: its little-endian mark begins with UTF-16's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text(name: str, raw: bytes) -> Read:
    """Plain text (also what Markdown and HTML are parsed from): UTF-8 (a BOM is fine), or
    UTF-16/32 with a BOM, or else Windows-1252 (Latin-1) with a note; never binary."""
    wide = next((encoding for bom, encoding in _WIDE_BOMS if raw.startswith(bom)), None)
    if wide is None and b"\x00" in raw:
        raise DocumentError(f"{name}: binary file")
    try:
        return Read(raw.decode(wide or "utf-8-sig"))
    except UnicodeDecodeError as exc:
        if wide is None and (western := _as_cp1252(raw)) is not None:
            guess = "read as Windows-1252 (Latin-1); if its accents look wrong, re-save it as UTF-8"
            return Read(western, note=f"{name}: not UTF-8; {guess}")
        encoding = wide.upper() if wide else "UTF-8 or Windows-1252"
        raise DocumentError(
            f"{name}: not {encoding} text (byte {exc.start}); re-save it as UTF-8"
        ) from None


def _as_cp1252(raw: bytes) -> str | None:
    """A file that is not UTF-8 as Windows-1252, as older Windows editors save Western text
    ("café", curly quotes), when it reads as such: None when it is mostly UTF-8 (as many valid
    UTF-8 characters past ASCII as bad bytes: UTF-8 with a bad byte, whose accents would turn
    to "Ã©"; a Windows-1252 "ß“" is a valid pair, but rare among its bad bytes), a byte is not Windows-1252, or letters past ASCII are more than a fifth of its
    letters (another code page: Cyrillic, Greek, or a CJK encoding's byte pairs)."""
    as_utf8 = raw.decode("utf-8", "replace")
    bad = as_utf8.count("\ufffd")
    if sum(not ch.isascii() for ch in as_utf8) - bad >= bad:
        return None
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    accented = sum(not ch.isascii() for ch in letters)
    return text if letters and accented * 5 <= len(letters) else None


def read_markdown(name: str, raw: bytes) -> Read:
    """Markdown as the words a reader sees, so that stored passages, answers and their checked
    quotes carry no markup: emphasis, code ticks, heading and bullet marks and link targets are
    dropped (link and image text kept), a block is a line (a paragraph's wrapped lines joined, as
    a renderer shows them). The title is front matter's `title:`, else the first heading; the
    front matter itself is never text (nor, without `title:`, a title)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    decoded = read_text(name, raw)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    front = _FRONT_MATTER.match(text)
    out: list[str] = []
    title = _front_title(front.group(2)) if front else None
    row: list[str] = []
    tokens = parser.parse(text[front.end() :] if front else text)
    for i, token in enumerate(tokens):
        if token.type == "inline":
            words = "".join(_inline_text(child) for child in token.children or [])
            if tokens[i - 1].type in ("th_open", "td_open"):
                row.append(words)
                continue
            if title is None and tokens[i - 1].type == "heading_open":
                title = " ".join(words.split()) or None
            out.append(words)
        elif token.type == "tr_close":
            out.append(" | ".join(row) + "\n")
            row = []
        elif token.type in ("heading_close", "paragraph_close"):
            out.append("\n" if token.hidden else "\n\n")  # hidden: a tight list's item
        elif token.type == "list_item_open" and token.info:  # a numbered item keeps its number
            out.append(f"{token.info}{token.markup} ")
        elif token.type in ("fence", "code_block"):
            out.append(token.content + "\n")
        elif token.type == "html_block":
            out.append(read_html(name, token.content.encode()).text + "\n")
        elif token.type in ("bullet_list_close", "ordered_list_close", "table_close"):
            out.append("\n")
    return Read("".join(out), title, front.group(2) if front else "", note=decoded.note)


# A static site generator's header above the article: YAML (`---`, `title: ...`, `date: ...`,
# `---`) or TOML (`+++`, `title = "..."`, `+++`).
_FRONT_MATTER = re.compile(r"(---|\+\+\+)[ \t]*\n(?=[\w-]+[ \t]*[:=])(.*?)\n\1[ \t]*(?:\n|$)", re.S)
_TITLE_KEY = re.compile(r"^title[ \t]*[:=][ \t]*(.+)$", re.M | re.I)


def _front_title(header: str) -> str | None:
    found = _TITLE_KEY.search(header)
    title = found.group(1).strip().strip("\"'").strip() if found else ""
    return title or None


def _inline_text(token: Any) -> str:
    """What an inline Markdown token shows as text: words and code as written, an image as its
    description, and nothing for the marks around emphasis or links."""
    if token.type in ("text", "code_inline"):
        return str(token.content)
    if token.type == "softbreak":  # a paragraph's lines are one paragraph: a newline would end
        return " "  # a sentence for the splitter
    if token.type == "hardbreak":
        return "\n"
    if token.type == "image":
        return str(token.content)
    return ""


def read_html(name: str, raw: bytes) -> Read:
    """The article text of a page (`_TextExtractor`); the <title> as title, else the <h1>."""
    parser = _TextExtractor()
    try:
        decoded = read_text(name, raw)
    except DocumentError:
        if (declared := _in_declared_charset(raw)) is None:
            raise
        decoded = Read(declared)
    if decoded.note and (declared := _in_declared_charset(raw)) is not None:
        decoded = Read(declared)  # not UTF-8: the charset the page states, rather than a guess
    parser.feed(decoded.text)
    parser.close()
    text = "".join(parser.parts)  # the parser already decoded entities: decode once
    if not text.strip():  # a page that is all furniture is read whole
        text = "".join(parser.furniture)
    text = re.sub(r"[ \t]+", " ", text)
    dates = parser.published or parser.times
    title = " ".join(parser.title.split()) or " ".join(parser.heading.split())
    return Read(text, title or None, f"date: {dates[0]}" if dates else "", note=decoded.note)


# A page's own statement of its encoding, in its first 1024 bytes as browsers look for it:
# `<meta charset=...>`, `<meta http-equiv=... content="...; charset=...">`, `<?xml encoding=...?>`
_DECLARED_CHARSET = re.compile(
    rb"(?:<meta[^>]*?charset|<\?xml[^>]*?encoding)\s*=\s*[\"']?\s*([\w.:-]+)", re.I
)
# Browsers read these labels as windows-1252 (its 0x80-0x9f are quotes and dashes, not controls)
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"}


def _in_declared_charset(raw: bytes) -> str | None:
    """A page that is not UTF-8 decoded as it says it is (older news sites save windows-1252);
    None when it declares nothing, a charset Python does not know, or one its bytes break."""
    found = _DECLARED_CHARSET.search(raw[:1024])
    if found is None or b"\x00" in raw:
        return None
    label = found.group(1).decode("ascii").lower()
    if label.startswith(("utf-16", "utf-32", "utf16", "utf32")):  # browsers ignore these too
        return None
    try:
        return raw.decode("cp1252" if label in _AS_CP1252 else label)
    except (LookupError, UnicodeDecodeError):
        return None


def read_pdf(name: str, raw: bytes) -> Read:
    """The text layer of every page (pypdf); a scanned, image-only PDF has none and is refused."""
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the user's business
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise DocumentError(f"{name}: encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str(reader.metadata.get("/Title") or "").strip() if reader.metadata else ""
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types for a damaged file
        raise DocumentError(f"{name}: not a readable PDF ({type(exc).__name__})") from None
    text = "\f".join("\n".join(lines) for lines in _drop_running_lines(pages) if lines)
    if not text.strip():
        raise DocumentError(f"{name}: no text layer (a scanned or image-only PDF?)")
    return Read(text, title or None, printed=True)


# A page number alone on a line: `7`, `- 7 -`, `Page 7`, `7 of 12`, `Page 7/12`.
_PAGE_NUMBER = re.compile(r"[-–—\s]*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-–—\s]*", re.I)
_EDGE = 2  # lines at the top and at the bottom of a page where running lines are looked for


def _drop_running_lines(pages: list[str]) -> list[list[str]]:
    """Each page's lines without its running header and footer: a line repeated at the top or
    bottom of most pages (`ORVIK COURIER - Page 3` counts as one line whatever the number), and
    lone page numbers there. One page has nothing to compare with and is kept whole."""
    split = [page.strip().splitlines() for page in pages]
    if len(split) < 2:
        return split

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split()).lower())

    def edges(lines: list[str]) -> list[str]:
        filled = [line for line in lines if line.strip()]
        return filled[:_EDGE] + filled[-_EDGE:]

    seen = Counter(k for lines in split for k in {key(line) for line in edges(lines)})
    running = {k for k, n in seen.items() if n >= max(2, 0.6 * len(split))}

    def dropped(line: str) -> bool:
        return key(line) in running or _PAGE_NUMBER.fullmatch(line) is not None

    out = []
    for lines in split:
        keep = [True] * len(lines)
        for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
            filled = 0
            for i in order:
                if filled == _EDGE or not keep[i]:
                    break
                if lines[i].strip():
                    filled += 1
                    if not dropped(lines[i]):
                        break
                keep[i] = False
        out.append([line for line, kept in zip(lines, keep, strict=True) if kept])
    return out


def read_docx(name: str, raw: bytes) -> Read:
    """Paragraphs and tables of a Word document in their order (python-docx); headings become
    Markdown headings, a table row is a line of cells joined by ` | ` (as Markdown tables)."""
    import docx
    from docx.table import Table

    try:
        document: Any = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # a zip that is not a Word file, or a damaged one
        raise DocumentError(f"{name}: not a readable DOCX ({type(exc).__name__})") from None
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.append("\n".join(_docx_row(row) for row in block.rows))
            continue
        style = block.style.name if block.style is not None else ""
        heading = style.startswith("Heading") or style == "Title"
        lines.append(f"# {block.text}" if heading and block.text.strip() else block.text)
    return Read("\n\n".join(lines), document.core_properties.title or None)


def _docx_row(row: Any) -> str:
    """One table row as a line; a merged cell (python-docx repeats it) counts once."""
    cells: list[Any] = []
    for cell in row.cells:
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    return " | ".join(" ".join(cell.text.split()) for cell in cells)


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}
SUPPORTED_SUFFIXES = tuple(READERS)


def formats(joiner: str = "or") -> str:
    """The supported suffixes for messages: `.txt, .md, ... or .docx`."""
    *rest, last = SUPPORTED_SUFFIXES
    return f"{', '.join(rest)} {joiner} {last}"


def reader_for(name: str) -> Reader:
    """The reader for a file name's suffix; a one-line refusal for any other."""
    reader = READERS.get(Path(name).suffix.lower())
    if reader is None:
        raise DocumentError(f"{name}: unsupported type (use {formats()})")
    return reader


# The <meta> names a page's publication date goes by (Open Graph, schema.org, Dublin Core).
_PUBLISHED = frozenset(
    "article:published_time og:published_time datepublished date pubdate dc.date".split()
)


class _TextExtractor(HTMLParser):
    """A page's article text: block elements on their own lines, a table row a line of cells
    joined by ` | `; a site's furniture (menus, header and footer, sidebars, cookie banners) is
    left out, unless the page has nothing else."""

    _SKIP = {"script", "style", "noscript", "template", "svg", "button", "select", "iframe"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "article", "table", "ul", "ol", "blockquote", "figure", "figcaption", "dd", "dt"}  # fmt: skip
    _VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
             "source", "track", "wbr"}  # fmt: skip
    _FURNITURE = {"nav", "aside", "footer", "form"}
    _FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
    _BANNER = re.compile(r"cookie|consent|gdpr", re.I)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []  # the article
        self.furniture: list[str] = []  # everything else, for a page that is all furniture
        self.title = ""
        self.heading = ""  # the first <h1>: the title of a page with no <title>
        self.published: list[str] = []  # <meta property="article:published_time" content=...>
        self.times: list[str] = []  # <time datetime=...> in the article, in page order
        # open elements: (tag, True: furniture starts here, False: content again, None: as its parent)
        self._stack: list[tuple[str, bool | None]] = []
        self._cells = 0  # cells so far in the current table row
        self._h1s = 0

    def _in_furniture(self) -> bool:
        return next((state for _, state in reversed(self._stack) if state is not None), False)

    def _is_furniture(self, tag: str, named: dict) -> bool | None:
        outside = not any(t in ("article", "main") for t, _ in self._stack)
        marks = " ".join(named.get(a) or "" for a in ("class", "id", "aria-label"))
        if tag == "h1" and self._in_furniture():
            # the headline of a page without <article>, in a <header> beside the site's menu
            return False if next(t for t, v in reversed(self._stack) if v) == "header" else None
        furniture = (
            tag in self._FURNITURE
            or (tag == "header" and outside)  # the site's header; an article's own is kept
            or (named.get("role") or "").lower() in self._FURNITURE_ROLES
            or self._BANNER.search(marks) is not None
        )
        return True if furniture else None

    def _out(self) -> list[str]:
        return self.furniture if self._in_furniture() else self.parts

    def handle_starttag(self, tag: str, attrs: list) -> None:
        named = dict(attrs)
        key = (named.get("property") or named.get("name") or named.get("itemprop") or "").lower()
        if tag == "meta" and key in _PUBLISHED and named.get("content"):
            self.published.append(named["content"])
        if tag in self._VOID:  # never closed: kept off the stack
            self._out().append("\n" if tag == "br" else "")
            return
        self._stack.append((tag, self._is_furniture(tag, named)))
        if tag == "time" and named.get("datetime") and not self._in_furniture():
            self.times.append(named["datetime"])
        if tag == "h1" and not self._in_furniture():
            self._h1s += 1
        if tag == "tr":  # a row starts a line (and does not end one: rows are not paragraphs)
            self._cells = 0
            self._out().append("\n")
        elif tag in ("td", "th"):
            if self._cells:
                self._out().append(" | ")
            self._cells += 1
        if tag in self._BLOCK:
            self._out().append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCK:
            self._out().append("\n")
        if any(t == tag for t, _ in self._stack):
            while self._stack and self._stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        tags = [t for t, _ in self._stack]
        if any(t in self._SKIP for t in tags):
            return
        if tags and tags[-1] == "title":
            self.title += data
            return
        if "h1" in tags and self._h1s == 1 and not self._in_furniture():
            self.heading += data
        self._out().append(data)
