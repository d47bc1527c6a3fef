"""`rag serve` in a real headless Chromium: ask, read the cited answer, click a citation.

Needs Debian's chromium at /usr/bin/chromium (`make browser-deps`); never `playwright install`.
Set RAG_SCREENSHOT_DIR to keep a copy of the screenshot (it always goes to the test's tmp dir).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from rag.settings import REPO_ROOT
from tests.helpers import free_port
from tests.servers import ServerError, running

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]  # fmt: skip
SCREENSHOT_DIR = os.environ.get("RAG_SCREENSHOT_DIR")  # read before conftest clears RAG_*
ANSWER_MS = 150_000  # the first answer loads the embedder; the machine is small and shared
QUESTION = "Who went with Putin?"


def serve(data: Path, port: int, log: Path, **settings: str):
    """`rag serve` as a real subprocess over `data`, with these extra RAG_* `settings` (a context
    manager; see tests.servers)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    env.update(RAG_DATA_DIR=str(data), HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
    env.update({f"RAG_{name.upper()}": value for name, value in settings.items()})
    command = [sys.executable, "-c", "from rag.cli import main; main()", "serve", "--port",
               str(port)]  # fmt: skip
    return running(command, f"http://127.0.0.1:{port}/", log, env=env, cwd=REPO_ROOT)


@pytest.fixture(scope="module")
def server_url(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """`rag serve` over a fresh copy of the seeded index."""
    home = tmp_path_factory.mktemp("serve")
    shutil.copytree(seeded_dir, home / "data")
    port = free_port()
    try:
        with serve(home / "data", port, home / "serve.log"):
            yield f"http://127.0.0.1:{port}/"
    except ServerError as exc:
        pytest.fail(f"`rag serve`: {exc}")


@pytest.fixture(scope="module")
def page(server_url: str):
    """A page that has asked QUESTION by clicking its example button, with the answer shown."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 960})
            page.goto(server_url, wait_until="domcontentloaded", timeout=60_000)
            page.get_by_role("button", name=QUESTION).click(timeout=60_000)
            page.locator("#chat .answer a.cite").first.wait_for(timeout=ANSWER_MS)
            yield page
        finally:
            browser.close()


def test_answer_names_belousov_with_a_citation(page):
    answer = page.locator("#chat .answer").last
    expect(answer).to_contain_text("[1]")
    expect(answer).to_contain_text("Belousov")


def test_clicking_a_citation_reveals_its_highlighted_passage(page, tmp_path):
    passage = page.locator("#src-1-1")
    page.locator("#chat .answer a.cite", has_text="[1]").first.click()
    expect(passage).to_have_class(re.compile(r"\bactive\b"))
    expect(passage).to_be_in_viewport()
    marked = passage.locator("mark").first
    expect(marked).to_be_visible()
    quoted = " ".join(marked.inner_text().split())
    assert quoted[:40] in " ".join(page.locator("#chat .answer").last.inner_text().split())

    shot = tmp_path / "ui.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(SCREENSHOT_DIR) / "ui.png")


def test_typed_question_with_a_bad_date_gets_a_message_beside_the_dates(page):
    page.get_by_text("Search options").click()
    page.locator("#since input").first.fill("May 17")
    page.locator("#since input").first.press("Tab")
    messages = page.locator("#chat .message").count()
    page.locator("#question textarea").fill("Who went with Putin?")
    page.locator("#question textarea").press("Enter")
    expect(page.locator("#date-note")).to_contain_text("is not a date like 2024-05-17")
    expect(page.locator("#chat .message")).to_have_count(messages)
    expect(page.locator("#question textarea")).to_have_value("Who went with Putin?")
    page.locator("#since input").first.fill("")
