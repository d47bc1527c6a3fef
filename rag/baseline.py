"""A plain llama-index pipeline to measure ourselves against: VectorStoreIndex with its default
chunking (1024 tokens), the same embedder, top-2 chunks, and the same answerer and checks."""

from __future__ import annotations

import time
from typing import Any

from rag.documents import find_files, load_document
from rag.errors import DocumentError
from rag.passages import Passage
from rag.pipeline import Answer, Pipeline


def _llama_embedding(embedder: Any):
    from llama_index.core.embeddings import BaseEmbedding
    from pydantic import PrivateAttr

    class SharedEmbedding(BaseEmbedding):
        """Our embedder behind llama-index's interface, so only the pipeline differs."""

        _embedder: Any = PrivateAttr()

        def __init__(self, inner: Any) -> None:
            super().__init__(model_name=inner.name)
            self._embedder = inner

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed([query])[0].tolist()

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed(texts).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return SharedEmbedding(embedder)


class LlamaIndexBaseline:
    def __init__(self, pipeline: Pipeline, llm: str | None = None, top_k: int = 2) -> None:
        from llama_index.core import Document, VectorStoreIndex

        self.pipeline = pipeline
        self.llm = llm
        docs = []
        for path in find_files([pipeline.settings.seeds_dir]):
            try:
                doc = load_document(path)
            except DocumentError:
                continue
            docs.append(Document(text=doc.text, metadata={"source": doc.source,
                                                           "title": doc.title,
                                                           "date": doc.date and doc.date.isoformat()}))  # fmt: skip
        index = VectorStoreIndex.from_documents(
            docs, embed_model=_llama_embedding(pipeline.embedder)
        )
        self.retriever = index.as_retriever(similarity_top_k=top_k)

    def ask(self, question: str) -> Answer:
        start = time.perf_counter()
        nodes = self.retriever.retrieve(question)
        passages = [
            Passage(n.node.node_id, n.node.get_content(), n.node.metadata["source"],
                    n.node.metadata.get("title", ""), n.node.metadata.get("date"),
                    float(n.score or 0.0), {"dense": rank})
            for rank, n in enumerate(nodes, start=1)
        ]  # fmt: skip
        answer = self.pipeline.answer_passages(question, passages, self.llm)
        answer.timings_ms["retrieve"] = (time.perf_counter() - start) * 1000 - answer.timings_ms[
            "answer"
        ]
        answer.timings_ms["total"] = (time.perf_counter() - start) * 1000
        return answer
