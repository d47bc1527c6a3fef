import logging

import numpy as np
import pytest

from rag.chunking import chunk_document
from rag.documents import find_files, load_document
from rag.embedding import embed_with_sentences, make_embedder
from rag.errors import ConfigError, StoreError
from rag.minilm import MiniLM
from rag.minilm_onnx import OnnxMiniLM
from rag.pipeline import Pipeline
from rag.settings import Settings
from rag.text import split_sentences
from tests.conftest import SEEDS
from tests.helpers import make_settings


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


def test_the_last_text_embedded_alone_is_kept_for_the_next_call_alone(texts, tmp_path, monkeypatch):
    embedder = make_embedder(Settings(_env_file=None, data_dir=tmp_path))
    batches: list[list[str]] = []
    encode = embedder._model.encode
    monkeypatch.setattr(embedder._model, "encode", lambda b: batches.append(b) or encode(b))
    question = "Who went with Putin? " + str(tmp_path)  # new to this process's embedder
    first = embedder.embed([question])
    first[0, :] = 0.0  # a caller's change to its copy
    again = embedder.embed([question])
    assert batches == [[question]] and abs(float(again[0] @ again[0]) - 1.0) < 1e-4
    embedder.embed([question, texts[0]])  # in a batch: embedded again, with its batch
    assert batches[-1] == [question, texts[0]]
    embedder.embed([texts[0]])
    embedder.embed([question])  # only the last one is kept
    assert batches[-2:] == [[texts[0]], [question]]


@pytest.mark.slow
def test_int8_graph_is_cached_smaller_and_close_to_fp32(texts, tmp_path):
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    small = OnnxMiniLM(tmp_path, precision="int8").encode(texts)
    assert (root.handlers, root.level) == (handlers, level)  # the quantiser's config undone
    assert [p.name.endswith("-int8.onnx") for p in tmp_path.glob("*.onnx")] == [True]
    full = OnnxMiniLM(tmp_path).encode(texts)
    cosine = np.sum(full * small, axis=1)
    # measured over all the seeds' chunks and sentences: min 0.981, median 0.993
    assert cosine.min() >= 0.97
    assert cosine.max() < 0.99999  # really the quantised graph, not fp32 again
    assert np.allclose(np.linalg.norm(small, axis=1), 1.0, atol=1e-5)
    # one text at a time: a text's vector does not depend on what it is embedded with
    alone = OnnxMiniLM(tmp_path, precision="int8").encode(texts[:1])
    assert np.allclose(alone[0], small[0], atol=1e-6)
    (fp32_file,) = [p for p in tmp_path.glob("minilm-*.onnx") if "int8" not in p.name]
    (int8_file,) = tmp_path.glob("minilm-*-int8.onnx")
    assert int8_file.stat().st_size < 0.75 * fp32_file.stat().st_size


def test_precision_is_part_of_the_embedder_name(fresh_copy):
    fp32 = make_embedder(make_settings(fresh_copy, embed_precision="fp32"))
    int8 = make_embedder(make_settings(fresh_copy, embed_precision="int8"))
    assert fp32.name == "all-MiniLM-L6-v2" and int8.name == "all-MiniLM-L6-v2:int8"
    # the seeded copy was built with the default precision; the other one must be refused
    other = "int8" if Pipeline(make_settings(fresh_copy)).embedder.name == fp32.name else "fp32"
    with pytest.raises(StoreError, match="rag ingest --reset"):
        Pipeline(make_settings(fresh_copy, embed_precision=other)).store.collection()
    with pytest.raises(ConfigError, match="int8"):
        make_embedder(make_settings(fresh_copy, embed_precision="int4"))


def test_another_embedder_can_list_and_remove_but_not_search_or_write(fresh_copy, tmp_path):
    """Listing, reading and deleting touch no vectors; a search or an ingest would mix spaces."""
    built = Pipeline(make_settings(fresh_copy))
    listed = built.sources()
    other = "int8" if built.embedder.name == "all-MiniLM-L6-v2" else "fp32"
    pipeline = Pipeline(make_settings(fresh_copy, embed_precision=other))
    assert pipeline.sources() == listed
    with pytest.raises(StoreError, match="built with embedder"):
        pipeline.ask("Who went with Putin?")
    extra = tmp_path / "extra.txt"
    extra.write_text("A new article about harbours and their ships.\n", encoding="utf-8")
    with pytest.raises(StoreError, match="built with embedder"):
        pipeline.ingest([extra])
    first = listed[0]
    assert pipeline.remove([first["source"]]) == first["chunks"]
    assert [d["path"] for d in Pipeline(make_settings(fresh_copy)).sources()] == [
        d["path"] for d in listed[1:]
    ]
