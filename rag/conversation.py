"""Multi-turn chat: follow-ups ("and who else?") become standalone questions before retrieval.

With an LLM configured, the condense prompt rewrites the follow-up; offline, the rules of
`rag.followups` resolve its pronouns and ellipsis ("What about Lavrov?"), and a short follow-up
that leans on the last turn in a way they cannot resolve is joined to the last standalone
question. A joined turn is remembered as that question, so joins never grow into the whole chat.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rag.followups import offline_standalone

if TYPE_CHECKING:
    from rag.pipeline import Answer, Pipeline


@dataclass
class Conversation:
    pipeline: Pipeline
    history: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)

    def standalone(self, question: str, llm: str | None = None) -> str:
        """Rewrite a follow-up so that retrieval sees the whole question."""
        return self._resolve(question, llm)[0]

    def _resolve(self, question: str, llm: str | None) -> tuple[str, str | None]:
        """What to search for, and the question it was joined to (None when it stands alone)."""
        question = question.strip()
        if not self.history:
            return question, None
        chat = self.pipeline.answerer(llm).chat
        if chat is not None:
            from rag.answering.condense import condense

            return condense(chat, self.history, question, self.pipeline.settings.prompts_dir), None
        return offline_standalone(question, self.history)

    def stream(self, question: str, **kwargs) -> Iterator[str | Answer]:
        """`Pipeline.stream` for the standalone question; the answer joins the history, under
        the question a joined follow-up leaned on (one question: never split into parts)."""
        from rag.pipeline import Answer

        standalone, joined_to = self._resolve(question, kwargs.get("llm"))
        remembered = joined_to or standalone
        events = self.pipeline.stream(standalone, whole=joined_to is not None, **kwargs)
        for event in events:
            if isinstance(event, Answer):
                self.history.append((remembered, event.answer))
            yield event

    def ask(self, question: str, **kwargs) -> Answer:
        from rag.pipeline import Answer

        *_, answer = self.stream(question, **kwargs)
        assert isinstance(answer, Answer), "Pipeline.stream ends with the Answer"
        return answer
