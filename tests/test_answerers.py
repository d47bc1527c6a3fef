"""The answerer registry: one list that help, `make_answerer` and the UI read."""

import pytest

from rag.answering import ANSWERERS, answerer_kind, make_answerer, usable_answerers
from rag.errors import AnswerError
from tests.helpers import make_settings


def test_every_kind_is_described_and_unknown_names_are_refused():
    assert ANSWERERS == ("extractive", "openai", "local")
    with pytest.raises(AnswerError, match="unknown answerer 'gpt5'.*extractive, openai, local"):
        answerer_kind("gpt5")


def test_usable_answerers_follow_the_settings(tmp_path, monkeypatch):
    monkeypatch.setattr("rag.chat.local_model_installed", lambda: False)
    offline = make_settings(tmp_path)
    assert usable_answerers(offline) == ["extractive"]
    online = make_settings(tmp_path, openai_base_url="http://127.0.0.1:9/v1")
    assert usable_answerers(online) == ["openai", "extractive"]
    monkeypatch.setattr("rag.chat.local_model_installed", lambda: True)
    chosen = make_settings(tmp_path, llm="local", openai_base_url="http://127.0.0.1:9/v1")
    assert usable_answerers(chosen) == ["local", "extractive", "openai"]


@pytest.mark.parametrize("name", ["extractive", "openai"])
def test_capabilities_match_what_the_answerer_has(tmp_path, pipeline, name):
    settings = make_settings(tmp_path, openai_base_url="http://127.0.0.1:9/v1")
    kind = answerer_kind(name)
    answerer = make_answerer(name, settings, pipeline.embedder)
    assert answerer.name == name
    assert (answerer.chat is not None) == kind.chat


def test_cli_help_lists_the_registry():
    from click.testing import CliRunner

    from rag.cli import main

    result = CliRunner().invoke(main, ["ask", "--help"])
    assert "extractive, openai, local" in " ".join(result.output.split())


def test_follow_ups_are_condensed_by_the_answerers_chat_model(seeded_dir, pipeline):
    from rag.conversation import Conversation
    from rag.pipeline import Pipeline
    from tests.fake_openai import FakeOpenAI, reply

    with FakeOpenAI() as server:
        server.queue(reply("Who else went with Putin to China?"))
        settings = make_settings(seeded_dir, openai_base_url=server.base_url, llm="openai")
        conversation = Conversation(Pipeline(settings, embedder=pipeline.embedder),
                                    history=[("Who went with Putin?", "Belousov [1]")])  # fmt: skip
        assert conversation.standalone("and who else?") == "Who else went with Putin to China?"
        [request] = server.requests
        assert "Standalone question:" in request.prompt and "Belousov" in request.prompt
