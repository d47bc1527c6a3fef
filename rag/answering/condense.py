"""Rewrite a follow-up into a standalone question with a chat model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rag.prompts import load_prompt

if TYPE_CHECKING:
    from rag.chat import ChatModel


def condense(
    chat: ChatModel, history: list[tuple[str, str]], question: str, prompts_dir: Path | None = None
) -> str:
    """The model's rewrite; the raw follow-up when the reply is empty or implausibly long."""
    turns = "\n".join(f"User: {q}\nAssistant: {a}" for q, a in history[-3:])
    prompt = load_prompt("condense", prompts_dir).format(history=turns, question=question)
    reply = "".join(chat.complete([{"role": "user", "content": prompt}])).strip()
    reply = reply.splitlines()[0].strip().strip('"') if reply else ""
    return reply if 0 < len(reply) <= 4 * len(question) + 200 else question
