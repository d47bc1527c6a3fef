"""The page: header, chat with its options, sources panel, Documents tab; and `launch`.

Thin by design: answers come from `Pipeline.stream` via `handlers`; HTML comes from `rendering`.
Styles live in style.css, the page's own script (citations, copy, counter, upload limit) in
page.js, the Documents list's (preview, confirmed delete) in documents.js; all ship inside the
package.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from importlib.resources import files as package_files
from pathlib import Path

import gradio as gr

from rag.answering import usable_answerers
from rag.errors import ConfigError
from rag.pipeline import Pipeline
from rag.readers import SUPPORTED_SUFFIXES, formats
from rag.ui.handlers import K_MAX, Handlers, empty_chat
from rag.ui.library import (
    ALL,
    CANCEL,
    KEEP_BOTH,
    REPLACE,
    TICK_LOADING_S,
    Library,
    size_label,
    source_choices,
)
from rag.ui.rendering import TITLE, documents_html, hero_html, sources_html

EXAMPLES = [
    "Who went with Putin?",
    "What was the value of trade between China and Russia in 2023?",
    "How many times have Putin and Xi met?",
]
PRIVATE = "private"  # events that only the page itself calls
PLACEHOLDER = "**Ask a question about the indexed news articles**<br>or try an example below."
ASSETS = package_files("rag.ui")


def page_script(pipeline: Pipeline) -> str:
    s = pipeline.settings
    return (
        ASSETS.joinpath("page.js").read_text()
        .replace("__LIMIT__", str(s.max_question_chars))
        .replace("__MAX_BYTES__", str(s.max_file_bytes))
        .replace("__MAX_LABEL__", size_label(s.max_file_bytes))
        .replace("__TYPES__", json.dumps(list(SUPPORTED_SUFFIXES)))
        .replace("__FORMATS__", formats())
    )  # fmt: skip


def chat_secret(data_dir: Path) -> str:
    """The key the browser's saved chat is encrypted with, kept in the data dir (owner-only) so a
    restarted server can still read chats saved before; Gradio's default is new at every start.
    A data dir this server may not write (a shared read-only index) gets a key for this run."""
    path = data_dir / "ui-secret"
    try:
        if not path.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
                out.write(secrets.token_urlsafe(24))
        return path.read_text().strip()
    except OSError:
        return secrets.token_urlsafe(24)


def build_app(pipeline: Pipeline) -> gr.Blocks:
    """The Blocks app with its queue; `launch` serves it with the theme and styles."""
    lock = threading.Lock()  # one pipeline (Chroma client, lazy indexes) serves every tab
    s = pipeline.settings
    pipeline.retriever.exact_k = True  # the slider's k is the number of passages shown
    llms = usable_answerers(s)
    on = Handlers(pipeline, lock, extra_buttons=len(EXAMPLES))
    on.warmup.start()
    library = Library(pipeline, lock, on.warmup.done)

    with gr.Blocks(title=TITLE, analytics_enabled=False) as app:
        saved = gr.BrowserState(empty_chat(), storage_key="rag-chat",
                                secret=chat_secret(s.data_dir))  # fmt: skip
        hero = gr.HTML(hero_html([], "Loading the index…"), elem_id="hero")
        ticker = gr.Timer(TICK_LOADING_S, active=True)
        with gr.Tab("Ask"), gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=300):
                chat = gr.Chatbot(
                    elem_id="chat", height=540, show_label=False, buttons=[],
                    feedback_options=None, placeholder=PLACEHOLDER,
                )  # fmt: skip
                with gr.Row(equal_height=True, elem_id="ask-row"):
                    question = gr.Textbox(
                        label="Question", placeholder="Ask about the news…", show_label=False,
                        scale=6, elem_id="question", autofocus=True, max_lines=6, min_width=200,
                    )  # fmt: skip
                    send = gr.Button(
                        "Ask", variant="primary", scale=1, min_width=70, elem_id="send"
                    )
                    stop = gr.Button("Stop", variant="stop", scale=1, min_width=70,
                                     elem_id="stop", visible=False)  # fmt: skip
                    clear_button = gr.Button("Clear", scale=1, min_width=70, elem_id="clear")
                gr.HTML('<div id="q-note" aria-live="polite"></div>', padding=False)
                question_error = gr.HTML("", elem_id="question-error", padding=False)
                with gr.Row(elem_classes="examples"):
                    examples = [gr.Button(q, size="sm") for q in EXAMPLES]
                with gr.Accordion("Search options", open=False, elem_id="options"):
                    # the Source list gets a row of its own: titles read on one line
                    source = gr.Dropdown(source_choices([]), value=ALL, label="Source",
                                         elem_id="source", filterable=True)  # fmt: skip
                    with gr.Row():
                        llm = gr.Dropdown(llms, value=llms[0], label="Answerer",
                                          visible=len(llms) > 1, elem_id="llm")  # fmt: skip
                        k = gr.Slider(1, K_MAX, value=s.top_k + 3, step=1, label="Passages (k)",
                                      elem_id="k")  # fmt: skip
                    with gr.Row():
                        since = gr.DateTime(label="Since", include_time=False, type="string",
                                            elem_id="since")  # fmt: skip
                        until = gr.DateTime(label="Until", include_time=False, type="string",
                                            elem_id="until")  # fmt: skip
                    gr.HTML('<p class="note">With a date set, undated articles are excluded.</p>',
                            padding=False)  # fmt: skip
                    gr.HTML('<div id="date-note" aria-live="polite"></div>', padding=False)
                    date_error = gr.HTML("", elem_id="date-error", padding=False)
            with gr.Column(scale=2, min_width=300, elem_id="sources-col"):
                sources = gr.HTML(sources_html([]), elem_id="sources", max_height=720,
                                  js_on_load=page_script(pipeline))  # fmt: skip
        with gr.Tab("Documents"):
            docs = gr.HTML(documents_html([]), elem_id="docs",
                           js_on_load=ASSETS.joinpath("documents.js").read_text())  # fmt: skip
            limit = size_label(s.max_file_bytes)
            files = gr.File(label=f"Add articles ({formats()}; up to {limit} each)",
                            file_count="multiple", file_types=list(SUPPORTED_SUFFIXES),
                            height=120, elem_id="upload")  # fmt: skip
            gr.HTML('<div id="upload-note" role="status"></div>', padding=False)
            held = gr.State(None)  # uploads waiting for the same-name choice (server side)
            with gr.Column(visible=False, elem_id="same-name") as choice:
                question_html = gr.HTML("", padding=False)
                with gr.Row(elem_id="same-name-buttons"):
                    decisions = [gr.Button(REPLACE, variant="primary", min_width=80),
                                 gr.Button(KEEP_BOTH, min_width=80),
                                 gr.Button(CANCEL, variant="secondary", min_width=80)]  # fmt: skip
            status = gr.Textbox(label="Upload result", interactive=False, lines=2, elem_id="status")

        inputs = [question, saved, llm, k, source, since, until]
        outputs = [
            question,
            question_error,
            date_error,
            chat,
            sources,
            saved,
            send,
            stop,
            *examples,
        ]
        # A stopped run is retired by `on.stop` and ends by itself ("multiple": a new question
        # need not wait for that); Gradio's `cancels` could cancel the next question too.
        asking = {"fn": on.ask, "inputs": inputs, "outputs": outputs, "trigger_mode": "multiple"}
        question.submit(**asking, api_name="ask")
        send.click(**asking, api_visibility=PRIVATE)
        for button in examples:
            button.click(lambda q: q, button, question, api_visibility=PRIVATE).then(
                **asking, api_visibility=PRIVATE
            )
        retry = chat.retry(on.regenerate, saved, [question, chat, sources, saved],
                           api_visibility=PRIVATE)  # fmt: skip
        retry.then(**asking, api_visibility=PRIVATE)
        stop.click(on.stop, [question, saved], outputs, api_visibility=PRIVATE)
        clear_button.click(on.clear, None, outputs, api_name="clear")
        app.load(on.shown, saved, [chat, sources, question, question_error],
                 api_visibility=PRIVATE)  # fmt: skip
        seen = gr.State(None)  # the index as this page last showed it (`Library.changes`)
        listing = [docs, source, hero, ticker, seen]
        app.load(library.view, None, listing, api_name="documents")
        ticker.tick(library.changes, [seen, source], listing, api_visibility=PRIVATE,
                    trigger_mode="once", concurrency_limit=1)  # fmt: skip
        indexed = [status, choice, question_html, held, *listing[:3], files, seen]
        files.upload(library.upload, files, indexed, api_name="upload")
        for button in decisions:
            button.click(library.decide, [button, held], indexed, api_visibility=PRIVATE)
        docs.delete(library.delete, source, [*listing[:3], status, seen], api_name="delete")
    return app.queue(default_concurrency_limit=4)


def credentials(auth: str | None) -> tuple[str, str] | None:
    """Turn "USER:PASS" into (user, password) for Gradio's login page; None means no login."""
    if not auth:
        return None
    user, _, password = auth.partition(":")
    if not (user and password):
        raise ConfigError("the UI login (--auth or RAG_UI_AUTH) must look like USER:PASS")
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
        server_name=host, server_port=port, auth=login, theme=theme,
        css=ASSETS.joinpath("style.css").read_text(), ssr_mode=False,
        max_file_size=pipeline.settings.max_file_bytes, footer_links=["api", "settings"],
    )  # fmt: skip
