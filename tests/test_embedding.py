import numpy as np
import pytest

from rag.chunking import chunk_document
from rag.documents import find_files, load_document
from rag.embedding import embed_with_sentences, make_embedder
from rag.minilm import MiniLM
from rag.minilm_onnx import OnnxMiniLM
from rag.settings import Settings
from rag.text import split_sentences
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def texts() -> list[str]:
    chunks = [c.text for p in find_files([SEEDS]) for c in chunk_document(load_document(p))]
    return chunks[:6] + split_sentences(chunks[0])[:6] + ["Putin", "a b c"]


@pytest.mark.slow
def test_onnx_graph_matches_the_numpy_reference(texts, tmp_path):
    fast = OnnxMiniLM(tmp_path / "cache").encode(texts)
    reference = MiniLM().encode(texts)
    assert fast.shape == reference.shape == (len(texts), 384)
    assert np.min(np.sum(fast * reference, axis=1)) >= 0.9999
    assert list((tmp_path / "cache").glob("minilm-*.onnx"))  # built once, cached


@pytest.mark.slow
def test_chunks_and_sentences_embed_together_as_they_would_alone(texts, tmp_path):
    embedder = make_embedder(Settings(_env_file=None, data_dir=tmp_path))
    chunks = texts[:3]
    groups = [split_sentences(c) for c in chunks]
    vectors, sentences = embed_with_sentences(embedder, chunks, groups)
    flat = [s for g in groups for s in g]
    assert sentences is not None and sentences.shape == (len(flat), 384)
    assert np.allclose(vectors, embedder.embed(chunks), atol=1e-5)
    assert np.allclose(sentences, embedder.embed(flat), atol=1e-5)
    assert embed_with_sentences(embedder, chunks[:1], [[]])[1] is None


@pytest.mark.slow
def test_a_repeated_text_is_embedded_once_and_returned_everywhere(texts, tmp_path):
    embedder = make_embedder(Settings(_env_file=None, data_dir=tmp_path))
    asked: list[str] = []

    class Recording:
        name = embedder.name

        def embed(self, batch: list[str]) -> np.ndarray:
            asked.extend(batch)
            return embedder.embed(batch)

    one_sentence, other = texts[6], texts[7]  # a chunk that is a single sentence, and another
    vectors, sentences = embed_with_sentences(
        Recording(), [one_sentence, other], [[one_sentence], [other, one_sentence]]
    )
    assert sorted(asked) == sorted({one_sentence, other})
    assert sentences is not None and sentences.shape == (3, 384)
    assert np.allclose(sentences[[0, 2]], vectors[0], atol=1e-6)
    assert np.allclose(sentences[1], vectors[1], atol=1e-6)
    assert np.allclose(vectors, embedder.embed([one_sentence, other]), atol=1e-5)
