"""A new user's review of `rag serve` in a real headless Chromium, at 1400x900 and 390x844:
ordinary moves at awkward moments (Clear while an answer streams, a second tab deleting an
article, a read-only index). Screenshots go to evals/out/ui/ (not committed).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import free_port
from tests.test_ui_browser import ANSWER_MS, serve, server_url  # noqa: F401
from tests.test_ui_widths import (  # noqa: F401
    SIZES,
    answers,
    ask,
    box,
    browser,
    opened,
    page,
    shot,
    slow_page,
    slow_url,
    storage_settled,
)

pytestmark = pytest.mark.browser


def test_clear_while_an_answer_streams_empties_the_chat_for_good(slow_page):  # noqa: F811
    """Clear used to leave the running answer going: it came back with the whole old chat."""
    page = slow_page  # noqa: F811
    ask(page, "Who went with Putin?")
    box(page).fill("Where did Putin go?")
    box(page).press("Enter")
    page.locator("#chat p.streaming").wait_for(timeout=ANSWER_MS)
    page.locator("#clear").click()
    # Clear waits up to STOP_WAIT_S (5 s) for the stopped run's step: more than the default
    expect(page.locator("#chat .message")).to_have_count(0, timeout=15_000)
    expect(page.locator("#stop")).to_be_hidden()
    expect(page.locator("#send")).to_be_enabled()
    expect(box(page)).to_be_enabled()
    expect(box(page)).to_have_value("")
    page.wait_for_timeout(10_000)  # longer than the stopped answer would take to finish
    expect(page.locator("#chat .message")).to_have_count(0)
    shot(page, "review-cleared-while-streaming")
    page.reload(wait_until="domcontentloaded")
    expect(page.locator("#hero .count")).to_contain_text("passages indexed", timeout=ANSWER_MS)
    expect(page.locator("#chat .message")).to_have_count(0)
    ask(page, "Who went with Putin?")  # and the page still answers
    expect(answers(page)).to_have_count(1)


def test_a_delete_in_another_tab_reaches_this_one(page, browser, server_url):  # noqa: F811
    """Two tabs on one server (or two people): what one deletes leaves the other's header,
    list and Source filter within a few seconds, without a reload."""
    seed = "001_ee7998e139fe068f.txt" if page.size == "desktop" else "002_6833aac7d044ae4f.txt"
    page.get_by_role("tab", name="Documents").click()
    mine = page.locator("#docs li.doc", has_text=seed)
    expect(mine).to_have_count(1)
    before = page.locator("#hero .count").inner_text()
    other = next(opened(browser, server_url, page.size))
    try:
        other.get_by_role("tab", name="Documents").click()
        row = other.locator("#docs li.doc", has_text=seed)
        row.locator(".doc-delete").click()
        row.locator(".doc-confirm").get_by_role("button", name="Delete", exact=True).click()
        expect(row).to_have_count(0, timeout=ANSWER_MS)
    finally:
        other.context.close()
    expect(mine).to_have_count(0, timeout=15_000)
    expect(page.locator("#hero .count")).not_to_have_text(before)
    shot(page, "review-deleted-in-another-tab")
    page.get_by_role("tab", name="Ask").click()
    page.locator("#options").get_by_text("Search options").click()
    page.locator("#source input").click()
    expect(page.get_by_role("option", name=re.compile(re.escape(seed)))).to_have_count(0)
    page.keyboard.press("Escape")


def test_a_long_question_leaves_its_sources_in_view(page):  # noqa: F811
    """A question near the 2,000-character limit headed the sources panel in full and pushed
    its passages out of view."""
    question = "Who went with Putin to Beijing, and " + "which ministers travelled with him, " * 50
    ask(page, question.strip(", ") + "?")
    expect(page.locator("#q-note")).to_have_text("")  # no count left over for the empty box
    head = page.locator("#sources .turn-q").first
    assert len(head.text_content()) < 150
    if page.size == "desktop":  # a phone shows the sources under the answer, not in the panel
        assert head.bounding_box()["height"] < 80
        expect(page.locator("#sources .turn-q + *").first).to_be_in_viewport()  # card or note
    shot(page, "review-long-question")


@pytest.mark.parametrize("size", list(SIZES))
def test_a_read_only_index_is_served_offers_no_writes_and_refuses_one_in_a_line(
    browser,  # noqa: F811
    read_only,
    tmp_path,
    size,
):
    """Asking works; the Documents tab says why there is no upload box and no Delete button;
    an upload forced past the page (as the API could) is refused in one line."""
    port = free_port()
    with serve(read_only, port, tmp_path / "serve.log"):
        page = next(opened(browser, f"http://127.0.0.1:{port}/", size))
        ask(page, "Who went with Putin?")
        expect(answers(page).last).to_contain_text("Belousov")
        page.get_by_role("tab", name="Documents").click()
        expect(page.locator("#docs .read-only")).to_contain_text("read-only for this server")
        expect(page.locator("#docs li.doc")).to_have_count(5)
        expect(page.locator("#docs .doc-delete")).to_have_count(0)
        expect(page.locator("#upload")).to_be_hidden()
        expect(page.locator("#status")).to_be_hidden()
        shot(page, "review-read-only-documents")
        page.locator("#upload input[type=file]").set_input_files(
            {
                "name": "copper.txt",
                "mimeType": "text/plain",
                "buffer": b"Copper output rose in Chile in 2023, its miners said.",
            }  # fmt: skip
        )
        refused = f"✗ Indexing stopped: the index at {read_only} is read-only"
        expect(page.locator("#status textarea")).to_have_value(
            re.compile(re.escape(refused)), timeout=ANSWER_MS
        )
        shot(page, "review-read-only-upload")
        page.context.close()


# The element's whole box is inside every box that clips it (a scrolling chat, the side panel)
# and inside the window: a reader sees all of it.
FULLY_SHOWN = """(el) => {
  const r = el.getBoundingClientRect();
  let top = 0, bottom = innerHeight;
  for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowY;
    if (o === 'auto' || o === 'scroll' || o === 'hidden') {
      const b = p.getBoundingClientRect();
      top = Math.max(top, b.top); bottom = Math.min(bottom, b.bottom);
    }
  }
  return r.top >= top - 1 && r.bottom <= bottom + 1;
}"""


def test_a_tapped_citation_shows_which_article_and_date_it_is(page):  # noqa: F811
    """On a phone a passage taller than the chat was scrolled to its end: its title and date
    (which of the disagreeing sources it is) were above the chat's top edge."""
    ask(page, "How many times have Putin and Xi met?")
    answer = answers(page).last
    answer.locator(".answer-body a.cite", has_text="[2]").first.click()
    card = (
        answer.locator(".inline-src #msrc-1-2")
        if page.size == "phone"
        else page.locator("#src-1-2")
    )
    expect(card).to_have_class(re.compile(r"\bactive\b"))
    page.wait_for_timeout(1000)  # the smooth scroll ends
    shot(page, "review-tapped-citation")
    head = card.locator(".src-head").element_handle()
    page.wait_for_function(FULLY_SHOWN, arg=head, timeout=5000)
    expect(card.locator(".src-meta")).to_contain_text("2024-05-17")
    page.wait_for_function(FULLY_SHOWN, arg=card.locator("mark").first.element_handle(),
                           timeout=5000)  # fmt: skip


def test_the_upload_label_leaves_the_drop_zone_readable(page):  # noqa: F811
    """The upload box's long label floated over its icon (desktop) and over "Drop File Here"
    (phone, where it wraps to three lines)."""
    page.get_by_role("tab", name="Documents").click()
    label = page.locator("#upload label[data-testid=block-label]").bounding_box()
    for part in ("[data-testid=upload-icon]", "[data-testid=upload-text] .or"):
        zone = page.locator(f"#upload {part}").bounding_box()
        assert label["y"] + label["height"] <= zone["y"] + 1, (part, label, zone)
    shot(page, "review-upload-label")


def test_keyboard_alone_asks_opens_a_passage_and_comes_back(page):  # noqa: F811
    """The question box was announced as "Textbox"; Enter on a [n] lit the passage up but left
    the focus on the [n], so a screen reader said nothing of it and Tab went elsewhere."""
    question = page.get_by_role("textbox", name="Question", exact=True)
    expect(question).to_have_count(1)
    question.focus()
    page.keyboard.type("Who went with Putin?")
    page.keyboard.press("Enter")
    expect(answers(page)).to_have_count(1, timeout=ANSWER_MS)
    storage_settled(page)  # a late redraw of the chat would take the focused [n] away
    cite = answers(page).last.locator(".answer-body a.cite").first
    cite.focus()
    page.keyboard.press("Enter")
    card = page.locator(".src.active")
    expect(card).to_have_count(1)
    expect(card).to_be_focused()
    page.keyboard.press("Tab")  # within the passage: its links come next
    assert page.evaluate("document.activeElement.closest('.src.active') !== null")
    card.locator("a.back").focus()
    page.keyboard.press("Enter")
    expect(cite).to_be_focused()
    shot(page, "review-keyboard")


def test_a_refusal_says_what_to_try_next(page):  # noqa: F811
    """ "I can't find that in the sources." stood alone: no word on where the passages read are,
    or what a reader can do about it."""
    ask(page, "What is the capital of Australia?")
    answer = answers(page).last
    expect(answer.locator(".abstain")).to_have_text("I can't find that in the sources.")
    expect(answer).to_contain_text("Try other words, or add an article that covers it")
    shot(page, "review-refusal")


def test_the_empty_chat_invitation_keeps_off_the_chat_edges(page):  # noqa: F811
    """On a phone "Ask a question about the indexed news articles" ran flush against the
    chat's left edge."""
    chat = page.locator("#chat").bounding_box()
    for line in ("Ask a question about the indexed news articles", "or try an example below."):
        text = (
            page.locator("#chat")
            .get_by_text(line)
            .evaluate(
                "(e) => { const r = document.createRange(); r.selectNodeContents(e);"
                " const b = r.getBoundingClientRect(); return {x: b.left, width: b.width}; }"
            )
        )
        assert text["x"] >= chat["x"] + 8, (line, text, chat)
        assert text["x"] + text["width"] <= chat["x"] + chat["width"] - 8, (line, text, chat)
    shot(page, "review-empty-chat")
