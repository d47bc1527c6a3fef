"""Optional LLM faithfulness score for `rag eval --judge`; offline it is skipped, never faked."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from rag.chat import OpenAIChat
from rag.errors import ConfigError
from rag.prompts import load_prompt

if TYPE_CHECKING:
    from rag.pipeline import Answer, Pipeline


def make_judge(pipeline: Pipeline) -> Callable[[Answer], float | None] | None:
    try:
        model = OpenAIChat(pipeline.settings, "the judge")
    except ConfigError:
        click.secho("judge skipped: no OpenAI-compatible endpoint configured", fg="yellow",
                    err=True)  # fmt: skip
        return None

    def judge(answer: Answer) -> float | None:
        passages = "\n\n".join(f"[{c.n}] {c.text}" for c in answer.citations)
        prompt = load_prompt("judge", pipeline.settings.prompts_dir).format(
            passages=passages, answer=answer.answer
        )
        reply = "".join(model.complete([{"role": "user", "content": prompt}]))
        match = re.search(r"\d+(?:\.\d+)?", reply)
        return min(1.0, float(match.group())) if match else None

    return judge
