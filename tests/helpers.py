"""Helpers tests import: the seed folder, settings that ignore the environment, a free port.

Fixtures stay in `conftest.py`; plain functions live here, so tests import them by name.
"""

from __future__ import annotations

import socket
from pathlib import Path

from rag.settings import REPO_ROOT, Settings

SEEDS = REPO_ROOT / "seeds"


def make_settings(data_dir: Path, **overrides) -> Settings:
    """Settings for a test: this data dir, no `.env`, the given overrides."""
    return Settings(_env_file=None, data_dir=data_dir, **overrides)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
