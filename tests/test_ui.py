"""The web UI: rendering helpers, uploads, and the real app driven through `gradio_client`."""

from __future__ import annotations

import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest
from gradio_client import Client, handle_file

from rag import ui
from rag.answering import usable_answerers
from rag.citations import CheckedSentence, Citation
from rag.conflicts import Stated
from rag.errors import ConfigError
from rag.passages import Passage
from rag.pipeline import Answer, Pipeline
from rag.ui import build_app
from rag.ui.handlers import FieldError, Handlers, check_question, parse_filters, restore
from rag.ui.layout import EXAMPLES, chat_secret
from rag.ui.library import (
    ALL,
    CANCEL,
    KEEP_BOTH,
    REPLACE,
    TICK_LOADING_S,
    TICK_S,
    Library,
    ingest_uploads,
    read_and_discard,
    source_choices,
)
from rag.ui.quotes import quote
from rag.ui.rendering import (
    PREVIEW_CHARS,
    answer_html,
    disagreement_html,
    documents_html,
    opening_text,
    sources_html,
    timing_line,
    turn_html,
)
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


def ask_raw(client: Client, question: str, since: str = "", until: str = "", saved=None) -> tuple:
    """Ask through the `/ask` endpoint: (question box, question error, date error, chat,
    sources, saved chat, ...controls)."""
    job = client.submit(question, saved, "extractive", 8, "All", since, until, api_name="/ask")
    return job.result(timeout=TIMEOUT)


def ask(client: Client, question: str, saved=None) -> tuple[str, str, dict]:
    """(last reply, sources panel HTML, the chat the browser would keep)."""
    _, _, _, chat, sources, kept, *_ = ask_raw(client, question, saved=saved)
    return reply(chat), sources, kept


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
    return pipeline.store.count()


# -- rendering ------------------------------------------------------------------------------------
def make_answer() -> Answer:
    text = "Putin arrived in Beijing on Thursday. Trade reached $240 billion."
    passage = Passage(
        "a.txt#0-x", text, "a.txt", "Putin in Beijing", "2024-05-17", 0.5, {"dense": 1, "bm25": 1}
    )
    other = Passage(
        "b.txt#0-y", "Unrelated <b>text</b>.", "b.txt", "Other", None, 0.1, {"dense": 2}
    )
    return Answer(
        question="When did Putin arrive?",
        answer="Putin arrived in Beijing on Thursday. [1] He came by <boat>. [1]",
        abstained=False,
        citations=[Citation(1, "a.txt", "Putin in Beijing", "2024-05-17", "a.txt#0-x", text, 0.5)],
        retrieved=[passage, other],
        llm="extractive",
        timings_ms={"retrieve": 120.0, "answer": 300.0, "total": 420.0},
        sentences=[
            CheckedSentence("Putin arrived in Beijing on Thursday.", [1], True,
                            [{"n": 1, "text": "Putin arrived in Beijing on Thursday."}]),
            CheckedSentence("He came by <boat>.", [1], False),
        ],
        notes=["The cited sources differ in date."],
    )  # fmt: skip


def make_two_date_answer() -> Answer:
    answer = make_answer()
    second = Citation(2, "c.txt", "Xi hosts Putin", "2021-12-15", "c.txt#0-z", "They met.", 0.4)
    answer.citations.append(second)
    return answer


def test_answer_links_markers_flags_unsupported_and_shows_timing():
    html = answer_html(make_answer(), turn=3)
    assert '<a class="cite" href="#src-3-1">[1]</a>' in html
    assert "not supported by its source" in html and "&lt;boat&gt;" in html
    assert html.count("not supported") == 1
    assert "0.4 s · 2 passages · extractive" in html and 'class="copy"' in html
    assert 'id="msrc-3-1"' in html  # the small-screen Sources toggle holds the same passage


def test_timing_line_says_seconds_passages_and_answerer():
    answer = make_answer()
    answer.retrieved = answer.retrieved[:1]
    assert timing_line(answer) == "0.4 s · 1 passage · extractive"


def test_sources_that_only_differ_in_date_get_a_quiet_note_not_the_callout():
    assert disagreement_html(make_answer(), 1) == ""  # one dated source: nothing differs
    html = answer_html(make_two_date_answer(), 1)
    assert 'class="callout"' not in html and "Sources differ" not in html
    assert (
        '<p class="note">The cited sources differ in date: [1] 2024-05-17, [2] 2021-12-15.</p>'
        in html
    )


def test_disagreement_callout_names_each_figure_from_the_answers_conflicts():
    answer = make_two_date_answer()
    answer.conflicts = [Stated("37th time", 2, "c.txt", "Xi hosts Putin", "2021-12-15"),
                        Stated("more than 40 <times>", 1, "a.txt", "", None)]  # fmt: skip
    html = answer_html(answer, turn=4)
    callout = html[html.index('<div class="callout"') :]
    assert "different figures" in callout and "published on different dates" not in callout
    assert '<b class="value">37th time</b> — <a class="cite" href="#src-4-2">[2]</a> ' in callout
    assert "Xi hosts Putin, 2021-12-15" in callout
    assert '<b class="value">more than 40 &lt;times&gt;</b>' in callout
    assert "[1]</a> a.txt, undated" in callout  # no title: the file name; no date: said
    assert "newest" not in callout  # one dated source: which is current is not known


def test_a_source_filtered_abstention_names_the_filter():
    answer = make_answer()
    answer.abstained, answer.sentences, answer.citations = True, [], []
    answer.retrieved[1] = replace(answer.retrieved[1], path="seeds/b.txt", title="Other <news>")
    html = answer_html(answer, 2, source="seeds/b.txt")
    assert (
        '<p class="note">Source filter on: Other &lt;news&gt;: the answer may be in other '
        "articles.</p>" in html
    )
    assert "Source filter on" not in answer_html(answer, 2)
    answer.notes = ["the answerer wrote an answer, but none of it is supported"]
    assert '<p class="note">The answerer wrote an answer, but none of it is supported.</p>' in (
        answer_html(answer, 2)
    )
    answer.notes = []
    # a filter that left no passage (a date range besides) names the article as shown, not the
    # server's path
    answer.retrieved = []
    html = answer_html(answer, 2, source="/srv/news/seeds/b.txt", source_shown="b.txt")
    assert "Source filter on: b.txt: the answer may be in other articles." in html
    assert "/srv/news" not in answer_html(answer, 2, source="/srv/news/seeds/b.txt")


def test_sources_panel_highlights_support_and_collapses_uncited():
    html = sources_html([turn_html(make_answer(), 1)])
    assert 'id="src-1-1"' in html and "Putin in Beijing" in html and "2024-05-17" in html
    assert "<mark>Putin arrived in Beijing on Thursday.</mark>" in html
    assert "<mark>Trade" not in html  # a sentence no answer sentence uses stays plain
    uncited = html[html.index('<details class="uncited">') :]
    assert "b.txt" in uncited and "&lt;b&gt;text&lt;/b&gt;" in uncited


def test_highlight_is_the_evidence_the_check_matched_not_a_guess():
    answer = make_answer()
    answer.sentences = [
        # a paraphrase sharing no words with its evidence, and a verbatim copy the check rejected
        CheckedSentence("Commerce hit a record.", [1], True,
                        [{"n": 1, "text": "Trade reached $240 billion."}]),
        CheckedSentence("Putin arrived in Beijing on Thursday.", [1], False),
    ]  # fmt: skip
    html = sources_html([turn_html(answer, 1)])
    assert "<mark>Trade reached $240 billion.</mark>" in html
    assert "<mark>Putin" not in html


def test_highlight_shows_the_passage_as_checked_with_markers_defused():
    answer = make_answer()
    forged = "Putin went with Elvis Presley [2, 3]. Trade reached $240 billion."
    answer.citations[0] = Citation(1, "a.txt", "Putin", None, "a.txt#0-x", forged, 0.5)
    answer.sentences = [CheckedSentence("Putin went with Elvis Presley.", [1], False, [
        {"n": 1, "text": "Putin went with Elvis Presley (2, 3)."}])]  # fmt: skip
    html = sources_html([turn_html(answer, 1)])
    assert "<mark>Putin went with Elvis Presley (2, 3).</mark>" in html and "[2, 3]" not in html


def test_a_heading_in_a_quoted_passage_is_a_line_of_its_own_without_its_marks():
    passage = (
        "# Copper output rises in Chile\n\nThe Escondida mine produced 1.2 million tonnes. "
        "Its operator said so.\nA new paragraph starts here. And goes on."
    )
    shown = quote(passage, ["The Escondida mine produced 1.2 million tonnes."])
    quoted, whole = shown.split('<details class="whole">')
    assert quoted == (
        '<div class="quote"><b class="q-head">Copper output rises in Chile</b><br>'
        "<mark>The Escondida mine produced 1.2 million tonnes.</mark> Its operator said so. …</div>"
    )
    assert "said so.<br>A new paragraph starts here. And goes on." in whole and "#" not in shown
    assert (
        quote("# Only a heading", [])
        == '<div class="quote"><b class="q-head">Only a heading</b></div>'
    )


def test_a_passage_opening_with_the_card_title_shows_the_title_once():
    passage = "# Copper output rises in Chile\n\nThe Escondida mine produced 1.2 million tonnes."
    shown = quote(passage, ["The Escondida mine produced 1.2 million tonnes."],
                  "Copper output rises in Chile")  # fmt: skip
    assert (
        shown
        == '<div class="quote"><mark>The Escondida mine produced 1.2 million tonnes.</mark></div>'
    )
    # kept when the title is the matched evidence, when it is all there is, or differs
    assert "Copper output" in quote(
        passage, ["# Copper output rises in Chile"], "Copper output rises in Chile"
    )
    assert "Only" in quote("Only a heading", [], "Only a heading")
    assert "Copper output" in quote(passage, [], "Copper prices fall")


def test_a_long_question_heads_its_sources_in_one_or_two_lines():
    answer = make_answer()
    answer.question = "Which ministers went with Putin to Beijing, " * 40
    head = re.search(r'<div class="turn-q"[^>]*>(.*?)</div>', turn_html(answer, 1))[1]
    assert len(head) < 150 and head.endswith("…”") and head.startswith("Sources for “Which")
    assert f'title="{answer.question}"' in turn_html(answer, 1)  # in full on hover
    answer.question = "Who went with Putin?"
    assert "Sources for “Who went with Putin?”" in turn_html(answer, 1)


def test_earlier_answers_keep_their_own_sources():
    html = sources_html([turn_html(make_answer(), 1), turn_html(make_answer(), 2)])
    assert html.index('id="src-2-1"') < html.index("Earlier answers") < html.index('id="src-1-1"')


def test_bad_dates_get_a_friendly_message_for_the_date_fields():
    with pytest.raises(FieldError, match="not a date like 2024-05-17") as caught:
        parse_filters("All", "2024-13-40", "")
    assert caught.value.field == "dates"
    with pytest.raises(FieldError, match="Since is after Until"):
        parse_filters("All", "2024-05-18", "2024-05-17")
    assert parse_filters("a.txt", " 2024-05-01 ", "").source == "a.txt"


def test_question_problems_are_plain_words_for_the_question_field():
    with pytest.raises(FieldError, match="^Type a question first.$") as caught:
        check_question("  \n ", 10)
    assert caught.value.field == "question"
    with pytest.raises(FieldError, match="That is 11 characters; questions can be up to 10"):
        check_question("x" * 11, 10)
    assert check_question(" ok ", 10) == "ok"


def test_a_question_refused_for_another_reason_is_not_called_too_long():
    """Escape codes alone clean to nothing, emoji alone leave no words: neither is over the limit."""
    with pytest.raises(FieldError, match="^Type a question first.$"):
        check_question("\x1b[31m\x1b[0m", 2000)
    with pytest.raises(FieldError, match="^The question has no words, only emoji.$"):
        check_question("🤔", 2000)
    with pytest.raises(FieldError, match="^The question has no words, only punctuation.$"):
        check_question("??", 2000)


def test_saved_chat_from_the_browser_is_checked_and_regenerate_pops_the_last_turn():
    assert restore("junk") == restore(None) == {"messages": [], "turns": [], "history": [],
                                                 "turn": 0, "pending": ""}  # fmt: skip
    saved = {"messages": [{"role": "user", "content": "Who &amp; why?"},
                          {"role": "assistant", "content": "<p>A</p>"}],
             "turns": ["<div>t1</div>"], "history": [["Who & why?", "A"]], "turn": 1}  # fmt: skip
    # the page can keep a skipped output's marker beside the chat: returned, it read as an update
    marked = restore({**saved, "__type__": "update", "other": 1})
    assert set(marked) == set(restore(None)) and marked["turn"] == 1
    question, chat, sources, kept = Handlers.regenerate(saved)
    assert question == "Who & why?" and chat == [] and kept["history"] == []
    assert kept["turn"] == 1  # turn numbers keep counting, so passage ids stay unique


def test_source_choices_show_titles_and_dates_first_and_choose_by_identity():
    long = "Putin arrives in Beijing as his army advances in Ukraine and his grip tightens at home"
    docs = [{"source": "000_f5.txt", "path": "/n/000_f5.txt", "title": "Putin in Beijing",
             "date": "2024-05-17", "chunks": 3},
            {"source": "b.txt", "path": "upload:b.txt", "title": "", "date": None, "chunks": 1},
            {"source": "c.txt", "path": "/n/c.txt", "title": long, "date": None, "chunks": 2},
            {"source": "copy.txt", "path": "/m/copy.txt", "title": "Putin in Beijing",
             "date": "2024-05-17", "chunks": 3}]  # fmt: skip
    assert source_choices(docs) == [
        ("All articles", "All"),
        ("b.txt · undated", "upload:b.txt"),
        ("Putin arrives in Beijing as his army advances in Ukraine… · undated", "/n/c.txt"),
        ("Putin in Beijing · 2024-05-17 · 000_f5.txt", "/n/000_f5.txt"),  # alike: file names
        ("Putin in Beijing · 2024-05-17 · copy.txt", "/m/copy.txt"),
    ]


def test_documents_list_escapes_and_carries_preview_and_a_confirmed_delete():
    docs = [{"source": "a<b>.txt", "path": 'upload:a"<b>.txt', "title": "# <i>Pandas</i>",
             "date": None, "chunks": 1, "opening": "# <i>Pandas</i>\n\nTwo pandas <arrived>."}]  # fmt: skip
    html = documents_html(docs, notice="Deleted “x” (2 passages).")
    assert 'data-path="upload:a&quot;&lt;b&gt;.txt"' in html and "<i>" not in html
    assert "Two pandas &lt;arrived&gt;." in html and "1 passage?" in html
    assert html.index("Deleted “x”") < html.index('<ul class="docs">')
    for part in ("doc-peek", "doc-delete", "doc-confirm", "doc-yes", "doc-no"):
        assert f'class="{part}"' in html
    assert re.search(r'<div class="doc-confirm"[^>]* hidden>', html)  # asks only when clicked
    assert documents_html([]).count("No articles indexed yet") == 1


def test_preview_drops_a_repeated_title_keeps_its_lines_and_marks_a_cut():
    doc = {"title": "Pandas arrive",
           "opening": "# Pandas arrive\n\nTwo giant pandas.\nMore.\n\n\n## Zoo news\n\nKeepers said."}  # fmt: skip
    assert opening_text(doc) == "Two giant pandas.\nMore.\n\n## Zoo news\n\nKeepers said."
    html = documents_html([{**doc, "source": "p.md", "path": "/p.md", "date": None, "chunks": 1}])
    assert (
        '<p>Two giant pandas.<br>More.</p><p><b class="q-head">Zoo news</b></p><p>Keepers said.</p>'
        in html
    )
    long = {"title": "T", "opening": "word " * (PREVIEW_CHARS // 5)}
    assert opening_text(long).endswith("…")
    assert opening_text({"title": "T"}) == ""


def test_answerer_list_has_only_usable_answerers(tmp_path):
    assert usable_answerers(make_settings(tmp_path)) in (["extractive"], ["extractive", "local"])
    with_key = usable_answerers(make_settings(tmp_path, openai_base_url="http://127.0.0.1:9/v1"))
    assert with_key[0] == "openai" and "extractive" in with_key


def test_header_says_the_index_is_loading_until_the_warm_up_is_done(pipeline):
    ready = threading.Event()
    library = Library(pipeline, threading.Lock(), ready)
    _, _, hero, ticker, _ = library.view()
    assert "Loading the index…" in hero and ticker["value"] == TICK_LOADING_S  # polls quickly
    ready.set()
    _, _, hero, ticker, _ = library.view()
    assert "5 articles · " in hero and "passages indexed" in hero and ticker["value"] == TICK_S


def test_the_tick_shows_the_list_again_only_once_the_index_changed(fresh_copy):
    """Another tab's delete (or a `rag ingest` beside the server) reaches every open page."""
    pipeline = Pipeline(make_settings(fresh_copy))
    library = Library(pipeline, threading.Lock(), threading.Event())
    library.ready.set()
    *shown, seen = library.changes(None, "All")
    assert "5 articles · " in shown[2]
    assert library.changes(seen, "All") == (gr.skip(),) * 5
    gone = next(d["path"] for d in pipeline.sources())
    Pipeline(make_settings(fresh_copy)).remove([gone])  # as another process would
    docs, source, hero, _, later = library.changes(seen, gone)
    assert later != seen and "4 articles · " in hero and gone not in docs
    assert source["value"] == "All"  # the Source filter lets go of the deleted article


# what a retired run yields last: every output (8 without example buttons) left as it is
UNTOUCHED = (gr.skip(),) * 8


def test_warm_up_answers_once_and_then_says_done(pipeline):
    handlers = Handlers(pipeline, threading.Lock(), extra_buttons=0)
    asked = []
    pipeline_ask = pipeline.ask
    handlers.warmup.pipeline = SimpleNamespace(
        ask=lambda *a, **k: asked.append(pipeline_ask(*a, **k))
    )
    handlers.warmup.start()
    assert handlers.warmup.done.wait(120)
    assert len(asked) == 1 and asked[0].retrieved  # the embedder and indexes were loaded


def test_an_extractive_answer_streams_a_sentence_at_a_time_before_its_check(pipeline):
    handlers = Handlers(pipeline, threading.Lock(), extra_buttons=0)
    events = list(handlers.ask("Who went with Putin?", None, "extractive", 8, ALL, "", ""))
    chats = [e[3] for e in events if isinstance(e[3], list)]
    drafts = [c[-1]["content"] for c in chats if 'class="streaming"' in c[-1]["content"]]
    assert len(drafts) >= 2 and "Belousov" not in drafts[0] and "Belousov" in drafts[-1]
    assert 'class="answer"' in chats[-1][-1]["content"]


def test_stop_retires_the_running_question_and_the_next_one_runs(pipeline):
    handlers = Handlers(pipeline, threading.Lock(), extra_buttons=0)
    tab = SimpleNamespace(session_hash="tab-1")
    run = handlers.ask("Who went with Putin?", None, "extractive", 8, ALL, "", "", tab)
    assert "…" in next(run)[3][-1]["content"]  # the waiting note
    handlers.stop("Who went with Putin?", None, tab)
    # the stopped run ends without writing over "Stopped.", also in the copy of its last values
    # that Gradio sends when a run ends
    assert list(run) == [UNTOUCHED]
    events = list(handlers.ask("Who went with Putin?", None, "extractive", 8, ALL, "", "", tab))
    assert 'class="answer"' in events[-1][3][-1]["content"]
    assert handlers.current == {}  # a finished run leaves nothing behind


def test_a_question_cut_off_by_a_reload_goes_back_into_its_box(pipeline):
    """The browser saves the question with the chat while it runs; a page loaded before its
    answer arrived puts it back in the box, and an answer, Stop or a failure clears it."""
    handlers = Handlers(pipeline, threading.Lock(), extra_buttons=0)
    tab = SimpleNamespace(session_hash="tab-3")
    run = handlers.ask(" Who went with Putin? ", None, "extractive", 8, ALL, "", "", tab)
    saved = next(run)[5]
    assert saved["pending"] == "Who went with Putin?" and saved["messages"] == []
    messages, _, question, note = Handlers.shown(saved)
    assert messages == [] and question == "Who went with Putin?" and "reloaded" in note
    done = list(run)[-1][5]
    assert done["pending"] == "" and len(done["messages"]) == 2
    assert Handlers.shown(done)[2:] == (gr.skip(), gr.skip())  # an answered chat: box untouched

    run = handlers.ask("Who went with Putin?", done, "extractive", 8, ALL, "", "", tab)
    asking = next(run)[5]
    assert asking["pending"] and len(asking["messages"]) == 2  # the earlier answer is kept
    assert handlers.stop("Who went with Putin?", asking, tab)[5]["pending"] == ""
    assert list(run) == [UNTOUCHED]

    failing = Handlers(SimpleNamespace(settings=pipeline.settings), threading.Lock(), 0)
    failing.warmup.done.set()
    events = list(failing.ask("Who went with Putin?", None, "extractive", 8, ALL, "", "", tab))
    assert "Sorry, that failed" in events[-1][3][-1]["content"] and events[-1][5]["pending"] == ""


def test_stop_answers_only_after_the_stopped_run_has_ended(pipeline):
    """Gradio steps a run in its own thread: Stop's idle page must come after the run's last
    busy update, or that update lands later and leaves the question box locked."""
    handlers = Handlers(pipeline, threading.Lock(), extra_buttons=0)
    tab = SimpleNamespace(session_hash="tab-2")
    run = handlers.ask("Who went with Putin?", None, "extractive", 8, ALL, "", "", tab)
    next(run)  # the page shows the question; Gradio steps the run again a moment later
    ended_at: list[float] = []

    def step_later() -> None:
        time.sleep(0.5)
        assert list(run) == [UNTOUCHED]  # retired: no update after Stop
        ended_at.append(time.monotonic())

    stepper = threading.Thread(target=step_later)
    stepper.start()
    handlers.stop("Who went with Putin?", None, tab)
    stopped_at = time.monotonic()
    stepper.join()
    assert ended_at and stopped_at >= ended_at[0] - 0.05


def test_the_saved_chat_key_outlives_a_restart(tmp_path):
    first = chat_secret(tmp_path / "data")
    assert len(first) >= 24 and chat_secret(tmp_path / "data") == first
    assert (tmp_path / "data" / "ui-secret").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("k", [1, 3, 8])
def test_exact_k_returns_k_passages(pipeline, k):
    retriever = pipeline.retriever
    assert len(retriever.retrieve("Who went with Putin?", k)) > k  # the CLI's k plus extras
    retriever.exact_k = True
    try:
        assert len(retriever.retrieve("Who went with Putin?", k)) == k
    finally:
        retriever.exact_k = False


def test_uploaded_temp_copies_are_deleted(tmp_path):
    folder = tmp_path / "gradio" / "abc123"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_bytes(b"hello")
    assert read_and_discard([str(folder / "a.txt")]) == [("a.txt", b"hello")]
    assert not folder.exists()


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
    with pytest.raises(ConfigError, match="USER:PASS"):
        ui.launch(pipeline, auth="nopassword")


# -- uploads --------------------------------------------------------------------------------------
BAD_FILES = [
    ("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
    ("mixed.txt", "Café crème, ".encode("latin-1") + "déjà vu.".encode(), "not UTF-8"),
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


def test_a_windows_1252_upload_is_indexed_and_the_page_says_how_it_was_read(fresh_copy):
    pipeline = Pipeline(make_settings(fresh_copy))
    raw = "Caf\u00e9 Lumi\u00e8re wins the \u201cbest bakery\u201d prize.".encode("cp1252")
    assert ingest_uploads(pipeline, [("cafe.txt", raw)]).splitlines() == [
        "✓ cafe.txt: 1 passage",
        "ℹ cafe.txt: not UTF-8; read as Windows-1252 (Latin-1); if its accents look wrong, "
        "re-save it as UTF-8",
    ]
    (cafe,) = [d for d in pipeline.sources(opening=40) if d["source"] == "cafe.txt"]
    assert cafe["opening"].startswith("Caf\u00e9 Lumi\u00e8re wins the \u201cbest")


def quiet(*args, **kwargs) -> None:
    """Stands in for gr.Progress outside a running app."""


def library_for(data: Path) -> Library:
    ready = threading.Event()
    ready.set()
    return Library(Pipeline(make_settings(data)), threading.Lock(), ready)


def dropped(folder: Path, name: str, text: str) -> list[str]:
    """A file as Gradio hands an upload over: its own temp folder, deleted after reading."""
    where = folder / f"gradio-{len(list(folder.iterdir()))}"
    where.mkdir()
    (where / name).write_text(text)
    return [str(where / name)]


COPPER = "# Copper in Chile\n\nEscondida produced 1.2 million tonnes of copper in 2023."
LITHIUM = "# Lithium in Bolivia\n\nBolivia found 23 million tonnes of lithium near Uyuni."


def test_same_name_upload_asks_then_cancel_keep_both_or_replace(fresh_copy, tmp_path):
    library, temp = library_for(fresh_copy), tmp_path / "gradio"
    temp.mkdir()
    docs = library.pipeline.sources
    message, panel, *_ = library.upload(dropped(temp, "report.txt", COPPER), quiet)
    assert message == "✓ report.txt: 1 passage" and panel == {
        "__type__": "update",
        "visible": False,
    }
    before = len(docs())

    message, panel, question, held, *listing, box, seen = library.upload(
        dropped(temp, "report.txt", LITHIUM), quiet)  # fmt: skip
    assert panel["visible"] and "“report.txt” is already indexed" in question
    assert "like “report (2).txt”" in question  # the name a kept copy gets, not a pattern
    assert "Waiting for your choice" in message and held == [("report.txt", LITHIUM.encode())]
    assert listing == [gr.skip()] * 3 and box is None and seen == gr.skip()
    assert list(temp.iterdir()) == []
    message, panel, question, held, *_ = library.decide(CANCEL, held, quiet)
    assert message == "Nothing was added." and not panel["visible"] and held is None
    assert len(docs()) == before

    held = library.upload(dropped(temp, "report.txt", LITHIUM) + dropped(temp, "new.txt", COPPER),
                          quiet)[3]  # fmt: skip
    message, panel, _, held, listing, *_ = library.decide(KEEP_BOTH, held, quiet)
    assert message.splitlines() == ["✓ report (2).txt: 1 passage", "✓ new.txt: 1 passage"]
    assert "upload:report (2).txt" in listing and "upload:new.txt" in listing
    names = {d["source"]: d["chunks"] for d in docs()}
    assert len(names) == before + 2 and names["report.txt"] == 1
    assert "Uyuni" in library.pipeline.ask("Where did Bolivia find lithium?").answer

    longer = COPPER + "".join(f"\n\nParagraph {i}: " + "copper ore grades fell. " * 30
                              for i in range(4))  # fmt: skip
    held = library.upload(dropped(temp, "report.txt", longer), quiet)[3]
    message, *_ = library.decide(REPLACE, held, quiet)
    after = {d["source"]: d["chunks"] for d in docs()}
    assert after["report.txt"] > 1 and len(after) == len(names) and "report (3).txt" not in after
    assert message == f"✓ report.txt: {after['report.txt']} passages"
    assert list(temp.iterdir()) == []  # every upload's temp copy is gone


def test_an_upload_named_like_a_seed_asks_and_replace_takes_the_seeds_place(fresh_copy, tmp_path):
    library, temp = library_for(fresh_copy), tmp_path / "gradio"
    temp.mkdir()
    seed = library.pipeline.sources()[0]
    name, before = seed["source"], len(library.pipeline.sources())
    stem = name.rsplit(".", 1)[0]
    message, panel, question, held, *_ = library.upload(dropped(temp, name, COPPER), quiet)
    assert panel["visible"] and f"“{name}” is already indexed" in question
    assert len(library.pipeline.sources()) == before  # nothing goes in before the choice

    message, *_ = library.decide(KEEP_BOTH, held, quiet)
    assert message == f"✓ {stem} (2).txt: 1 passage"
    paths = {d["path"] for d in library.pipeline.sources()}
    assert seed["path"] in paths and f"upload:{stem} (2).txt" in paths

    held = library.upload(dropped(temp, name, LITHIUM), quiet)[3]
    message, *_ = library.decide(REPLACE, held, quiet)
    assert message == f"✓ {name}: 1 passage"
    now = {d["path"]: d["source"] for d in library.pipeline.sources()}
    assert seed["path"] not in now and now[f"upload:{name}"] == name  # one document of that name
    assert len(now) == before + 1 and f"upload:{stem} (2).txt" in now
    answer = library.pipeline.ask("Where did Bolivia find lithium?")
    assert "Uyuni" in answer.answer and answer.citations[0].source == name


def test_delete_removes_the_document_and_resets_a_filter_on_it(fresh_copy, tmp_path):
    library = library_for(fresh_copy)
    library.pipeline.ingest_uploads([("mango.txt", b"# Mangoes\n\nMango prices rose 40% in Lima.")])
    before = library.pipeline.sources()
    path = "upload:mango.txt"
    click = gr.EventData(None, {"doc": path, "title": "Mangoes"})
    docs, source, hero, result, _ = library.delete(path, click)
    assert result == ""  # the upload result (it may name the deleted file) is cleared
    assert "Deleted “Mangoes” (1 passage)." in docs and 'data-path="upload:mango.txt"' not in docs
    assert source["value"] == ALL and all(v != path for _, v in source["choices"])
    assert f"{len(before) - 1} articles" in hero
    assert "Lima" not in library.pipeline.ask("How much did mango prices rise?").answer
    # a tick that started before the delete answered shows the list with its notice, not without
    assert "Deleted “Mangoes” (1 passage)." in library.changes("key before the delete", ALL)[0]

    docs, source, *_ = library.delete(ALL, gr.EventData(None, {"doc": path, "title": "Mangoes"}))
    assert "✗ Could not delete “Mangoes”: no document named" in docs and "Traceback" not in docs
    assert "value" not in source  # a filter that still exists is left alone
    assert len(library.pipeline.sources()) == len(before) - 1


def tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_path_traversal_names_write_nothing_outside_the_data_dir(fresh_copy, tmp_path):
    pipeline = Pipeline(make_settings(fresh_copy))
    outside = tree(tmp_path) - tree(fresh_copy)
    article = b"# Pandas arrive in Madrid\n\nTwo giant pandas arrived at the Madrid zoo on Monday."
    names = ["../../outside.md", "..\\..\\windows.md", "/etc/cron.d/abs.md"]
    message = ingest_uploads(pipeline, [(name, article) for name in names])
    assert message.splitlines() == ["✓ outside.md: 1 passage", "✓ windows.md: 1 passage",
                                    "✓ abs.md: 1 passage"]  # fmt: skip
    assert tree(tmp_path) - tree(fresh_copy) == outside
    assert not (tmp_path.parent / "outside.md").exists()
    assert {"outside.md", "windows.md", "abs.md"} <= {d["source"] for d in pipeline.sources()}
    answer = pipeline.ask("Where did the giant pandas arrive?")
    assert "Madrid" in answer.answer and answer.citations[0].source.endswith(".md")


# -- the running app ------------------------------------------------------------------------------
@pytest.mark.slow
def test_who_went_with_putin_names_belousov_with_a_citation(served):
    text, sources, _ = ask(Client(served.url, verbose=False), "Who went with Putin?")
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
    _, _, kept = ask(client, "Which Chinese premier was Putin also scheduled to talk with?")
    text, sources, kept = ask(client, "what about Xi?", saved=kept)
    assert "Searched for: Which Chinese premier" in text
    assert "Earlier answers" in sources and 'id="src-2-1"' in sources
    assert len(kept["messages"]) == 4 and len(kept["turns"]) == 2


@pytest.mark.slow
def test_upload_of_a_binary_file_reports_it_and_keeps_the_index(served, tmp_path):
    before = chunk_count(served.pipeline)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    latin1 = tmp_path / "notes.txt"  # Latin-1 with a byte Windows-1252 lacks: read as neither
    latin1.write_bytes("Résumé of the talks".encode("latin-1") + b" \x81")
    client = Client(served.url, verbose=False)
    job = client.submit([handle_file(binary), handle_file(latin1)], api_name="/upload")
    message, question, docs, *_ = job.result(timeout=TIMEOUT)  # the API leaves out layout and state
    assert question == ""  # no same-name question for names not yet indexed
    assert "✗ photo.txt: binary file" in message and "✗ notes.txt: not UTF-8" in message
    assert chunk_count(served.pipeline) == before
    assert docs.count('<li class="doc"') == 5


UNCHANGED = {"__type__": "update"}  # how the API reports an output the event left alone


@pytest.mark.slow
def test_field_errors_stay_out_of_the_chat_and_failures_are_one_plain_line(served, monkeypatch):
    client = Client(served.url, verbose=False)
    box, question_error, date_error, chat, *_ = ask_raw(client, "   ")
    assert "Type a question first." in question_error and not date_error and chat == UNCHANGED

    long = "x" * 2001
    box, question_error, _, chat, *_ = ask_raw(client, long)
    assert "2,001 characters" in question_error and chat == UNCHANGED and "value" not in box

    box, question_error, date_error, chat, *_ = ask_raw(client, "Who?", since="17 May")
    assert "Since: “17 May” is not a date like 2024-05-17" in date_error
    assert not question_error and chat == UNCHANGED and "value" not in box  # the box keeps its text

    def broken(*args, **kwargs):
        raise RuntimeError("store exploded\nTraceback (most recent call last):\n  File x.py")

    monkeypatch.setattr(served.pipeline, "stream", broken)
    box, _, _, chat, *_ = ask_raw(client, "Who went with Putin?")
    text = reply(chat)
    assert "Sorry, that failed: store exploded" in text and "RuntimeError" not in text
    assert "Traceback" not in text and "\n" not in text
    assert "value" not in box  # the question stays in its box: no answer arrived


@pytest.mark.parametrize("question", EXAMPLES)
def test_every_example_question_is_answered_on_the_seeds(pipeline, question):
    """The buttons a new user presses first: each gets a cited answer, not the abstention."""
    answer = pipeline.ask(question)
    assert not answer.abstained and answer.citations
    assert all(s.supported for s in answer.sentences)


@pytest.mark.parametrize(("typed", "used"), [(0, 1), (-3, 1), (50, 20), (7, 7)])
def test_a_k_typed_outside_the_slider_is_held_to_its_range(pipeline, typed, used):
    handlers = Handlers(pipeline, threading.Lock(), extra_buttons=0)
    seen = []
    stream = pipeline.stream
    handlers.pipeline = SimpleNamespace(
        settings=pipeline.settings,
        answerer=pipeline.answerer,
        stream=lambda q, **kw: (seen.append(kw["k"]), *stream(q, **kw))[1:],
    )
    events = list(handlers.ask("Who went with Putin?", None, "extractive", typed, ALL, "", ""))
    assert seen == [used] and 'class="answer"' in events[-1][3][-1]["content"]
