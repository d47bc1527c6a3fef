"""One settings object for the whole tool: read from the environment and `.env`.

Every key is documented in `.env.example`; the object is passed down, never kept as a global,
so tests can build their own.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rag.errors import ConfigError

# Chroma's collection names: 3-512 of [a-zA-Z0-9._-], a letter or digit at each end, no "..",
# not an IPv4 address. The index adds up to 40 characters (`--index-<stamp>-sentences`).
_COLLECTION = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9._-]{1,470}[a-zA-Z0-9]")
_IPV4 = re.compile(r"\d{1,3}(\.\d{1,3}){3}")

#: Where the package's default corpus lives when run from a checkout.
REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime configuration; env names are `RAG_<FIELD>` unless an alias says otherwise."""

    # an empty value (`RAG_DATA_DIR=`, in the environment or `.env`) counts as unset: taken
    # literally, an empty data dir is the current folder
    model_config = SettingsConfigDict(
        env_prefix="RAG_",
        env_file=".env",
        extra="ignore",
        populate_by_name=True,
        env_ignore_empty=True,
    )

    # Store
    data_dir: Path = Path(".rag")
    collection: str = "articles"
    chroma_host: str | None = None
    chroma_port: int = Field(8000, ge=1, le=65535)
    seeds_dir: Path = REPO_ROOT / "seeds"

    # Ingest
    chunk_tokens: int = Field(
        224, ge=16, le=1024
    )  # chosen on dev with evals/tune_retrieval.py; <= 256 word pieces
    chunk_overlap: int = Field(44, ge=0)  # and below chunk_tokens (`_overlap_fits`)
    max_file_bytes: int = Field(5_000_000, ge=1)

    # Embeddings
    embedder: str = "minilm"
    embed_precision: str = "fp32"  # or "int8": faster MiniLM; README "Embedding precision"
    embed_model: str = "text-embedding-3-small"

    # Retrieval
    top_k: int = Field(8, ge=1, le=50)  # the bounds of `--k`
    reranker: str = "none"  # or "mmr": distinct passages before near-copies (rag/reranking/)
    fold_copies: bool = True  # near-duplicate passages count once (rag/near_duplicates.py)

    # Answering
    llm: str = "auto"
    model: str = "gpt-4o-mini"
    openai_api_key: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "RAG_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "RAG_OPENAI_BASE_URL")
    )
    timeout_s: float = Field(60.0, gt=0)
    max_retries: int = Field(3, ge=0, le=20)
    context_tokens: int = Field(4096, ge=1024)  # room for the reply and a passage
    max_question_chars: int = Field(2000, ge=1)
    prompts_dir: Path | None = None  # overrides the shipped prompts/, file by file
    verify: str = "rule"  # or "llm": the configured model must also confirm each sentence
    query_likelihood: bool = False  # on: SmolLM2 re-ranks the extractive answerer's top
    extractive_scorer: Literal["weights", "learned"] = "weights"  # learned: rag/answering/scorer.py

    # UI
    ui_auth: str | None = None

    def __init__(self, **values: Any) -> None:
        """Read the settings; a value that does not parse is a ConfigError naming its key
        (`RAG_TOP_K='many': Input should be a valid integer`), not pydantic's report."""
        try:
            super().__init__(**values)
        except ValidationError as exc:
            problem = exc.errors()[0]
            name = str(problem["loc"][0]) if problem["loc"] else ""
            message = str(problem["msg"]).removeprefix("Value error, ")
            raise ConfigError(f"{env_name(name)}={problem['input']!r}: {message}") from None

    @field_validator("collection")
    @classmethod
    def _chroma_name(cls, name: str) -> str:
        """Checked here, so a bad name is one line naming its key, not Chroma's report."""
        if not _COLLECTION.fullmatch(name) or ".." in name or _IPV4.fullmatch(name):
            raise ValueError(
                "must be 3-472 letters, digits, '.', '_' or '-', starting and ending with a "
                "letter or digit, no '..', not an IP address (Chroma's rule, less the suffixes the index adds)"
            )
        return name

    @field_validator("data_dir", "seeds_dir", "prompts_dir")
    @classmethod
    def _home(cls, path: Path | None) -> Path | None:
        """`~/index` is in the home folder, as in a shell: no shell reads `.env`, and a folder
        named `~` in the working directory is a trap (`rm -r ~` removes the home folder)."""
        return path.expanduser() if path is not None else None

    @field_validator("chunk_overlap")
    @classmethod
    def _overlap_fits(cls, overlap: int, info: ValidationInfo) -> int:
        """A chunk must move on: the overlap is shorter than a chunk."""
        size = info.data.get("chunk_tokens")
        if size is not None and overlap >= size:
            raise ValueError(f"must be below RAG_CHUNK_TOKENS ({size})")
        return overlap

    def resolved_llm(self) -> str:
        """`auto` means openai when an endpoint or key is configured, else the offline default."""
        if self.llm != "auto":
            return self.llm
        return "openai" if (self.openai_api_key or self.openai_base_url) else "extractive"


def env_name(field: str) -> str:
    """The environment variable that sets a field: its first alias, else `RAG_<FIELD>`."""
    info = Settings.model_fields.get(field)
    alias = info.validation_alias if info else None
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"RAG_{field.upper()}"
