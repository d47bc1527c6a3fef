"""Item 7 of issue 15 across a server restart: the chat saved in the browser is still shown.

Gradio encrypts the saved chat; the key lives in the data dir (`rag.ui.layout.chat_secret`), so
a restarted `rag serve` on the same address can read what the browser kept.

The page leaves the app before the first server stops: an open Gradio page polls a lost server
every 2 s and reloads itself when it answers again, and that reload aborted a `page.reload()`
of ours in a clean-clone CI run (net::ERR_ABORTED). Storage belongs to the browser context, so
coming back to the address in the same page is the same test without the race.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from tests.helpers import free_port
from tests.test_ui_browser import ANSWER_MS, serve
from tests.test_ui_widths import SIZES, WATCH, answers, ask, browser, shot  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", list(SIZES))
def test_7_chat_survives_a_server_restart(browser, seeded_dir, tmp_path, size):  # noqa: F811
    shutil.copytree(seeded_dir, tmp_path / "data")
    port = free_port()
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.add_init_script(WATCH)
    page.size = size
    try:
        with serve(tmp_path / "data", port, tmp_path / "first.log"):
            page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded", timeout=60_000)
            ask(page, "Who went with Putin?")
            page.goto("about:blank")
        with serve(tmp_path / "data", port, tmp_path / "second.log"):
            page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded", timeout=60_000)
            expect(answers(page)).to_have_count(1, timeout=ANSWER_MS)
            expect(answers(page).last).to_contain_text("Belousov")
            expect(page.locator("#hero .count")).to_contain_text("passages indexed",
                                                                  timeout=ANSWER_MS)  # fmt: skip
            shot(page, "7-after-restart")
    finally:
        context.close()
