"""Prompts load by name: from the override folder first, then the shipped ones."""

import pytest

from rag.answering.prompting import answer_messages
from rag.errors import ConfigError
from rag.passages import Passage
from rag.prompts import CHECKOUT_PROMPTS, load_prompt


def test_shipped_prompts_load_by_name():
    assert load_prompt("system") == (CHECKOUT_PROMPTS / "system.txt").read_text(encoding="utf-8")
    with pytest.raises(ConfigError, match="no prompt named 'nope'"):
        load_prompt("nope")


def test_a_prompts_folder_overrides_file_by_file(tmp_path):
    (tmp_path / "system.txt").write_text("Answer like a pirate.")
    passage = Passage(chunk_id="a#0", text="Xi hosted Putin in Beijing.", source="a.txt",
                      title="T", date=None, score=1.0, ranks={"dense": 1})  # fmt: skip
    messages = answer_messages("Who hosted Putin?", [passage], 4096, tmp_path)
    assert messages[0]["content"] == "Answer like a pirate."
    assert "Xi hosted Putin in Beijing." in messages[1]["content"]  # answer.txt: the shipped one
