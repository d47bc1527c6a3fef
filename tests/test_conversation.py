"""`Conversation`: what is searched for and what the history keeps, turn by turn (a fake
pipeline that records the questions it is asked)."""

from types import SimpleNamespace

from rag.conversation import Conversation
from rag.pipeline import Answer


class RecordingPipeline:
    def __init__(self) -> None:
        self.asked: list[str] = []
        self.whole: list[bool] = []

    def answerer(self, llm=None):
        return SimpleNamespace(chat=None)  # offline: the rules of rag.followups

    def stream(self, question: str, **kwargs):
        self.asked.append(question)
        self.whole.append(kwargs.get("whole", False))
        yield Answer(question, "I can't find that in the sources.", True, [], [], "fake", {})


def test_fallback_joins_only_the_previous_standalone_question():
    pipeline = RecordingPipeline()
    chat = Conversation(pipeline)  # type: ignore[arg-type]
    for question in ["Who went with Putin?", "And who else?", "Anything else there?",
                     "And what else?"]:  # fmt: skip
        chat.ask(question)
    assert pipeline.asked == [
        "Who went with Putin?",
        "Who went with Putin? And who else?",
        "Who went with Putin? Anything else there?",
        "Who went with Putin? And what else?",
    ]
    assert [q for q, _ in chat.history] == ["Who went with Putin?"] * 4
    assert pipeline.whole == [False, True, True, True]  # a join is one question, never split


def test_rewritten_follow_ups_chain_on_the_rewrite():
    pipeline = RecordingPipeline()
    chat = Conversation(pipeline)  # type: ignore[arg-type]
    for question in ["Who went with Putin?", "And when was that?", "What did they sign?", "Why?"]:
        chat.ask(question)
    assert pipeline.asked[1:] == ["When did Putin go?", "What did Putin sign?",
                                  "Why did Putin sign?"]  # fmt: skip
