"""The one library API that the CLI, the UI and the evals share: ingest, ask, list sources.

`Pipeline.ask` returns an `Answer`: the text, its checked citations, what was retrieved and how
long each step took. One object, many readers (terminal, JSON, web page, eval scores).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rag.answering import ABSTAIN, ANSWERERS, Answerer, AnswerError, is_abstention, make_answerer
from rag.citations import CheckedSentence, Citation, Verifier, check_answer
from rag.embedding import Embedder, make_embedder
from rag.ingest import IngestReport, ingest
from rag.retrieval import Filters, Passage, Retriever
from rag.settings import Settings
from rag.store import Store
from rag.verify import make_verifier


class QuestionError(ValueError):
    """The question itself is unusable (empty, too long)."""


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    retrieved: list[Passage]
    llm: str
    timings_ms: dict[str, float]
    sentences: list[CheckedSentence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. sources that differ in date

    def to_json(self) -> dict[str, Any]:
        """The `rag ask --json` object."""
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [asdict(c) for c in self.citations],
            "retrieved": [
                {"source": p.source, "chunk_id": p.chunk_id, "score": round(p.score, 5)}
                for p in self.retrieved
            ],
            "sentences": [asdict(s) for s in self.sentences],
            "notes": self.notes,
            "llm": self.llm,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }


def clean_question(question: str, limit: int) -> str:
    """Strip control characters; refuse empty and over-long questions with a one-line reason."""
    text = "".join(ch if ch.isprintable() else " " for ch in question).strip()
    if not text:
        raise QuestionError("the question is empty")
    if len(text) > limit:
        raise QuestionError(f"the question is {len(text):,} characters; the limit is {limit:,}")
    return text


def date_note(citations: list[Citation]) -> str | None:
    """Say so when the cited sources were published on different dates."""
    dated = {c.n: c.date for c in citations if c.date}
    if len(set(dated.values())) < 2:
        return None
    listed = ", ".join(f"[{n}] {d}" for n, d in sorted(dated.items()))
    return f"The cited sources differ in date: {listed}."


class Pipeline:
    """A loaded store, embedder and retriever; answerers are made on first use and kept."""

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings or Settings()
        self.embedder = embedder or make_embedder(self.settings)
        self.store = Store(self.settings)
        self.retriever = Retriever(self.store, self.embedder)
        self._answerers: dict[str, Answerer] = {}
        self._verifiers: dict[str, Verifier | None] = {}

    # -- indexing ---------------------------------------------------------------------------
    def ingest(
        self, paths: list[Path], reset: bool = False, progress: Callable[[int], None] | None = None
    ) -> IngestReport:
        report = ingest(paths, self.settings, self.store, self.embedder, reset, progress)
        self.retriever.refresh()
        return report

    def ensure_index(self) -> IngestReport | None:
        """Ingest the default corpus when the store is empty, so a first `ask` just works."""
        if self.store.count(self.embedder.name) == 0:
            return self.ingest([self.settings.seeds_dir])
        return None

    def sources(self) -> list[dict[str, Any]]:
        """The indexed documents: title, date and chunk count, by file name."""
        docs: dict[str, dict[str, Any]] = {}
        for chunk in self.store.all_chunks(self.embedder.name):
            doc = docs.setdefault(
                chunk.source,
                {"source": chunk.source, "title": chunk.meta.get("title", ""),
                 "date": chunk.meta.get("date"), "chunks": 0},
            )  # fmt: skip
            doc["chunks"] += 1
        return sorted(docs.values(), key=lambda d: d["source"])

    # -- answering --------------------------------------------------------------------------
    def answerer(self, name: str | None = None) -> Answerer:
        name = name or self.settings.resolved_llm()
        if name not in ANSWERERS:
            raise AnswerError(f"unknown answerer {name!r} (choose from: {', '.join(ANSWERERS)})")
        if name not in self._answerers:
            self._answerers[name] = make_answerer(name, self.settings, self.embedder)
        return self._answerers[name]

    def ask(
        self,
        question: str,
        k: int | None = None,
        llm: str | None = None,
        filters: Filters | None = None,
        verify: str | None = None,
    ) -> Answer:
        """Retrieve, answer and check: the call every front end makes.

        `verify` is "rule" or "llm" (default: `settings.verify`); see `rag.verify`.
        """
        answer: Answer | None = None
        for event in self.stream(question, k, llm, filters, verify):
            if isinstance(event, Answer):
                answer = event
        assert answer is not None
        return answer

    def stream(
        self,
        question: str,
        k: int | None = None,
        llm: str | None = None,
        filters: Filters | None = None,
        verify: str | None = None,
    ) -> Iterator[str | Answer]:
        """Yield answer text as the answerer produces it, then the checked `Answer`."""
        question = clean_question(question, self.settings.max_question_chars)
        answerer = self.answerer(llm)
        verifier = self.verifier(verify)
        start = time.perf_counter()
        self.ensure_index()
        passages = self.retriever.retrieve(question, k or self.settings.top_k, filters)
        retrieved = time.perf_counter()
        pieces: list[str] = []
        if passages:
            for piece in answerer.stream(question, passages):
                pieces.append(piece)
                yield piece
        draft = "".join(pieces).strip()
        answered = time.perf_counter()
        yield self._finish(question, draft, passages, answerer.name,
                           {"retrieve": retrieved - start, "answer": answered - retrieved},
                           verifier)  # fmt: skip

    def answer_passages(
        self,
        question: str,
        passages: list[Passage],
        llm: str | None = None,
        verify: str | None = None,
    ) -> Answer:
        """Answer from passages retrieved elsewhere (the llama-index baseline uses this)."""
        answerer = self.answerer(llm)
        verifier = self.verifier(verify)
        start = time.perf_counter()
        draft = "".join(answerer.stream(question, passages)).strip() if passages else ""
        elapsed = time.perf_counter() - start
        return self._finish(question, draft, passages, answerer.name, {"answer": elapsed},
                            verifier)  # fmt: skip

    def verifier(self, mode: str | None = None) -> Verifier | None:
        """The second opinion for `verify` mode "llm"; None for the rule alone."""
        mode = mode or self.settings.verify
        if mode not in self._verifiers:
            self._verifiers[mode] = make_verifier(mode, self.settings)
        return self._verifiers[mode]

    def _finish(
        self,
        question: str,
        draft: str,
        passages: list[Passage],
        llm: str,
        times: dict,
        verifier: Verifier | None = None,
    ) -> Answer:
        checked = check_answer(draft, passages, self.embedder, verifier)
        abstained = is_abstention(draft) or not any(s.supported for s in checked.sentences)
        notes: list[str] = []
        if abstained:
            text, citations, sentences = ABSTAIN, [], []
        else:
            text, citations, sentences = checked.text, checked.citations, checked.sentences
            if note := date_note(citations):
                notes.append(note)
        timings = {k: v * 1000 for k, v in times.items()}
        timings["total"] = sum(timings.values())
        return Answer(question, text, abstained, citations, passages, llm, timings, sentences,
                      notes)  # fmt: skip
