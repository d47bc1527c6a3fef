import random
import string

from rag.chunking import chunk_document
from rag.documents import find_files, load_document
from rag.embedding import make_embedder
from rag.settings import Settings
from rag.splitting import split_text
from rag.tokens import count_tokens
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


def _one_line(words: int, seed: int) -> str:
    """A single line of made-up words without any punctuation."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(3000)]
    return " ".join(rng.choices(vocab, k=words))


def test_one_long_unpunctuated_line_splits_in_proportion_with_bounded_overlap():
    size, overlap = 224, 44
    text = _one_line(40_000, seed=3)
    half = text[: len(text) // 2].rsplit(" ", 1)[0]
    chunks = split_text(text, size, overlap)
    half_chunks = split_text(half, size, overlap)
    total = count_tokens(text)
    # every window adds at least size - overlap new tokens, and holds at most size
    assert total / size <= len(chunks) <= total / (size - overlap) + 1
    assert abs(len(chunks) - 2 * len(half_chunks)) <= 2
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert count_tokens(before) <= size
        first, last = after.split(), before.split()
        shared = next(k for k in range(min(len(first), len(last)), -1, -1)
                      if last[len(last) - k :] == first[:k])  # fmt: skip
        assert 0 < count_tokens(" ".join(first[:shared])) <= overlap
    assert " ".join(chunks).split()[-1] == text.split()[-1]


def test_a_word_longer_than_a_window_is_cut_into_windows():
    word = "".join(random.Random(5).choices("abcdefghij", k=20_000))
    chunks = split_text(word, 224, 44)
    assert max(count_tokens(c) for c in chunks) <= 224
    assert "".join(chunks).count(word[-50:]) >= 1 and len(chunks) < len(word) / 100
