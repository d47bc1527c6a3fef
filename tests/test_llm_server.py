"""The openai answerer end to end: the real `openai` client against a real llama.cpp server.

SmolLM2-135M is tiny and invents facts freely, which is the point: whatever it writes, the answer
must either abstain or carry citations that point at retrieved passages, with every sentence's
support checked. The tests run in file order so that the first four reuse one prompt (llama.cpp
keeps the previous prompt's cache) and stay quick on a small CPU.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from rag.answering import ABSTAIN, is_abstention
from rag.citations import check_answer, supports
from rag.pipeline import Answer, Pipeline
from rag.text import numbers
from tests.helpers import make_settings
from tests.llama_server import MODEL_ALIAS, LlamaServerError, llama_server

QUESTION = "Who went with Putin?"
UNANSWERABLE = [
    "What is the population of Harbin?",
    "How many students attend the Harbin Institute of Technology?",
    "What was the ruble's exchange rate during the visit?",
]
TIMEOUT_S = 900  # a 2-core machine shared with other work can take minutes per answer


@pytest.fixture(scope="session")
def llama_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One real llama.cpp server for the session; a clear failure (not a skip) without it."""
    log = tmp_path_factory.mktemp("llama") / "server.log"
    try:
        with llama_server(log) as url:
            yield url
    except LlamaServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def llm_pipeline(llama_url: str, fresh_copy: Path, pipeline: Pipeline) -> Pipeline:
    settings = make_settings(fresh_copy, openai_base_url=f"{llama_url}/v1", llm="openai",
                             model=MODEL_ALIAS, timeout_s=TIMEOUT_S, max_retries=1)  # fmt: skip
    return Pipeline(settings, embedder=pipeline.embedder)


def _stream(pipe: Pipeline, question: str, **kwargs) -> tuple[list[str], Answer]:
    events = list(pipe.stream(question, **kwargs))
    *pieces, answer = events
    assert isinstance(answer, Answer) and all(isinstance(p, str) for p in pieces)
    return pieces, answer


def _assert_well_formed(answer: Answer) -> None:
    """Abstained cleanly, or every citation in range and every sentence checked."""
    data = answer.to_json()
    json.dumps(data)
    assert data["llm"] == "openai"
    if answer.abstained:
        assert answer.answer == ABSTAIN
        assert data["citations"] == [] and data["sentences"] == []
        return
    assert [c["n"] for c in data["citations"]] == list(range(1, len(data["citations"]) + 1))
    retrieved = {p.chunk_id for p in answer.retrieved}
    assert all(c["chunk_id"] in retrieved for c in data["citations"])
    assert data["sentences"], "an answer that did not abstain has sentences"
    for sentence in data["sentences"]:
        assert set(sentence) == {"text", "citations", "supported"}
        assert isinstance(sentence["supported"], bool)
        assert all(1 <= n <= len(data["citations"]) for n in sentence["citations"])
    assert any(s["supported"] for s in data["sentences"])


def _assert_verified(draft: str, answer: Answer, pipe: Pipeline) -> None:
    """The model's raw draft, re-checked here, agrees with what the pipeline presents."""
    checked = check_answer(draft, answer.retrieved, pipe.embedder)
    for sentence in checked.sentences:
        assert sentence.text, "sentences are never empty"
        json.dumps(asdict(sentence))
        cited = [checked.citations[n - 1].text for n in sentence.citations]
        backed_numbers = set().union(*(numbers(text) for text in cited))
        if numbers(sentence.text) - backed_numbers:
            assert not sentence.supported, f"invented number passed: {sentence.text!r}"
        assert sentence.supported == any(supports(sentence.text, t, pipe.embedder) for t in cited)
    assert answer.abstained == (
        is_abstention(draft) or not any(s.supported for s in checked.sentences)
    )
    if not answer.abstained:
        assert [asdict(s) for s in answer.sentences] == [asdict(s) for s in checked.sentences]
        passages = {c.n: c.text for c in answer.citations}
        for sentence in answer.sentences:
            if sentence.supported:
                assert any(supports(sentence.text, passages[n], pipe.embedder)
                           for n in sentence.citations)  # fmt: skip


@pytest.mark.llm
def test_ask(llm_pipeline: Pipeline) -> None:
    answer = llm_pipeline.ask(QUESTION)
    assert answer.llm == "openai"
    assert answer.retrieved
    _assert_well_formed(answer)


@pytest.mark.llm
def test_stream_yields_pieces_then_answer(llm_pipeline: Pipeline) -> None:
    pieces, answer = _stream(llm_pipeline, QUESTION)
    assert len(pieces) > 1, pieces
    assert "".join(pieces).strip()
    _assert_well_formed(answer)
    _assert_verified("".join(pieces).strip(), answer, llm_pipeline)


def _rag(args: list[str], llama_url: str, data_dir: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "OPENAI_BASE_URL": f"{llama_url}/v1", "RAG_DATA_DIR": str(data_dir),
           "RAG_MODEL": MODEL_ALIAS, "RAG_TIMEOUT_S": str(TIMEOUT_S), "RAG_MAX_RETRIES": "1"}  # fmt: skip
    rag = Path(sys.executable).with_name("rag")
    return subprocess.run([str(rag), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=3 * TIMEOUT_S)  # fmt: skip


@pytest.mark.llm
def test_cli_ask_json(llama_url: str, fresh_copy: Path, tmp_path: Path) -> None:
    result = _rag(["ask", QUESTION, "--llm", "openai", "--json"], llama_url, fresh_copy, tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)  # exactly one JSON object, nothing else on stdout
    assert isinstance(data, dict)
    assert data["llm"] == "openai" and "sentences" in data
    assert data["abstained"] or data["sentences"]


@pytest.mark.llm
def test_cli_ask_streams_text(llama_url: str, fresh_copy: Path, tmp_path: Path) -> None:
    result = _rag(["ask", QUESTION, "--llm", "openai"], llama_url, fresh_copy, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert "Traceback" not in result.stderr


@pytest.mark.llm
@pytest.mark.parametrize("question", UNANSWERABLE)
def test_invented_facts_are_flagged(llm_pipeline: Pipeline, question: str) -> None:
    pieces, answer = _stream(llm_pipeline, question, k=4)
    draft = "".join(pieces).strip()
    _assert_well_formed(answer)
    _assert_verified(draft, answer, llm_pipeline)
    retrieved_numbers = set().union(*(numbers(p.text) for p in answer.retrieved))
    for sentence in answer.sentences:
        if numbers(sentence.text) - retrieved_numbers:
            assert not sentence.supported, sentence.text


def test_invented_population_is_unsupported(pipeline: Pipeline) -> None:
    passage = next(p for p in pipeline.retriever.retrieve("Putin's visit to Harbin", 8)
                   if "Harbin" in p.text)  # fmt: skip
    assert "1.5" not in passage.text
    checked = check_answer("The population of Harbin is 1.5 million. [1]", [passage],
                           pipeline.embedder)  # fmt: skip
    [sentence] = checked.sentences
    assert sentence.citations == [1] and not sentence.supported


@pytest.mark.llm
def test_cli_eval(llama_url: str, fresh_copy: Path, tmp_path: Path) -> None:
    rows = (Path(__file__).parent.parent / "evals" / "dev.jsonl").read_text().splitlines()
    picked = [r for r in rows if json.loads(r)["answerable"]][:4]
    picked += [r for r in rows if not json.loads(r)["answerable"]][:1]
    gold = tmp_path / "subset.jsonl"
    gold.write_text("\n".join(picked) + "\n")
    gates = tmp_path / "empty.toml"
    gates.write_text("")
    out = tmp_path / "out.jsonl"
    args = ["eval", str(gold), "--llm", "openai", "--k", "3", "--thresholds", str(gates),
            "--out", str(out)]  # fmt: skip
    result = _rag(args, llama_url, fresh_copy, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "overall" in result.stdout and "correct" in result.stdout  # the metrics table
    answers = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(answers) == 5 and {a["llm"] for a in answers} == {"openai"}
