"""Settings as users set them: the environment and `.env`."""

from pathlib import Path

import pytest

from rag.errors import ConfigError
from rag.settings import Settings


def test_an_empty_environment_value_counts_as_unset(monkeypatch):
    monkeypatch.setenv("RAG_DATA_DIR", "")
    monkeypatch.setenv("RAG_TOP_K", "")
    settings = Settings(_env_file=None)
    assert settings.data_dir == Path(".rag")
    assert settings.top_k == Settings.model_fields["top_k"].default


def test_an_empty_dotenv_value_counts_as_unset(tmp_path, monkeypatch):
    monkeypatch.delenv("RAG_DATA_DIR", raising=False)
    monkeypatch.delenv("RAG_COLLECTION", raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("RAG_DATA_DIR=\nRAG_COLLECTION=\n")
    settings = Settings(_env_file=env_file)
    assert settings.data_dir == Path(".rag")
    assert settings.collection == "articles"


@pytest.mark.parametrize("name", ["a b/c", "ab", " ", "-abc", "abc-", "a..b", "1.2.3.4", "a" * 473])
def test_a_collection_name_chroma_would_refuse_is_one_line_naming_the_key(name):
    with pytest.raises(ConfigError, match=r"^RAG_COLLECTION=.*: must be 3-472 letters"):
        Settings(_env_file=None, collection=name)


@pytest.mark.parametrize("name", ["abc", "news_2024.v-2", "a" * 472])
def test_a_collection_name_chroma_accepts_is_kept(name):
    assert Settings(_env_file=None, collection=name).collection == name


def test_a_home_folder_in_a_dotenv_path_is_the_home_folder(tmp_path, monkeypatch):
    """No shell expands `~` in `.env` (nor in RAG_DATA_DIR='~/x'): taken literally, the index
    went into a folder named `~` in the working directory."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for key in ("RAG_DATA_DIR", "RAG_SEEDS_DIR", "RAG_PROMPTS_DIR"):
        monkeypatch.delenv(key, raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("RAG_DATA_DIR=~/index\nRAG_SEEDS_DIR=~/news\nRAG_PROMPTS_DIR=~/prompts\n")
    settings = Settings(_env_file=env_file)
    assert settings.data_dir == tmp_path / "home" / "index"
    assert settings.seeds_dir == tmp_path / "home" / "news"
    assert settings.prompts_dir == tmp_path / "home" / "prompts"
