"""The package installs anywhere: build the wheel, install it apart from the checkout, and from a
folder outside the repo ingest a file and answer, offline and through an OpenAI-compatible server
(so the prompt files must come from inside the wheel).

The wheel is installed with `--no-deps` into a target folder put first on PYTHONPATH; its
dependencies come from the test's own environment, so no network is needed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from rag.readers import formats
from rag.settings import REPO_ROOT
from tests.fake_openai import FakeOpenAI, reply_with

pytestmark = pytest.mark.slow

ARTICLE = """date 2024-03-04
# Harbour bridge reopens after repairs

The Lindqvist harbour bridge in Malmhavn reopened on Monday after two years of repairs.
The repairs cost 40 million euros, paid by the city and the port authority together.
Mayor Anna Berg cut the ribbon in front of a crowd of several hundred residents.
"""
QUESTION = "Who cut the ribbon at the reopening?"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the installed wheel (and nothing else of the checkout)."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(REPO_ROOT / name, src / name)
    for name in ("rag", "prompts"):
        shutil.copytree(REPO_ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(root / "dist"),
                    str(src)], check=True, capture_output=True, cwd=root, timeout=300)  # fmt: skip
    [wheel] = (root / "dist").glob("rag-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    prompt_files = {p.name for p in (REPO_ROOT / "prompts").glob("*.txt")}
    assert {f"rag/bundled_prompts/{p}" for p in prompt_files} <= set(names)
    package_files = {p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "rag").rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts}  # fmt: skip
    assert package_files <= set(names), "every file of rag/ (code, styles, scripts) ships"
    assert not any(n.startswith(("prompts/", "seeds/", "tests/")) for n in names)
    site = root / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    return site


def rag(site: Path, cwd: Path, *args: str, env: dict[str, str] | None = None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    full_env = {**clean, "PYTHONPATH": str(site), "RAG_DATA_DIR": str(cwd / "data"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], capture_output=True,
                          text=True, cwd=cwd, env=full_env, timeout=300)  # fmt: skip


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "bridge.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_the_installed_copy_is_the_one_that_runs(installed, workdir):
    code = "import rag.prompts as p; print(p.__file__)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=workdir, env={**os.environ, "PYTHONPATH": str(installed)})  # fmt: skip
    assert Path(result.stdout.strip()).is_relative_to(installed), result.stderr


def test_empty_store_says_how_to_ingest(installed, workdir):
    result = rag(installed, workdir, "ask", QUESTION)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: the index at {workdir / 'data'} is empty: add articles with "
        f"`rag ingest PATH ...` ({formats()} files, or folders)"
    ]


def test_ingest_and_answer_offline_and_with_an_llm(installed, workdir):
    ingested = rag(installed, workdir, "ingest", "bridge.md")
    assert ingested.returncode == 0, ingested.stderr
    assert "Indexed 1 file(s)" in ingested.stdout

    offline = rag(installed, workdir, "ask", QUESTION, "--llm", "extractive", "--json")
    assert offline.returncode == 0, offline.stderr
    answer = json.loads(offline.stdout)
    assert "Anna Berg" in answer["answer"] and not answer["abstained"]
    assert answer["citations"][0]["source"] == "bridge.md"

    def copy_a_sentence(request) -> str:
        assert "Anna Berg" in request.message("user")
        return (
            "Mayor Anna Berg cut the ribbon in front of a crowd of several hundred residents. [1]"
        )

    with FakeOpenAI() as server:
        server.queue(reply_with(copy_a_sentence))
        online = rag(installed, workdir, "ask", QUESTION, "--llm", "openai", "--json",
                     env={"OPENAI_BASE_URL": server.base_url})  # fmt: skip
        assert online.returncode == 0, online.stderr
        [request] = server.requests
    answer = json.loads(online.stdout)
    assert answer["llm"] == "openai" and "Anna Berg" in answer["answer"]
    assert answer["sentences"][0]["supported"]
    shipped = (REPO_ROOT / "prompts" / "system.txt").read_text(encoding="utf-8").strip()
    assert request.message("system") == shipped
    assert "Use only facts stated in the passages" in request.message("user")
