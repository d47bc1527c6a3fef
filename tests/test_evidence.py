"""The evidence that was checked is what the user sees: Sources quote the matched sentences."""

from __future__ import annotations

import json
from pathlib import Path

from rag.display import render_text
from rag.pipeline import Pipeline
from tests.test_cli import rag as run_rag

QUESTION = "How many times have Putin and Xi met?"


def test_sources_quote_the_sentence_that_supports_the_answer(pipeline: Pipeline):
    answer = pipeline.ask(QUESTION, llm="extractive")
    assert not answer.abstained
    shown = render_text(answer)
    for sentence in answer.sentences:
        assert sentence.supported and sentence.evidence
        for evidence in sentence.evidence:
            assert evidence["n"] in sentence.citations
            passage = next(c.text for c in answer.citations if c.n == evidence["n"])
            assert evidence["text"][:60] in passage
            assert evidence["text"][:60] in " ".join(shown.split())
    counted = [s for s in answer.sentences if "times" in s.text]
    assert counted and all("times" in e["text"] for s in counted for e in s.evidence)


def test_json_carries_the_evidence_per_sentence(fresh_copy: Path):
    result = run_rag("ask", QUESTION, "--json", data_dir=fresh_copy)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["sentences"]
    for sentence in data["sentences"]:
        assert {"text", "citations", "supported", "evidence", "reason"} <= set(sentence)
        assert all(set(e) == {"n", "text"} for e in sentence["evidence"])
    assert any(s["evidence"] for s in data["sentences"])
