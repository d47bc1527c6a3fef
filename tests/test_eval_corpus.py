"""`rag eval --corpus DIR`: the questions are answered from DIR alone, in its own index."""

import json

import pytest

from rag.corpora import corpus_settings
from tests.helpers import make_settings
from tests.test_cli import assert_one_line_error, rag

BRIDGE = (
    "date 2024-03-04\nHarbour bridge reopens after two years of repairs\n"
    "Mayor Anna Berg cut the ribbon on the Lindholm harbour bridge on Monday in front of several "
    "hundred residents. The repairs cost 14 million kroner, the city said.\n"
)
FERRY = (
    "date 2024-04-09\nNew ferry enters service on the fjord route\n"
    "Captain Jonas Vik steered the electric ferry Solveig on its first crossing on Tuesday. The "
    "ship carries 240 passengers and 40 cars, the operator said.\n"
)


def question(qid: str, text: str, facts: list[list[str]], source: str) -> str:
    return json.dumps({"id": qid, "question": text, "answer": "", "facts": facts,
                       "sources": [source], "answerable": True, "kind": "lookup"})  # fmt: skip


def bridge_corpus(tmp_path, name: str):
    """A corpus folder `name` holding the bridge article, and a gold file of one question on it."""
    corpus = tmp_path / name
    corpus.mkdir()
    (corpus / "bridge.txt").write_text(BRIDGE)
    gold = tmp_path / "one.jsonl"
    gold.write_text(question("b1", "Who cut the ribbon on the harbour bridge?", [["Anna Berg"]],
                             "bridge.txt") + "\n")  # fmt: skip
    return corpus, gold


@pytest.mark.slow
def test_eval_answers_from_the_given_corpus_and_not_the_seeds(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bridge.txt").write_text(BRIDGE)
    gold = tmp_path / "gold.jsonl"
    # s1 is a seed's question: its gold names the corpus's article (gold must name an indexed one)
    gold.write_text(question("b1", "Who cut the ribbon on the harbour bridge?", [["Anna Berg"]],
                             "bridge.txt") + "\n"
                    + question("s1", "Who went with Putin to Beijing?", [["Belousov"]],
                               "bridge.txt") + "\n")  # fmt: skip
    gate = tmp_path / "gate.toml"
    gate.write_text('[min]\n"hit@5" = 0.5\n')
    out = tmp_path / "out.jsonl"
    data = tmp_path / "data"

    result = rag("eval", str(gold), "--corpus", str(corpus), "--thresholds", str(gate),
                 "--out", str(out), data_dir=data)  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in map(json.loads, out.read_text().splitlines())}
    assert rows["b1"]["scores"]["correct"] is True
    assert rows["s1"]["scores"]["correct"] is False
    retrieved = {p["source"] for row in rows.values() for p in row["retrieved"]}
    assert retrieved == {"bridge.txt"}
    assert not (data / "CURRENT").exists()  # the usual index was never built

    # The corpus index follows the folder: a removed file leaves it, a new one comes in.
    (corpus / "bridge.txt").unlink()
    (corpus / "ferry.txt").write_text(FERRY)
    gold.write_text(question("f1", "Who steered the new electric ferry?", [["Jonas Vik"]],
                             "ferry.txt") + "\n")  # fmt: skip
    result = rag("eval", str(gold), "--corpus", str(corpus), "--thresholds", str(gate),
                 "--out", str(out), data_dir=data)  # fmt: skip
    assert result.returncode == 0, result.stderr
    row = json.loads(out.read_text())
    assert row["scores"]["correct"] is True
    assert {p["source"] for p in row["retrieved"]} == {"ferry.txt"}


@pytest.mark.slow
def test_eval_prints_skipped_gates_and_passes_when_only_unmeasured_ones_remain(tmp_path):
    """The CLI in a subprocess, on a corpus of one article and one answerable question."""
    corpus, gold = bridge_corpus(tmp_path, "articles")
    (tmp_path / "thresholds.toml").write_text("[min]\ncorrect = 0.5\nabstained = 0.6\n")
    result = rag("eval", str(gold), "--corpus", str(corpus), data_dir=tmp_path / "d")
    assert "abstention: not measured (no unanswerable questions), gate skipped" in result.stderr
    assert "threshold" not in result.stderr and result.returncode == 0, result.stderr


@pytest.mark.slow
def test_eval_with_copies_of_a_corpus_labels_the_plain_run_by_its_folder(tmp_path):
    corpus, gold = bridge_corpus(tmp_path, "harbour_news")
    (tmp_path / "thresholds.toml").write_text("")
    result = rag("eval", str(gold), "--corpus", str(corpus), "--copies", "1",
                 data_dir=tmp_path / "d")  # fmt: skip
    assert result.returncode == 0, result.stderr
    runs = [line.split()[0] for line in result.stdout.splitlines() if " overall " in line]
    assert runs == ["extractive+1copies", "extractive+harbour_news"]


def test_missing_corpus_folder_is_one_line(tmp_path):
    result = rag("eval", "evals/gold.jsonl", "--corpus", str(tmp_path / "nope"),
                 data_dir=tmp_path / "data")  # fmt: skip
    assert_one_line_error(result, "no corpus folder at")


def test_empty_corpus_folder_is_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    result = rag("eval", "evals/gold.jsonl", "--corpus", str(tmp_path / "empty"),
                 data_dir=tmp_path / "data")  # fmt: skip
    assert_one_line_error(result, "no .txt")
    assert not (tmp_path / "data" / "CURRENT").exists()


def test_each_corpus_folder_gets_its_own_local_index(tmp_path):
    settings = make_settings(tmp_path / "data", chroma_host="chroma.example")
    one = corpus_settings(tmp_path / "a" / "articles", settings)
    two = corpus_settings(tmp_path / "b" / "articles", settings)
    assert one.data_dir.parent == two.data_dir.parent == tmp_path / "data" / "corpora"
    assert one.data_dir != two.data_dir
    assert one.seeds_dir == (tmp_path / "a" / "articles").resolve()
    assert one.chroma_host is None and settings.chroma_host == "chroma.example"
