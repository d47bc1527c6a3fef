"""The web UI (`rag serve`): chat with cited answers beside their sources, and a Documents tab.

Thin by design: answers come from `Pipeline.stream`; this module lays them out. Each `[n]` is a
link to its passage in the Sources panel (`#src-<turn>-<n>`), where the answer sentences it
supports are highlighted; a click handler opens, scrolls to and lights up that passage.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import gradio as gr

from rag.api import Answer, Pipeline
from rag.citations import Citation
from rag.conversation import Conversation
from rag.documents import SUPPORTED_SUFFIXES
from rag.errors import describe
from rag.retrieval import Filters, Passage
from rag.text import fold, split_sentences, terms

TITLE = "rag — ask the news"
EXAMPLES = [
    "Who went with Putin?",
    "What was the value of trade between China and Russia in 2023?",
    "Which Chinese news agency interviewed Putin ahead of his visit?",
]
ALL = "All"
PRIVATE = "private"  # events that only the page itself calls
CITE_JS = """if (!window.ragCite) { window.ragCite = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.cite');
    const target = link && document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    event.preventDefault(); event.stopPropagation();
    for (let el = target; el; el = el.parentElement) if (el.tagName === 'DETAILS') el.open = true;
    document.querySelectorAll('.src.active').forEach((el) => el.classList.remove('active'));
    target.classList.add('active');
    target.scrollIntoView({behavior: 'smooth', block: 'nearest'});
  }, true); }"""


@dataclass
class Session:
    """One browser tab: its conversation (so follow-ups are condensed), messages and answers."""

    conversation: Conversation
    messages: list[dict] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)


# -- rendering ------------------------------------------------------------------------------------
def answer_html(answer: Answer, turn: int) -> str:
    """The answer with `[n]` links to its sources, unsupported sentences flagged, notes below."""
    if answer.abstained or not answer.sentences:
        return f'<div class="answer"><p class="abstain">{escape(answer.answer)}</p></div>'
    parts = []
    for s in answer.sentences:
        marks = "".join(f'<a class="cite" href="#src-{turn}-{n}">[{n}]</a>' for n in s.citations)
        text = f"{escape(s.text)} {marks}"
        if not s.supported:
            flag = '<span class="flag">⚠ not supported by its source</span>'
            text = f'<span class="unsupported">{text} {flag}</span>'
        parts.append(text)
    notes = "".join(f'<p class="note">ℹ {escape(note)}</p>' for note in answer.notes)
    return f'<div class="answer"><p>{" ".join(parts)}</p>{notes}</div>'


def draws_on(sentence: str, support: list[str]) -> bool:
    """Whether an answer sentence quotes this passage sentence, or shares most of its terms."""
    own = set(terms(sentence))
    for s in support:
        theirs = set(terms(s))
        if fold(sentence) in fold(s) or (
            own and len(own & theirs) >= 0.6 * max(len(own), len(theirs))
        ):
            return True
    return False


def quote(passage: str, support: list[str]) -> str:
    """The passage's sentences that `support` draws on, in <mark>, with a sentence of context each
    side; then the whole passage, collapsed."""
    sentences = split_sentences(passage)
    hits = {i for i, sentence in enumerate(sentences) if draws_on(sentence, support)}
    marked = [
        f"<mark>{escape(t)}</mark>" if i in hits else escape(t) for i, t in enumerate(sentences)
    ]
    shown = sorted({j for i in hits for j in (i - 1, i, i + 1) if 0 <= j < len(sentences)})
    shown = shown or list(range(min(2, len(sentences))))
    if len(shown) == len(sentences):
        return f'<div class="quote">{" ".join(marked)}</div>'
    parts, last = [], -1
    for i in shown:
        parts += ["…", marked[i]] if i > last + 1 else [marked[i]]
        last = i
    if last < len(sentences) - 1:
        parts.append("…")
    return (
        f'<div class="quote">{" ".join(parts)}</div><details class="whole"><summary>Whole passage'
        f'</summary><div class="quote">{" ".join(marked)}</div></details>'
    )


def _card(element_id: str, label: str, p: Passage | Citation, body: str) -> str:
    meta = f"{escape(p.date or 'undated')} · {escape(p.source)}"
    return (
        f'<div class="src" id="{element_id}"><div class="src-head"><span class="n">{label}</span>'
        f'<span class="src-title">{escape(p.title or p.source)}</span></div>'
        f'<div class="src-meta">{meta}</div>{body}</div>'
    )


def turn_html(answer: Answer, turn: int) -> str:
    """One answer's cited passages, then those retrieved but not cited (collapsed)."""
    cards = []
    for c in answer.citations:
        support = [s.text for s in answer.sentences if c.n in s.citations]
        cards.append(_card(f"src-{turn}-{c.n}", str(c.n), c, quote(c.text, support)))
    if not cards:
        cards.append('<p class="note">No retrieved passage answers this question.</p>')
    cited = {c.chunk_id for c in answer.citations}
    if rest := [p for p in answer.retrieved if p.chunk_id not in cited]:
        inner = "".join(
            _card(f"ret-{turn}-{i}", "·", p, quote(p.text, [])) for i, p in enumerate(rest)
        )
        cards.append(
            f'<details class="uncited"><summary>{len(rest)} more retrieved, not cited</summary>'
            f"{inner}</details>"
        )
    head = f'<div class="turn-q">Sources for “{escape(answer.question)}”</div>'
    return f'<div class="turn">{head}{"".join(cards)}</div>'


def sources_html(answers: list[Answer]) -> str:
    """The latest answer's sources; earlier answers' sources collapsed below."""
    if not answers:
        return (
            '<div class="turn-q">Sources</div><p class="note">The passages each answer cites appear '
            "here, with the sentences it draws on highlighted.</p>"
        )
    earlier = "".join(turn_html(a, t) for t, a in reversed(list(enumerate(answers[:-1], 1))))
    if earlier:
        earlier = f'<details class="earlier"><summary>Earlier answers</summary>{earlier}</details>'
    return turn_html(answers[-1], len(answers)) + earlier


def hero_html(docs: list[dict]) -> str:
    passages = sum(d["chunks"] for d in docs)
    return (
        f'<div class="hero"><div><h1>{TITLE}</h1><p>Answers quote the indexed articles and every '
        "sentence cites its passage: click a <b>[n]</b> to read it.</p></div>"
        f'<div class="count">{len(docs)} articles · {passages} passages indexed</div></div>'
    )


# -- actions --------------------------------------------------------------------------------------
def parse_filters(source: str | None, since: str | None, until: str | None) -> Filters:
    """Filters from the controls; a bad date raises ValueError with a friendly message."""
    days = []
    for label, value in (("Since", since), ("Until", until)):
        value = (value or "").strip()
        try:
            days.append(dt.date.fromisoformat(value) if value else None)
        except ValueError:
            raise ValueError(f"{label}: “{value}” is not a date like 2024-05-17") from None
    if days[0] and days[1] and days[0] > days[1]:
        raise ValueError("Since is after Until, so no document can match")
    return Filters(None if source in (None, "", ALL) else source, days[0], days[1])


def ingest_uploads(
    pipeline: Pipeline, files: list[tuple[str, bytes]], progress: Callable | None = None
) -> str:
    """Index uploaded (name, bytes) pairs from memory; one result line per file.

    Only a name's last component is kept, as the citation label; nothing is written but the index.
    """
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        if progress:
            progress(done[0], desc="Embedding", unit="chunks")

    try:
        report = pipeline.ingest_uploads(files, progress=advance)
    except Exception as exc:
        return f"✗ Indexing stopped: {describe(exc)}"
    lines = [f"✗ {reason}" for reason in report.skipped]
    lines += [f"✓ {name}: {chunks} chunk(s)" for name, chunks in report.documents]
    return "\n".join(lines) or "Choose .txt, .md or .html files to add."


def build_app(pipeline: Pipeline) -> gr.Blocks:
    """The Blocks app with its queue; `launch` serves it with the theme and styles."""
    lock = threading.Lock()  # one pipeline (Chroma client, lazy indexes) serves every tab
    s = pipeline.settings
    openai = ["openai"] if s.openai_api_key or s.openai_base_url else []
    llms = list(dict.fromkeys([s.resolved_llm(), "extractive", *openai]))  # the default first

    def locked(events: Iterator) -> Iterator:
        """Step a pipeline generator under the lock, letting other tabs in between steps."""
        while True:
            with lock:
                event = next(events, None)
            if event is None:
                return
            yield event

    def ask(question, session, llm, k, source, since, until):
        session = session or Session(Conversation(pipeline))
        question, turn = (question or "").strip(), len(session.answers) + 1
        if question:
            session.messages.append({"role": "user", "content": question})
        reply = {"role": "assistant", "content": '<p class="note">Searching the articles…</p>'}
        session.messages.append(reply)
        yield "", session.messages, sources_html(session.answers), session
        try:
            filters = parse_filters(source, since, until)
            draft = ""
            events = session.conversation.stream(question, k=int(k), llm=llm, filters=filters)
            for event in locked(events):
                if isinstance(event, Answer):
                    session.answers.append(event)
                    reply["content"] = answer_html(event, turn)
                    if event.question != question:
                        reply["content"] += (
                            f'<p class="note">Searched for: {escape(event.question)}</p>'
                        )
                    yield "", session.messages, sources_html(session.answers), session
                else:
                    draft += event
                    reply["content"] = f'<p class="streaming">{escape(draft)}</p>'
                    yield "", session.messages, gr.skip(), session
        except Exception as exc:  # one friendly line in the chat, never a traceback
            reply["content"] = f'<p class="error">⚠ Sorry, that failed: {escape(describe(exc))}</p>'
            yield "", session.messages, sources_html(session.answers), session

    def clear():
        return "", [], sources_html([]), None

    def refresh():
        with lock:
            docs = pipeline.sources()
        table = [[d["source"], d["title"], d["date"] or "", d["chunks"]] for d in docs]
        return table, gr.Dropdown(choices=[ALL] + [d["source"] for d in docs]), hero_html(docs)

    def upload(paths, progress=gr.Progress()):  # noqa: B008 (how gradio hands out progress)
        files = [(Path(p).name, Path(p).read_bytes()) for p in paths or []]
        with lock:
            message = ingest_uploads(pipeline, files, progress)
        return message, *refresh(), None

    table, _, hero_value = refresh()
    with gr.Blocks(title=TITLE, analytics_enabled=False) as app:
        session = gr.State(None)
        hero = gr.HTML(hero_value)
        with gr.Tab("Ask"), gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                chat = gr.Chatbot(
                    elem_id="chat", height=540, show_label=False, buttons=[],
                    feedback_options=None, placeholder=PLACEHOLDER,
                )  # fmt: skip
                with gr.Row(equal_height=True):
                    question = gr.Textbox(
                        placeholder="Ask a question about the news…", show_label=False, scale=6,
                        elem_id="question", autofocus=True, max_lines=4,
                    )  # fmt: skip
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=90)
                    clear_button = gr.Button("Clear", scale=1, min_width=90)
                with gr.Row(elem_classes="examples"):
                    examples = [gr.Button(q, size="sm") for q in EXAMPLES]
                with gr.Accordion("Search options", open=False):
                    with gr.Row():
                        llm = gr.Dropdown(llms, value=llms[0], label="Answerer")
                        names = [ALL] + [row[0] for row in table]
                        source = gr.Dropdown(names, value=ALL, label="Source")
                        k = gr.Slider(1, 20, value=s.top_k, step=1, label="Passages (k)")
                    with gr.Row():
                        since = gr.Textbox(label="Since", placeholder="YYYY-MM-DD", elem_id="since")
                        until = gr.Textbox(label="Until", placeholder="YYYY-MM-DD", elem_id="until")
            with gr.Column(scale=2, min_width=320):
                sources = gr.HTML(sources_html([]), elem_id="sources", js_on_load=CITE_JS,
                                  max_height=720)  # fmt: skip
        with gr.Tab("Documents"):
            docs = gr.Dataframe(
                table, headers=["source", "title", "date", "chunks"], elem_id="docs",
                interactive=False, wrap=True, column_widths=["26%", "54%", "12%", "8%"],
            )  # fmt: skip
            files = gr.File(label="Add articles (.txt, .md, .html)", file_count="multiple",
                            file_types=list(SUPPORTED_SUFFIXES), height=120)  # fmt: skip
            status = gr.Textbox(label="Upload result", interactive=False, lines=2)

        inputs = [question, session, llm, k, source, since, until]
        outputs = [question, chat, sources, session]
        question.submit(ask, inputs, outputs, api_name="ask")
        send.click(ask, inputs, outputs, api_visibility=PRIVATE)
        for button in examples:
            button.click(lambda q: q, button, question, api_visibility=PRIVATE).then(
                ask, inputs, outputs, api_visibility=PRIVATE
            )
        clear_button.click(clear, None, outputs, api_name="clear")
        chat.clear(clear, None, outputs, api_visibility=PRIVATE)
        app.load(refresh, None, [docs, source, hero], api_name="documents")
        files.upload(upload, files, [status, docs, source, hero, files], api_name="upload")
    return app.queue(default_concurrency_limit=4)


def credentials(auth: str | None) -> tuple[str, str] | None:
    """Turn "USER:PASS" into (user, password) for Gradio's login page; None means no login."""
    if not auth:
        return None
    user, _, password = auth.partition(":")
    if not (user and password):
        raise ValueError("the UI login must look like USER:PASS")
    return user, password


def launch(
    pipeline: Pipeline, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None
) -> None:
    """Serve the UI on loopback by default; `auth` "USER:PASS" (or RAG_UI_AUTH) adds a login."""
    login = credentials(auth or pipeline.settings.ui_auth)
    theme = gr.themes.Soft(
        primary_hue="indigo", neutral_hue="slate",
        font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],  # no web fonts
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
    )  # fmt: skip
    build_app(pipeline).launch(
        server_name=host, server_port=port, auth=login, theme=theme, css=CSS,
        max_file_size=pipeline.settings.max_file_bytes, ssr_mode=False,
        footer_links=["api", "settings"],
    )  # fmt: skip


PLACEHOLDER = "**Ask a question about the indexed news articles**<br>or try an example below."
CSS = """
.hero { display: flex; justify-content: space-between; align-items: flex-end; gap: 1rem; }
.hero h1 { font-size: 1.7rem; margin: 0; }
.hero p, .count { margin: .25rem 0 0; color: var(--body-text-color-subdued); }
.count { font-size: .85rem; white-space: nowrap; }
.answer p { margin: 0 0 .4rem; } .answer p:last-child { margin-bottom: 0; }
a.cite { font-weight: 700; text-decoration: none; border-radius: 4px; padding: 0 1px; }
a.cite:hover { background: var(--color-accent-soft); }
.unsupported { background: rgba(245, 158, 11, .12); border-bottom: 2px dashed #f59e0b; }
.flag { font-size: .75rem; color: #d97706; white-space: nowrap; }
.note { font-size: .85rem; color: var(--body-text-color-subdued); }
.streaming::after { content: "▍"; animation: blink 1s steps(1) infinite; }
@keyframes blink { 50% { opacity: 0; } }
.error { color: #dc2626; }
.examples button { border-radius: 999px; font-weight: 400; }
#docs table { font-family: var(--font); }
.turn-q { font-weight: 600; margin: .2rem 0 .6rem; }
.src { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: .6rem .8rem;
       margin-bottom: .6rem; background: var(--block-background-fill); transition: box-shadow .3s; }
.src.active { border-color: var(--color-accent); box-shadow: 0 0 0 3px var(--color-accent-soft); }
.src-head { display: flex; gap: .5rem; align-items: baseline; }
.src .n { background: var(--color-accent); color: #fff; border-radius: 6px; padding: 0 6px;
          font-size: .8rem; font-weight: 700; }
.src-title { font-weight: 600; }
.src-meta { font-size: .8rem; color: var(--body-text-color-subdued); margin: .1rem 0 .35rem; }
.quote { font-size: .88rem; line-height: 1.5; }
.quote mark { background: rgba(250, 204, 21, .45); color: inherit; padding: 0 1px; }
details summary { cursor: pointer; color: var(--body-text-color-subdued); margin: .4rem 0; }
"""
