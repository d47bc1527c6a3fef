"""Multi-turn chat: follow-ups ("and who else?") become standalone questions before retrieval.

With an LLM configured, the condense prompt rewrites the follow-up; offline, the rules of
`rag.followups` resolve its pronouns and ellipsis ("What about Lavrov?"), and a short follow-up
that leans on the last turn in a way they cannot resolve is joined to its question.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rag.followups import leans_on_context, rewrite

if TYPE_CHECKING:
    from rag.pipeline import Answer, Pipeline


@dataclass
class Conversation:
    pipeline: Pipeline
    history: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)

    def standalone(self, question: str, llm: str | None = None) -> str:
        """Rewrite a follow-up so that retrieval sees the whole question."""
        question = question.strip()
        if not self.history:
            return question
        chat = self.pipeline.answerer(llm).chat
        if chat is not None:
            from rag.answering.condense import condense

            return condense(chat, self.history, question, self.pipeline.settings.prompts_dir)
        rewritten = rewrite(question, self.history)
        if rewritten is not None:
            return rewritten
        return f"{self.history[-1][0]} {question}" if leans_on_context(question) else question

    def stream(self, question: str, **kwargs) -> Iterator[str | Answer]:
        """`Pipeline.stream` for the standalone question; the answer joins the history."""
        from rag.pipeline import Answer

        standalone = self.standalone(question, kwargs.get("llm"))
        for event in self.pipeline.stream(standalone, **kwargs):
            if isinstance(event, Answer):
                self.history.append((standalone, event.answer))
            yield event

    def ask(self, question: str, **kwargs) -> Answer:
        from rag.pipeline import Answer

        *_, answer = self.stream(question, **kwargs)
        assert isinstance(answer, Answer), "Pipeline.stream ends with the Answer"
        return answer
