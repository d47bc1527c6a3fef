"""Build the chat messages for LLM answerers: numbered passages quoted as data, within budget.

Passages are trimmed from the end at sentence boundaries (lowest-ranked first) until the prompt
fits the model's context, never cut mid-sentence.
"""

from __future__ import annotations

from pathlib import Path

from rag.answering.base import ABSTAIN
from rag.citations import defuse_markers
from rag.passages import Passage
from rag.prompts import load_prompt
from rag.text import split_sentences
from rag.tokens import count_tokens

ANSWER_RESERVE = 512  # tokens kept free for the model's reply
# cl100k counts are an estimate for other models' tokenizers (SmolLM2's runs ~15% longer).
TOKENIZER_MARGIN = 0.8


def quote_passage(n: int, passage: Passage, text: str) -> str:
    """One passage as data: a header line, then the text in quotes with [n]-lookalikes defused."""
    date = passage.date or "undated"
    title = defuse_markers(passage.title)
    body = defuse_markers(text).replace('"""', "'''")
    return f'[{n}] {passage.source} | {title} | {date}\n"""\n{body}\n"""'


def fit_passages(
    question: str, passages: list[Passage], context_tokens: int, prompts_dir: Path | None = None
) -> str:
    """The numbered passages block, trimmed sentence by sentence to fit the context."""
    template = load_prompt("answer", prompts_dir) + load_prompt("system", prompts_dir)
    used = count_tokens(template) + count_tokens(question)
    budget = int(TOKENIZER_MARGIN * context_tokens) - ANSWER_RESERVE - used
    sentences = [split_sentences(p.text) for p in passages]
    while True:
        blocks = [quote_passage(n, p, " ".join(s)) for n, (p, s) in
                  enumerate(zip(passages, sentences, strict=True), start=1) if s]  # fmt: skip
        text = "\n\n".join(blocks)
        if count_tokens(text) <= budget or not any(sentences):
            return text
        longest_tail = max(i for i, s in enumerate(sentences) if s)
        sentences[longest_tail].pop()


def answer_messages(
    question: str, passages: list[Passage], context_tokens: int, prompts_dir: Path | None = None
) -> list[dict[str, str]]:
    """The system and user messages; `prompts_dir` overrides the shipped prompts."""
    user = load_prompt("answer", prompts_dir).format(
        abstain=ABSTAIN,
        passages=fit_passages(question, passages, context_tokens, prompts_dir),
        question=question,
    )
    return [
        {"role": "system", "content": load_prompt("system", prompts_dir).strip()},
        {"role": "user", "content": user},
    ]
