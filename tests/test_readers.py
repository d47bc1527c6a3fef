"""One table of formats: text, Markdown, HTML, PDF (text layer) and DOCX, by suffix."""

import io

import pytest

from rag.documents import find_files, parse_document
from rag.errors import DocumentError
from rag.readers import READERS, SUPPORTED_SUFFIXES, formats, read_text
from tests.helpers import make_pdf

ARTICLE = ["date 2024-03-04", "Harbour bridge reopens in Malmhavn",
           "Mayor Anna Berg (61) cut the ribbon on Monday."]  # fmt: skip


def test_the_table_is_the_one_list():
    assert tuple(READERS) == SUPPORTED_SUFFIXES
    assert {".txt", ".md", ".html", ".pdf", ".docx"} <= set(READERS)
    assert formats() == ", ".join(SUPPORTED_SUFFIXES[:-1]) + " or " + SUPPORTED_SUFFIXES[-1]


def test_pdf_text_layer_becomes_a_document():
    raw = make_pdf([ARTICLE, ["Residents applauded the reopening."]])
    assert b"\x00" in raw  # binary bytes are fine in a PDF: only text readers refuse them
    doc = parse_document("bridge.pdf", raw)
    assert doc.title == "Harbour bridge reopens in Malmhavn"
    assert doc.date is not None and doc.date.isoformat() == "2024-03-04"
    assert "Mayor Anna Berg (61) cut the ribbon on Monday." in doc.text
    assert doc.text.endswith("Residents applauded the reopening.")


def test_pdf_title_comes_from_its_metadata():
    assert parse_document("b.pdf", make_pdf([ARTICLE], title="Harbour news")).title == (
        "Harbour news"
    )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (make_pdf([[]]), "scan.pdf: no text layer"),
        (make_pdf([[], []]), "scan.pdf: no text layer"),
        (b"%PDF-1.4\n garbage", "scan.pdf: not a readable PDF"),
    ],
)
def test_pdf_without_text_is_refused_in_one_line(raw, reason):
    with pytest.raises(DocumentError, match=reason) as caught:
        parse_document("scan.pdf", raw)
    assert "\n" not in str(caught.value)


def test_text_readers_keep_the_binary_and_encoding_checks():
    with pytest.raises(DocumentError, match="binary"):
        read_text("a.md", b"a\x00b")
    with pytest.raises(DocumentError, match="not UTF-8"):
        parse_document("a.html", "<p>\u00e9t\u00e9</p>".encode("latin-1") + "\u00e9".encode())


def test_docx_paragraphs_and_heading():
    import docx

    document = docx.Document()
    document.add_paragraph("date 2024-03-04")
    document.add_heading("Harbour bridge reopens", level=1)
    document.add_paragraph("Mayor Anna Berg cut the ribbon on Monday.")
    buffer = io.BytesIO()
    document.save(buffer)
    doc = parse_document("bridge.docx", buffer.getvalue())
    assert doc.title == "Harbour bridge reopens"
    assert doc.date is not None and "Mayor Anna Berg cut the ribbon on Monday." in doc.text
    with pytest.raises(DocumentError, match="bad.docx: not a readable DOCX"):
        parse_document("bad.docx", b"PK\x03\x04 not a zip")


def test_folders_yield_every_supported_suffix(tmp_path):
    for name in ("a.txt", "b.PDF", "c.docx", "d.png", "e.htm"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in find_files([tmp_path])] == ["a.txt", "b.PDF", "c.docx", "e.htm"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_text(encoding):
    text = "Café in Malmö\nMayor Anna Berg cut the ribbon."
    raw = text.encode(encoding)
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raw = ("\ufeff" + text).encode(encoding)  # the -be codecs write no mark of their own
    assert read_text("a.txt", raw).text == text
    assert parse_document("a.html", ("\ufeff<p>" + text + "</p>").encode(encoding)).text == text


def test_a_windows_1252_file_is_read_and_the_guess_is_noted():
    """Older Windows editors save Western text as Windows-1252 (Latin-1 with curly quotes):
    the user expects it read, and told how, in case the accents come out wrong."""
    text = "Caf\u00e9 owner wins \u201cbest small business\u201d \u2013 the city\u2019s prize: \u00a35,000"
    read = read_text("a.txt", text.encode("cp1252"))
    assert read.text == text
    assert read.note == (
        "a.txt: not UTF-8; read as Windows-1252 (Latin-1); if its accents look wrong, "
        "re-save it as UTF-8"
    )
    assert read_text("b.txt", text.encode()).note == ""
    german = "\u201eDer Fu\u00df\u201c ist \u00fcber 30 Zentimeter lang, sagte M\u00fcller."
    assert read_text("c.txt", german.encode("cp1252")).text == german  # "ß“" is valid UTF-8
    doc = parse_document("a.md", ("# " + text).encode("latin-1", "replace"))
    assert doc.note.startswith("a.md: not UTF-8") and doc.title.startswith("Caf\u00e9 owner")


@pytest.mark.parametrize(
    ("raw", "byte"),
    [
        ("Caf\u00e9 au lait".encode() + b" \xe9", 14),  # UTF-8 with one bad byte
        (
            "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440".encode("cp1251"),
            0,
        ),  # another code page
        (b"caf\x81", 3),  # no Windows-1252 character
    ],
)
def test_text_that_is_not_utf8_nor_western_windows_1252_is_refused(raw, byte):
    with pytest.raises(DocumentError) as caught:
        read_text("a.txt", raw)
    assert str(caught.value) == (
        f"a.txt: not UTF-8 or Windows-1252 text (byte {byte}); re-save it as UTF-8"
    )


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="windows-1252">',
        "<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'>",
        '<?xml version="1.0" encoding="iso-8859-1"?><meta name="x">',
    ],
)
def test_a_web_page_in_the_charset_it_declares_is_read(head):
    """Pages saved from older news sites are often windows-1252, and say so as browsers read it."""
    page = f"<html><head>{head}<title>Café fined</title></head><body><p>The café in Lyon was "
    page += "fined 300 euros – the owner said.</p></body></html>"
    read = READERS[".html"]("a.html", page.encode("cp1252"))
    assert read.title == "Café fined"
    assert read.text.strip() == "The café in Lyon was fined 300 euros – the owner said."


def test_a_web_page_that_declares_no_charset_or_a_wrong_one_is_read_as_windows_1252():
    raw = "<p>Bonjour, café</p>".encode("cp1252")
    for page in (
        raw,
        b'<meta charset="utf-8">' + raw,
        b'<meta charset="nonsense">' + raw,
        b'<meta charset="utf-16">' + raw,
    ):
        read = READERS[".html"]("a.html", page)
        assert read.text.strip() == "Bonjour, café"
        assert read.note.startswith("a.html: not UTF-8; read as Windows-1252")


def test_a_web_page_is_read_in_the_charset_it_declares_rather_than_a_guess():
    page = '<meta charset="windows-1251"><p>Привет, мир</p>'.encode("cp1251")
    read = READERS[".html"]("a.html", page)
    assert read.text.strip() == "Привет, мир" and read.note == ""


MARKDOWN = """# Harbour **strike** ends after _three_ weeks

date 2024-04-02

The dock workers' union said on **Tuesday** that the strike at the _Port of Valmora_ had
ended after a vote of its members.

## What was agreed

- Wages rise by **6 percent** this year, according to [the union's statement](https://ex.org/u).
* Night shifts are limited to *four* per month.
1. A joint safety board meets every __quarter__.

> The harbour master, `Ines Marlow`, said ships would be ~~unloaded~~ moving from Thursday.

| Port | Ships |
|------|-------|
| Valmora | 41 |

A file_name_with_underscores stays, as does 5 \\* 3 and ![a crane at dawn](crane.png).
"""


def test_markdown_is_read_as_its_words_without_markup():
    doc = parse_document("strike.md", MARKDOWN.encode())
    assert doc.title == "Harbour strike ends after three weeks"
    assert doc.date is not None and doc.date.isoformat() == "2024-04-02"
    assert doc.text.splitlines() == [
        "Harbour strike ends after three weeks", "",
        "date 2024-04-02", "",
        "The dock workers' union said on Tuesday that the strike at the Port of Valmora had "
        "ended after a vote of its members.", "",  # a wrapped paragraph is one line, as in .txt
        "What was agreed", "",
        "Wages rise by 6 percent this year, according to the union's statement.", "",
        "Night shifts are limited to four per month.", "",
        "1. A joint safety board meets every quarter.", "",
        "The harbour master, Ines Marlow, said ships would be unloaded moving from Thursday.", "",
        "Port | Ships",
        "Valmora | 41", "",
        "A file_name_with_underscores stays, as does 5 * 3 and a crane at dawn.",
    ]  # fmt: skip


def test_markdown_front_matter_gives_title_and_date():
    raw = b'---\ntitle: "Port reopens"\ndate: 2024-04-09\n---\n\nShips *sail* again.\n'
    doc = parse_document("port.md", raw)
    assert (doc.title, str(doc.date)) == ("Port reopens", "2024-04-09")
    assert doc.text.endswith("Ships sail again.")
    ruled = parse_document("rule.md", b"---\nShips *sail* again\n---\nCranes **turn**.\n")
    assert ruled.text == "Ships sail again\n\nCranes turn."  # a rule and a heading, no header


def test_front_matter_without_a_title_is_neither_text_nor_title():
    doc = parse_document("a.md", b"---\nauthor: Someone\ndate: 2024-04-09\n---\nSome **bold** text")
    assert (doc.title, doc.text, str(doc.date)) == (
        "Some bold text",
        "Some bold text",
        "2024-04-09",
    )
    headed = parse_document("b.md", b"---\nauthor: Someone\n---\n# Port news\n\nMay 3, 2024\n")
    assert (headed.title, str(headed.date)) == ("Port news", "2024-05-03")
    assert "author" not in headed.text


@pytest.mark.parametrize(
    "raw",
    [
        b"---\r\ntitle: Ferry strike ends\r\ndate: 2026-11-20\r\n---\r\n\r\nThe ferry ran.\r\n",
        b'+++\ntitle = "Ferry strike ends"\ndate = 2026-11-20T09:30:00Z\n+++\n\nThe ferry ran.\n',
    ],
    ids=["yaml-crlf", "toml"],
)
def test_windows_line_ends_and_toml_front_matter_are_a_header_not_text(raw):
    doc = parse_document("ferry.md", raw)
    assert (doc.title, str(doc.date), doc.text) == (
        "Ferry strike ends",
        "2026-11-20",
        "The ferry ran.",
    )


def test_docx_tables_are_read_in_order_a_row_a_line():
    import docx

    document = docx.Document()
    document.add_paragraph("The council voted on Wednesday to fund a night bus.")
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate([("Party", "Votes for"), ("Greens", "11"), ("Liberals", "9")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Votes on the night bus"
    document.add_paragraph("The first buses run in October.")
    buffer = io.BytesIO()
    document.save(buffer)
    doc = parse_document("bus.docx", buffer.getvalue())
    assert doc.text.split("\n\n") == [
        "The council voted on Wednesday to fund a night bus.",
        "Votes on the night bus\nGreens | 11\nLiberals | 9",
        "The first buses run in October.",
    ]


PAGE = """<html><head><title>Port approved | Gazette</title></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a><svg><title>Search icon</title></svg>
</nav></header><div class="cookie-banner">We use cookies. Accept all</div>
<main><article><header><h1>Port approved</h1><p>24 November 2026</p></header>
<p>The council approved the port.</p><img src="a.png" class="cookie-icon">
<table><tr><th>Phase</th><th>Cost</th></tr><tr><td>Berths</td><td>310 million euros</td></tr>
</table></article></main><aside><h2>Most read</h2><ul><li>Mayor resigns</li></ul></aside>
<footer><p>&copy; 2026 Gazette</p></footer></body></html>"""


def test_html_is_the_article_without_the_sites_furniture():
    doc = parse_document("port.html", PAGE.encode())
    assert (doc.title, str(doc.date)) == ("Port approved | Gazette", "2026-11-24")
    assert doc.text.splitlines() == [
        "Port approved",
        "",
        "24 November 2026",
        "",
        "The council approved the port.",
        "",
        "Phase | Cost",
        "Berths | 310 million euros",
    ]
    untitled = parse_document(
        "b.html", PAGE.replace("<title>Port approved | Gazette</title>", "").encode()
    )
    assert untitled.title == "Port approved"  # the <h1>, not the menu
    bare = b"<header><a>Home</a><h1>Port approved</h1></header><p>The council agreed.</p>"
    assert parse_document("c.html", bare).text == "Port approved\n\nThe council agreed."
    menu = parse_document("menu.html", b"<nav><a>Home</a> <a>World</a></nav>")
    assert menu.text == "Home World"  # a page that is all furniture is read whole


def test_pdf_running_headers_and_footers_go_and_a_page_break_does_not_cut_a_sentence():
    def page(n: int, lines: list[str]) -> list[str]:
        return [
            f"HARBOUR TIMES    Monday    Page {n}",
            *lines,
            "Subscribe at harbour.example",
            str(n),
        ]

    pages = [
        page(1, ["date 2024-03-04", "Harbour bridge reopens in Malmhavn",
                 "Mayor Anna Berg cut the ribbon on Monday after two years of",
                 "repairs that cost the town 14 million kronor, and said the"]),
        page(2, ["bridge would carry 9,000 cars a day by the summer.",
                 "Residents applauded.", "A short page."]),
        page(3, ["The ferry that ran while the bridge was shut will stop",
                 "in June."]),
    ]  # fmt: skip
    doc = parse_document("bridge.pdf", make_pdf(pages))
    assert (doc.title, str(doc.date)) == ("Harbour bridge reopens in Malmhavn", "2024-03-04")
    assert "HARBOUR" not in doc.text and "Subscribe" not in doc.text
    assert doc.text.splitlines()[2:] == [
        "Mayor Anna Berg cut the ribbon on Monday after two years of repairs that cost the town "
        "14 million kronor, and said the bridge would carry 9,000 cars a day by the summer.",
        "Residents applauded.",
        "A short page.",
        "",
        "The ferry that ran while the bridge was shut will stop in June.",
    ]
