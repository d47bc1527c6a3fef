"""Near-duplicate passages: the similarity rule on real seed text, and retrieval over a real index
holding re-labelled, re-headed and edited copies of the seeds."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from rag.bm25 import BM25Index
from rag.copies_eval import with_copies
from rag.display import render_text
from rag.evaluation import GoldItem
from rag.near_duplicates import (
    THRESHOLD,
    TRIED,
    disagree,
    jaccard,
    look_alike,
    near_duplicates,
    representatives,
    shingle_hashes,
    shingles,
)
from rag.pipeline import Pipeline
from rag.retrieval import Candidates, Retriever
from rag.splitting import split_text
from rag.store import StoredChunk
from rag.ui.rendering import cards_html
from tests.helpers import SEEDS, make_settings
from tests.test_cli import rag
from tests.test_ui import make_answer

QUESTION = "Who went with Putin?"


def seed_chunks(name: str) -> list[str]:
    return split_text((SEEDS / name).read_text(encoding="utf-8"), 224, 44)


# -- the rule -----------------------------------------------------------------------------------
def test_copies_are_near_duplicates():
    chunk = seed_chunks("000_f56484f7a27f0105.txt")[6]
    assert near_duplicates(chunk, chunk)
    assert near_duplicates(chunk, chunk.replace("’", "'").upper())  # re-typeset
    assert near_duplicates(chunk, "Reprinted from the wire.\n" + chunk)  # another header line
    edited = chunk.replace("Mr. Putin", "Putin").replace(" the ", " a ", 3)
    assert edited != chunk and near_duplicates(chunk, edited)


def test_two_articles_on_the_same_trip_are_not_near_duplicates():
    # 000 (NYT) and 003 (CNN) both report Putin's arrival in Beijing and his delegation
    for a, b in itertools.product(seed_chunks("000_f56484f7a27f0105.txt"),
                                  seed_chunks("003_d24d4931f66afc79.txt")):  # fmt: skip
        assert not near_duplicates(a, b)


def test_neighbouring_chunks_of_one_article_are_not_near_duplicates():
    chunks = seed_chunks("002_6833aac7d044ae4f.txt")
    assert len(chunks) > 2
    assert not any(near_duplicates(a, b) for a, b in itertools.pairwise(chunks))


def test_half_the_text_changed_is_no_longer_a_copy():
    words = seed_chunks("001_ee7998e139fe068f.txt")[1].split()
    half = len(words) // 2
    other = seed_chunks("004_65d4c2a72f05d57b.txt")[1].split()
    assert not near_duplicates(" ".join(words), " ".join(words[:half] + other))
    assert shingles("") == shingles("   ")


def test_the_best_ranked_copy_represents_its_group():
    a = seed_chunks("000_f56484f7a27f0105.txt")[6]
    b = seed_chunks("003_d24d4931f66afc79.txt")[2]
    ranked = [("b2", "Wire: " + b), ("a1", a), ("b1", b), ("a2", a + " Updated."), ("c", "Other.")]
    assert representatives(ranked) == {"b2": "b2", "a1": "a1", "b1": "b2", "a2": "a1", "c": "c"}
    assert representatives(reversed(ranked))["b2"] == "b1"


def test_no_two_seed_chunks_are_folded(pipeline):
    chunks = pipeline.store.all_chunks()
    rep_of = representatives((c.id, c.text) for c in chunks)
    assert len(chunks) > 30 and all(rep_of[c.id] == c.id for c in chunks)


def test_shingle_hashes_are_the_same_in_a_new_process_and_in_the_saved_index(pipeline, tmp_path):
    chunks = pipeline.store.all_chunks()
    mine = [shingle_hashes(c.text).tolist() for c in chunks[:5]]
    code = ("import json, sys; from rag.near_duplicates import shingle_hashes; "
            "print(json.dumps([shingle_hashes(t).tolist() for t in json.load(sys.stdin)]))")  # fmt: skip
    other = subprocess.run([sys.executable, "-c", code], input=json.dumps([c.text for c in chunks[:5]]),
                           capture_output=True, text=True, check=True, env={**os.environ,
                           "PYTHONHASHSEED": "12345"})  # fmt: skip
    assert json.loads(other.stdout) == mine
    index = BM25Index.build(chunks)
    index.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    assert loaded.shingles.keys() == index.shingles.keys() == {c.id for c in chunks}
    assert all(np.array_equal(loaded.shingles[c.id], shingle_hashes(c.text)) for c in chunks)
    ranked = [(c.id, c.text) for c in chunks] + [("copy", "Wire: " + chunks[3].text)]
    assert representatives(ranked, loaded.shingles) == representatives(ranked)
    assert representatives(ranked)["copy"] == chunks[3].id


def test_grouping_is_the_pairwise_rule():
    # edited copies of seed chunks, in a shuffled rank order, grouped as comparing every passage
    # with every earlier representative would (the rule as the module states it: the most
    # similar look-alike that does not disagree, of the `TRIED` most similar)
    base = [c for n in ("000_f56484f7a27f0105.txt", "003_d24d4931f66afc79.txt")
            for c in seed_chunks(n)]  # fmt: skip
    texts = [t for c in base for t in (c, c.replace(" the ", " a ", 4), c[: len(c) * 2 // 3])]
    order = np.random.default_rng(3).permutation(len(texts))
    ranked = [(f"c{i}", texts[i]) for i in order]
    expected: dict[str, str] = {}
    reps: list[tuple[str, str]] = []
    for cid, text in ranked:
        sims = [
            (-jaccard(shingles(text), shingles(t)), n, rep, t) for n, (rep, t) in enumerate(reps)
        ]
        alike = sorted(s for s in sims if -s[0] >= THRESHOLD)[:TRIED]  # the first of equal ones
        expected[cid] = next((rep for *_, rep, t in alike if not disagree(text, t)), cid)
        if expected[cid] == cid:
            reps.append((cid, text))
    assert representatives(ranked) == expected
    assert len(reps) < len(ranked) and len(set(expected.values())) == len(reps)


# -- look-alikes that state different facts are not copies --------------------------------------
BUS = ("Bus crash on coast road\n\nVALMONT, November {day}, 2026 — A bus carrying tourists left the "
       "coast road near Skarp and fell onto the rocks on Sunday evening, killing {dead} people and "
       "injuring 14, police said. The bus, operated by Coastline Tours, was travelling from Orvik to "
       "Valmont in heavy rain. Police said the driver, a 52-year-old man, was among the injured and "
       "had been questioned in hospital. The coast road was closed for the night while cranes "
       "lifted the bus from the rocks.\n")  # fmt: skip


def weather(day: int, degrees: int) -> str:
    return (f"March {day}, 2026\n\nValmont weather\n\nThe high temperature in Valmont was "
            f"{degrees} degrees, the weather office said.\n")  # fmt: skip


def test_look_alikes_that_differ_in_a_figure_date_name_or_polarity_are_not_copies():
    older, newer = BUS.format(day=24, dead="five"), BUS.format(day=25, dead="three")
    assert look_alike(older, newer) and not near_duplicates(older, newer)
    assert not near_duplicates(older, BUS.format(day=25, dead="five"))  # the date alone
    assert not near_duplicates(older, older.replace("Coastline Tours", "Harbour Lines"))  # a name
    assert not near_duplicates(older, older.replace("was among", "was not among"))  # polarity
    assert not near_duplicates(weather(4, 5), weather(5, 12))
    # what copies change stays a copy: a word, a header line, the title, a possessive
    assert near_duplicates(older, older.replace("heavy rain", "a heavy rain"))
    assert near_duplicates(older, "From the Gazette wire desk\n" + older)
    assert near_duplicates(older, older.replace("Bus crash on coast road", "Skarp's bus crash"))


FOOTER = ("About Northfield Gardens: Northfield Gardens is a family-owned company that has grown "
          "plants for home gardeners since 1962. Its nurseries supply garden centres across the "
          "region and its advisers answer questions from customers every day of the week. The "
          "company employs staff in three nurseries and runs a training scheme for young growers. "
          "For press enquiries, contact the communications office at the address below. Images "
          "are available on request and may be used with credit to the company.")  # fmt: skip
NEWS = ["announced a new range of seeds for small balconies and window boxes in the city",
        "said that it would open its show gardens to school groups during the spring term",
        "launched a free advice line for gardeners who want to grow their own vegetables"]  # fmt: skip


def test_releases_sharing_a_boilerplate_footer_are_not_copies_but_the_footer_is():
    releases = [f"Press release\n\nThe company today {news}.\n\n{FOOTER}\n" for news in NEWS]
    for a, b in itertools.combinations(releases, 2):
        assert look_alike(a, b) and not near_duplicates(a, b)
    ranked = [(f"r{i}", text) for i, text in enumerate(releases)] + [("f1", FOOTER), ("f2", FOOTER)]
    assert representatives(ranked) == {"r0": "r0", "r1": "r1", "r2": "r2", "f1": "f1", "f2": "f1"}


@pytest.mark.slow
def test_versions_of_a_story_with_another_toll_are_both_cited_with_the_difference(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    (files / "courier.txt").write_text(BUS.format(day=24, dead="five"), "utf-8")
    (files / "gazette.txt").write_text(BUS.format(day=25, dead="three"), "utf-8")
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    pipeline.ingest([files])
    answer = pipeline.ask("How many people died in the bus crash?")
    assert {c.source for c in answer.citations} == {"courier.txt", "gazette.txt"}
    assert all(p.also_in == () for p in answer.retrieved)
    assert "five" in answer.answer and "three" in answer.answer
    assert any("Sources differ" in note and "the newest" in note for note in answer.notes)
    assert answer.conflicts


@pytest.mark.slow
def test_daily_reports_that_differ_in_the_figure_are_not_folded(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    for day in range(1, 13):
        (files / f"day{day}.txt").write_text(weather(day, day * 7 % 23), "utf-8")
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    pipeline.ingest([files])
    passages = pipeline.retriever.retrieve("What was the high temperature in Valmont?", k=5)
    assert len(passages) >= 5 and all(p.also_in == () for p in passages)


# -- what readers see ---------------------------------------------------------------------------
def test_sources_say_how_many_other_documents_hold_a_copy():
    answer = make_answer()
    answer.citations[0] = replace(answer.citations[0], also_in=("copy1.txt", "copy2.txt"))
    assert "(also in 2 other documents)" in render_text(answer)
    html = cards_html(answer, 1)
    assert "also in 2 other documents" in html and 'title="copy1.txt, copy2.txt"' in html
    assert "also in" not in render_text(make_answer())


# -- retrieval over a real index with copies ------------------------------------------------------
def copy_name(path: str) -> str:
    """The seed a document copies (`copy1_000_x.txt` -> `000_x.txt`)."""
    return (
        Path(path).name.split("_", 1)[1]
        if Path(path).name.startswith(("copy", "hdr"))
        else Path(path).name
    )


@pytest.fixture(scope="module")
def copies_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds, a re-labelled copy of each, a second of 000, and 001 with a new first line."""
    files = tmp_path_factory.mktemp("corpus")
    for path in SEEDS.iterdir():
        shutil.copy(path, files / path.name)
        shutil.copy(path, files / f"copy1_{path.name}")
    shutil.copy(SEEDS / "000_f56484f7a27f0105.txt", files / "copy2_000_f56484f7a27f0105.txt")
    lines = (SEEDS / "001_ee7998e139fe068f.txt").read_text(encoding="utf-8").splitlines()
    (files / "hdr_001_ee7998e139fe068f.txt").write_text(
        "\n".join(["Putin seeks Xi's backing for his war (wire copy)", *lines[1:]]), "utf-8"
    )
    data = tmp_path_factory.mktemp("copies")
    Pipeline(make_settings(data)).ingest([files])
    return data


@pytest.mark.slow
def test_top_k_holds_distinct_passages_with_their_copies_recorded(copies_dir, pipeline):
    passages = Pipeline(make_settings(copies_dir)).retriever.retrieve(QUESTION, k=8)
    assert len(passages) >= 8
    for a, b in itertools.combinations(passages, 2):
        assert not near_duplicates(a.text, b.text), (a.source, b.source)
    for p in passages:
        # every copy named is of the same article, never another article on the same trip
        assert {copy_name(d) for d in p.also_in} == {copy_name(p.path)}, p.also_in
        assert p.path not in p.also_in
    by_seed = {copy_name(p.path): len(p.also_in) for p in passages}
    assert by_seed["000_f56484f7a27f0105.txt"] == 2  # copy1 and copy2
    # the articles on the same trip stay apart, where the seeds alone retrieve them
    alone = pipeline.retriever.retrieve(QUESTION, k=8)
    assert {(copy_name(p.path), p.position) for p in passages} == {
        (p.source, p.position) for p in alone
    }
    # without folding, the copies crowd the top k: what this test guards against
    plain = Pipeline(make_settings(copies_dir, fold_copies=False)).retriever.retrieve(QUESTION, 8)
    assert any(near_duplicates(a.text, b.text) for a, b in itertools.combinations(plain, 2))


@pytest.mark.slow
def test_answer_is_the_one_the_seeds_alone_give(copies_dir, pipeline):
    with_copies = Pipeline(make_settings(copies_dir)).ask(QUESTION)
    assert with_copies.answer == pipeline.ask(QUESTION).answer
    assert "Belousov" in with_copies.answer
    cited = with_copies.citations[0]
    assert copy_name(cited.path) == "000_f56484f7a27f0105.txt" and len(cited.also_in) == 2


@pytest.mark.slow
def test_cli_sources_and_json_name_the_copies(copies_dir):
    text = rag("ask", QUESTION, data_dir=copies_dir)
    assert text.returncode == 0, text.stderr
    assert "(also in 2 other documents)" in text.stdout
    data = json.loads(rag("ask", QUESTION, "--json", data_dir=copies_dir).stdout)
    also_in = data["citations"][0]["also_in"]
    assert len(also_in) == 2 and all(name.endswith("000_f56484f7a27f0105.txt") for name in also_in)
    cited = next(r for r in data["retrieved"] if r["chunk_id"] == data["citations"][0]["chunk_id"])
    assert cited["also_in"] == also_in


# -- rag eval --copies --------------------------------------------------------------------------
def test_a_copy_of_a_gold_source_counts_as_gold():
    item = GoldItem("t", "q", "a", [["x"]], ["000_a.txt"], True, "lookup")
    assert with_copies(item, 2).sources == ["000_a.txt", "copy00_000_a.txt", "copy01_000_a.txt"]
    assert with_copies(item, 0) == item


@pytest.mark.slow
def test_eval_with_copies_scores_both_corpora(tmp_path):
    gold = tmp_path / "gold.jsonl"
    row = {"id": "t1", "question": QUESTION, "answer": "Belousov, Lavrov", "facts": [["Belousov"]],
           "sources": ["000_f56484f7a27f0105.txt"], "answerable": True, "kind": "lookup"}  # fmt: skip
    gold.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (tmp_path / "thresholds.toml").write_text("", encoding="utf-8")  # no gates for one question
    out = tmp_path / "rows.jsonl"
    result = rag("eval", str(gold), "--copies", "1", "--out", str(out), data_dir=tmp_path / "d")
    assert result.returncode == 0, result.stderr
    runs = [line.split()[:7] for line in result.stdout.splitlines() if " overall " in line]
    # run, kind, n, hit@1, hit@5, MRR, correct: the same on the seeds with and without a copy
    assert runs == [["extractive+1copies", "overall", "1", "1", "1", "1", "1"],
                    ["extractive+seeds", "overall", "1", "1", "1", "1", "1"]]  # fmt: skip
    cited = json.loads(out.read_text(encoding="utf-8"))["citations"][0]
    assert len(cited["also_in"]) == 1 and cited["also_in"][0].endswith("000_f56484f7a27f0105.txt")
    # the usual index is left alone (the embedder may cache its model there)
    assert {p.name for p in (tmp_path / "d").glob("*")} <= {"cache"}


# -- folding in retrieval (a fake store of fixed rankings) ------------------------------------------
def stored(cid: str, text: str) -> StoredChunk:
    return StoredChunk(cid, text, {"source": f"{cid}.txt", "path": f"/docs/{cid}.txt"})


def distinct_chunks() -> list[StoredChunk]:
    texts = [c for p in sorted(SEEDS.iterdir()) for c in seed_chunks(p.name)]
    return [stored(f"d{i:02d}", t) for i, t in enumerate(texts)]


def test_a_copy_ranked_below_the_pool_is_still_folded_into_its_representative():
    d = distinct_chunks()
    late_copy = stored("copy", d[0].text)
    raw = {"dense": [d[0], d[1], d[2], d[3], late_copy], "bm25": [], "sentence": [d[1]]}
    found = Candidates.of(raw, pool=3)
    assert [c.id for c in found.lists["dense"]] == ["d00", "d01", "d02"]
    assert found.also_in("d00") == ("/docs/copy.txt",)


class RankedStore:
    """Dense and sentence lists in a fixed order, recording how deep each was asked for."""

    generation = version = "g"

    def __init__(self, chunks: list[StoredChunk], dense: list[str], sentence: list[str]) -> None:
        self.by_id = {c.id: c for c in chunks}
        self.dense, self.sentence = dense, sentence
        self.asked: list[tuple[str, int]] = []

    def count(self) -> int:
        return len(self.by_id)

    def query(self, vector, n, filters=None):
        self.asked.append(("dense", n))
        return [(cid, 1.0) for cid in self.dense[:n]]

    def query_sentences(self, vector, n, filters=None):
        self.asked.append(("sentence", n))
        return [(cid, 1.0) for cid in self.sentence[:n]]

    def get_chunks(self, ids):
        return [self.by_id[i] for i in ids if i in self.by_id]

    def sentence_vectors(self, chunks):
        return {}


class ZeroEmbedder:
    def embed(self, texts: list[str]) -> np.ndarray:
        return np.zeros((len(texts), 4), np.float32)


def test_copies_crowding_a_list_are_fetched_past_until_the_pool_is_distinct():
    # 30 copies of one story top the dense list; the sentence list has the first and then others
    distinct = distinct_chunks()
    story = distinct[0].text
    copies = [stored(f"x{i:02d}", story) for i in range(30)]
    store = RankedStore(copies + distinct, [c.id for c in copies + distinct[1:]],
                        [c.id for c in copies[:1] + distinct[1:] + copies[1:]])  # fmt: skip
    retriever = Retriever(store, ZeroEmbedder())  # type: ignore[arg-type]
    retriever._bm25 = BM25Index.build(copies + distinct)
    retriever._bm25_key = ("g", store.count())
    pool = 20
    found = retriever.candidates("Who went with Putin?", pool)
    assert len(found.lists["dense"]) == len(found.lists["sentence"]) == pool
    assert all(len({c.text for c in hits}) == len(hits) for hits in found.lists.values())
    assert [n for n, _ in store.asked] == ["dense", "sentence", "dense"]  # only dense went deeper
    assert len(found.also_in("x00")) == 30  # x01-x29 and d00, whose text it is
    passages = retriever.retrieve("Who went with Putin?", k=8)
    assert len(passages) >= 8 and "x00" in [p.chunk_id for p in passages]  # the best-ranked copy
    assert len(next(p for p in passages if p.chunk_id == "x00").also_in) == 30
    assert not any(near_duplicates(a.text, b.text) for a, b in itertools.combinations(passages, 2))
