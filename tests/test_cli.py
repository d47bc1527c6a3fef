"""The `rag` command as users run it: real subprocesses, real store on disk."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rag.settings import REPO_ROOT


def rag(
    *args: str,
    data_dir,
    env: dict | None = None,
    timeout: int = 300,
    cwd=REPO_ROOT,
    input: str | None = None,
):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    full_env.update({"RAG_DATA_DIR": str(data_dir), **(env or {})})
    full_env["PYTHONPATH"] = str(REPO_ROOT)  # this checkout's code, from any cwd
    return subprocess.run(
        [sys.executable, "-m", "rag.cli", *args],
        capture_output=True, text=True, env=full_env, cwd=cwd, timeout=timeout, input=input,
    )  # fmt: skip


def assert_one_line_error(result, fragment: str):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert fragment in lines[0]


def test_ask_json_shape(fresh_copy):
    result = rag("ask", "Who went with Putin?", "--json", data_dir=fresh_copy)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"question", "answer", "abstained", "citations", "retrieved", "llm",
                         "timings_ms"}  # fmt: skip
    assert data["llm"] == "extractive" and data["abstained"] is False
    assert "Belousov" in data["answer"]
    citation = data["citations"][0]
    assert set(citation) == {"n", "source", "path", "title", "date", "chunk_id", "text", "score",
                             "also_in"}  # fmt: skip
    assert citation["n"] == 1 and citation["source"] == "000_f56484f7a27f0105.txt"
    assert set(data["timings_ms"]) == {"retrieve", "answer", "total"}
    assert all(
        set(r) == {"source", "path", "chunk_id", "score", "ranks", "also_in"}
        for r in data["retrieved"]
    )
    assert all(set(r["ranks"]) <= {"dense", "bm25", "sentence"} for r in data["retrieved"])


def test_ask_text_lists_sources(fresh_copy):
    result = rag("ask", "Who went with Putin?", data_dir=fresh_copy)
    assert result.returncode == 0, result.stderr
    assert "Belousov" in result.stdout
    assert "Sources:" in result.stdout
    assert "[1] 000_f56484f7a27f0105.txt - " in result.stdout
    assert "(2024-05-17)" in result.stdout


@pytest.mark.slow
def test_ask_on_empty_store_ingests_seeds_first(tmp_path):
    result = rag("ask", "Who went with Putin?", "--json", data_dir=tmp_path / "new")
    assert result.returncode == 0, result.stderr
    assert "Belousov" in json.loads(result.stdout)["answer"]
    # said once, on stderr, so a user never finds sample articles they did not add unannounced
    assert "indexed the 5 sample article(s)" in result.stderr
    again = rag("ask", "Who went with Putin?", "--json", data_dir=tmp_path / "new")
    assert again.returncode == 0 and "sample" not in again.stderr


def test_sources_lists_documents(fresh_copy):
    result = rag("sources", "--json", data_dir=fresh_copy)
    docs = json.loads(result.stdout)
    assert len(docs) == 5
    assert {d["date"] for d in docs} == {"2024-05-17", "2024-05-16", None, "2021-12-15"}
    assert all(d["chunks"] > 0 for d in docs)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["ask", "   "], "empty"),
        (["ask", "x" * 2500], "limit"),
        (["ask", "Who?", "--llm", "gpt5-magic"], "unknown answerer"),
        (["ask", "Who?", "--llm", "openai"], "OPENAI_API_KEY"),
        (["ingest", "/no/such/path"], "no such file"),
    ],
)
def test_bad_input_is_one_line_and_store_untouched(fresh_copy, args, fragment):
    before = sorted((p.name, p.stat().st_size) for p in fresh_copy.rglob("*") if p.is_file())
    result = rag(*args, data_dir=fresh_copy)
    assert_one_line_error(result, fragment)
    after = sorted((p.name, p.stat().st_size) for p in fresh_copy.rglob("*") if p.is_file())
    assert [n for n, _ in before] == [n for n, _ in after]


def test_an_empty_data_dir_setting_is_the_default_not_the_current_folder(tmp_path):
    here = write_articles(tmp_path / "here", ["x.txt"])
    result = rag("ingest", "x.txt", data_dir="", cwd=here, env={"RAG_COLLECTION": ""})
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in here.iterdir()) == [".rag", "x.txt"]
    assert (here / ".rag" / "CURRENT").is_file()


@pytest.mark.parametrize(
    "args",
    [["ingest", ""], ["ingest", "--reset", ""], ["ingest", "x.txt", ""], ["remove", ""],
     ["eval", "--corpus", ""], ["eval", ""]],
)  # fmt: skip
def test_an_empty_path_or_name_is_an_error_not_the_current_folder(fresh_copy, tmp_path, args):
    here = write_articles(tmp_path / "here", ["x.txt"])
    before = sorted((p.name, p.stat().st_mtime_ns) for p in fresh_copy.rglob("*"))
    result = rag(*args, data_dir=fresh_copy, cwd=here)
    assert_one_line_error(result, '("") was given: is a shell variable unset?')
    assert result.returncode == 2
    assert sorted((p.name, p.stat().st_mtime_ns) for p in fresh_copy.rglob("*")) == before
    assert sorted(p.name for p in here.iterdir()) == ["x.txt"]


def test_a_data_dir_inside_the_ingested_folder_is_not_indexed(tmp_path):
    project = write_articles(tmp_path / "proj", ["bridge.txt"])
    for _ in range(2):  # the second walk meets the store the first one wrote
        result = rag("ingest", ".", data_dir=project / "store", cwd=project)
        assert result.returncode == 0, result.stderr
    listed = rag("sources", "--json", data_dir=project / "store", cwd=project)
    assert [d["source"] for d in json.loads(listed.stdout)] == ["bridge.txt"]


@pytest.mark.parametrize("command", ["ask", "chat"])
@pytest.mark.parametrize("source", ["", " "])
def test_an_empty_source_filter_is_an_error_not_everything(fresh_copy, command, source):
    question = ["Who went with Putin?"] if command == "ask" else []
    result = rag(command, *question, "--source", source, data_dir=fresh_copy)
    assert_one_line_error(result, "--source is empty")
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["ask", "Who?", "--since", "yesterday"], "Invalid value for '--since'"),
        (["ask", "Who?", "--since", "2024-13-01"], "not a date like 2024-05-17"),
        (["ask", "Who?", "--k", "0"], "0 is not in the range 1<=x<=50"),
        (["ask", "Who?", "--k", "abc"], "Invalid value for '--k'"),
        (["serve", "--port", "0"], "Invalid value for '--port'"),
        (["remove"], "Missing argument 'SOURCES...'"),
        (["ask", "Who?", "--bogus"], "No such option"),
        (["ask", "-5 degrees in Oslo?"], """A question that starts with "-" goes after --"""),
        (["bogus"], "No such command 'bogus'"),
        # named as other tools name them: click's guess by spelling said "Did you mean 'ingest'?"
        (["list"], "No such command 'list': `rag sources` does that"),
        (["ui"], "No such command 'ui': `rag serve` does that"),
        (["rm", "a.txt"], "No such command 'rm': `rag remove` does that"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(tmp_path, args, fragment):
    result = rag(*args, data_dir=tmp_path / "data", timeout=60)
    assert_one_line_error(result, fragment)
    assert result.returncode == 2
    assert "--help`)" in result.stderr  # names where to look
    assert result.stdout == "" and not (tmp_path / "data").exists()


def test_help_and_a_bare_command_still_show_the_help(tmp_path):
    for args in (["--help"], ["ask", "--help"]):
        result = rag(*args, data_dir=tmp_path / "data", timeout=60)
        assert result.returncode == 0 and result.stdout.startswith("Usage: "), result
    bare = rag(data_dir=tmp_path / "data", timeout=60)
    assert "Commands:" in bare.stdout + bare.stderr


@pytest.mark.parametrize(
    "args",
    [["sources"], ["sources", "--json"], ["remove", "x"], ["ask", "Who?"], ["ingest", "seeds"],
     ["chat"]],
)  # fmt: skip
def test_a_data_dir_that_is_a_file_is_the_same_one_line_for_every_command(tmp_path, args):
    afile = tmp_path / "afile"
    afile.write_text("not an index")
    result = rag(*args, data_dir=afile, timeout=120)
    assert_one_line_error(result, f"the data dir {afile} is not a folder (is it a file?)")
    assert result.stdout == "" and afile.read_text() == "not an index"


def test_corrupt_store_names_the_fix(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "chroma.sqlite3").write_bytes(b"garbage" * 500)
    result = rag("ask", "Who went with Putin?", data_dir=data)
    assert_one_line_error(result, "rag ingest --reset")
    assert (data / "chroma.sqlite3").read_bytes() == b"garbage" * 500


def test_help_is_fast_and_light():
    code = "import sys, rag.cli; print(any(m in sys.modules for m in ('gradio', 'chromadb', 'llama_index.core', 'numpy')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


def _chat(data_dir: Path, *lines: str) -> subprocess.CompletedProcess:
    """`rag chat` fed these lines, then the empty line that ends it."""
    return subprocess.run(
        [sys.executable, "-m", "rag.cli", "chat"], input="\n".join(lines) + "\n\n",
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=300,
        env={**os.environ, "RAG_DATA_DIR": str(data_dir)},
    )  # fmt: skip


def test_chat_ended_by_ctrl_d_ends_its_prompt_line(fresh_copy):
    """At a terminal Ctrl-D echoes nothing: without a newline the shell's prompt came after
    `? `."""
    result = rag("chat", data_dir=fresh_copy, input="")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Ask a question (empty line or Ctrl-D to quit).\n? \n"


def test_chat_condenses_follow_ups(fresh_copy):
    result = _chat(fresh_copy, "Who went with Putin?", "and who else?")
    assert result.returncode == 0, result.stderr
    assert "Belousov" in result.stdout
    assert "(searching for: Who went with Putin? and who else?)" in result.stdout


def test_chat_resolves_a_follow_up_offline(fresh_copy):
    result = _chat(fresh_copy, "How many times have Putin and Xi met?", "And what did they sign?")
    assert result.returncode == 0, result.stderr
    assert "(searching for: What did Putin and Xi sign?)" in result.stdout
    second = result.stdout.split("(searching for:")[1]
    assert "joint statement" in second or "joint declaration" in second


def test_chat_follow_ups_name_the_event_and_never_pile_up(fresh_copy):
    result = _chat(
        fresh_copy, "Who went with Putin?", "And when was that?", "What did they sign?", "Why?"
    )
    assert result.returncode == 0, result.stderr
    searched = [line for line in result.stdout.splitlines() if "(searching for:" in line]
    assert [s.split("(searching for: ")[1] for s in searched] == [
        "When did Putin go?)", "What did Putin sign?)", "Why did Putin sign?)"
    ]  # fmt: skip


def test_two_questions_in_one_line_are_answered_part_by_part(fresh_copy):
    result = rag("ask", "Who went with Putin? What did Putin and Xi sign?", "--json",
                 data_dir=fresh_copy)  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert not data["abstained"]
    assert "Belousov" in data["answer"] and "joint" in data["answer"]
    numbers = [c["n"] for c in data["citations"]]
    assert numbers == list(range(1, len(numbers) + 1))  # one numbering for the whole line
    cited = {n for s in data["sentences"] for n in s["citations"]}
    assert cited == set(numbers)
    keys = [(c["path"], c["chunk_id"]) for c in data["citations"]]
    assert len(set(keys)) == len(keys)  # a passage cited by both parts keeps one number


def test_a_part_the_sources_do_not_answer_declines_alone(fresh_copy):
    result = rag("ask", "What is the population of Harbin? Who went with Putin?",
                 data_dir=fresh_copy)  # fmt: skip
    assert result.returncode == 0, result.stderr
    first, rest = result.stdout.split("I can't find that in the sources.", 1)
    assert first.strip() == "What is the population of Harbin?"
    assert "Belousov" in rest and "[1] 000_f56484f7a27f0105.txt" in rest


def test_bad_gold_file_is_one_plain_line(tmp_path):
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"id": "x"}\n')
    result = rag("eval", str(gold), data_dir=tmp_path / "data")
    assert_one_line_error(result, "bad.jsonl:1: missing question")
    assert "GoldError" not in result.stderr
    assert not (tmp_path / "data").exists()


@pytest.mark.slow
def test_ingest_reads_pdfs_and_skips_one_without_text(tmp_path):
    from tests.helpers import make_pdf

    folder = tmp_path / "in"
    folder.mkdir()
    lines = ["date 2024-03-04", "Harbour bridge reopens",
             "Mayor Anna Berg cut the ribbon in front of several hundred residents."]  # fmt: skip
    (folder / "bridge.pdf").write_bytes(make_pdf([lines]))
    (folder / "scan.pdf").write_bytes(make_pdf([[]]))
    result = rag("ingest", str(folder), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "Indexed 1 file(s)" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == ["warning: skipped scan.pdf: no text layer (a scanned or image-only PDF?)"]
    asked = rag("ask", "Who cut the ribbon?", "--json", data_dir=tmp_path / "data")
    answer = json.loads(asked.stdout)
    assert "Anna Berg" in answer["answer"]
    assert answer["citations"][0]["source"] == "bridge.pdf"


@pytest.mark.parametrize(
    ("key", "value"),
    [("RAG_TOP_K", "many"), ("RAG_QUERY_LIKELIHOOD", "bogus"), ("RAG_FOLD_COPIES", "maybe")],
)
def test_a_setting_that_does_not_parse_is_one_line_naming_its_key(tmp_path, key, value):
    result = rag("ask", "Who went with Putin?", data_dir=tmp_path / "data", env={key: value})
    assert_one_line_error(result, f"{key}={value!r}")
    assert not (tmp_path / "data").exists()  # nothing was built on the way to the error


def write_articles(folder, names):
    """Short articles, one per name, each about its own topic."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        topic = name.split(".")[0]
        (folder / name).write_text(
            f"date 2024-03-04\n{topic.title()} news\n\nThe {topic} committee met on Monday and "
            f"agreed a new plan for the {topic} season.\n"
        )
    return folder


def test_rebuild_advice_names_the_indexed_folders(tmp_path):
    notes = write_articles(tmp_path / "my notes", ["orchard.txt"])
    other = write_articles(tmp_path / "c9", ["harbour.txt"])
    data = tmp_path / "data"
    assert rag("ingest", str(notes), str(other / "harbour.txt"), data_dir=data).returncode == 0
    command = f"`rag ingest --reset {other} '{notes}'`"
    result = rag("ask", "What did the committee agree?", data_dir=data,
                 env={"RAG_EMBED_PRECISION": "int8"})  # fmt: skip
    assert_one_line_error(result, command)
    (live,) = data.glob("index-*")
    (live / "chroma.sqlite3").write_bytes(b"garbage" * 500)
    assert_one_line_error(rag("ask", "What did the committee agree?", data_dir=data), command)


def test_a_bare_reset_does_not_swap_the_index_for_the_samples(fresh_copy, tmp_path):
    """`rag ingest --reset` with no PATH rebuilds from seeds/ alone: over documents from
    elsewhere it names the command that rebuilds them and changes nothing; over the samples
    alone it rebuilds them."""
    assert rag("ingest", "--reset", data_dir=fresh_copy).returncode == 0
    notes = write_articles(tmp_path / "my notes", ["orchard.txt"])
    assert rag("ingest", str(notes), data_dir=fresh_copy).returncode == 0
    before = rag("sources", "--json", data_dir=fresh_copy).stdout
    result = rag("ingest", "--reset", data_dir=fresh_copy)
    assert_one_line_error(result, "would drop the 1 document(s) indexed from elsewhere")
    assert f"'{notes}'" in result.stderr and "for the samples alone, `rag ingest --reset" in (
        result.stderr
    )
    assert rag("sources", "--json", data_dir=fresh_copy).stdout == before


def test_reset_reports_the_documents_it_dropped(tmp_path):
    data = tmp_path / "data"
    old = write_articles(tmp_path / "old", ["apple.txt", "pear.txt", "plum.txt"])
    new = write_articles(tmp_path / "new", ["plum.txt", "fig.txt"])
    assert rag("ingest", str(old), data_dir=data).returncode == 0
    result = rag("ingest", "--reset", str(new), data_dir=data)
    assert result.returncode == 0, result.stderr
    assert "Replaced 3 document(s) with 2; dropped: apple.txt, old/plum.txt, pear.txt." in (
        result.stdout
    )


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary", b"caf\xc3\xa9 au lait \xe9"])
def test_a_file_that_cannot_be_read_keeps_its_indexed_version_and_says_so(tmp_path, content):
    folder = write_articles(tmp_path / "in", ["orchard.txt", "harbour.txt"])
    data = tmp_path / "data"
    assert rag("ingest", str(folder), data_dir=data).returncode == 0
    (folder / "orchard.txt").write_bytes(content)
    result = rag("ingest", str(folder), data_dir=data)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].startswith("warning: skipped orchard.txt: ")
    assert warnings[0].endswith("; its indexed version is kept (`rag remove orchard.txt` drops it)")
    listed = json.loads(rag("sources", "--json", data_dir=data).stdout)
    assert {d["source"] for d in listed} == {"orchard.txt", "harbour.txt"}


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("RAG_TOP_K", "-1", "greater than or equal to 1"),
        ("RAG_TOP_K", "0", "greater than or equal to 1"),
        ("RAG_TOP_K", "1000", "less than or equal to 50"),
        ("RAG_CHUNK_TOKENS", "0", "greater than or equal to 16"),
        ("RAG_CHUNK_OVERLAP", "300", "must be below RAG_CHUNK_TOKENS (224)"),
        ("RAG_CHUNK_OVERLAP", "-5", "greater than or equal to 0"),
        ("RAG_MAX_FILE_BYTES", "0", "greater than or equal to 1"),
        ("RAG_TIMEOUT_S", "0", "greater than 0"),
        ("RAG_MAX_RETRIES", "-1", "greater than or equal to 0"),
        ("RAG_CONTEXT_TOKENS", "10", "greater than or equal to 1024"),
        ("RAG_MAX_QUESTION_CHARS", "0", "greater than or equal to 1"),
        ("RAG_CHROMA_PORT", "70000", "less than or equal to 65535"),
    ],
)
def test_a_setting_out_of_range_is_one_line_naming_its_key(tmp_path, key, value, fragment):
    result = rag("ask", "Who went with Putin?", data_dir=tmp_path / "data", env={key: value})
    assert_one_line_error(result, f"{key}={value!r}: ")
    assert result.stderr.strip().endswith(fragment)
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("built", [False, True])
def test_ingest_of_only_bad_files_shows_each_reason_then_one_error(tmp_path, built):
    data = tmp_path / "data"
    if built:
        assert (
            rag(
                "ingest", str(write_articles(tmp_path / "ok", ["fig.txt"])), data_dir=data
            ).returncode
            == 0
        )
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blob.md").write_bytes(b"\x00\x01")
    result = rag("ingest", str(bad), data_dir=data)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "warning: skipped blob.md: binary file",
        "warning: skipped empty.txt: empty",
        "error: nothing to index (2 file(s) skipped); the index is unchanged",
    ]


def test_a_windows_1252_file_is_indexed_with_a_note_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Caf\u00e9 owner wins award\n\nPierre Dubois won the city\u2019s \u201cbest caf\u00e9\u201d award."
    (folder / "cafe.txt").write_bytes(text.encode("cp1252"))
    result = rag("ingest", str(folder), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "Indexed 1 file(s)" in result.stdout
    assert [line for line in result.stderr.splitlines() if line.startswith(("note", "warn"))] == [
        "note: cafe.txt: not UTF-8; read as Windows-1252 (Latin-1); if its accents look wrong, "
        "re-save it as UTF-8"
    ]
    listed = json.loads(rag("sources", "--json", data_dir=tmp_path / "data").stdout)
    assert listed[0]["title"] == "Caf\u00e9 owner wins award"


def test_ingest_of_an_empty_folder_into_a_built_index_is_an_error(tmp_path):
    data = tmp_path / "data"
    assert (
        rag("ingest", str(write_articles(tmp_path / "ok", ["fig.txt"])), data_dir=data).returncode
        == 0
    )
    (tmp_path / "empty").mkdir()
    result = rag("ingest", str(tmp_path / "empty"), data_dir=data)
    assert_one_line_error(result, "nothing to index (no supported files); the index is unchanged")


def test_a_renamed_file_is_named_as_still_indexed_until_a_prune(tmp_path):
    data = tmp_path / "data"
    folder = write_articles(tmp_path / "in", ["fig.txt", "pear.txt"])
    assert rag("ingest", str(folder), data_dir=data).returncode == 0
    (folder / "fig.txt").rename(folder / "fig2.txt")
    result = rag("ingest", str(folder), data_dir=data)
    assert result.returncode == 0, result.stderr
    assert (
        f"1 indexed document(s) under these paths have no file any more ({folder / 'fig.txt'})"
        in result.stderr
    )
    assert "--prune" in result.stderr
    assert len(json.loads(rag("sources", "--json", data_dir=data).stdout)) == 3  # nothing removed
    pruned = rag("ingest", str(folder), "--prune", data_dir=data)
    assert "no file any more" not in pruned.stderr
    again = rag("ingest", str(folder), data_dir=data)
    assert "no file any more" not in again.stderr


def test_a_prune_that_only_removed_a_gone_file_succeeds(tmp_path):
    data = tmp_path / "data"
    folder = write_articles(tmp_path / "in", ["fig.txt"])
    assert rag("ingest", str(folder), data_dir=data).returncode == 0
    (folder / "fig.txt").unlink()
    result = rag("ingest", str(folder), "--prune", data_dir=data)
    assert result.returncode == 0, result.stderr
    assert f"warning: removed {folder / 'fig.txt'} (the file is gone)" in result.stderr
    assert json.loads(rag("sources", "--json", data_dir=data).stdout) == []


def test_a_prune_of_a_deleted_folder_drops_its_documents(tmp_path):
    data = tmp_path / "data"
    kept = write_articles(tmp_path / "kept", ["plum.txt"])
    gone = write_articles(tmp_path / "gone", ["fig.txt", "pear.txt"])
    assert rag("ingest", str(kept), str(gone), data_dir=data).returncode == 0
    shutil.rmtree(gone)
    typo = rag("ingest", str(tmp_path / "gnoe"), "--prune", data_dir=data)
    assert_one_line_error(
        typo, f"{tmp_path / 'gnoe'}: no such file or folder (and none indexed there)"
    )
    result = rag("ingest", str(gone), "--prune", data_dir=data)
    assert result.returncode == 0, result.stderr
    assert f"warning: removed {gone / 'fig.txt'} (the file is gone)" in result.stderr
    listed = json.loads(rag("sources", "--json", data_dir=data).stdout)
    assert [d["source"] for d in listed] == ["plum.txt"]
    without = rag("ingest", str(gone), data_dir=data)  # no --prune: a missing path is an error
    assert_one_line_error(without, f"{gone}: no such file or folder")


def test_remove_of_one_document_named_twice_removes_it_once(tmp_path):
    data = tmp_path / "data"
    folder = write_articles(tmp_path / "in", ["fig.txt", "plum.txt"])
    assert rag("ingest", str(folder), data_dir=data).returncode == 0
    result = rag("remove", "fig.txt", "fig.txt", str(folder / "fig.txt"), data_dir=data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Removed 1 document(s), ")
    listed = json.loads(rag("sources", "--json", data_dir=data).stdout)
    assert [d["source"] for d in listed] == ["plum.txt"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--source", "missing.txt"], "no document named 'missing.txt' in the index"),
        (["--source", "000_f56484f7a27f0105.txt", "--since", "2030-01-01"], "is dated 2024-05-17"),
    ],
)
def test_chat_with_a_filter_that_can_match_nothing_fails_before_the_first_question(
    fresh_copy, args, fragment
):
    """As `rag ask` does: not a session whose every question gets the same error, exit 0."""
    result = rag("chat", *args, data_dir=fresh_copy, input="Who went with Putin?\n\n")
    assert_one_line_error(result, fragment)
    assert result.stdout == ""


def test_a_reader_that_stops_reading_ends_it_quietly(fresh_copy):
    """`rag sources | head -1`: no `error: BrokenPipeError` line, as `cat` says nothing."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    env.update(RAG_DATA_DIR=str(fresh_copy), PYTHONPATH=str(REPO_ROOT))
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line is written
    with os.fdopen(write, "w") as closed:
        result = subprocess.run([sys.executable, "-m", "rag.cli", "sources"], stdout=closed,
                                stderr=subprocess.PIPE, text=True, env=env, timeout=120)  # fmt: skip
    assert result.stderr == ""
    assert result.returncode == 141  # 128 + SIGPIPE, as a tool that the signal ends


@pytest.mark.parametrize("command", ["ask", "chat"])
def test_since_after_until_is_an_error(tmp_path, command):
    args = ["--since", "2024-06-01", "--until", "2024-01-01"]
    result = rag(command, *(["Who went with Putin?"] if command == "ask" else []), *args,
                 data_dir=tmp_path / "data")  # fmt: skip
    assert_one_line_error(
        result, "--since 2024-06-01 is after --until 2024-01-01, so no article can match"
    )
    assert not (tmp_path / "data").exists()


def test_serve_on_a_port_in_use_is_one_plain_line(tmp_path):
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = rag("serve", "--port", str(port), data_dir=tmp_path / "data", timeout=60)
    assert_one_line_error(result, f"port {port} is in use; choose another with --port")
    assert result.stderr == f"error: port {port} is in use; choose another with --port\n"


def test_serve_with_a_bad_login_is_one_plain_line(tmp_path):
    from tests.helpers import free_port

    result = rag("serve", "--port", str(free_port()), "--auth", "nocolon",
                 data_dir=tmp_path / "data", timeout=120)  # fmt: skip
    assert result.stderr == (
        "error: the UI login (--auth or RAG_UI_AUTH) must look like USER:PASS\n"
    )


@pytest.mark.parametrize(
    ("args", "note"),
    [
        (["--source", "001_ee7998e139fe068f.txt"],
         "only 001_ee7998e139fe068f.txt was searched (--source): the answer may be in other "
         "articles."),
        # only the seed of 2021 is dated until 2022, and it says nothing of Putin's delegation
        (["--until", "2022-01-01"],
         "only articles dated until 2022-01-01 were searched (undated ones are left out): the "
         "answer may be in other articles."),
    ],
)  # fmt: skip
def test_an_abstention_under_a_filter_says_what_was_searched(fresh_copy, args, note):
    result = rag("ask", "Who went with Putin?", *args, data_dir=fresh_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["I can't find that in the sources.", f"Note: {note}"]


@pytest.mark.parametrize(
    "args", [["--source", "001_ee7998e139fe068f.txt"], ["--until", "2022-01-01"]]
)
def test_json_carries_the_notes_the_text_shows(fresh_copy, args):
    text = rag("ask", "Who went with Putin?", *args, data_dir=fresh_copy)
    shown = [line.removeprefix("Note: ") for line in text.stdout.splitlines() if "Note:" in line]
    assert shown, text.stdout
    as_json = rag("ask", "Who went with Putin?", *args, "--json", data_dir=fresh_copy)
    assert json.loads(as_json.stdout)["notes"] == shown


@pytest.mark.parametrize("command", ["ask", "chat"])
def test_a_date_filter_that_leaves_out_every_article_is_an_error_naming_their_dates(
    fresh_copy, command
):
    """Every seed is dated 2021 or 2024 (or undated): a filter from 2025 on leaves none of them,
    and "I can't find that" with a note that the articles since 2025 were searched hid that."""
    asked = ["Who went with Putin?"] if command == "ask" else []
    result = rag(command, *asked, "--since", "2025", data_dir=fresh_copy,
                 input="Who went with Putin?\n")  # fmt: skip
    assert_one_line_error(
        result,
        "no indexed article is dated since 2025-01-01 (the dated ones run from 2021-12-15 to "
        "2024-05-17; 2 undated ones are left out by any date filter): nothing can be searched; "
        "widen or clear the date filter",
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("source", "said"),
    [("002_6833aac7d044ae4f.txt", "is undated, and undated articles are left out by"),
     ("004_65d4c2a72f05d57b.txt", "is dated 2021-12-15, outside")],
)  # fmt: skip
def test_a_source_the_date_filter_leaves_out_is_an_error_not_an_abstention(fresh_copy, source,
                                                                           said):  # fmt: skip
    result = rag("ask", "Who went with Putin?", "--source", source, "--since", "2024-01-01",
                 data_dir=fresh_copy)  # fmt: skip
    assert_one_line_error(result, f"{source} {said} the date filter (since 2024-01-01)")
    kept = rag("ask", "Who went with Putin?", "--source", "000_f56484f7a27f0105.txt", "--since",
               "2024-01-01", data_dir=fresh_copy)  # fmt: skip
    assert kept.returncode == 0 and "Belousov" in kept.stdout


@pytest.mark.slow
def test_a_first_ask_may_name_a_seed_as_source(tmp_path):
    result = rag("ask", "Who went with Putin?", "--json", "--source", "000_f56484f7a27f0105.txt",
                 data_dir=tmp_path / "new")  # fmt: skip
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {c["source"] for c in answer["citations"]} == {"000_f56484f7a27f0105.txt"}


def test_a_markdown_article_is_answered_and_quoted_without_its_markup(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "strike.md").write_text(
        "# Harbour **strike** ends\n\ndate 2024-04-02\n\n"
        "The dock workers' union said on **Tuesday** that the strike at the _Port of Valmora_\n"
        "had ended after a vote of its [members](https://ex.org/m).\n\n"
        "- The harbour master, `Ines Marlow`, said ships would be *unloaded* again.\n"
    )
    data = tmp_path / "data"
    assert rag("ingest", str(folder), data_dir=data).returncode == 0
    result = rag("ask", "What did the dock workers' union say on Tuesday?", data_dir=data)
    assert result.returncode == 0, result.stderr
    said = ("The dock workers' union said on Tuesday that the strike at the Port of Valmora had "
            "ended after a vote of its members.")  # fmt: skip
    assert result.stdout.splitlines() == [
        f"{said} [1]",
        "",
        "Sources:",
        f'[1] strike.md - Harbour strike ends (2024-04-02): "{said}"',
    ]


def test_a_question_typed_twice_is_asked_once(fresh_copy):
    once = "Which Chinese banks halted transactions with Russian clients?"
    answers = [
        rag("ask", question, "--json", data_dir=fresh_copy)
        for question in (once, f"{once}  {once.lower()}", f"{once} {once[:-1]}")
    ]
    assert all(a.returncode == 0 for a in answers), [a.stderr for a in answers]
    shown = [json.loads(a.stdout) for a in answers]
    for answer in shown:
        del answer["timings_ms"]
    assert shown[0]["citations"] and shown[1] == shown[0] and shown[2] == shown[0]


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Who went with Putin? Who went with Putin?", "Who went with Putin?"),
        ("Who went?  WHO WENT? And when?", "Who went? And when?"),
        ("Did Mr. Xi meet Mr. Putin? Did Mr. Xi meet Mr. Putin?", "Did Mr. Xi meet Mr. Putin?"),
        ("Mr. Xi met Mr. Li. Mr. Xi met whom else?", "Mr. Xi met Mr. Li. Mr. Xi met whom else?"),
        ("Who said it? When? Who said it, and when?", "Who said it? When? Who said it, and when?"),
        ("Who went with Putin!", "Who went with Putin?"),
        ("who went with putin?? WHO WENT WITH PUTIN!!", "who went with putin?"),
        ("Who went with Putin?! Why?!?", "Who went with Putin? Why?"),
        ("Is 5! = 120? What is C!Q?", "Is 5! = 120? What is C!Q?"),
        ("Who went\x1b[31m with Putin?\x1b[0m", "Who went with Putin?"),
        ("\x1b]0;a title\x07Who went with \x1b[1;4mPutin\x1b[m?", "Who went with Putin?"),
        ("\x1b]8;;http://x\x1b\\Who went with Putin?\x1b]8;;\x1b\\", "Who went with Putin?"),
        ("Who went with Putin? " * 200, "Who went with Putin?"),
        # emoji carry nothing to search for, and before the "?" or first they changed the answer
        ("🙂 Who went with Putin?", "Who went with Putin?"),
        ("Who went with Putin 🇷🇺🤝🇨🇳?", "Who went with Putin?"),
        ("Who went with Putin ❤️? 🤔", "Who went with Putin?"),
        ("Did Putin👍meet Xi?", "Did Putin meet Xi?"),
        ("How hot was it, 40°C? ©2024", "How hot was it, 40°C? ©2024"),  # no emoji
    ],
)
def test_repeats_and_escape_sequences_are_cleaned_away_before_retrieval(question, asked):
    from rag.pipeline import clean_question

    assert clean_question(question, 2000) == asked


def test_a_question_of_emoji_alone_is_refused_as_having_no_words():
    from rag.pipeline import QuestionError, clean_question

    with pytest.raises(QuestionError, match="^the question has no words, only emoji$"):
        clean_question("🤔 🇷🇺", 2000)


@pytest.mark.parametrize("question", ["??", "...", "-", "?!", "¿?", "🤔 ?"])
def test_a_question_of_punctuation_alone_is_refused_as_having_no_words(tmp_path, question):
    """ "??" was asked as "?" and answered "I can't find that in the sources." """
    from rag.pipeline import QuestionError, clean_question

    with pytest.raises(QuestionError, match="^the question has no words, only punctuation$"):
        clean_question(question, 2000)
    assert clean_question("23?", 2000) == "23?"


def test_the_length_limit_counts_the_cleaned_question_up_to_ten_times_over():
    from rag.pipeline import QuestionError, clean_question

    assert clean_question("Who went? " * 2000, 2000) == "Who went?"  # 20,000 characters
    with pytest.raises(
        QuestionError, match="^the question is 20,010 characters; the limit is 2,000$"
    ):
        clean_question("Who went? " * 2001, 2000)
    with pytest.raises(
        QuestionError, match="^the question is 2,001 characters; the limit is 2,000$"
    ):
        clean_question("Who? " + "x" * 1996, 2000)


def test_an_article_without_punctuation_is_answered_from_its_pieces(tmp_path):
    import re

    folder = tmp_path / "in"
    folder.mkdir()
    text = " ".join((REPO_ROOT / "seeds" / name).read_text()
                    for name in ("000_f56484f7a27f0105.txt", "003_d24d4931f66afc79.txt"))  # fmt: skip
    (folder / "flat.txt").write_text(" ".join(re.sub(r"[^\w\s]", " ", text).split()))
    data = tmp_path / "data"
    assert rag("ingest", str(folder), data_dir=data).returncode == 0
    result = rag("ask", "Which ministers were in Putin's delegation?", "--json", data_dir=data)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert not answer["abstained"]
    assert all(s["supported"] for s in answer["sentences"])
    assert "Mr Putin traveled with a large delegation" in answer["answer"]
    assert [c["source"] for c in answer["citations"]] == ["flat.txt"]


@pytest.mark.parametrize("args", [["."], ["x.txt"], ["--reset", "store"]])
def test_a_path_in_the_data_dir_is_refused_not_indexed_as_nothing(tmp_path, args):
    here = write_articles(tmp_path / "here", ["x.txt"])
    (here / "store").mkdir()
    data = here if args != ["--reset", "store"] else here / "store"
    result = rag("ingest", *args, data_dir=data, cwd=here)
    assert_one_line_error(result, f"is in the data dir {data}, whose files are never indexed")
    assert sorted(p.name for p in here.rglob("*")) == ["store", "x.txt"]
