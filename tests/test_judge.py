"""`rag eval --judge`: an LLM faithfulness score when an endpoint is configured, never faked."""

import json
import os
import subprocess
import sys

import pytest

from rag.settings import REPO_ROOT
from tests.fake_openai import FakeOpenAI, reply

ROWS = [
    {"id": "t1", "question": "Who went with Putin?", "answer": "", "facts": [["Belousov"]],
     "sources": ["000_f56484f7a27f0105.txt"], "answerable": True, "kind": "lookup"},
]  # fmt: skip


def _eval(tmp_path, fresh_copy, env):
    gold = tmp_path / "g.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in ROWS))
    gates = tmp_path / "none.toml"
    gates.write_text("")
    out = tmp_path / "out.jsonl"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    result = subprocess.run(
        [sys.executable, "-m", "rag.cli", "eval", str(gold), "--llm", "extractive", "--judge",
         "--out", str(out), "--thresholds", str(gates)],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=600,
        env={**clean, "RAG_DATA_DIR": str(fresh_copy), **env},
    )  # fmt: skip
    return result, [json.loads(line) for line in out.read_text().splitlines()]


@pytest.mark.slow
def test_judge_scores_through_the_endpoint(tmp_path, fresh_copy):
    with FakeOpenAI() as server:
        server.queue(reply("0.75"))
        result, rows = _eval(tmp_path, fresh_copy, {"OPENAI_BASE_URL": server.base_url})
        assert result.returncode == 0, result.stderr
        assert rows[0]["scores"]["faithfulness"] == 0.75
        prompt = server.requests[-1].prompt
        assert "Belousov" in prompt and "Faithfulness score" in prompt


def test_judge_is_skipped_offline(tmp_path, fresh_copy):
    result, rows = _eval(tmp_path, fresh_copy, {})
    assert result.returncode == 0, result.stderr
    assert "judge skipped" in result.stderr
    assert "faithfulness" not in rows[0]["scores"]
