"""Reading tool-examples.yaml: situations practitioners wrote, each with the tools they would accept, which the
tool ranking learns from (bot/advice/likeness.py); file:line problems like every knowledge file."""

from __future__ import annotations

from collections.abc import Mapping

from bot import messages
from bot.advice.likeness import ToolExample
from bot.knowledge.entries import Entry
from bot.knowledge.fields import labelled_examples
from bot.knowledge.yamlfile import Problem, Sequence
from bot.messages import say


def read_tool_examples(items: Sequence, file: str, problems: list[Problem]) -> list[ToolExample]:
    return [
        ToolExample(text, tools, file, fields.line)
        for fields, text, tools in labelled_examples(items, file, "tools", say(messages.CHECK_HINT_TOOLS), problems)
        if text and tools
    ]


def check_tool_examples(examples: list[ToolExample], by_id: Mapping[str, Entry]) -> list[Problem]:
    """Each example's tools are tools of the knowledge base."""
    return [
        Problem(example.file, example.line, say(messages.CHECK_NO_SUCH_TOOL, id=tool))
        for example in examples
        for tool in example.tools
        if tool not in by_id or by_id[tool].tool is None
    ]
