"""The Documents tab in a real headless Chromium at 1400x900 and 390x844 (issues 11 and 15):
upload, a same-name upload that asks (Keep both, then Replace), preview, and a confirmed delete.

One `rag serve` subprocess over a copy of the seeded index; each width uses its own file name.
Screenshots go to evals/out/ui/ (not committed), named for the step and the width.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import SEEDS
from tests.test_ui_browser import ANSWER_MS, server_url  # noqa: F401
from tests.test_ui_widths import answers, ask, browser, page, shot  # noqa: F401

pytestmark = pytest.mark.browser

COPPER = "# Copper output rises in Chile\n\nThe Escondida mine produced 1.2 million tonnes of copper in 2023, its operator said."
LITHIUM = "# Lithium find in Bolivia\n\nBolivia announced a lithium deposit of 23 million tonnes near Uyuni on Tuesday."
LONGER = COPPER + "".join(
    f"\n\n## Update {i}\n\nUpdate {i}: "
    + " ".join(f"Ore grade note {i}.{j}: grades at Escondida fell." for j in range(8))
    for i in range(5)
)  # several passages, so a replacement changes the count


def counts(tab: Page) -> tuple[int, int]:
    """(articles, passages) from the header."""
    text = tab.locator("#hero .count").inner_text()
    found = re.match(r"(\d+) articles · (\d+) passages indexed", text)
    assert found, text
    return int(found[1]), int(found[2])


def row(tab: Page, path: str):
    return tab.locator(f'#docs li.doc[data-path="{path}"]')


def upload(tab: Page, name: str, text: str) -> None:
    tab.locator("#upload input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": text.encode()}
    )


def result(tab: Page, expected: str) -> None:
    expect(tab.locator("#status textarea")).to_have_value(
        re.compile(re.escape(expected)), timeout=ANSWER_MS
    )


def cited(tab: Page) -> str:
    """The last answer's text and the names of the passages it cites (also hidden ones)."""
    answer = answers(tab).last
    return (
        answer.locator(".answer-body, .abstain").inner_text()
        + " | "
        + " ".join(answer.locator(".inline-src > .src .src-meta").all_text_contents())
    )


def test_upload_keep_both_replace_preview_and_delete(page):  # noqa: F811
    name = f"report-{page.size}.txt"
    twin = f"report-{page.size} (2).txt"
    docs_tab, ask_tab = (page.get_by_role("tab", name=n) for n in ("Documents", "Ask"))
    docs_tab.click()
    upload(page, name, COPPER)
    result(page, f"✓ {name}: 1 passage")
    expect(row(page, f"upload:{name}")).to_contain_text("Copper output rises in Chile")
    articles, passages = counts(page)

    # a refused (oversized) upload replaces that outcome; it does not sit beside it
    upload(page, "huge.txt", "word " * 1_200_000)
    expect(page.locator("#upload-note")).to_contain_text("huge.txt (6.0 MB) is over")
    expect(page.locator("#status textarea")).to_have_value("")

    # the same name again: the page asks before indexing anything
    upload(page, name, LITHIUM)
    choice = page.locator("#same-name")
    expect(choice).to_be_visible(timeout=ANSWER_MS)
    expect(choice).to_contain_text(f"“{name}” is already indexed")
    choice.scroll_into_view_if_needed()
    shot(page, "docs-1-same-name-asks")
    assert counts(page) == (articles, passages)
    choice.get_by_role("button", name="Keep both").click()
    result(page, f"✓ {twin}: 1 passage")
    expect(choice).to_be_hidden()
    expect(row(page, f"upload:{twin}")).to_contain_text("Lithium find in Bolivia")
    expect(row(page, f"upload:{name}")).to_contain_text("Copper output rises in Chile")
    assert counts(page) == (articles + 1, passages + 1)

    ask_tab.click()
    ask(page, "How much copper did the Escondida mine produce in 2023?")
    assert "1.2 million" in cited(page) and name in cited(page)
    # the passage opens with the document's title, which heads the card: shown once, no "#"
    answers(page).last.locator("a.cite").first.click()  # opens the passage (inline on a phone)
    card = page.locator(".src.active")
    expect(card).to_be_visible()
    expect(card.locator(".src-title")).to_have_text("Copper output rises in Chile")
    assert card.inner_text().count("Copper output rises in Chile") == 1, card.inner_text()
    quoted = card.locator(".quote").first
    expect(quoted).not_to_contain_text("#")
    expect(quoted.locator("mark").first).to_contain_text("The Escondida mine produced")
    shot(page, "docs-title-once-in-card")
    ask(page, "How large is the lithium deposit near Uyuni?")
    assert "23 million" in cited(page) and twin in cited(page)

    # and again, this time replacing the first upload: its passage count changes, no third copy
    docs_tab.click()
    upload(page, name, LONGER)
    expect(choice).to_be_visible(timeout=ANSWER_MS)
    choice.get_by_role("button", name="Replace").click()
    result(page, f"✓ {name}: ")
    expect(choice).to_be_hidden()
    replaced = int(re.search(r"(\d+) passage", page.locator("#status textarea").input_value())[1])
    assert replaced > 1
    expect(row(page, f"upload:{name}")).to_contain_text(f"{replaced} passages")
    expect(page.locator("#docs li.doc", has_text=f"report-{page.size} (3)")).to_have_count(0)
    assert counts(page) == (articles + 1, passages + replaced)

    # preview: the first lines, without leaving the list; a heading stays off the next paragraph
    first = row(page, f"upload:{name}")
    first.get_by_role("button", name="Preview").click()
    expect(first.locator(".doc-opening")).to_be_visible()
    paragraphs = first.locator(".doc-opening p")
    expect(paragraphs.first).to_contain_text("Escondida mine produced 1.2 million")
    expect(paragraphs.nth(1)).to_have_text("Update 0")
    assert paragraphs.nth(1).bounding_box()["y"] > paragraphs.first.bounding_box()["y"] + 10
    first.scroll_into_view_if_needed()
    shot(page, "docs-2-preview")

    # delete the twin: it asks first, Cancel keeps it, Delete removes it everywhere
    second = row(page, f"upload:{twin}")
    second.locator(".doc-delete").click()
    confirm = second.locator(".doc-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Delete “Lithium find in Bolivia” and its 1 passage?")
    second.scroll_into_view_if_needed()
    shot(page, "docs-3-confirm-delete")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    expect(second.locator(".doc-delete")).to_be_enabled()
    second.locator(".doc-delete").click()
    expect(second.locator(".doc-delete")).to_be_disabled()
    confirm.get_by_role("button", name="Delete", exact=True).click()
    expect(second).to_have_count(0, timeout=ANSWER_MS)
    expect(page.locator("#docs .doc-notice")).to_contain_text(
        "Deleted “Lithium find in Bolivia” (1 passage)."
    )
    expect(
        page.locator(".toast-body", has_text="Deleted “Lithium find in Bolivia”")
    ).to_be_visible()
    assert counts(page) == (articles, passages + replaced - 1)
    expect(page.locator("#status textarea")).to_have_value("")  # no outcome of an older upload
    shot(page, "docs-4-deleted")

    ask_tab.click()
    page.locator("#options").get_by_text("Search options").click()
    page.locator("#source input").click()
    # the list names articles by title (file names only where titles read alike)
    expect(page.get_by_role("option", name=re.compile("Lithium find in Bolivia"))).to_have_count(0)
    kept = rf"^Copper output rises in Chile · undated( · {re.escape(name)})?$"
    expect(page.get_by_role("option", name=re.compile(kept))).to_have_count(1)
    page.keyboard.press("Escape")
    ask(page, "How large is the lithium deposit near Uyuni?")
    assert "23 million" not in cited(page) and twin not in cited(page)


def test_an_upload_named_like_a_seed_asks_too_and_replace_takes_its_place(page):  # noqa: F811
    """A seed's file name (a document indexed from a folder, not uploaded) is asked about like
    an earlier upload's: Keep both adds a numbered copy, Replace puts the upload in its place."""
    seed = sorted(path.name for path in SEEDS.glob("*.txt"))[3 if page.size == "desktop" else 4]
    stem = seed.rsplit(".", 1)[0]
    page.get_by_role("tab", name="Documents").click()
    kept = page.locator("#docs li.doc", has_text=seed).first
    expect(kept).to_be_visible()
    seed_path = kept.get_attribute("data-path")
    seed_passages = int(re.search(r"(\d+) passage", kept.locator(".doc-meta").inner_text())[1])
    articles, passages = counts(page)

    upload(page, seed, COPPER)
    choice = page.locator("#same-name")
    expect(choice).to_be_visible(timeout=ANSWER_MS)
    expect(choice).to_contain_text(f"“{seed}” is already indexed")
    assert counts(page) == (articles, passages)
    choice.get_by_role("button", name="Keep both").click()
    result(page, f"✓ {stem} (2).txt: 1 passage")
    expect(row(page, f"upload:{stem} (2).txt")).to_contain_text("Copper output rises in Chile")
    expect(row(page, seed_path)).to_have_count(1)

    upload(page, seed, LITHIUM)
    expect(choice).to_be_visible(timeout=ANSWER_MS)
    choice.scroll_into_view_if_needed()
    shot(page, "docs-seed-name-asks")
    choice.get_by_role("button", name="Replace").click()
    result(page, f"✓ {seed}: 1 passage")
    expect(row(page, seed_path)).to_have_count(0)
    expect(row(page, f"upload:{seed}")).to_contain_text("Lithium find in Bolivia")
    assert counts(page) == (articles + 1, passages + 2 - seed_passages)
