"""The web UI: rendering helpers, uploads, and the real app driven through `gradio_client`."""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest
from gradio_client import Client, handle_file

from rag import ui
from rag.api import Answer, Pipeline
from rag.citations import CheckedSentence, Citation
from rag.retrieval import Passage
from rag.ui import answer_html, build_app, ingest_uploads, parse_filters, sources_html
from tests.helpers import free_port, make_settings

TIMEOUT = 180  # seconds for one answer; the machine is small and shared
CITE = re.compile(r'<a class="cite" href="#src-\d+-\d+">\[\d+\]</a>')
# Questions from the seed articles, each with a fact its answer must state.
FACTS = {
    "Who was named Russia's new defense minister shortly before the Beijing visit?": "Belousov",
    "How many deputy prime ministers travelled with Putin to Beijing?": "five",
    "Which Chinese premier was Putin also scheduled to talk with?": "Li Qiang",
    "What was the value of trade between China and Russia in 2023?": "240",
    "Where is a peace conference on Ukraine expected to take place next month?": "Switzerland",
}


def reply(chat: list[dict]) -> str:
    """The text of the last chat message (gradio sends content as a list of parts)."""
    return "".join(part.get("text", "") for part in chat[-1]["content"])


def ask(client: Client, question: str, since: str = "", until: str = "") -> tuple[str, str]:
    """Ask through the `/ask` endpoint: (last reply, sources panel HTML)."""
    job = client.submit(question, "extractive", 8, "All", since, until, api_name="/ask")
    _, chat, sources = job.result(timeout=TIMEOUT)
    return reply(chat), sources


@pytest.fixture(scope="module")
def served(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The real app on a free loopback port, over a private copy of the seeded index."""
    data = tmp_path_factory.mktemp("ui") / "data"
    shutil.copytree(seeded_dir, data)
    pipeline = Pipeline(make_settings(data))
    app = build_app(pipeline)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield SimpleNamespace(pipeline=pipeline, url=f"http://127.0.0.1:{port}/")
    app.close()


def chunk_count(pipeline: Pipeline) -> int:
    return pipeline.store.count(pipeline.embedder.name)


# -- rendering ------------------------------------------------------------------------------------
def make_answer() -> Answer:
    text = "Putin arrived in Beijing on Thursday. Trade reached $240 billion."
    passage = Passage("a.txt#0-x", text, "a.txt", "Putin in Beijing", "2024-05-17", 0.5, 1, 1)
    other = Passage("b.txt#0-y", "Unrelated <b>text</b>.", "b.txt", "Other", None, 0.1, 2, None)
    return Answer(
        question="When did Putin arrive?",
        answer="Putin arrived in Beijing on Thursday. [1] He came by <boat>. [1]",
        abstained=False,
        citations=[Citation(1, "a.txt", "Putin in Beijing", "2024-05-17", "a.txt#0-x", text, 0.5)],
        retrieved=[passage, other],
        llm="extractive",
        timings_ms={},
        sentences=[
            CheckedSentence("Putin arrived in Beijing on Thursday.", [1], True),
            CheckedSentence("He came by <boat>.", [1], False),
        ],
        notes=["The cited sources differ in date."],
    )


def test_answer_links_markers_flags_unsupported_and_shows_notes():
    html = answer_html(make_answer(), turn=3)
    assert '<a class="cite" href="#src-3-1">[1]</a>' in html
    assert "not supported by its source" in html and "&lt;boat&gt;" in html
    assert "The cited sources differ in date." in html
    assert html.count("not supported") == 1


def test_sources_panel_highlights_support_and_collapses_uncited():
    html = sources_html([make_answer()])
    assert 'id="src-1-1"' in html and "Putin in Beijing" in html and "2024-05-17" in html
    assert "<mark>Putin arrived in Beijing on Thursday.</mark>" in html
    assert "<mark>Trade" not in html  # a sentence no answer sentence uses stays plain
    uncited = html[html.index('<details class="uncited">') :]
    assert "b.txt" in uncited and "&lt;b&gt;text&lt;/b&gt;" in uncited


def test_earlier_answers_keep_their_own_sources():
    html = sources_html([make_answer(), make_answer()])
    assert html.index('id="src-2-1"') < html.index("Earlier answers") < html.index('id="src-1-1"')


def test_bad_dates_get_a_friendly_message():
    with pytest.raises(ValueError, match="not a date like 2024-05-17"):
        parse_filters("All", "2024-13-40", "")
    with pytest.raises(ValueError, match="Since is after Until"):
        parse_filters("All", "2024-05-18", "2024-05-17")
    assert parse_filters("a.txt", " 2024-05-01 ", "").source == "a.txt"


def test_launch_binds_loopback_uses_system_fonts_and_optional_login(pipeline, monkeypatch):
    calls = []
    monkeypatch.setattr(gr.Blocks, "launch", lambda app, **kwargs: calls.append(kwargs))
    ui.launch(pipeline)
    ui.launch(pipeline, host="0.0.0.0", port=8123, auth="ann:s3:cret")
    assert calls[0]["server_name"] == "127.0.0.1" and calls[0]["auth"] is None
    assert (calls[1]["server_name"], calls[1]["server_port"]) == ("0.0.0.0", 8123)
    assert calls[1]["auth"] == ("ann", "s3:cret")
    fonts = calls[0]["theme"].font
    assert not any(isinstance(f, gr.themes.GoogleFont) for f in fonts), fonts
    monkeypatch.setattr(pipeline.settings, "ui_auth", "bob:pw")
    ui.launch(pipeline)
    assert calls[2]["auth"] == ("bob", "pw")
    with pytest.raises(ValueError, match="USER:PASS"):
        ui.launch(pipeline, auth="nopassword")


# -- uploads --------------------------------------------------------------------------------------
BAD_FILES = [
    ("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
    ("latin1.txt", "Café crème, déjà vu.".encode("latin-1"), "not UTF-8"),
    ("empty.md", b"  \n\n ", "empty"),
    ("report.pdf", b"%PDF-1.7 text", "not a readable PDF"),
    ("photo.png", b"\x89PNG\r\n", "unsupported type"),
    ("big.txt", b"word " * 400, "byte limit"),
    ("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n", "unsupported type"),
]


@pytest.mark.parametrize(("name", "raw", "reason"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_bad_upload_gets_a_message_and_leaves_the_index_intact(fresh_copy, name, raw, reason):
    pipeline = Pipeline(make_settings(fresh_copy, max_file_bytes=1000))
    before = chunk_count(pipeline)
    message = ingest_uploads(pipeline, [(name, raw)])
    assert message.startswith("✗") and reason in message
    assert chunk_count(pipeline) == before


def tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_path_traversal_names_write_nothing_outside_the_data_dir(fresh_copy, tmp_path):
    pipeline = Pipeline(make_settings(fresh_copy))
    outside = tree(tmp_path) - tree(fresh_copy)
    article = b"# Pandas arrive in Madrid\n\nTwo giant pandas arrived at the Madrid zoo on Monday."
    names = ["../../outside.md", "..\\..\\windows.md", "/etc/cron.d/abs.md"]
    message = ingest_uploads(pipeline, [(name, article) for name in names])
    assert message.splitlines() == ["✓ outside.md: 1 chunk(s)", "✓ windows.md: 1 chunk(s)",
                                    "✓ abs.md: 1 chunk(s)"]  # fmt: skip
    assert tree(tmp_path) - tree(fresh_copy) == outside
    assert not (tmp_path.parent / "outside.md").exists()
    assert {"outside.md", "windows.md", "abs.md"} <= {d["source"] for d in pipeline.sources()}
    answer = pipeline.ask("Where did the giant pandas arrive?")
    assert "Madrid" in answer.answer and answer.citations[0].source.endswith(".md")


# -- the running app ------------------------------------------------------------------------------
@pytest.mark.slow
def test_who_went_with_putin_names_belousov_with_a_citation(served):
    text, sources = ask(Client(served.url, verbose=False), "Who went with Putin?")
    assert CITE.search(text), text
    assert "Belousov" in text
    assert 'id="src-1-1"' in sources and "<mark>" in sources


@pytest.mark.slow
def test_five_concurrent_questions_are_each_answered_correctly(served):
    def one(question: str) -> str:
        return ask(Client(served.url, verbose=False), question)[0]

    with ThreadPoolExecutor(max_workers=len(FACTS)) as pool:
        futures = {q: pool.submit(one, q) for q in FACTS}
        answers = {q: f.result(timeout=2 * TIMEOUT) for q, f in futures.items()}
    for question, fact in FACTS.items():
        assert fact.lower() in answers[question].lower(), (question, answers[question])
        assert CITE.search(answers[question])


@pytest.mark.slow
def test_follow_up_is_condensed_within_a_session(served):
    client = Client(served.url, verbose=False)
    ask(client, "Which Chinese premier was Putin also scheduled to talk with?")
    text, sources = ask(client, "what about Xi?")
    assert "Searched for: Which Chinese premier" in text
    assert "Earlier answers" in sources and 'id="src-2-1"' in sources


@pytest.mark.slow
def test_upload_of_a_binary_file_reports_it_and_keeps_the_index(served, tmp_path):
    before = chunk_count(served.pipeline)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    latin1 = tmp_path / "notes.txt"
    latin1.write_bytes("Résumé of the talks".encode("latin-1"))
    client = Client(served.url, verbose=False)
    job = client.submit([handle_file(binary), handle_file(latin1)], api_name="/upload")
    message, table, *_ = job.result(timeout=TIMEOUT)
    assert "✗ photo.txt: binary file" in message and "✗ notes.txt: not UTF-8" in message
    assert chunk_count(served.pipeline) == before
    assert len(table["data"]) == 5


@pytest.mark.slow
def test_backend_errors_become_one_friendly_line(served, monkeypatch):
    client = Client(served.url, verbose=False)
    text, _ = ask(client, "   ")
    assert "the question is empty" in text and "Traceback" not in text

    text, _ = ask(client, "Who went with Putin?", since="17 May")
    assert "Since: “17 May” is not a date like 2024-05-17" in text

    def broken(*args, **kwargs):
        raise RuntimeError("store exploded\nTraceback (most recent call last):\n  File x.py")

    monkeypatch.setattr(served.pipeline, "stream", broken)
    text, _ = ask(client, "Who went with Putin?")
    assert "Sorry, that failed: RuntimeError: store exploded" in text
    assert "Traceback" not in text and "\n" not in text
