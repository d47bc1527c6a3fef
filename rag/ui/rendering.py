"""HTML for answers and their sources: `[n]` links, highlighted support, callouts, timing.

Each `[n]` links to `#src-<turn>-<n>` in the side panel and to `#msrc-<turn>-<n>` in the
answer's own "Sources" toggle (shown instead of the panel on small screens); page.js opens,
scrolls to and lights up whichever of the two is visible.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from rag.conflicts import newest
from rag.display import copies_note
from rag.documents import shorten
from rag.pipeline import date_note
from rag.ui.quotes import line_html, quote, without_title

if TYPE_CHECKING:
    from rag.citations import Citation
    from rag.passages import Passage
    from rag.pipeline import Answer

TITLE = "rag — ask the news"
PREVIEW_CHARS = 320  # characters of a document's first passage shown by Preview
QUESTION_SHOWN = 120  # characters of the question above its sources
NEXT_STEP = (  # under a refusal: where the passages read are, and what a reader can do
    "The passages read (under Sources) do not say. Try other words, or add an article that "
    "covers it in the Documents tab."
)


def timing_line(answer: Answer) -> str:
    """ "0.4 s · 8 passages · extractive": what the answer cost and what it read."""
    seconds = answer.timings_ms.get("total", 0.0) / 1000
    n = len(answer.retrieved)
    return f"{seconds:.1f} s · {n} passage{'s' if n != 1 else ''} · {answer.llm}"


def disagreement_html(answer: Answer, turn: int) -> str:
    """The amber callout naming the figures the cited sources disagree on, from the answer's own
    data (`answer.conflicts`: each figure with its citation, source and date). Sources that only
    differ in date get the CLI's quiet note instead: that alone is no disagreement."""
    if not answer.conflicts:
        note = date_note(answer.citations)
        return f'<p class="note">{escape(note)}</p>' if note else ""
    top = newest(answer.conflicts)
    items = "".join(
        f'<li><b class="value">{escape(s.value)}</b> — <a class="cite" '
        f'href="#src-{turn}-{s.n}">[{s.n}]</a> {escape(s.title or s.source)}, '
        f"{escape(s.date or 'undated')}{' (the newest)' if s.n == top else ''}</li>"
        for s in answer.conflicts
    )
    return (
        '<div class="callout" role="note"><b>⚠ Sources differ</b>'
        f"<p>The cited sources give different figures:</p><ul>{items}</ul></div>"
    )


def source_note(answer: Answer, source: str, shown: str | None = None) -> str:
    """Which article the Source filter kept (its title, from the passages read, else the name it
    is `shown` as, never the server's path); with an abstention, that the answer may be in the
    others."""
    name = next((p.title or p.source for p in answer.retrieved if p.path == source),
                shown or Path(source).name)  # fmt: skip
    rest = ": the answer may be in other articles." if answer.abstained else "."
    return f'<p class="note">Source filter on: {escape(name)}{rest}</p>'


def answer_html(
    answer: Answer, turn: int, searched: str | None = None, dated: bool = False,
    source: str | None = None, source_shown: str | None = None,
) -> str:  # fmt: skip
    """The answer with `[n]` links, flags, the disagreement callout, notes on the filters (the
    `source` path kept, `dated`), its timing line and a Sources toggle (used on small screens)."""
    if answer.abstained or not answer.sentences:
        body = f'<p class="abstain">{escape(answer.answer)}</p>'
    else:
        parts = []
        for s in answer.sentences:
            marks = "".join(
                f'<a class="cite" href="#src-{turn}-{n}">[{n}]</a>' for n in s.citations
            )
            text = f"{escape(s.text)} {marks}"
            if not s.supported:
                flag = '<span class="flag">⚠ not supported by its source</span>'
                text = f'<span class="unsupported">{text} {flag}</span>'
            parts.append(text)
        body = f'<p class="answer-body">{" ".join(parts)}</p>'
    extra = disagreement_html(answer, turn)
    if answer.abstained:  # why nothing is shown (the dates and figures notes have the callout)
        extra += "".join(
            f'<p class="note">{escape(n[:1].upper() + n[1:])}.</p>' for n in answer.notes
        )
    if answer.abstained and not source:  # a filter's note says the answer may be elsewhere
        extra += f'<p class="note">{NEXT_STEP}</p>'
    if searched:
        extra += f'<p class="note">Searched for: {escape(searched)}</p>'
    if source:
        extra += source_note(answer, source, source_shown)
    if dated:
        extra += '<p class="note">Date filter on: undated articles are excluded.</p>'
    meta = (
        f'<div class="meta-line"><span class="timing">{escape(timing_line(answer))}</span>'
        '<a class="copy" href="#copy" role="button">Copy</a></div>'
    )
    inline = f'<details class="inline-src"><summary>Sources</summary>{cards_html(answer, turn, "msrc")}</details>'
    return f'<div class="answer">{body}{extra}{meta}{inline}</div>'


def _card(element_id: str, label: str, p: Passage | Citation, body: str) -> str:
    meta = f"{escape(p.date or 'undated')} · {escape(p.source)}"
    if p.also_in:  # near-copies retrieval folded into this passage; hover lists them
        names = escape(", ".join(p.also_in))
        meta += f' · <span class="copies" title="{names}">{escape(copies_note(p.also_in))}</span>'
    return (
        f'<div class="src" id="{element_id}"><div class="src-head"><span class="n">{label}</span>'
        f'<span class="src-title">{escape(p.title or p.source)}</span></div>'
        f'<div class="src-meta">{meta}</div>{body}'
        '<a class="back" href="#back" role="button">↑ Back to the answer</a></div>'
    )


def cards_html(answer: Answer, turn: int, prefix: str = "src") -> str:
    """One answer's cited passages, then those retrieved but not cited (collapsed)."""
    cards = []
    for c in answer.citations:
        matched = [e["text"] for s in answer.sentences for e in s.evidence if e["n"] == c.n]
        cards.append(_card(f"{prefix}-{turn}-{c.n}", str(c.n), c, quote(c.text, matched, c.title)))
    if not cards:
        cards.append('<p class="note">No retrieved passage answers this question.</p>')
    cited = {c.chunk_id for c in answer.citations}
    if rest := [p for p in answer.retrieved if p.chunk_id not in cited]:
        inner = "".join(
            _card(f"{prefix}r-{turn}-{i}", "·", p, quote(p.text, [], p.title))
            for i, p in enumerate(rest)
        )
        cards.append(
            f'<details class="uncited"><summary>{len(rest)} more retrieved, not cited</summary>'
            f"{inner}</details>"
        )
    return "".join(cards)


def turn_html(answer: Answer, turn: int) -> str:
    """The side panel's block for one answer."""
    head = (
        f'<div class="turn-q" title="{escape(answer.question)}">Sources for '
        f"“{escape(shorten(answer.question, QUESTION_SHOWN))}”</div>"
    )  # a long question in full would push the passages out of the panel
    return f'<div class="turn">{head}{cards_html(answer, turn)}</div>'


def sources_html(turns: list[str]) -> str:
    """The latest answer's sources (rendered by `turn_html`); earlier ones collapsed below."""
    if not turns:
        return (
            '<div class="turn-q">Sources</div><p class="note">The passages each answer cites appear '
            "here, with the sentences it draws on highlighted.</p>"
        )
    earlier = "".join(reversed(turns[:-1]))
    if earlier:
        earlier = f'<details class="earlier"><summary>Earlier answers</summary>{earlier}</details>'
    return turns[-1] + earlier


def hero_html(docs: list[dict], status: str = "") -> str:
    """The header: title, one line of help, and the index size (or its loading progress)."""
    passages = sum(d["chunks"] for d in docs)
    count = status or f"{len(docs)} articles · {passages} passages indexed"
    return (
        f'<div class="hero"><div><h1>{TITLE}</h1><p>Answers quote the indexed articles and every '
        "sentence cites its passage: tap a <b>[n]</b> to read it.</p></div>"
        f'<div class="count">{escape(count)}</div></div>'
    )


def plural(n: int, word: str) -> str:
    """ "1 passage", "3 passages"."""
    return f"{n} {word}{'s' if n != 1 else ''}"


def opening_text(doc: dict) -> str:
    """The document's first lines for its preview, without a first line that repeats the title;
    its line breaks kept and its paragraphs one blank line apart (a heading stays off the text
    that follows it)."""
    opening = without_title(doc.get("opening") or "", doc["title"])
    paragraphs = (
        "\n".join(line.strip() for line in block.splitlines() if line.strip())
        for block in re.split(r"\n\s*\n", opening)
    )
    text = "\n\n".join(p for p in paragraphs if p)
    return text + "…" if len(doc.get("opening") or "") >= PREVIEW_CHARS else text


def _preview_html(text: str) -> str:
    """`opening_text` as paragraphs, a line break inside one as <br>, a heading in bold."""
    if not text:
        return "<p>(no text)</p>"
    return "".join(
        f"<p>{'<br>'.join(line_html(line) for line in p.split(chr(10)))}</p>"
        for p in text.split("\n\n")
    )


DELETE = '<button type="button" class="doc-delete">Delete</button>'
READ_ONLY = (
    "This index is read-only for this server (its files may not be written here): ask away, "
    "but adding and deleting articles is off."
)


def _doc_row(d: dict, fixed: bool) -> str:
    title = escape(d["title"] or d["source"])
    passages = plural(d["chunks"], "passage")
    delete = (
        ""
        if fixed
        else '<div class="doc-confirm" role="alertdialog" hidden><span>Delete “'
        f"{title}” and its {passages}? Answers will no longer cite it.</span>"
        '<span class="doc-choice"><button type="button" class="doc-yes">Delete</button>'
        '<button type="button" class="doc-no">Cancel</button></span></div>'
    )
    return (
        f'<li class="doc" data-path="{escape(d["path"])}">'
        f'<div class="doc-main"><span class="doc-title">{title}</span>'
        f'<span class="doc-meta">{escape(d["date"] or "undated")} · {escape(d["source"])} · '
        f"{passages}</span></div>"
        '<div class="doc-actions"><button type="button" class="doc-peek" aria-expanded="false">'
        f"Preview</button>{'' if fixed else DELETE}</div>"
        f'<div class="doc-opening" hidden>{_preview_html(opening_text(d))}</div>{delete}</li>'
    )


def documents_html(docs: list[dict], notice: str = "", fixed: bool = False) -> str:
    """The Documents list: title first, then date, file name and passage count; a preview of the
    first lines and a delete button (with a confirm step, run by documents.js) on each row. A
    `fixed` (read-only) index gets a note in place of the delete buttons, and the style sheet
    hides the upload box beside it."""
    top = f'<p class="doc-notice" role="status">{escape(notice)}</p>' if notice else ""
    if fixed:
        top += f'<p class="note read-only">{READ_ONLY}</p>'
    if not docs:
        return top + '<p class="note">No articles indexed yet: add some below.</p>'
    rows = "".join(_doc_row(d, fixed) for d in sorted(docs, key=lambda d: d["source"].lower()))
    return f'{top}<ul class="docs">{rows}</ul>'


def message_html(text: str, kind: str = "note", key: int | None = None) -> str:
    """A one-line status or error bubble; a `key` makes the same words a new value, which the
    page draws again (Gradio skips a value equal to the last one)."""
    keyed = f' data-key="{key}"' if key is not None else ""
    return f'<p class="{kind}"{keyed}>{escape(text)}</p>'
