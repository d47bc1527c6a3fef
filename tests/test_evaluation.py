import json

import pytest

from rag.errors import GoldError
from rag.evaluation import (
    EVALS_DIR,
    EvalRun,
    by_kind,
    check_sources,
    check_thresholds,
    conversation_asker,
    fact_found,
    format_table,
    load_gold,
    run_eval,
    summarise,
)
from rag.pipeline import Pipeline
from tests.helpers import make_settings
from tests.test_cli import assert_one_line_error, rag


@pytest.mark.parametrize(
    ("variants", "text", "found"),
    [
        (["Belousov"], "Andrei R. Belousov went.", True),
        (["90"], "in 1990 they met", False),
        (["90"], "more than 90 % of trade", True),
        (["240"], "$240 billion", True),
        (["240"], "$2,400 billion", False),
        (["no limits"], "a \u201cno\u00a0limits\u201d partnership", True),
        (["three-nation"], "a three-nation tour", True),
        (["Lavrov", "Sergei Lavrov"], "nobody", False),
    ],
)
def test_fact_matching_rule(variants, text, found):
    assert fact_found(variants, text) is found


def test_gold_and_dev_follow_the_schema_and_do_not_overlap():
    gold = load_gold(EVALS_DIR / "gold.jsonl")
    dev = load_gold(EVALS_DIR / "dev.jsonl")
    assert len(gold) >= 60
    kinds = [i.kind for i in gold]
    for kind, minimum in [("unanswerable", 8), ("spun", 8), ("paraphrase", 8), ("temporal", 5),
                          ("multi", 5), ("conflict", 3)]:  # fmt: skip
        assert kinds.count(kind) >= minimum, kind
    assert not {i.question.lower() for i in gold} & {i.question.lower() for i in dev}
    for item in gold + dev:
        assert item.answerable == bool(item.facts) == bool(item.sources)


def test_bad_gold_file_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\n')
    with pytest.raises(GoldError, match="bad.jsonl:1"):
        load_gold(path)


def test_eval_scores_real_answers(pipeline, tmp_path):
    rows = [
        {"id": "t1", "question": "Who went with Putin?", "answer": "", "facts": [["Belousov"]],
         "sources": ["000_f56484f7a27f0105.txt"], "answerable": True, "kind": "lookup"},
        {"id": "t2", "question": "What was the ruble's exchange rate during the visit?",
         "answer": "", "facts": [], "sources": [], "answerable": False, "kind": "unanswerable"},
    ]  # fmt: skip
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    run = run_eval(
        load_gold(path), lambda q, history: pipeline.ask(q, llm="extractive"), "extractive"
    )
    first, second = run.rows
    assert first["scores"]["correct"] is True
    assert first["scores"]["hit@5"] is True
    assert first["scores"]["citation_precision"] == 1.0
    assert second["scores"]["abstained"] is True
    table = run.table
    assert table["overall"]["correct"] == 1.0 and table["unanswerable"]["abstained"] == 1.0
    gates = tmp_path / "gates.toml"
    gates.write_text('[min]\ncorrect = 0.99\n"hit@1" = 1.01\n[max]\n"words.median" = 1\n')
    failures = check_thresholds(table, gates).failures
    assert len(failures) == 2 and any("hit@1" in f for f in failures)


def test_summary_skips_metrics_that_do_not_apply():
    rows = [{"scores": {"correct": True, "latency_ms": 10.0}},
            {"scores": {"abstained": False, "latency_ms": 30.0}}]  # fmt: skip
    summary = summarise(rows)
    assert summary["correct"] == 1.0 and summary["abstained"] == 0.0
    assert summary["hit@1"] is None
    assert summary["latency_ms.p95"] == 30.0


def test_eval_asks_the_history_first_in_one_conversation(pipeline, tmp_path):
    row = {"id": "f1", "question": "And what did they sign?", "answer": "", "kind": "followup",
           "facts": [["joint statement", "joint declaration"]], "answerable": True,
           "sources": ["000_f56484f7a27f0105.txt", "001_ee7998e139fe068f.txt",
                       "003_d24d4931f66afc79.txt"],
           "history": ["How many times have Putin and Xi met?"]}  # fmt: skip
    path = tmp_path / "followup.jsonl"
    path.write_text(json.dumps(row))
    (item,) = load_gold(path)
    assert item.history == ["How many times have Putin and Xi met?"]
    run = run_eval([item], conversation_asker(pipeline, llm="extractive"), "extractive")
    (scored,) = run.rows
    assert scored["question"] == "What did Putin and Xi sign?"
    assert scored["scores"]["correct"] is True
    assert "followup" in run.table


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("answerable", "false", "bad.jsonl:2: answerable must be true or false, not 'false'"),
     ("answerable", 0, "bad.jsonl:2: answerable must be true or false, not 0"),
     ("kind", "", "bad.jsonl:2: kind must be a name such as lookup, paraphrase, spun")],
)  # fmt: skip
def test_answerable_must_be_a_json_boolean_and_kind_a_name(tmp_path, field, value, message):
    row = {"id": "x", "question": "Q?", "answer": "", "facts": [], "sources": [],
           "answerable": False, "kind": "unanswerable"}  # fmt: skip
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(row) + "\n" + json.dumps({**row, "id": "y", field: value}) + "\n")
    with pytest.raises(GoldError) as raised:
        load_gold(path)
    assert str(raised.value) == f"{tmp_path}/{message}"


ROW = {"id": "x", "question": "Who chairs the board?", "answer": "Ilse Brandt",
       "facts": [["Ilse Brandt"]], "sources": ["a.txt"], "answerable": True, "kind": "lookup"}  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"id": "x"}, "bad.jsonl:2: id 'x' is used twice"),
     ({"facts": "Ilse Brandt"}, "bad.jsonl:2: facts must be a list of lists of spellings"),
     ({"facts": ["Ilse Brandt"]}, "bad.jsonl:2: facts must be a list of lists of spellings"),
     ({"facts": []}, "bad.jsonl:2: an answerable question needs at least one fact"),
     ({"sources": "a.txt"}, "bad.jsonl:2: sources must be a list of document names")],
)  # fmt: skip
def test_a_malformed_item_is_an_error_naming_its_line(tmp_path, changes, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ROW) + "\n" + json.dumps({**ROW, "id": "y", **changes}))
    with pytest.raises(GoldError) as raised:
        load_gold(path)
    assert str(raised.value).startswith(f"{tmp_path}/{message}")
    assert "\n" not in str(raised.value)


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory: pytest.TempPathFactory):
    """Two indexed documents named report.txt in different folders, only a/ answering."""
    news = tmp_path_factory.mktemp("news")
    for folder, text in [("a", "Port reopens\n\nThe port of Valmont reopened on Monday after "
                                "the storm, harbour master Ilse Brandt said.\n"),
                         ("b", "Budget passed\n\nThe council of Orvik approved a school budget "
                               "of 12 million on Tuesday.\n")]:  # fmt: skip
        (news / folder).mkdir()
        (news / folder / "report.txt").write_text(text, "utf-8")
    pipeline = Pipeline(make_settings(tmp_path_factory.mktemp("data")))
    pipeline.ingest([news])
    return news, pipeline


def gold_file(tmp_path, sources: list[str]):
    path = tmp_path / "gold.jsonl"
    row = {**ROW, "question": "Who is the harbour master of Valmont?", "sources": sources}
    path.write_text(json.dumps(row) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("source", ["a/report.txt", "news/a/report.txt"])
def test_gold_sources_name_documents_as_source_filters_do(two_reports, tmp_path, source):
    news, pipeline = two_reports
    path = gold_file(tmp_path, [source.replace("news", news.name)])
    items = load_gold(path)
    check_sources(items, pipeline.resolve_source, path)
    (row,) = run_eval(items, conversation_asker(pipeline, llm="extractive"), "x").rows
    assert row["scores"]["hit@1"] is True and row["scores"]["correct"] is True
    assert row["scores"]["citation_precision"] == 1.0


@pytest.mark.parametrize(
    ("source", "message"),
    [("report.txt", "names several documents"), ("reprot.txt", "no document named 'reprot.txt'")],
)
def test_a_gold_source_naming_no_single_document_is_refused(two_reports, tmp_path, source,
                                                            message):  # fmt: skip
    path = gold_file(tmp_path, [source])
    with pytest.raises(GoldError) as raised:
        check_sources(load_gold(path), two_reports[1].resolve_source, path)
    assert str(raised.value).startswith(f"{path}: x: gold source {source!r}: ")
    assert message in str(raised.value)


@pytest.mark.slow
def test_eval_refuses_a_gold_file_whose_source_is_not_indexed(two_reports, tmp_path):
    news, _ = two_reports
    path = gold_file(tmp_path, ["a/reprot.txt"])
    result = rag("eval", str(path), "--corpus", str(news / "a"), data_dir=tmp_path / "data")
    assert_one_line_error(result, "gold source 'a/reprot.txt': no document named")


def test_every_kind_in_the_file_gets_a_row_known_ones_first():
    rows = [{"kind": kind, "scores": {"correct": ok, "latency_ms": 1.0}}
            for kind, ok in [("weird", True), ("lookup", False), ("weird", False), ("own", True)]]  # fmt: skip
    table = by_kind(rows)
    assert list(table) == ["overall", "lookup", "weird", "own"]
    assert table["weird"]["n"] == 2 and table["weird"]["correct"] == 0.5
    assert "weird" in format_table([EvalRun("x", rows)])


def test_a_gate_on_an_unmeasured_metric_is_skipped_and_a_max_gate_says_above(tmp_path):
    rows = [{"kind": "lookup", "scores": {"correct": True, "words": 59, "latency_ms": 1.0}}]
    gates = tmp_path / "gates.toml"
    gates.write_text('[min]\ncorrect = 0.5\nabstained = 0.6\n[max]\n"words.median" = 45\n')
    result = check_thresholds(by_kind(rows), gates)
    assert result.skipped == ["abstention: not measured (no unanswerable questions), gate skipped"]
    assert result.failures == ["above threshold: median words = 59.0 (max 45)"]
    gates.write_text("[min]\ncorect = 0.5\n")  # a typo is no unmeasured metric
    (typo,) = check_thresholds(by_kind(rows), gates).failures
    assert typo.startswith("unknown metric 'corect' in ") and "correct" in typo
