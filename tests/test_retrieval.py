import datetime as dt

from rag.retrieval import Filters


def test_hybrid_finds_rare_name_and_paraphrase(pipeline):
    # BM25 carries the rare name; the dense lists carry the paraphrase.
    by_name = pipeline.retriever.retrieve("Radchenko Cardiff University", k=3)
    top = [p for p in by_name[:3] if p.bm25_rank == 1]
    assert top and top[0].source == "004_65d4c2a72f05d57b.txt"
    assert "Radchenko" in top[0].text
    by_meaning = pipeline.retriever.retrieve("Which ministers accompanied the Russian leader?", k=8)
    assert any("Belousov" in p.text for p in by_meaning)
    assert any(p.dense_rank or p.sentence_rank for p in by_meaning)


def test_fused_scores_are_sorted_and_ids_unique(pipeline):
    passages = pipeline.retriever.retrieve("trade between Russia and China", k=6)
    ids = [p.chunk_id for p in passages]
    assert len(ids) == len(set(ids))
    head = passages[:6]
    assert [p.score for p in head[:-2]] == sorted((p.score for p in head[:-2]), reverse=True)


def test_source_filter(pipeline):
    passages = pipeline.retriever.retrieve(
        "Harbin", k=5, filters=Filters(source="002_6833aac7d044ae4f.txt")
    )
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


def test_filter_matching_nothing_returns_nothing(pipeline):
    assert pipeline.retriever.retrieve("Putin", k=5, filters=Filters(source="missing.txt")) == []
