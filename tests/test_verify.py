"""`RAG_VERIFY=llm` against the scripted server: the rule AND the model must both agree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.checker_eval import insert_negation
from rag.errors import AnswerError
from rag.pipeline import WITHHELD, Pipeline
from rag.verify import make_verifier
from tests.conftest import make_settings
from tests.fake_openai import FakeOpenAI, Request, reply_with
from tests.test_openai_faults import sentence_of

QUESTION = "Who went with Putin?"
ASKS_VERDICT = "Reply with one word: yes or no."


def model(verdict: str, negate_second: bool = False):
    """Answers with two sentences copied from passage 1 (the second one negated if asked), and
    gives `verdict` whenever it is asked to verify."""

    def text(request: Request) -> str:
        if ASKS_VERDICT in request.prompt:
            return verdict
        true = sentence_of(request, 1)
        second = insert_negation(true) if negate_second else true
        return f"{true} [1] {second} [1]"

    return reply_with(text)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def pipe(seeded_dir: Path, pipeline: Pipeline, fake: FakeOpenAI, **overrides) -> Pipeline:
    settings = make_settings(seeded_dir, llm="openai", openai_base_url=fake.base_url,
                             openai_api_key="sk-test", model="fake", **overrides)  # fmt: skip
    return Pipeline(settings, embedder=pipeline.embedder)


def verdict_requests(fake: FakeOpenAI) -> list[Request]:
    return [r for r in fake.requests if ASKS_VERDICT in r.prompt]


def test_a_model_that_always_says_yes_cannot_pass_a_negation(seeded_dir, pipeline, fake):
    fake.queue(model("Yes.", negate_second=True))
    answer = pipe(seeded_dir, pipeline, fake, verify="llm").ask(QUESTION)
    assert [s.supported for s in answer.sentences] == [True, False]
    assert "negates" in answer.sentences[1].reason
    [asked] = verdict_requests(fake)  # only what the rule accepts goes to the model
    assert answer.sentences[0].text in asked.prompt
    assert answer.retrieved[0].text.split(".")[0] in asked.prompt


def test_a_model_that_says_no_overrules_the_rule(seeded_dir, pipeline, fake):
    fake.queue(model("No, the passage does not say that."))
    answer = pipe(seeded_dir, pipeline, fake).ask(QUESTION, verify="llm")
    assert answer.abstained
    # "I can't find that" alone would be untrue: the model found something it could not back
    assert answer.notes == [WITHHELD]
    assert len(verdict_requests(fake)) == 2


def test_rule_alone_asks_nothing(seeded_dir, pipeline, fake):
    fake.queue(model("No."))
    answer = pipe(seeded_dir, pipeline, fake).ask(QUESTION)
    assert [s.supported for s in answer.sentences] == [True, True]
    assert verdict_requests(fake) == []


def test_llm_verification_needs_an_endpoint(seeded_dir, pipeline):
    plain = Pipeline(make_settings(seeded_dir, verify="llm"), embedder=pipeline.embedder)
    with pytest.raises(AnswerError, match="endpoint"):
        plain.ask(QUESTION)


def test_the_verify_prompt_is_read_from_the_prompts_dir(tmp_path, fake):
    """RAG_PROMPTS_DIR overrides every prompt file by file, the verification one too."""
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "verify.txt").write_text(f"MY CHECK {{passages}} / {{sentence}} {ASKS_VERDICT}")
    settings = make_settings(tmp_path / "data", openai_base_url=fake.base_url,
                             openai_api_key="sk-test", model="fake", prompts_dir=prompts)  # fmt: skip
    fake.queue(reply_with(lambda request: "yes"))
    verify = make_verifier("llm", settings)
    assert verify is not None and verify("Xi met Putin.", ["Xi met Putin in Beijing."])
    [asked] = verdict_requests(fake)
    assert asked.prompt.startswith("MY CHECK")
