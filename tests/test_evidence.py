"""The evidence that was checked is what the user sees: Sources quote the matched sentences."""

from __future__ import annotations

import json
from pathlib import Path

from rag.display import QUOTE_CHARS, quote, quote_each, render_text
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


DELEGATION = (
    "They included Andrei R. Belousov, an economist who this week was named the new defense "
    "minister; Maksim Reshetnikov, the Minister of Economy; and Sergei V. Lavrov, the Minister of "
    "Foreign Affairs."
)


def test_a_long_evidence_quote_is_cut_at_a_clause_never_inside_a_name():
    cut = quote(DELEGATION)
    assert len(cut) <= QUOTE_CHARS + 3 and cut.endswith("the Minister of Economy...")
    assert quote(DELEGATION, 100).endswith("the new defense minister...")
    assert quote_each([DELEGATION, "They flew in."]).endswith("Economy ... They flew in.")
    # no clause end to cut at: a name is shown whole or not at all
    plain = "word " * 30 + "and Sergei V. Lavrov spoke"
    for limit in range(len(plain) - 20, len(plain) - 1):
        shown = quote(plain, limit)
        assert shown.endswith(("word and...", "and Sergei V. Lavrov...")), (limit, shown)
    # a sentence end in the second half is the first choice
    two = "Mr. Putin arrived in Beijing on Thursday for talks with Xi Jinping. " + DELEGATION
    assert (
        quote(two, 100) == "Mr. Putin arrived in Beijing on Thursday for talks with Xi Jinping. ..."
    )
    assert quote("x" * 200, 50) == "x" * 50 + "..."
    assert quote(DELEGATION, 400) == DELEGATION
