"""Prompt templates are text files, loaded by name so they can be read, diffed and edited.

People edit them in the checkout's top-level `prompts/`; the wheel ships the same files as
`rag/bundled_prompts/` (see `setup.py`), so an installed package answers too. A folder set in
`RAG_PROMPTS_DIR` overrides any of them, file by file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rag.errors import ConfigError

CHECKOUT_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
BUNDLED_PROMPTS = Path(__file__).resolve().parent / "bundled_prompts"


def prompt_dirs(override: Path | None = None) -> list[Path]:
    """Where a prompt is looked for, first match wins: the override, the wheel's copy, the
    checkout's folder."""
    return [d for d in (override, BUNDLED_PROMPTS, CHECKOUT_PROMPTS) if d is not None]


@cache
def load_prompt(name: str, override: Path | None = None) -> str:
    """The template `<name>.txt`; placeholders use str.format syntax."""
    for folder in prompt_dirs(override):
        path = folder / f"{name}.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    searched = ", ".join(str(d) for d in prompt_dirs(override))
    raise ConfigError(f"no prompt named {name!r} in {searched}")
