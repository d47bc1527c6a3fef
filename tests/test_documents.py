import datetime as dt

import pytest

from rag.documents import extract_date, find_files, load_document, parse_document
from rag.errors import DocumentError
from rag.text import split_sentences
from tests.helpers import SEEDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2024-05-17 \n\nBody text.", dt.date(2024, 5, 17)),
        ("Title\n- In Reports\n- 12:19 PM, May 16, 2024\n- Staff\nBody", dt.date(2024, 5, 16)),
        ("December 15, 2021\n\nPUTIN AND XI", dt.date(2021, 12, 15)),
        ("A story with no date.\n" + "Body.\n" * 8 + "It happened on May 3, 2020.", None),
        ("date 2024-13-45\nbad date", None),
        # a dateline dates the article; a date inside the story's first sentence does not
        ("Title\nWASHINGTON, May 16, 2024 — The talks went on.", dt.date(2024, 5, 16)),
        ("Title\nUpdated May 16, 2024 at 10:30 a.m.\nBody", dt.date(2024, 5, 16)),
        ("Remembering the floods\n\nOn March 3, 1999, the river rose by four metres.", None),
    ],
)
def test_extract_date(text, expected):
    assert extract_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a date inside the story's lead, a headline or a caption is story, not publication date
        (
            "Orvik quake toll rises\n\nORVIK, November 27, 2026 — The death toll from the "
            "2026-11-23 earthquake has risen to nine.",
            dt.date(2026, 11, 27),
        ),  # fmt: skip
        (
            "The death toll from the 2026-11-23 earthquake has risen to nine.\nNov 27, 2026",
            dt.date(2026, 11, 27),
        ),  # fmt: skip
        ("Flood of March 3, 1999 remembered\n\nThe town marked the day.", None),
        ("Photo: 2019-05-04 archive\n\nThe harbour in spring.", None),
        (
            "Inquiry opens\n\nVALMONT, November 20, 2026 — The inquiry into the 2025-06-01 "
            "collapse opened.",
            dt.date(2026, 11, 20),
        ),  # fmt: skip
        ("Title\nBy Hana Okafor | 24 November 2026\nBody.", dt.date(2026, 11, 24)),
        (
            "Title\nPublished on 24 November 2026 by Hana Okafor, Staff\nBody.",
            dt.date(2026, 11, 24),
        ),
    ],
)
def test_a_date_in_the_story_is_not_the_publication_date(text, expected):
    assert extract_date(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        "26 Nov 2026",
        "Nov. 26, 2026",
        "Sept. 26, 2026",
        "Sep 26, 2026",
        "Sept 26, 2026",
        "November 26th, 2026",
        "2026-11-26T10:00Z",
        "Published Thursday 26 November 2026 10.00 GMT",
        "date: 2026-11-26T09:30:00+01:00",
    ],
)
def test_common_date_formats_date_the_article_and_are_not_its_title(line):
    doc = parse_document(
        "a.txt", f"{line}\n\nValmont tram line delayed\n\nThe line opens late.".encode()
    )
    month = 9 if line.startswith("Sep") else 11
    assert (doc.date, doc.title) == (dt.date(2026, month, 26), "Valmont tram line delayed")


@pytest.mark.parametrize("key", ["Title", "title", "Headline"])
def test_a_plain_text_headers_title_line_names_the_article(key):
    """A scraped dump's `Title: ...` line is the title, without its key; the first line of the
    story is not, and neither is a later line that happens to start with "Title:"."""
    raw = f"Source: Valmont Herald\n{key}: Valmont tram line delayed\nDate: 2026-11-26\n\nBody."
    doc = parse_document("a.txt", raw.encode())
    assert (doc.title, doc.date) == ("Valmont tram line delayed", dt.date(2026, 11, 26))
    late = "Tram delayed\n\n" + "Body.\n\n" * 12 + "Title: a song\n"
    assert parse_document("b.txt", late.encode()).title == "Tram delayed"


def test_a_date_below_a_site_menu_and_ambiguous_numbers():
    menu = "".join(f"- {item}\n" for item in "Home World Business Sport Culture Opinion".split())
    assert extract_date(f"{menu}\nTram delayed\n\nTuesday, Nov. 24, 2026\n\nBody.") == dt.date(
        2026, 11, 24
    )
    doc = parse_document("a.txt", b"11/02/2026\n\nLibrary extends hours\n\nBody text.")
    assert (doc.date, doc.title) == (None, "Library extends hours")  # 11 Feb or Nov 2?


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2026-11-24T08:00:00+01:00">',
        '<meta itemprop="datePublished" content="2026-11-24">',
    ],
)
def test_html_publication_date_from_meta_and_time(head):
    body = "<h1>Port approved</h1><p>Photo: 2019-05-04 archive</p><p>The council agreed.</p>"
    page = parse_document("a.html", f"<html><head>{head}</head><body>{body}</body></html>".encode())
    assert page.date == dt.date(2026, 11, 24)
    timed = f'<p>By Ann Lee <time datetime="2026-11-24">Tuesday</time></p>{body}'
    assert parse_document("b.html", timed.encode()).date == dt.date(2026, 11, 24)


def test_front_matter_date_with_a_time_and_below_many_keys():
    raw = b"---\ntitle: Budget\ndate: 2026-11-20T09:30:00Z\n---\n\nThe council passed it."
    assert parse_document("a.md", raw).date == dt.date(2026, 11, 20)
    keys = "".join(f"key{i}: value\n" for i in range(15))
    raw = f"---\n{keys}date: 2026-11-20\n---\n\nThe council passed it.".encode()
    assert parse_document("b.md", raw).date == dt.date(2026, 11, 20)


def test_seed_metadata():
    docs = {d.source: d for d in (load_document(p) for p in find_files([SEEDS]))}
    assert len(docs) == 5
    assert docs["004_65d4c2a72f05d57b.txt"].date == dt.date(2021, 12, 15)
    assert docs["001_ee7998e139fe068f.txt"].date == dt.date(2024, 5, 16)
    assert docs["000_f56484f7a27f0105.txt"].date == dt.date(2024, 5, 17)
    assert docs["003_d24d4931f66afc79.txt"].date is None
    assert docs["001_ee7998e139fe068f.txt"].title.startswith("Russia's Putin meets Xi Jinping")
    assert not docs["000_f56484f7a27f0105.txt"].title.startswith("date")


def test_markdown_and_html_titles():
    md = parse_document("a.md", b"intro line\n# Real Title\n\nBody sentence here.")
    assert md.title == "Real Title"
    page = parse_document(
        "b.html",
        b"<html><head><title>Page Title</title><script>evil()</script></head>"
        b"<body><h1>Head</h1><p>First para &amp; more.</p></body></html>",
    )
    assert page.title == "Page Title"
    assert "First para & more." in page.text
    assert "evil" not in page.text


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("bin.txt", b"\x00\x01\x02binary", "binary"),
        ("mixed.txt", "caf\u00e9".encode("latin-1") + "\u00e9".encode(), "UTF-8"),
        ("empty.txt", b"   \n\n ", "empty"),
    ],
)
def test_bad_files_are_refused(name, raw, reason):
    with pytest.raises(DocumentError, match=reason):
        parse_document(name, raw)


def test_unsupported_suffix_and_size(tmp_path):
    image = tmp_path / "x.png"
    image.write_bytes(b"\x89PNG")
    with pytest.raises(DocumentError, match=r"x.png: unsupported type \(use .txt, .md, .*\.pdf"):
        load_document(image)
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    with pytest.raises(DocumentError, match="limit"):
        load_document(big, max_bytes=100)


def test_odd_spaces_become_spaces_and_controls_go():
    doc = parse_document(
        "s.txt", "officials have\u00a0confronted Beijing\u2009on\x07 trade.".encode()
    )
    assert doc.text == "officials have confronted Beijing on trade."


def test_terminal_escape_sequences_go_whole():
    doc = parse_document("e.txt", b"Evil \x1b[31mred\x1b[0m title\n\nA \x1b]0;owned\x07body.")
    assert doc.title == "Evil red title"  # not "Evil [31mred[0m title"
    assert "[31m" not in doc.text and "owned" not in doc.text


def _folded(text: str, width: int) -> str:
    """`text` as `fold -s -w width` would save it: every paragraph hard-wrapped."""
    import textwrap

    return "\n".join(
        textwrap.fill(line, width, break_on_hyphens=False) if line else line
        for line in text.split("\n")
    )


@pytest.mark.parametrize("width", [60, 72, 100])
def test_a_hard_wrapped_article_has_its_original_sentences(width):
    for path in find_files([SEEDS]):
        original = load_document(path)
        raw = path.read_text(encoding="utf-8-sig")
        folded = _folded(raw, width)
        assert folded.count("\n") > raw.count("\n") + 10  # really wrapped
        assert split_sentences(parse_document(path.name, folded.encode()).text) == split_sentences(
            original.text
        )


def test_lists_and_paragraph_ends_in_a_wrapped_article_stay_apart():
    paragraph = (
        "The council agreed three steps on Tuesday after a long debate about the flood wall, "
        "the pumping station and the cost of both to a borough that is already short of money, "
        "and the mayor said the work would start before the winter rains arrive in November."
    )
    items = [
        "- raise the wall along the river by one metre this year",
        "- move the pumping station to higher ground before winter",
        "- publish the flood map for every street in the borough",
    ]
    text = "\n".join(
        [_folded(paragraph, 60), "The steps are these:", *items, _folded(paragraph, 60)]
    )
    lines = parse_document("a.txt", text.encode()).text.split("\n")
    assert lines == [paragraph, "The steps are these:", *items, paragraph]


def test_a_short_document_is_never_unwrapped():
    text = "Harbour bridge reopens in Malmhavn\nMayor Anna Berg cut the ribbon on Monday."
    assert parse_document("a.txt", text.encode()).text == text


def test_a_folder_walk_passes_over_hidden_and_tool_folders_but_a_named_file_is_read(tmp_path):
    for relative in ["a.txt", "notes/b.md", ".hidden.txt", ".venv/lib/c.txt", ".git/d.md",
                     "node_modules/pkg/e.md", "src/__pycache__/f.txt", "notes/.g.txt"]:  # fmt: skip
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text")
    walked = [p.relative_to(tmp_path).as_posix() for p in find_files([tmp_path])]
    assert walked == ["a.txt", "notes/b.md"]
    named = [tmp_path / ".hidden.txt", tmp_path / ".venv"]
    assert [p.relative_to(tmp_path).as_posix() for p in find_files(named)] == [
        ".hidden.txt",
        ".venv/lib/c.txt",
    ]


def test_a_folder_walk_never_reads_the_data_dir_inside_it(tmp_path):
    for relative in ["a.txt", "store/indexed-roots.txt", "store/cache/b.md", "store2/c.txt"]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text")
    walked = find_files([tmp_path, tmp_path / "store" / "cache"], data_dir=tmp_path / "store")
    assert [p.relative_to(tmp_path).as_posix() for p in walked] == ["a.txt", "store2/c.txt"]


def _index_files(data_dir):
    """What a built data dir holds: the pointer, a generation with Chroma's files, the cache."""
    generation = data_dir / "index-20261127T150000-abc123"
    for relative in [".write.lock", "CURRENT", "indexed-roots.txt", "cache/minilm.onnx"]:
        (data_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / relative).write_text("text")
    generation.mkdir()
    (generation / "chroma.sqlite3").write_bytes(b"SQLite format 3\x00")
    (data_dir / "CURRENT").write_text(generation.name)


def test_the_data_dir_inside_a_walked_folder_is_not_counted_as_other_types(tmp_path):
    (tmp_path / "a.txt").write_text("text")
    _index_files(tmp_path / "store")
    other: list = []
    walked = find_files([tmp_path], data_dir=tmp_path / "store", other=other.append)
    assert [p.name for p in walked] == ["a.txt"]
    assert other == []


def test_a_folder_walk_passes_over_another_index_data_dir_with_a_warning(tmp_path):
    """An index built earlier with another RAG_DATA_DIR: its `indexed-roots.txt` is no article."""
    (tmp_path / "a.txt").write_text("text")
    _index_files(tmp_path / "old-store")
    other: list = []
    warned: list = []
    walked = find_files([tmp_path], warned.append, tmp_path / ".rag", other.append)
    assert [p.name for p in walked] == ["a.txt"]
    assert other == []
    assert len(warned) == 1 and "old-store" in warned[0] and "index" in warned[0]


def test_a_folder_with_a_file_named_current_or_another_tools_chroma_is_still_read(tmp_path):
    for relative in ["CURRENT", "a.txt", "chroma.sqlite3"]:
        (tmp_path / "news" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "news" / relative).write_text("text")
    assert [p.name for p in find_files([tmp_path])] == ["a.txt"]


def test_a_file_over_the_size_limit_names_the_setting_that_raises_it(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 40)
    with pytest.raises(DocumentError) as caught:
        load_document(big, max_bytes=100)
    assert str(caught.value) == "big.txt: larger than the 100-byte limit (RAG_MAX_FILE_BYTES)"
