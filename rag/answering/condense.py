"""Rewrite a follow-up into a standalone question with the configured LLM."""

from __future__ import annotations

from rag.prompts import load_prompt


def condense(answerer, history: list[tuple[str, str]], question: str) -> str:
    """The LLM's rewrite; the raw follow-up when the reply is empty or implausibly long."""
    turns = "\n".join(f"User: {q}\nAssistant: {a}" for q, a in history[-3:])
    prompt = load_prompt("condense").format(history=turns, question=question)
    reply = "".join(answerer.complete([{"role": "user", "content": prompt}])).strip()
    reply = reply.splitlines()[0].strip().strip('"') if reply else ""
    return reply if 0 < len(reply) <= 4 * len(question) + 200 else question
