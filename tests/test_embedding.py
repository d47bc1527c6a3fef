import numpy as np
import pytest

from rag.chunking import chunk_document
from rag.documents import find_files, load_document
from rag.embedding import embed_with_sentences, locate, make_embedder
from rag.minilm import MiniLM
from rag.minilm_onnx import OnnxMiniLM
from rag.settings import Settings
from rag.text import split_sentences
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def texts() -> list[str]:
    chunks = [c.text for p in find_files([SEEDS]) for c in chunk_document(load_document(p))]
    return chunks[:6] + split_sentences(chunks[0])[:6] + ["Putin", "a b c"]


def test_onnx_graph_matches_the_numpy_reference(texts, tmp_path):
    fast = OnnxMiniLM(tmp_path / "cache").encode(texts)
    reference = MiniLM().encode(texts)
    assert fast.shape == reference.shape == (len(texts), 384)
    assert np.min(np.sum(fast * reference, axis=1)) >= 0.9999
    assert list((tmp_path / "cache").glob("minilm-*.onnx"))  # built once, cached


def test_one_pass_sentence_vectors_belong_to_their_sentence(texts, tmp_path):
    embedder = make_embedder(Settings(_env_file=None, data_dir=tmp_path))
    chunks = texts[:3]
    groups = [split_sentences(c) for c in chunks]
    vectors, pooled = embed_with_sentences(embedder, chunks, groups)
    flat = [s for g in groups for s in g]
    separate = embedder.embed(flat)
    assert pooled.shape == (len(flat), 384)
    assert np.allclose(np.linalg.norm(pooled, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors, embedder.embed(chunks), atol=1e-5)
    # each in-context vector is nearest to its own sentence embedded alone
    assert (np.argmax(pooled @ separate.T, axis=1) == np.arange(len(flat))).mean() >= 0.8


def test_locate_finds_sentences_despite_changed_whitespace():
    text = "Mr.\nPutin went.  Then Xi came. Gone"
    assert locate(text, ["Mr. Putin went.", "Then Xi came.", "missing", "Gone"]) == [
        (0, 15), (17, 30), None, (31, 35)]  # fmt: skip
