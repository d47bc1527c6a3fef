"""One error hierarchy: every expected failure is a `RagError`, described as one plain line."""

import pytest

from rag import errors
from rag.errors import GoldError, RagError, describe

SUBCLASSES = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, RagError)]


@pytest.mark.parametrize("cls", SUBCLASSES, ids=lambda c: c.__name__)
def test_our_errors_print_without_a_class_name(cls):
    assert describe(cls("gold.jsonl:3: missing id\nmore detail")) == "gold.jsonl:3: missing id"


def test_the_hierarchy_has_the_kinds_front_ends_tell_apart():
    names = {c.__name__ for c in SUBCLASSES}
    assert names >= {"RagError", "QuestionError", "DocumentError", "StoreError", "AnswerError",
                     "GoldError", "ConfigError"}  # fmt: skip


def test_other_errors_keep_their_name_and_lose_the_traceback():
    text = describe(RuntimeError("store exploded\nTraceback (most recent call last):"))
    assert text == "RuntimeError: store exploded"
    assert describe(KeyError()) == "KeyError"


def test_keys_are_redacted(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "secret-key-123")
    text = describe(GoldError("sent secret-key-123 and sk-abcdefghij and Bearer xyz"))
    assert "secret-key-123" not in text and "sk-abcdefghij" not in text and "xyz" not in text
