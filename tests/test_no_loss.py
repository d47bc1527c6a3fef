"""Nothing indexed is ever lost: document identity, remove and prune, atomic resets (issue 11).

Real Chroma stores on disk; the CLI as real subprocesses where users meet it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from rag.documents import find_files, parse_document, short_names
from rag.errors import QuestionError, StoreError
from rag.pipeline import Pipeline
from rag.settings import REPO_ROOT
from tests.helpers import SEEDS, make_settings
from tests.test_cli import assert_one_line_error, rag

MANGO = "Report A says the mango harvest in Kerala rose by 12 percent in 2023, farmers said."
COPPER = "Report B says the copper price in Chile fell to a two-year low in March 2024."

# Every test here builds its own index, most in subprocesses: `make test`, not `make check`.
pytestmark = pytest.mark.slow


def _two_reports(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "report.txt").write_text(MANGO)
    (b / "report.txt").write_text(COPPER)
    return a, b


def _sources(data: Path) -> list[dict]:
    result = rag("sources", "--json", data_dir=data)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- identity -------------------------------------------------------------------------------------
def test_same_file_name_in_two_folders_is_two_documents(tmp_path):
    a, b = _two_reports(tmp_path)
    data = tmp_path / "data"
    assert rag("ingest", str(a), data_dir=data).returncode == 0
    second = rag("ingest", str(b), data_dir=data)
    assert second.returncode == 0 and "0 removed" in second.stdout
    docs = _sources(data)
    assert sorted(d["source"] for d in docs) == ["a/report.txt", "b/report.txt"]
    assert {d["path"] for d in docs} == {str(a / "report.txt"), str(b / "report.txt")}
    mango = rag("ask", "How much did the mango harvest rise?", "--json", data_dir=data)
    answer = json.loads(mango.stdout)
    assert "12 percent" in answer["answer"]
    assert answer["citations"][0]["source"] == "a/report.txt"
    assert answer["citations"][0]["path"] == str(a / "report.txt")


def test_both_folders_in_one_run_and_identical_files_do_not_abort(tmp_path):
    a, b = _two_reports(tmp_path)
    (b / "copy.txt").write_text(MANGO)  # identical text to a/report.txt
    (a / "twin.txt").write_text(MANGO)
    data = tmp_path / "data"
    result = rag("ingest", str(a), str(b), str(a / "report.txt"), data_dir=data)
    assert result.returncode == 0, result.stderr
    assert "Indexed 4 file(s)" in result.stdout  # the file named twice is read once
    assert len(_sources(data)) == 4


def test_changed_file_at_same_path_replaces_its_chunks(tmp_path):
    a, _ = _two_reports(tmp_path)
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    pipeline.ingest([a])
    (a / "report.txt").write_text(COPPER)
    report = pipeline.ingest([a])
    assert report.added == 1 and report.removed == 1
    assert [d["chunks"] for d in pipeline.sources()] == [1]
    assert "copper" in pipeline.store.all_chunks()[0].text


FERRY = "---\ntitle: {}\ndate: {}\n---\n\nThe ferry strike in Orvik ended on Friday after nine days, the union said.\n"


def _cited(data: Path) -> list[tuple[str, str | None]]:
    """(title, date) of what a fresh process cites for the ferry question."""
    answer = Pipeline(make_settings(data)).ask("When did the ferry strike end?")
    return [(c.title, c.date) for c in answer.citations]


def test_an_edit_to_the_front_matter_alone_reaches_sources_and_answers(tmp_path):
    """A changed title or date is a change (it was "unchanged"), and no saved BM25 index serves
    the old one after it, with or without a reset."""
    article = tmp_path / "ferry.md"
    article.write_text(FERRY.format("Ferry strike ends", "2026-11-20"))
    data = tmp_path / "data"
    Pipeline(make_settings(data)).ingest([article])
    assert _cited(data) == [("Ferry strike ends", "2026-11-20")]  # saves the BM25 index
    article.write_text(FERRY.format("Ferry strike ends after nine days", "2025-03-14"))
    report = Pipeline(make_settings(data)).ingest([article])
    assert report.unchanged == 0 and report.added == report.removed == 1
    assert [(d["title"], d["date"]) for d in Pipeline(make_settings(data)).sources()] == [
        ("Ferry strike ends after nine days", "2025-03-14")
    ]
    assert _cited(data) == [("Ferry strike ends after nine days", "2025-03-14")]
    article.write_text(FERRY.format("Ferry strike over", "2025-03-15"))
    Pipeline(make_settings(data)).ingest([article], reset=True)
    assert _cited(data) == [("Ferry strike over", "2025-03-15")]


def test_short_names_grow_only_where_names_clash():
    labels = short_names(["/x/a/report.txt", "/y/a/report.txt", "/x/b/report.txt", "/x/c.txt",
                          "upload:c.txt"])  # fmt: skip
    assert labels == {
        "/x/a/report.txt": "x/a/report.txt",
        "/y/a/report.txt": "y/a/report.txt",
        "/x/b/report.txt": "b/report.txt",
        "/x/c.txt": "x/c.txt",
        "upload:c.txt": "uploads/c.txt",
    }


# -- remove and prune -----------------------------------------------------------------------------
def test_remove_by_name_and_unknown_name_removes_nothing(tmp_path):
    a, b = _two_reports(tmp_path)
    data = tmp_path / "data"
    rag("ingest", str(a), str(b), data_dir=data)
    bad = rag("remove", "a/report.txt", "nope.txt", data_dir=data)
    assert_one_line_error(bad, "no document named 'nope.txt'")
    ambiguous = rag("remove", "report.txt", data_dir=data)
    assert_one_line_error(ambiguous, "names several documents")
    assert len(_sources(data)) == 2
    ok = rag("remove", "a/report.txt", data_dir=data)
    assert ok.returncode == 0, ok.stderr
    assert [d["path"] for d in _sources(data)] == [str(b / "report.txt")]


def test_a_name_once_shown_keeps_working_after_its_twin_is_removed(tmp_path):
    a, b = _two_reports(tmp_path)
    data = tmp_path / "data"
    assert rag("ingest", str(a), str(b), data_dir=data).returncode == 0
    question = "What happened to the copper price?"
    before = rag("ask", question, "--json", "--source", "b/report.txt", data_dir=data)
    assert before.returncode == 0, before.stderr
    assert json.loads(before.stdout)["citations"][0]["path"] == str(b / "report.txt")
    assert rag("remove", "a/report.txt", data_dir=data).returncode == 0
    # every form b's document was or is shown as, and its path, still names it
    for name in ("b/report.txt", "report.txt", f"{tmp_path.name}/b/report.txt",
                 str(b / "report.txt"), f"{b}/../b/report.txt"):  # fmt: skip
        after = rag("ask", question, "--json", "--source", name, data_dir=data)
        assert after.returncode == 0, (name, after.stderr)
        cited = json.loads(after.stdout)["citations"]
        assert cited and cited[0]["path"] == str(b / "report.txt"), name
    # a part of a name is not a name
    assert_one_line_error(rag("remove", "port.txt", data_dir=data), "no document named")
    assert rag("remove", "b/report.txt", data_dir=data).returncode == 0
    assert _sources(data) == []


def test_a_folder_qualified_name_is_refused_only_while_it_is_ambiguous(tmp_path):
    a, b = _two_reports(tmp_path)
    deeper = tmp_path / "c" / "a"
    deeper.mkdir(parents=True)
    (deeper / "report.txt").write_text(MANGO.replace("Kerala", "Goa"))
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    pipeline.ingest([a, b, deeper])
    assert pipeline.labels()[str(a / "report.txt")] == f"{tmp_path.name}/a/report.txt"
    with pytest.raises(QuestionError, match="names several documents"):
        pipeline.resolve_source("a/report.txt")
    pipeline.remove(["c/a/report.txt"])
    assert pipeline.resolve_source("a/report.txt") == str(a / "report.txt")


def test_a_file_here_that_is_not_indexed_is_not_taken_for_another_folders_twin(
    tmp_path, monkeypatch
):
    a, b = _two_reports(tmp_path)
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    pipeline.ingest([a, b])
    pipeline.remove([str(a / "report.txt")])
    monkeypatch.chdir(a)  # ./report.txt is on disk, no longer indexed; b's shows as report.txt
    with pytest.raises(QuestionError, match=f"{a / 'report.txt'} is not in the index.*{b}"):
        pipeline.resolve_source("report.txt")
    with pytest.raises(QuestionError, match="is not in the index"):
        pipeline.remove(["report.txt"])
    assert list(pipeline.labels()) == [str(b / "report.txt")]  # nothing was removed
    monkeypatch.chdir(b)  # here the file on disk is the indexed one
    assert pipeline.resolve_source("report.txt") == str(b / "report.txt")


def test_a_folder_given_as_a_document_is_said_to_be_one_and_its_documents_are_named(
    tmp_path, monkeypatch
):
    """`rag remove a` (or `--source a`) for a folder whose documents are indexed: not "no
    document named 'a'", which reads as if the folder's articles were not there."""
    a, b = _two_reports(tmp_path)
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    pipeline.ingest([a, b])
    monkeypatch.chdir(tmp_path)
    with pytest.raises(QuestionError, match=r"^'a' is a folder, not a document: .* a/report\.txt"):
        pipeline.remove(["a"])
    assert len(pipeline.labels()) == 2  # nothing was removed


def test_a_file_name_with_control_characters_is_named_as_the_terminal_shows_it(tmp_path):
    """`rag sources` shows `new\\nline.txt` and `escred.txt` (the escape removed): what it shows
    names the document for `rag remove` and `--source`, as the file name itself does."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "new\nline.txt").write_text(MANGO)
    (news / "esc\x1b[31mred.txt").write_text(COPPER)
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    pipeline.ingest([news])
    assert pipeline.resolve_source("new\\nline.txt") == str(news / "new\nline.txt")
    assert pipeline.resolve_source("escred.txt") == str(news / "esc\x1b[31mred.txt")
    assert pipeline.resolve_source("new\nline.txt") == str(news / "new\nline.txt")


def test_prune_drops_only_vanished_files_under_the_given_folders(tmp_path):
    a, b = _two_reports(tmp_path)
    (a / "other.txt").write_text(COPPER.replace("Chile", "Peru"))
    data = tmp_path / "data"
    rag("ingest", str(a), str(b), data_dir=data)
    (a / "other.txt").unlink()
    shutil.rmtree(b)
    plain = rag("ingest", str(a), data_dir=data)
    assert plain.returncode == 0 and len(_sources(data)) == 3  # without --prune nothing goes
    pruned = rag("ingest", str(a), "--prune", data_dir=data)
    assert pruned.returncode == 0, pruned.stderr
    assert "other.txt (the file is gone)" in pruned.stderr
    # b/ was not named, so its vanished document stays until b is pruned or removed
    assert sorted(d["source"] for d in _sources(data)) == ["a/report.txt", "b/report.txt"]


def test_an_ingest_reads_the_index_once_and_remembers_what_it_holds(tmp_path, monkeypatch):
    """The documents an ingest hands on (gone files, remembered roots) are worked out from the
    one read before its write: after an edit, an addition and a prune they match the store."""
    a, b = _two_reports(tmp_path)
    (a / "other.txt").write_text(COPPER.replace("Chile", "Peru"))
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    pipeline.ingest([a, b])
    (a / "report.txt").write_text(MANGO.replace("Kerala", "Goa"))
    (a / "new.txt").write_text(COPPER.replace("Chile", "Bolivia"))
    (a / "other.txt").unlink()
    reads, remembered = [], []
    monkeypatch.setattr(type(pipeline.store), "ids_by_path", _counted(reads))
    monkeypatch.setattr(type(pipeline.store), "remember_roots", lambda _, i: remembered.append(i))
    plain = pipeline.ingest([a])
    assert len(reads) == 1 and plain.gone == [str((a / "other.txt").resolve())]
    assert set(remembered[-1]) == set(pipeline.store.ids_by_path())
    pruned = pipeline.ingest([a], prune=True)
    assert pruned.pruned == plain.gone and len(reads) == 3  # one each, and the check above
    assert remembered[-1] == pipeline.store.ids_by_path()
    assert len(remembered[-1]) == 3


def _counted(reads: list[int]):
    from rag.store import Store

    real = Store.ids_by_path

    def ids_by_path(store):
        reads.append(1)
        return real(store)

    return ids_by_path


# -- atomic reset ---------------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["empty folder", "only an oversized file"])
def test_reset_that_indexes_nothing_keeps_the_index(fresh_copy, tmp_path, case):
    folder = tmp_path / "new"
    folder.mkdir()
    env = {}
    if case == "only an oversized file":
        (folder / "big.txt").write_text("word " * 2000)
        env = {"RAG_MAX_FILE_BYTES": "1000"}
    result = rag("ingest", "--reset", str(folder), data_dir=fresh_copy, env=env)
    assert result.returncode == 1
    assert "the index is unchanged" in result.stderr and "Traceback" not in result.stderr
    assert len(_sources(fresh_copy)) == 5
    asked = rag("ask", "Who went with Putin?", data_dir=fresh_copy)
    assert "Belousov" in asked.stdout


def test_reset_that_crashes_midway_keeps_the_index(fresh_copy, tmp_path):
    pipeline = Pipeline(make_settings(fresh_copy))
    real = pipeline.embedder

    class Exploding:
        name = real.name

        def embed(self, texts):
            raise RuntimeError("the power went out")

    broken = Pipeline(make_settings(fresh_copy), embedder=Exploding())  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="power"):
        broken.ingest([SEEDS / "001_ee7998e139fe068f.txt"], reset=True)
    assert len(pipeline.sources()) == 5
    assert "Belousov" in pipeline.ask("Who went with Putin?").answer
    # the half-built generation is gone: only the live one remains on disk
    assert [p.name for p in fresh_copy.glob("index-*")] == [
        (fresh_copy / "CURRENT").read_text().strip()
    ]


def test_asks_during_a_reset_see_old_or_new_never_empty_and_never_reseed(fresh_copy, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(4):  # enough text that the rebuild takes a few seconds
        for seed in SEEDS.iterdir():
            text = seed.read_text() + f"\nCopy {i}.\n"
            (corpus / f"{i:02d}_{seed.name}").write_text(text)
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("RAG_")}
    env["RAG_DATA_DIR"] = str(fresh_copy)
    reset = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "ingest", "--reset", str(corpus)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    answers = []
    while reset.poll() is None:
        answers.append(rag("ask", "Who went with Putin?", "--json", data_dir=fresh_copy))
        time.sleep(0.2)
    assert reset.returncode == 0, reset.stderr.read() if reset.stderr else ""
    assert answers
    for result in answers:
        assert result.returncode == 0, result.stderr
        answer = json.loads(result.stdout)  # from the old index or the new one, never empty
        assert not answer["abstained"] and answer["citations"]
    docs = _sources(fresh_copy)
    assert len(docs) == 20 and all(d["path"].startswith(str(corpus)) for d in docs)


def test_first_ask_seeds_only_a_data_dir_that_was_never_built(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mango.txt").write_text(MANGO)
    data = tmp_path / "data"
    assert rag("ingest", "--reset", str(folder), data_dir=data).returncode == 0
    rag("remove", "mango.txt", data_dir=data)
    result = rag("ask", "Who went with Putin?", data_dir=data)
    assert_one_line_error(result, "is empty: add articles with `rag ingest PATH")
    assert _sources(data) == []


def test_a_running_pipeline_follows_a_rebuild_by_another_process(fresh_copy, tmp_path):
    """`rag serve` keeps one Pipeline: it must answer from the new index after a CLI reset."""
    served = Pipeline(make_settings(fresh_copy))
    assert "Belousov" in served.ask("Who went with Putin?").answer
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mango.txt").write_text(MANGO)
    assert rag("ingest", "--reset", str(folder), data_dir=fresh_copy).returncode == 0
    answer = served.ask("How much did the mango harvest rise?")
    assert "12 percent" in answer.answer
    assert [d["source"] for d in served.sources()] == ["mango.txt"]


def test_reset_recovers_a_corrupt_store_in_one_run(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    asked = rag("ask", "Who went with Putin?", data_dir=data)
    assert_one_line_error(asked, "is corrupt")
    assert "rag ingest --reset" in asked.stderr
    reset = rag("ingest", "--reset", str(SEEDS), data_dir=data)
    assert reset.returncode == 0, reset.stderr
    assert not (data / "chroma.sqlite3").exists()
    assert "Belousov" in rag("ask", "Who went with Putin?", data_dir=data).stdout


@pytest.mark.parametrize("damage", ["empty", "missing", "names no folder", "not text"])
def test_a_damaged_index_pointer_is_reported_and_nothing_is_seeded_or_dropped(tmp_path, damage):
    """A data dir whose CURRENT file is lost must not read as "never built": the first ask would
    seed it and the build would drop the index folders that are still there."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mango.txt").write_text(MANGO)
    data = tmp_path / "data"
    assert rag("ingest", str(folder), data_dir=data).returncode == 0
    pointer = data / "CURRENT"
    live = pointer.read_text().strip()
    {"empty": lambda: pointer.write_text(""), "missing": pointer.unlink,
     "names no folder": lambda: pointer.write_text("index-20990101T000000-abcdef\n"),
     "not text": lambda: pointer.write_bytes(b"\xff\xfe\x00")}[damage]()  # fmt: skip
    for command in (["ask", "How much did the mango harvest rise?"], ["sources"],
                    ["ingest", str(folder)]):  # fmt: skip
        result = rag(*command, data_dir=data)
        assert_one_line_error(result, f"the index pointer {pointer}")
        assert (
            f"echo {live} > {pointer}" in result.stderr and "nothing was removed" in result.stderr
        )
    assert [p.name for p in data.glob("index-*")] == [live]  # not seeded, nothing dropped
    pointer.write_text(live + "\n")  # the repair the error names
    assert "12 percent" in rag("ask", "How much did the mango harvest rise?", data_dir=data).stdout
    pointer.unlink()  # or the rebuild it names: a reset replaces the damaged index
    assert rag("ingest", "--reset", str(folder), data_dir=data).returncode == 0
    assert "12 percent" in rag("ask", "How much did the mango harvest rise?", data_dir=data).stdout
    assert [p.name for p in data.glob("index-*")] == [pointer.read_text().strip()]


def test_a_generation_still_being_built_is_not_offered_as_the_index(tmp_path):
    """A first build's folder exists before its pointer: a reader then sees no index yet (and
    waits for the writer's lock to seed), not a damaged pointer."""
    from rag.generations import DiskGenerations

    data = tmp_path / "data"
    generations = DiskGenerations(make_settings(data))
    generations.begin("index-20260101T000000-abcdef")
    assert generations.current() is None
    generations.finish("index-20260101T000000-abcdef")
    with pytest.raises(StoreError, match="pointer .* is missing"):
        generations.current()


# -- errors that tell the truth -------------------------------------------------------------------
def test_data_dir_that_is_a_file(tmp_path):
    data = tmp_path / "data"
    data.write_text("not a folder")
    result = rag("ingest", str(SEEDS), data_dir=data)
    assert_one_line_error(result, "is not a folder")
    assert "--reset" not in result.stderr
    assert data.read_text() == "not a folder"


def test_missing_permissions_name_the_cause(fresh_copy):
    fresh_copy.chmod(0o700)
    command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
               sys.executable, "-m", "rag.cli", "sources"]  # fmt: skip
    env = {"RAG_DATA_DIR": str(fresh_copy), "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd="/tmp",
                            timeout=120)  # fmt: skip
    assert_one_line_error(result, "no permission")
    assert "--reset" not in result.stderr


def test_a_user_who_may_not_write_the_index_still_asks(seeded_dir):
    """An index owned by another user (root here) is read-only to this one: `ask` answers from
    it (it said "read-only" and answered nothing); a write names the folder in one line."""
    shared = Path(tempfile.mkdtemp(prefix="rag-shared-"))  # in /tmp: any user may enter it
    try:
        shutil.copytree(seeded_dir, shared / "data")
        subprocess.run(["chmod", "-R", "u=rwX,go=rX", str(shared)], check=True)
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                   sys.executable, "-m", "rag.cli"]  # fmt: skip
        env = {"RAG_DATA_DIR": str(shared / "data"), "PATH": "/usr/bin:/bin", "HOME": "/tmp",
               "PYTHONPATH": str(REPO_ROOT)}  # fmt: skip
        run = lambda *args: subprocess.run([*command, *args], capture_output=True, text=True,  # noqa: E731
                                           env=env, cwd="/tmp", timeout=300)  # fmt: skip
        asked = run("ask", "Who went with Putin?")
        assert asked.returncode == 0, asked.stderr
        assert "Belousov" in asked.stdout
        removed = run("remove", "000_f56484f7a27f0105.txt")
        assert_one_line_error(removed, f"no permission to write the index at {shared / 'data'}")
    finally:
        shutil.rmtree(shared)


@pytest.fixture
def small_disk(tmp_path):
    """A 6 MB tmpfs (tests run as root, as CI does)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_says_so_and_the_index_still_answers(small_disk, tmp_path):
    data = small_disk / "data"
    first = rag("ingest", str(SEEDS / "000_f56484f7a27f0105.txt"), data_dir=data)
    assert first.returncode == 0, first.stderr
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(16):
        (corpus / f"{i:02d}.txt").write_text((SEEDS / "002_6833aac7d044ae4f.txt").read_text()
                                             + f"\nCopy {i}.")  # fmt: skip
    full = rag("ingest", str(corpus), data_dir=data)
    assert_one_line_error(full, "no space left")
    assert "--reset" not in full.stderr
    asked = rag("ask", "Who went with Putin?", data_dir=data)
    assert asked.returncode == 0, asked.stderr
    assert "Belousov" in asked.stdout


def test_read_only_index_answers_and_refuses_writes_in_one_line(read_only, fresh_copy, tmp_path):
    """A team's index on a read-only mount: reading needs no write (Chroma writes to its SQLite
    file just to open it, so it reads a private copy); ingest and remove say why they cannot."""
    before = sorted(fresh_copy.rglob("*"))
    listing = rag("sources", data_dir=read_only)
    assert listing.returncode == 0, listing.stderr
    assert len(listing.stdout.strip().splitlines()) == 5
    asked = rag("ask", "Who went with Putin?", data_dir=read_only)
    assert asked.returncode == 0, asked.stderr
    assert "Belousov" in asked.stdout
    chat = subprocess.run([sys.executable, "-m", "rag.cli", "chat"], input="Who went with Putin?\n\n",
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "RAG_DATA_DIR": str(read_only)})  # fmt: skip
    assert chat.returncode == 0, chat.stderr
    assert "Belousov" in chat.stdout
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "mango.txt").write_text(MANGO)
    for refused in (rag("ingest", str(folder), data_dir=read_only),
                    rag("remove", "000_f56484f7a27f0105.txt", data_dir=read_only)):  # fmt: skip
        assert_one_line_error(refused, f"the index at {read_only} is read-only")
        assert "--reset" not in refused.stderr
    assert sorted(fresh_copy.rglob("*")) == before
    assert len(_sources(fresh_copy)) == 5


# -- nothing hostile reaches the terminal ---------------------------------------------------------
def test_escape_sequences_and_newlines_in_names_stay_out_of_the_terminal(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil\x1b]0;pwned\x07\nname.txt").write_text(
        MANGO.replace("rose", "\x1b]0;owned\x07rose") + " More text follows here."
    )
    data = tmp_path / "data"
    ingest = rag("ingest", str(folder), data_dir=data)
    assert ingest.returncode == 0, ingest.stderr
    listing = rag("sources", data_dir=data)
    assert "\x1b" not in listing.stdout and "\x07" not in listing.stdout
    assert len(listing.stdout.strip().splitlines()) == 1
    asked = rag("ask", "How much did the mango harvest rise?", data_dir=data)
    assert "12 percent" in asked.stdout
    assert "\x1b" not in asked.stdout + asked.stderr and "\x07" not in asked.stdout


# -- readers --------------------------------------------------------------------------------------
def test_html_entities_are_decoded_once():
    doc = parse_document("a.html", b"<p>Write &amp;lt;b&amp;gt; for bold &amp; more.</p>")
    assert doc.text == "Write &lt;b&gt; for bold & more."


def test_links_inside_are_followed_once_others_skipped_with_a_warning(tmp_path):
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(MANGO)
    outside = tmp_path / "outside.txt"
    outside.write_text(COPPER)
    (root / "inside-link.txt").symlink_to(root / "sub" / "a.txt")
    (root / "dir-link").symlink_to(root / "sub")
    (root / "sub" / "loop").symlink_to(root)
    (root / "leaves.txt").symlink_to(outside)
    (root / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    warnings: list[str] = []
    found = list(find_files([root], warnings.append))
    assert [p.resolve() for p in found] == [(root / "sub" / "a.txt").resolve()]
    assert sorted(w.split(": ", 1)[1] for w in warnings) == [
        "dangling link",
        f"link leaves {root.resolve()}",
        "link loop",
    ]


def test_a_folder_walk_says_which_files_it_passed_over_and_sources_line_up(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(MANGO)
    (news / "b.markdown").write_text(f"# Copper\n\n{COPPER}\n")
    (news / "c.text").write_text("Plain words.")
    (news / "README").write_text("Notes.")
    result = rag("ingest", str(news), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "Indexed 2 file(s)" in result.stdout
    passed = [line for line in result.stderr.splitlines() if "other types" in line]
    assert passed == [
        "warning: skipped 2 file(s) of other types (.text, no suffix); rag reads .txt, .md, "
        ".markdown, .html, .htm, .pdf or .docx"
    ]
    listed = rag("sources", data_dir=tmp_path / "data").stdout.splitlines()
    assert [line.split()[0] for line in listed] == ["a.txt", "b.markdown"]
    assert len({line.index(" chunks") for line in listed}) == 1  # one column for every name


def test_the_rebuild_advice_keeps_a_hidden_file_that_was_indexed_by_name(tmp_path):
    """A folder walk passes over `.draft.txt`; indexed by name, the advised reset names it too."""
    import shlex

    from rag.roots import remembered_command

    folder = tmp_path / "notes"
    (folder / "node_modules").mkdir(parents=True)
    (folder / "mango.txt").write_text(MANGO)
    (folder / ".draft.txt").write_text("The draft says the pepper crop in Kerala fell in 2023.")
    (folder / "node_modules" / "x.txt").write_text("A tool's file about nothing at all, here.")
    data = tmp_path / "data"
    result = rag("ingest", str(folder), str(folder / ".draft.txt"), data_dir=data)
    assert result.returncode == 0, result.stderr
    before = sorted(d["path"] for d in _sources(data))
    assert len(before) == 2
    advice = remembered_command(data)
    assert advice is not None
    command = shlex.split(advice.strip("`"))
    assert command[:3] == ["rag", "ingest", "--reset"]
    reset = rag(*command[1:], data_dir=data)
    assert reset.returncode == 0, reset.stderr
    assert "none dropped" in reset.stdout
    assert sorted(d["path"] for d in _sources(data)) == before
