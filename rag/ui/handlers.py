"""What the page's events do: ask (streamed, stoppable), regenerate, restore, warm up.

Every handler returns plain values in the order `layout` wires them. Problems with what the user
typed go next to the field (never into the chat); the question stays in its box until an answer
has arrived. The chat lives in the browser (`BrowserState`), so a reload keeps it, and the
question still waiting for its answer (`pending`) goes back into its box.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import threading
from collections.abc import Callable, Iterator
from html import escape, unescape
from typing import Any

import gradio as gr

from rag.conversation import Conversation
from rag.errors import EmptyQuestion, QuestionTooLong, describe
from rag.filters import Filters
from rag.pipeline import Answer, Pipeline, QuestionError, clean_question
from rag.ui.rendering import answer_html, message_html, sources_html, turn_html

ALL = "All"
KEPT_TURNS = 20  # answers kept in the browser; older ones drop off
RELOADED = "The page was reloaded before this question was answered: press Ask to ask it again."
log = logging.getLogger(__name__)

K_MAX = 20  # passages one question may take in the UI (the slider's top)
STOP_WAIT_S = 5.0  # Stop waits this long at most for the stopped run's last step to end


class FieldError(ValueError):
    """A value the user typed is unusable; `field` says where to show the message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_filters(source: str | None, since: str | None, until: str | None) -> Filters:
    """Filters from the controls; a bad date raises FieldError("dates", plain words)."""
    days = []
    for label, value in (("Since", since), ("Until", until)):
        value = str(value or "").strip()
        try:
            days.append(dt.date.fromisoformat(value) if value else None)
        except ValueError:
            raise FieldError("dates", f"{label}: “{value}” is not a date like 2024-05-17") from None
    if days[0] and days[1] and days[0] > days[1]:
        raise FieldError("dates", "Since is after Until, so no article can match")
    return Filters(None if source in (None, "", ALL) else source, days[0], days[1])


def check_question(question: str | None, limit: int) -> str:
    """The cleaned question, or FieldError("question") in plain words."""
    try:
        return clean_question(question or "", limit)
    except QuestionError as exc:
        text = (question or "").strip()
        if not text or isinstance(exc, EmptyQuestion):  # blank, or escape codes alone
            raise FieldError("question", "Type a question first.") from None
        if not isinstance(exc, QuestionTooLong):  # e.g. emoji alone
            said = str(exc)
            raise FieldError("question", f"{said[:1].upper()}{said[1:]}.") from None
        raise FieldError(
            "question", f"That is {len(text):,} characters; questions can be up to {limit:,}. "
            "Shorten it and ask again."
        ) from None  # fmt: skip


def empty_chat() -> dict[str, Any]:
    return {"messages": [], "turns": [], "history": [], "turn": 0, "pending": ""}


def restore(saved: Any) -> dict[str, Any]:
    """The browser's saved chat, or an empty one if it is missing or from an older layout. Only
    the chat's own keys are taken: the page may keep an update's marker beside them (`__type__`
    of a skipped output), and a chat returned with it would be read as an update, and fail."""
    chat = empty_chat()
    lists = [k for k, v in chat.items() if isinstance(v, list)]
    if isinstance(saved, dict) and all(isinstance(saved.get(k), list) for k in lists):
        chat.update((k, saved[k]) for k in chat if k in saved)
        chat["pending"] = str(chat["pending"] or "")  # a chat saved before `pending` existed
    return chat


def plain(exc: Exception) -> str:
    """A failure in words a reader can use: our own messages as they are, others without the
    exception's class name (logged in full on the server)."""
    text = describe(exc)
    if ": " in text and text.split(": ", 1)[0].isidentifier():
        log.warning("answer failed: %s", text)
        text = text.split(": ", 1)[1]
    return f"Sorry, that failed: {text}"


class Warmup(threading.Thread):
    """Loads the embedder, the indexes and the default answerer once at server start."""

    def __init__(self, pipeline: Pipeline, lock: threading.Lock) -> None:
        super().__init__(daemon=True, name="rag-warmup")
        self.pipeline, self.lock, self.done = pipeline, lock, threading.Event()

    def run(self) -> None:
        try:
            with self.lock:
                self.pipeline.ask("What happened?", k=1)
        except Exception as exc:  # the first real question will report the cause
            log.warning("warm-up failed: %s", describe(exc))
        finally:
            self.done.set()


class Handlers:
    """The event functions for one app; `busy` says how many extra buttons to disable."""

    def __init__(self, pipeline: Pipeline, lock: threading.Lock, extra_buttons: int) -> None:
        self.pipeline, self.lock, self.extra = pipeline, lock, extra_buttons
        self.warmup = Warmup(pipeline, lock)
        self.refusals = itertools.count()  # numbers each refused question's field error
        # The run each tab is waiting for. Stop or a newer question retires a run: it ends at its
        # next step without a word. (Gradio's own `cancels` raced: a question asked while it was
        # still cancelling the old run was cancelled too and stayed on "Searching…".)
        self.current: dict[str, object] = {}
        # Set when each tab's latest run has ended (then dropped): Stop waits for it (at most STOP_WAIT_S), so
        # the stopped run's last busy update cannot reach the page after Stop's idle one and
        # leave the question box locked.
        self.ended: dict[str, threading.Event] = {}

    def _untouched(self) -> tuple:
        """Outputs that leave the page as it is. Gradio sends a run's last values again when the
        run ends: a retired run's last values must be these, or that late copy brings back the
        chat that Clear or Stop (or a newer question) has just replaced."""
        # question, its two errors, chat, sources, saved, send, stop and the example buttons
        return (gr.skip(),) * (8 + self.extra)

    def _controls(self, busy: bool) -> tuple:
        """send, stop and the example buttons for a running (busy) or idle page."""
        idle = not busy
        return (gr.update(interactive=idle), gr.update(visible=busy),
                *[gr.update(interactive=idle)] * self.extra)  # fmt: skip

    def _locked(self, events: Iterator, live: Callable[[], bool]) -> Iterator:
        """Step a pipeline generator under the lock, letting other tabs in between steps, while
        its run is still `live`."""
        while live():
            with self.lock:
                event = next(events, None)
            if event is None or not live():
                return
            yield event

    def ask(self, question, saved, llm, k, source, since, until,
            request: gr.Request | None = None) -> Iterator[tuple]:  # fmt: skip
        """Outputs: question, question error, date error, chat, sources, saved, *controls."""
        tab, run = _tab(request), object()
        chat = restore(saved)
        limit = self.pipeline.settings.max_question_chars
        try:
            text = check_question(question, limit)
            filters = parse_filters(source, since, until)
        except FieldError as exc:
            # the page drops a field's error when the field is edited: a repeat must be drawn again
            key = next(self.refusals)
            errors = [
                message_html(str(exc), "field-error", key) if exc.field == f else ""
                for f in ("question", "dates")
            ]
            yield (gr.update(), *errors, gr.skip(), gr.skip(), gr.skip(), *self._controls(False))
            return
        waiting = (
            "Searching the articles…"
            if self.warmup.done.is_set()
            else ("Loading the index (the first question after a start takes a few seconds)…")
        )
        messages = [*chat["messages"], {"role": "user", "content": escape(text)}]
        pending = {"role": "assistant", "content": message_html(waiting)}
        busy = (gr.update(interactive=False), "", "")
        self.current[tab], ended = run, threading.Event()
        self.ended[tab] = ended
        try:
            yield (*busy, [*messages, pending], gr.skip(), {**chat, "pending": text},
                   *self._controls(True))  # fmt: skip
            yield from self._answer(text, chat, messages, filters, llm, k, tab, run)
        finally:
            ended.set()
            if self.ended.get(tab) is ended:  # nothing left to wait for: keep no entry per tab
                del self.ended[tab]

    def _answer(self, text, chat, messages, filters, llm, k, tab, run) -> Iterator[tuple]:  # fmt: skip
        """The rest of `ask`, once the page shows the question: drafts, then the checked answer."""
        busy = (gr.update(interactive=False), "", "")
        conversation = Conversation(self.pipeline, [tuple(h) for h in chat["history"]])
        draft = ""
        live = lambda: self.current.get(tab) is run  # noqa: E731
        try:
            k = min(max(int(k or 0), 1), K_MAX)  # the slider's box takes any number typed
            events = conversation.stream(text, k=k, llm=llm, filters=filters)
            for event in self._locked(events, live):
                if not isinstance(event, Answer):
                    draft += event
                    pending = {
                        "role": "assistant",
                        "content": f'<p class="streaming">{escape(draft)}</p>',
                    }
                    yield (*busy, [*messages, pending], gr.skip(), gr.skip(), *self._controls(True))
                    continue
                turn = chat["turn"] + 1
                searched = event.question if event.question != text else None
                dated = bool(filters.since or filters.until)
                shown = self.pipeline.labels().get(filters.source) if filters.source else None
                html = answer_html(event, turn, searched, dated, filters.source, shown)
                chat = {
                    "messages": [*messages, {"role": "assistant", "content": html}][
                        -2 * KEPT_TURNS :
                    ],
                    "turns": [*chat["turns"], turn_html(event, turn)][-KEPT_TURNS:],
                    "history": [list(h) for h in conversation.history][-KEPT_TURNS:],
                    "turn": turn,
                    "pending": "",
                }
                yield (gr.update(value="", interactive=True), "", "", chat["messages"],
                       sources_html(chat["turns"]), chat, *self._controls(False))  # fmt: skip
            if not live():
                yield self._untouched()
        except Exception as exc:  # one plain line in the chat, never a traceback
            if not live():
                yield self._untouched()
                return
            failed = {"role": "assistant", "content": message_html(plain(exc), "error")}
            yield (gr.update(interactive=True), "", "", [*messages, failed], gr.skip(),
                   {**chat, "pending": ""}, *self._controls(False))  # fmt: skip
        finally:
            if live():
                del self.current[tab]

    def stop(self, question, saved, request: gr.Request | None = None) -> tuple:
        """After Stop: the running question ends unseen and stays in its box; outputs as `ask`."""
        self._retire(_tab(request))
        chat = restore(saved)
        messages = [*chat["messages"], {"role": "user", "content": escape((question or "").strip())},
                    {"role": "assistant", "content": message_html("Stopped. Edit the question or ask again.")}]  # fmt: skip
        return (gr.update(value=question, interactive=True), "", "", messages, gr.skip(),
                {**chat, "pending": ""}, *self._controls(False))  # fmt: skip

    @staticmethod
    def regenerate(saved) -> tuple:
        """Drop the last answer and put its question back; `ask` then runs it again.
        Outputs: question, chat, sources, saved."""
        chat = restore(saved)
        if not chat["history"] or len(chat["messages"]) < 2:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        question = unescape(chat["messages"][-2]["content"])
        chat = {**chat, "messages": chat["messages"][:-2], "turns": chat["turns"][:-1],
                "history": chat["history"][:-1]}  # fmt: skip
        return question, chat["messages"], sources_html(chat["turns"]), chat

    @staticmethod
    def shown(saved) -> tuple:
        """The saved chat and its sources, for a page (re)load, with a question the reload cut
        off back in its box. Outputs: chat, sources, question, question note."""
        chat = restore(saved)
        if not chat["pending"]:
            return chat["messages"], sources_html(chat["turns"]), gr.skip(), gr.skip()
        return (chat["messages"], sources_html(chat["turns"]), chat["pending"],
                message_html(RELOADED))  # fmt: skip

    def clear(self, request: gr.Request | None = None) -> tuple:
        """An empty chat; a question still running is stopped first (its next step would bring
        the old chat back). Outputs as `ask`."""
        self._retire(_tab(request))
        return (gr.update(value="", interactive=True), "", "", [], sources_html([]), empty_chat(),
                *self._controls(False))  # fmt: skip

    def _retire(self, tab: str) -> None:
        """End the tab's running question unseen; wait (a little) for its last step, so that
        step's busy update cannot reach the page after the caller's idle one."""
        self.current.pop(tab, None)
        if ended := self.ended.get(tab):
            ended.wait(STOP_WAIT_S)


def _tab(request: gr.Request | None) -> str:
    """The browser tab's session id: Stop retires the run of its own tab only."""
    return (request.session_hash or "") if request else ""
