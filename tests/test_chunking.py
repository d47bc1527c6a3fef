from rag.chunking import chunk_document
from rag.documents import find_files, load_document
from rag.embedding import make_embedder
from rag.settings import Settings
from tests.helpers import SEEDS


def _seed_chunks():
    settings = Settings(_env_file=None)
    docs = [load_document(p) for p in find_files([SEEDS])]
    return docs, [c for d in docs for c in chunk_document(d, settings.chunk_tokens,
                                                          settings.chunk_overlap)]  # fmt: skip


def test_chunks_keep_document_metadata():
    docs, chunks = _seed_chunks()
    by_source = {d.source: d for d in docs}
    for chunk in chunks:
        doc = by_source[chunk.source]
        assert chunk.title == doc.title
        assert chunk.date == (doc.date.isoformat() if doc.date else None)
        meta = chunk.metadata()
        assert meta["source"] == doc.source
        assert ("date_int" in meta) == (doc.date is not None)


def test_chunk_ids_are_stable_and_unique():
    _, first = _seed_chunks()
    _, second = _seed_chunks()
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)


def test_chunks_fit_minilm_window():
    _, chunks = _seed_chunks()
    embedder = make_embedder(Settings(_env_file=None))
    assert max(embedder.count_tokens(c.text) for c in chunks) <= 256


def test_chunks_overlap_and_cover_the_text():
    docs, chunks = _seed_chunks()
    doc = docs[0]
    mine = [c for c in chunks if c.source == doc.source]
    assert len(mine) > 1
    joined = " ".join(c.text for c in mine)
    for sentence in ("Belousov", "Harbin Institute of Technology", "underwater part"):
        assert sentence in joined
