"""A long-lived Pipeline (`rag serve`) follows what another process (the CLI) writes to its data
dir: edits, new documents and removals, not only a `--reset`."""

import os
import subprocess
import sys

import pytest

from rag.errors import StoreError
from rag.pipeline import Pipeline
from rag.settings import REPO_ROOT
from tests.helpers import SEEDS, make_settings

BRIDGE = "The new bridge in Carrow is {} metres long. It opened to traffic in March.\n"
GLACIER = "The Sorrel glacier retreated 37 metres last summer, its fastest loss on record.\n"
FERRY = "The ferry to Dunmore carries 85 cars on each crossing since its refit.\n"


def _cli(*args: str, data_dir) -> str:
    """Run `rag` in its own process, as a user at a shell beside the running server would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    env["RAG_DATA_DIR"] = str(data_dir)
    done = subprocess.run([sys.executable, "-m", "rag.cli", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def _ask(pipeline: Pipeline, question: str):
    answer = pipeline.ask(question)
    assert not answer.abstained, answer.answer
    return answer


@pytest.mark.slow
def test_a_running_pipeline_sees_other_processes_edits_additions_and_removals(tmp_path):
    data, docs, more = tmp_path / "data", tmp_path / "docs", tmp_path / "more"
    docs.mkdir()
    more.mkdir()
    (docs / "bridge.txt").write_text(BRIDGE.format(310), encoding="utf-8")
    (docs / "glacier.txt").write_text(GLACIER, encoding="utf-8")
    _cli("ingest", str(docs), data_dir=data)
    pipeline = Pipeline(make_settings(data))
    assert "310" in _ask(pipeline, "How long is the bridge in Carrow?").answer

    # edit: the same chunk count, a new chunk id
    (docs / "bridge.txt").write_text(BRIDGE.format(444), encoding="utf-8")
    assert "1 removed" in _cli("ingest", str(docs), data_dir=data)
    answer = _ask(pipeline, "How long is the bridge in Carrow?")
    assert "444" in answer.answer and "310" not in answer.answer
    assert all("310" not in p.text for p in answer.retrieved)

    # add: a new document, more chunks
    (more / "ferry.txt").write_text(FERRY, encoding="utf-8")
    _cli("ingest", str(more), data_dir=data)
    answer = _ask(pipeline, "How many cars does the ferry to Dunmore carry?")
    assert "85" in answer.answer
    assert "ferry.txt" in {c.source for c in answer.citations}

    # remove: the glacier is gone from every list, and asking about it is no error
    _cli("remove", "glacier.txt", data_dir=data)
    answer = pipeline.ask("How far did the Sorrel glacier retreat?")
    assert all("glacier" not in p.path for p in answer.retrieved)
    assert "glacier.txt" not in pipeline.labels().values()
    assert "444" in _ask(pipeline, "How long is the bridge in Carrow?").answer

    # after a reset and a plain ingest again, still current
    _cli("ingest", "--reset", str(docs), data_dir=data)
    (docs / "bridge.txt").write_text(BRIDGE.format(512), encoding="utf-8")
    _cli("ingest", str(docs), data_dir=data)
    assert "512" in _ask(pipeline, "How long is the bridge in Carrow?").answer


@pytest.mark.slow
def test_questions_during_another_process_writes_fail_at_worst_with_one_line(tmp_path):
    """Asking while the CLI ingests: an answer, or a one-line StoreError; never another
    exception, and the index stays whole."""
    data, docs = tmp_path / "data", tmp_path / "docs"
    docs.mkdir()
    for path in sorted(SEEDS.iterdir())[:4]:
        (docs / path.name).write_bytes(path.read_bytes())
    (docs / "bridge.txt").write_text(BRIDGE.format(100), encoding="utf-8")
    _cli("ingest", str(docs), data_dir=data)
    pipeline = Pipeline(make_settings(data))
    script = (
        "import pathlib, subprocess, sys\n"
        f"docs = pathlib.Path({str(docs)!r})\n"
        "for n in range(101, 105):\n"
        f"    (docs / 'bridge.txt').write_text({BRIDGE!r}.format(n))\n"
        f"    (docs / f'ferry{{n}}.txt').write_text({FERRY!r}.replace('85', str(n)))\n"
        "    subprocess.run([sys.executable, '-m', 'rag.cli', 'ingest', str(docs)], check=True)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    env["RAG_DATA_DIR"] = str(data)
    writer = subprocess.Popen([sys.executable, "-c", script], cwd=REPO_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    asked, failed = 0, []
    while writer.poll() is None:
        try:
            pipeline.ask("How long is the bridge in Carrow?")
        except StoreError as exc:
            failed.append(str(exc))
        asked += 1
    assert writer.returncode == 0, writer.stderr.read()
    assert asked > 1
    assert all("\n" not in message for message in failed), failed
    assert "104" in _ask(pipeline, "How long is the bridge in Carrow?").answer
    assert "104" in _cli("ask", "How long is the bridge in Carrow?", data_dir=data)
