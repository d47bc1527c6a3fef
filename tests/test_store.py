import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from rag.embedding import make_embedder
from rag.errors import StoreError
from rag.pipeline import Pipeline
from rag.private_copy import PrivateCopy
from rag.store import Store
from tests.helpers import SEEDS, free_port, make_settings
from tests.servers import running


def _copy_seeds(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus


def test_reingest_unchanged_writes_nothing(fresh_copy):
    pipeline = Pipeline(make_settings(fresh_copy))
    before = pipeline.store.count()
    report = pipeline.ingest([SEEDS])
    assert report.added == 0 and report.removed == 0
    assert report.unchanged == 5
    assert pipeline.store.count() == before


@pytest.mark.slow
def test_changed_file_replaces_its_chunks(tmp_path):
    corpus = _copy_seeds(tmp_path)
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    pipeline.ingest([corpus])
    target = corpus / "001_ee7998e139fe068f.txt"
    key = str(target.resolve())
    old_ids = pipeline.store.ids_by_path()[key]
    target.write_text(target.read_text() + "\nA new closing sentence about Harbin trade.\n")
    report = pipeline.ingest([corpus])
    new_ids = pipeline.store.ids_by_path()[key]
    assert report.added >= 1 and report.removed >= 1
    assert not (old_ids - new_ids) or len(new_ids) >= 1
    texts = [c.text for c in pipeline.store.all_chunks() if c.source == target.name]
    assert any("new closing sentence" in t for t in texts)
    # no chunk of the old version survives beside the new one
    assert len(texts) == len(new_ids)
    assert pipeline.store.ids_by_path().keys() == {str(p.resolve()) for p in corpus.iterdir()}


@pytest.mark.slow
def test_reset_rebuilds(fresh_copy):
    pipeline = Pipeline(make_settings(fresh_copy))
    before = pipeline.store.count()
    report = pipeline.ingest([SEEDS / "004_65d4c2a72f05d57b.txt"], reset=True)
    after = pipeline.store.count()
    assert report.added == after < before
    assert [d["source"] for d in pipeline.sources()] == ["004_65d4c2a72f05d57b.txt"]


def test_bad_files_are_skipped_the_rest_ingest(tmp_path):
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    shutil.copy(SEEDS / "001_ee7998e139fe068f.txt", corpus)
    (corpus / "binary.txt").write_bytes(b"\x00\xff\x00")
    (corpus / "latin1.md").write_bytes("d\xe9j\xe0 vu".encode("latin-1"))
    (corpus / "empty.txt").write_text("")
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    report = pipeline.ingest([corpus])
    assert report.files == 1
    assert len(report.skipped) == 3
    assert [d["source"] for d in pipeline.sources()] == ["001_ee7998e139fe068f.txt"]


def test_other_embedder_is_a_clear_error(fresh_copy):
    pipeline = Pipeline(make_settings(fresh_copy))
    pipeline.store.collection()  # opens fine with the right one
    other = Store(make_settings(fresh_copy), "openai:text-embedding-3-small")
    with pytest.raises(StoreError, match="rag ingest --reset"):
        other.collection()


def test_corrupt_store_names_the_fix(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    pipeline = Pipeline(make_settings(data))
    with pytest.raises(StoreError, match="rag ingest --reset"):
        pipeline.store.count()
    # --reset recovers without touching unrelated files
    (data / "notes.txt").write_text("keep me")
    pipeline = Pipeline(make_settings(data))
    pipeline.ingest([SEEDS / "001_ee7998e139fe068f.txt"], reset=True)
    assert pipeline.store.count() > 0
    assert (data / "notes.txt").read_text() == "keep me"


@pytest.mark.server
@pytest.mark.slow
def test_chroma_client_server_mode(tmp_path):
    """A real `chroma run` on loopback: ingest and ask through HttpClient."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    command = [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    heartbeat = f"http://127.0.0.1:{port}/api/v2/heartbeat"
    with running(command, heartbeat, tmp_path / "chroma.log", startup_s=60):
        settings = make_settings(tmp_path / "unused", chroma_host="127.0.0.1", chroma_port=port)
        pipeline = Pipeline(settings)
        report = pipeline.ingest([SEEDS])
        assert report.added > 0
        assert not (tmp_path / "unused" / "chroma.sqlite3").exists()
        answer = pipeline.ask("Who went with Putin?")
        assert "Belousov" in answer.answer
        again = Pipeline(settings).ingest([SEEDS])
        assert again.added == 0


class _Recording:
    """The real embedder, noting every text it is asked to embed."""

    def __init__(self, embedder) -> None:
        self.name = embedder.name
        self._embedder = embedder
        self.asked: list[str] = []

    def embed(self, texts: list[str]):
        self.asked.extend(texts)
        return self._embedder.embed(texts)


@pytest.mark.slow
def test_copies_embed_once_and_each_changed_file_loses_only_its_stale_chunks(tmp_path):
    corpus = _copy_seeds(tmp_path)
    shutil.copy(corpus / "000_f56484f7a27f0105.txt", corpus / "wire-copy.txt")
    recording = _Recording(make_embedder(make_settings(tmp_path / "data")))
    pipeline = Pipeline(make_settings(tmp_path / "data"), embedder=recording)
    pipeline.ingest([corpus])
    assert len(recording.asked) == len(set(recording.asked))  # the copy cost no MiniLM pass
    by_path = pipeline.store.ids_by_path()
    original, copy = (
        str((corpus / n).resolve()) for n in ("000_f56484f7a27f0105.txt", "wire-copy.txt")
    )
    assert len(by_path[copy]) == len(by_path[original]) > 0

    # two files change in one run: batches now span documents, and each keeps exactly its new text
    for name in ("001_ee7998e139fe068f.txt", "003_d24d4931f66afc79.txt"):
        path = corpus / name
        path.write_text(path.read_text() + f"\nA closing line written only into {name}.\n")
    report = pipeline.ingest([corpus])
    assert report.added >= 2 and report.removed >= 1
    for name in ("001_ee7998e139fe068f.txt", "003_d24d4931f66afc79.txt"):
        texts = [c.text for c in pipeline.store.all_chunks() if c.source == name]
        assert sum(f"written only into {name}" in t for t in texts) >= 1
        assert len(texts) == len(pipeline.store.ids_by_path()[str((corpus / name).resolve())])
    assert pipeline.store.count() == sum(len(ids) for ids in pipeline.store.ids_by_path().values())


def test_an_edit_to_title_or_date_alone_rewrites_metadata_without_embedding(tmp_path):
    article = tmp_path / "ferry.md"
    text = "The ferry strike in Orvik ended on Friday. The union said so. Fares stay the same."
    article.write_text(f"---\ntitle: Ferry strike ends\ndate: 2026-11-20\n---\n\n{text}\n")
    recording = _Recording(make_embedder(make_settings(tmp_path / "data")))
    pipeline = Pipeline(make_settings(tmp_path / "data"), embedder=recording)
    pipeline.ingest([article])
    before = pipeline.store.all_chunks()
    recording.asked.clear()
    article.write_text(f"---\ntitle: Ferry strike over\ndate: 2025-03-14\n---\n\n{text}\n")
    report = pipeline.ingest([article])
    assert recording.asked == []  # the text is the same: its stored vectors are reused
    after = pipeline.store.all_chunks()
    assert report.added == report.removed == len(after) == len(before) == 1
    assert [(c.meta["title"], c.meta["date"]) for c in after] == [
        ("Ferry strike over", "2025-03-14")
    ]
    sentences = pipeline.store.sentences().get(include=["metadatas", "documents"])
    assert sentences["documents"] and {m["chunk_id"] for m in sentences["metadatas"]} == {
        after[0].id
    }
    assert {m["title"] for m in sentences["metadatas"]} == {"Ferry strike over"}
    answer = pipeline.ask("When did the ferry strike in Orvik end?")
    assert [(c.title, c.date) for c in answer.citations] == [("Ferry strike over", "2025-03-14")]


def test_a_read_only_copy_left_by_a_killed_process_goes_with_the_next_copy(tmp_path, monkeypatch):
    """A server stopped by SIGTERM exits without cleaning up; its copy of a read-only index (a
    whole index) is removed when the next one is made, and a living process's copy is kept."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    gone = subprocess.Popen(["true"])
    gone.wait()  # a pid no process has now
    stale = tmp_path / "tmp" / f"rag-read-only-index-{gone.pid}-abc"
    live = tmp_path / "tmp" / f"rag-read-only-index-{os.getppid()}-def"
    for folder in (stale, live):
        (folder / "index").mkdir(parents=True)
    source = tmp_path / "index"
    source.mkdir()
    (source / "chroma.sqlite3").write_bytes(b"x")
    copy = PrivateCopy(source)
    assert not stale.exists() and live.exists()
    assert (copy.path / "chroma.sqlite3").read_bytes() == b"x"
    copy.remove()
    assert not copy.path.exists()


def test_a_data_dir_below_a_file_names_the_file_not_the_data_dir(tmp_path):
    """`RAG_DATA_DIR=notes.txt/index`: the data dir is no file; the folder above it is."""
    afile = tmp_path / "afile"
    afile.write_text("not an index")
    with pytest.raises(StoreError) as caught:
        Store(make_settings(afile / "sub" / "data"), "x")
    assert str(caught.value) == f"the data dir {afile}/sub/data cannot be made: {afile} is a file"
    with pytest.raises(StoreError, match=r"is not a folder \(is it a file\?\)"):
        Store(make_settings(afile), "x")
    assert afile.read_text() == "not an index"
