"""Shared fixtures: every test gets its own data dir; the seeded index is built once per session.

No test touches the repo's `.rag/` or the user's environment: RAG_* and OPENAI_* variables are
cleared, and `.env` is not read. Plain helpers are in `tests/helpers.py`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from rag.pipeline import Pipeline
from tests.helpers import SEEDS, make_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith(("RAG_", "OPENAI_")):
            monkeypatch.delenv(key)


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the seed articles ingested once; copy it before writing to it."""
    path = tmp_path_factory.mktemp("seeded")
    Pipeline(make_settings(path)).ingest([SEEDS])
    return path


@pytest.fixture(scope="session")
def pipeline(seeded_dir: Path) -> Pipeline:
    """A read-only pipeline over the seeded index (do not ingest into it)."""
    return Pipeline(make_settings(seeded_dir))


@pytest.fixture
def fresh_copy(seeded_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the seeded data dir."""
    target = tmp_path / "data"
    shutil.copytree(seeded_dir, target)
    return target


@pytest.fixture
def read_only(fresh_copy: Path, tmp_path: Path):
    """A copy of the seeded index through a read-only bind mount: tests run as root, which
    ignores permission bits, but not a read-only mount."""
    mount = tmp_path / "ro"
    mount.mkdir()
    subprocess.run(["mount", "--bind", str(fresh_copy), str(mount)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], check=True)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
