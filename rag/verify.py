"""Optional LLM verification (`RAG_VERIFY=llm`, `rag ask --verify`): a second opinion per sentence.

The model is asked whether a sentence's cited passages state it; a sentence counts as supported
only when the rule in `rag.support` and the model agree, so a model that says yes to everything
cannot pass a negated or altered sentence that the rule rejects.
"""

from __future__ import annotations

import re

from rag.citations import Verifier
from rag.errors import AnswerError
from rag.prompts import load_prompt
from rag.settings import Settings

VERIFY_MODES = ("rule", "llm")


def make_verifier(mode: str, settings: Settings) -> Verifier | None:
    """None for the rule alone; for `llm`, a verifier that asks the configured model."""
    if mode not in VERIFY_MODES:
        raise AnswerError(f"unknown verify mode {mode!r} (use rule or llm)")
    if mode == "rule":
        return None
    if not (settings.openai_api_key or settings.openai_base_url):
        raise AnswerError("verify=llm needs an OpenAI-compatible endpoint (OPENAI_BASE_URL)")
    from rag.chat import OpenAIChat

    model = OpenAIChat(settings, "citation verification")

    def verify(sentence: str, passages: list[str]) -> bool:
        quoted = "\n\n".join(_quoted(n, p) for n, p in enumerate(passages, start=1))
        prompt = load_prompt("verify", settings.prompts_dir).format(
            passages=quoted, sentence=sentence
        )
        reply = "".join(model.complete([{"role": "user", "content": prompt}]))
        return re.match(r"\W*yes\b", reply, re.I) is not None

    return verify


def _quoted(n: int, passage: str) -> str:
    body = passage.replace('"""', "'''")
    return f'[{n}]\n"""\n{body}\n"""'
