import datetime as dt

import numpy as np

from rag import retrieval
from rag.answering.counterpoints import holds_counterpoint
from rag.bm25 import BM25Index
from rag.filters import Filters
from rag.occasions import occasion_nouns, without_occasion
from rag.pipeline import Pipeline
from rag.retrieval import Retriever
from rag.store import StoredChunk
from rag.text import split_sentences
from tests.conftest import make_settings


def test_hybrid_finds_rare_name_and_paraphrase(pipeline):
    # BM25 carries the rare name; the dense lists carry the paraphrase.
    by_name = pipeline.retriever.retrieve("Radchenko Cardiff University", k=3)
    top = [p for p in by_name[:3] if p.ranks.get("bm25") == 1]
    assert top and top[0].source == "004_65d4c2a72f05d57b.txt"
    assert "Radchenko" in top[0].text
    by_meaning = pipeline.retriever.retrieve("Which ministers accompanied the Russian leader?", k=8)
    assert any("Belousov" in p.text for p in by_meaning)
    assert any("dense" in p.ranks or "sentence" in p.ranks for p in by_meaning)

    # the example: the occasion's words pull every list to the story's opening; the
    # sentence search without them still brings the delegation's passage
    on_trip = pipeline.retriever.retrieve(
        "Who went with Putin on his May 2024 trip to Beijing?", k=8
    )
    assert any("Belousov" in p.text for p in on_trip)


def test_the_occasion_a_question_is_set_on_is_left_out_of_its_core():
    assert without_occasion("Who went with him on his May 2024 trip to Beijing?") == (
        "Who went with him ?"
    )
    assert without_occasion("What did she sign during the state visit to India and Japan?") == (
        "What did she sign ?"
    )
    kept = "Who paid for the trip?"  # the trip asked about is no setting
    assert without_occasion(kept) == kept
    named = "What did he say, according to the report on the Harbin trip?"  # a document's subject
    assert without_occasion(named) == named and occasion_nouns(named) == []
    assert occasion_nouns("Who went with her on her visit to Kestrelford?") == ["visit"]


def test_fused_scores_are_sorted_and_ids_unique(pipeline):
    passages = pipeline.retriever.retrieve("trade between Russia and China", k=6)
    ids = [p.chunk_id for p in passages]
    assert len(ids) == len(set(ids))
    head = passages[:6]
    assert [p.score for p in head[:-2]] == sorted((p.score for p in head[:-2]), reverse=True)


def test_source_filter(pipeline):
    path = pipeline.resolve_source("002_6833aac7d044ae4f.txt")  # filters take the identity
    passages = pipeline.retriever.retrieve("Harbin", k=5, filters=Filters(source=path))
    assert passages and {p.source for p in passages} == {"002_6833aac7d044ae4f.txt"}


def test_date_filters_keep_only_dated_documents_in_range(pipeline):
    old = pipeline.retriever.retrieve(
        "Putin Xi meeting", k=5, filters=Filters(until=dt.date(2022, 1, 1))
    )
    assert old and {p.source for p in old} == {"004_65d4c2a72f05d57b.txt"}
    new = pipeline.retriever.retrieve(
        "Putin Xi meeting", k=5, filters=Filters(since=dt.date(2024, 1, 1))
    )
    assert new and all(p.date and p.date >= "2024-01-01" for p in new)


def test_a_question_comparing_years_gets_a_passage_of_each_year(pipeline):
    """The 2024 articles' chunks outrank every chunk of the 2021 one for this question: the
    2021 side is fetched under that year's dates, after the k passages."""
    question = "How did Xi characterize China-Russia ties in 2021 compared with May 2024?"
    plain = pipeline.retriever.retrieve(question, 5)
    assert not any((p.date or "").startswith("2021") for p in plain)  # what this test is about
    passages = pipeline._retrieve(question, 5)
    assert [p.chunk_id for p in passages[: len(plain)]] == [p.chunk_id for p in plain]
    assert any((p.date or "").startswith("2021") for p in passages[len(plain) :])
    # with exact k (the web UI's slider) it takes the last place: k passages still
    pipeline.retriever.exact_k = True
    try:
        exact, plain_exact = (
            pipeline._retrieve(question, 5),
            pipeline.retriever.retrieve(question, 5),
        )
    finally:
        pipeline.retriever.exact_k = False
    assert len(exact) == len(plain_exact) == 5
    assert any((p.date or "").startswith("2021") for p in exact)
    # a date filter that leaves out 2021 is kept
    kept = pipeline._retrieve(question, 5, Filters(since=dt.date(2024, 1, 1)))
    assert all(p.date and p.date >= "2024-01-01" for p in kept)


def test_a_question_about_one_year_gets_that_year_s_best_passages(pipeline):
    """The answerer keeps only that year's sentences; other years' chunks outrank the one that
    answers, which comes in under that year's dates after the k passages."""
    question = "How did Putin present the China-Russia relationship as a model in 2021?"
    plain = pipeline.retriever.retrieve(question, 5)
    assert not any("new model" in p.text for p in plain)  # what this test is about
    passages = pipeline._retrieve(question, 5)
    assert [p.chunk_id for p in passages[: len(plain)]] == [p.chunk_id for p in plain]
    assert any("new model" in p.text for p in passages[len(plain) :])
    assert all((p.date or "").startswith("2021") for p in passages[len(plain) :])


def test_spread_over_takes_each_document_s_first_left_out_chunk():
    order = ["a1", "b1", "a2", "a3", "c1", "b2", "d1"]
    spread = retrieval.spread_over(order, ["a1", "b1"], lambda cid: cid[0], 2)
    assert spread == ["a2", "c1"]  # a's next passage, then c's best; b and d wait their turn
    assert retrieval.spread_over(order, ["a1"], lambda cid: cid[0], 0) == []
    assert retrieval.spread_over(order, order, lambda cid: cid[0], 3) == []


def test_a_yes_no_question_also_gets_each_document_s_passage_with_a_counterpoint(pipeline):
    """Sources may answer a yes/no question both ways: after the k passages, the best left-out
    passage holding a counterpoint ("But ...", "Even so, ...") of up to k/2 documents; with
    exact k (the UI), k alone."""
    question = "Is trade between Russia and China still growing?"
    plain = pipeline.retriever.retrieve(question, 4)
    passages = pipeline._retrieve(question, 4)
    assert [p.chunk_id for p in passages[: len(plain)]] == [p.chunk_id for p in plain]
    extra = passages[len(plain) :]
    assert 1 <= len(extra) <= 2
    assert all(holds_counterpoint(p.text) for p in extra)
    assert len({p.path for p in extra}) == len(extra)
    assert not {p.chunk_id for p in extra} & {p.chunk_id for p in plain}
    other = "How much did trade between Russia and China grow?"  # no yes/no: k as it was
    assert len(pipeline._retrieve(other, 4)) == len(pipeline.retriever.retrieve(other, 4))
    pipeline.retriever.exact_k = True
    try:
        assert len(pipeline._retrieve(question, 4)) == len(pipeline.retriever.retrieve(question, 4))
    finally:
        pipeline.retriever.exact_k = False


def test_filter_matching_nothing_returns_nothing(pipeline):
    assert pipeline.retriever.retrieve("Putin", k=5, filters=Filters(source="missing.txt")) == []


def test_bm25_is_saved_loaded_by_a_new_process_and_rebuilt_when_the_store_changes(
    fresh_copy, tmp_path, monkeypatch
):
    first = Pipeline(make_settings(fresh_copy))
    first.retriever.retrieve("Radchenko", k=3)
    saved = sorted((fresh_copy / "cache").glob("bm25-*"))
    assert len(saved) == 1

    def no_build(chunks):
        raise AssertionError("the saved BM25 index should have been loaded")

    with monkeypatch.context() as patch:
        patch.setattr(BM25Index, "build", no_build)
        again = Pipeline(make_settings(fresh_copy)).retriever.retrieve("Radchenko", k=3)
    assert any(p.ranks.get("bm25") == 1 and "Radchenko" in p.text for p in again)

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "new.txt").write_text("Zyxwvut Quorble chaired the committee on Tuesday.")
    Pipeline(make_settings(fresh_copy)).ingest([docs])  # another process changes the store
    found = Pipeline(make_settings(fresh_copy)).retriever.retrieve("Quorble", k=3)
    assert found[0].source == "new.txt" and found[0].ranks.get("bm25") == 1
    rebuilt = sorted((fresh_copy / "cache").glob("bm25-*"))
    assert len(rebuilt) == 1 and rebuilt != saved


def test_passages_carry_their_stored_sentence_vectors(pipeline):
    passages = pipeline.retriever.retrieve("Who went with Putin?", k=4)
    texts = split_sentences(passages[0].text)
    assert set(passages[0].sentence_vectors) == set(texts)
    vector = passages[0].sentence_vectors[texts[0]]
    assert vector.shape == (384,) and abs(float(vector @ vector) - 1.0) < 1e-4


def test_sentence_vectors_are_the_stored_ones_of_each_sentence(pipeline):
    # read without their texts: the j-th id must be the chunk's j-th sentence
    chunks = pipeline.store.all_chunks()[:6]
    split = [(c.id, split_sentences(c.text)) for c in chunks]
    got = pipeline.store.sentences().get(
        where={"chunk_id": {"$in": [c.id for c in chunks]}}, include=["documents", "embeddings"]
    )
    rows = zip(got["ids"], got["documents"], got["embeddings"], strict=True)
    stored = {(sid.rsplit(":s", 1)[0], text): np.asarray(v, np.float32) for sid, text, v in rows}
    vectors = pipeline.store.sentence_vectors(split)
    assert sum(len(v) for v in vectors.values()) == len(stored) > 12
    for cid, texts in split:
        assert all(np.array_equal(vectors[cid][t], stored[(cid, t)]) for t in texts)
    # a chunk split otherwise than at ingest (more or fewer sentences) gets no vectors
    (cid, texts), (other, more) = split[0], split[1]
    off = pipeline.store.sentence_vectors([(cid, texts[:-1]), (other, [*more, "Extra."])])
    assert off == {}


def test_bm25_top_is_a_stable_sort_of_the_positive_scores(pipeline):
    index = BM25Index.build(pipeline.store.all_chunks())
    rng = np.random.default_rng(5)
    ids = [c.id for c in index.chunks]
    for _ in range(50):
        scores = rng.integers(0, 4, len(ids)).astype(float)  # many ties, many zeros
        allowed = set(rng.choice(ids, len(ids) // 2, replace=False)) if rng.random() < 0.5 else None
        n = int(rng.integers(1, len(ids) + 5))
        ranked = [index.chunks[i] for i in np.argsort(-scores, kind="stable") if scores[i] > 0]
        expected = [c for c in ranked if allowed is None or c.id in allowed][:n]
        assert index.top(scores, n, allowed) == expected


def test_a_chunk_the_bm25_index_lacks_is_read_from_the_store(pipeline):
    # another process's ingest can add chunks before this one reloads its BM25 index
    chunks = pipeline.store.all_chunks()
    retriever = Retriever(pipeline.store, pipeline.embedder)
    retriever._bm25 = BM25Index.build(chunks[:3])
    retriever._bm25_key = (pipeline.store.generation, pipeline.store.count())
    passages = retriever.retrieve("Who went with Putin?", k=8)
    by_id = {c.id: c for c in chunks}
    assert {p.chunk_id for p in passages} - {c.id for c in chunks[:3]}
    assert all(
        (p.text, p.path) == (by_id[p.chunk_id].text, by_id[p.chunk_id].path) for p in passages
    )


def test_one_count_read_and_another_process_ingest_is_seen_at_once(
    fresh_copy, tmp_path, monkeypatch
):
    reader = Pipeline(make_settings(fresh_copy))
    counted = []
    count = reader.store.count
    monkeypatch.setattr(reader.store, "count", lambda: counted.append(1) or count())
    monkeypatch.setattr(retrieval, "_RECOUNT_S", 3600.0)
    for _ in range(3):
        reader.retriever.retrieve("Putin", k=3)
    assert len(counted) == 1  # one count read, not one (or three) per retrieval
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "new.txt").write_text("Zyxwvut Quorble chaired the committee on Tuesday.")
    Pipeline(make_settings(fresh_copy)).ingest([docs])  # another process changes the store
    found = reader.retriever.retrieve("Quorble", k=3)  # its change marker reloads BM25 at once
    assert found[0].source == "new.txt" and found[0].ranks.get("bm25") == 1


def test_a_question_naming_a_day_prefers_the_passages_of_that_day(tmp_path):
    """Thirty daily reports from one template and a later review that states one of the days: the
    day's report first, then the review, however alike the other days rank."""
    files = tmp_path / "files"
    files.mkdir()
    for day in range(1, 31):
        (files / f"day{day}.txt").write_text(
            f"March {day}, 2026\n\nValmont weather\n\nThe high temperature in Valmont was "
            f"{day * 7 % 23} degrees, the weather office said.\n", "utf-8")  # fmt: skip
    (files / "review.txt").write_text(
        "Weather review\n\nThe warmest day of the month in Valmont was March 27, 2026, when the "
        "high temperature was well above the average, the weather office said.\n", "utf-8")  # fmt: skip
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    pipeline.ingest([files])
    for question in ("What was the high temperature in Valmont on March 27, 2026?",
                     "what was the high temperature in valmont on march 27, 2026?"):  # fmt: skip
        passages = pipeline.retriever.retrieve(question, k=5)
        assert [p.source for p in passages[:2]] == ["day27.txt", "review.txt"], question
    plain = pipeline.retriever.retrieve("What was the high temperature in Valmont?", k=5)
    assert "review.txt" not in [p.source for p in plain[:2]]
    assert retrieval.full_dates("On 2026-03-27 and March 5, 2026; not March 40, 2026.") == {
        dt.date(2026, 3, 27), dt.date(2026, 3, 5)}  # fmt: skip


def test_a_passage_opening_on_a_pronoun_gets_its_document_s_sentence_before():
    """A chunk that starts on "It broke apart ..." reads the sentence before it from the chunk
    before in its document (rag/leads.py); a first chunk, or another document's, does not."""

    def chunk(cid: str, path: str, position: int, text: str) -> StoredChunk:
        return StoredChunk(cid, text, {"source": path, "path": path, "position": position})

    first = chunk("a0", "/n/launch.txt", 0, "The rocket began to tumble. It broke apart.")
    second = chunk("a1", "/n/launch.txt", 1, "It broke apart. Debris fell into the sea.")
    other = chunk("b1", "/n/other.txt", 1, "It rained all day.")
    index = BM25Index.build([first, second, other])
    assert retrieval._led(second, index).text == (
        "The rocket began to tumble. It broke apart. Debris fell into the sea."
    )
    assert retrieval._led(second, index).id == "a1"
    assert retrieval._led(first, index) == first
    assert retrieval._led(other, index) == other  # no chunk before it in its document
