"""The `/pim` grammar: which action a line asks for, and about what."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import messages
from bot.text.normalize import fold

COLLECTIONS = {
    # kind: (title, a message said when shown; id of the entry that introduces the collection)
    "principle": (messages.COLLECTION_PRINCIPLES, "pim-principles"),
    "matrix_category": (messages.COLLECTION_MATRIX_CATEGORIES, "pim-matrix"),
    "process_step": (messages.COLLECTION_PROCESS_STEPS, "pim-process"),
}
ACTION_WORDS = {
    "help": "help",
    "?": "help",
    "start": "help",
    "hi": "help",
    "hello": "help",
    "define": "define",
    "def": "define",
    "list": "list",
    "glossary": "list",
    "terms": "list",
    "index": "list",
    "principles": "principle",
    "matrix": "matrix_category",
    "categories": "matrix_category",
    "process": "process_step",
    "steps": "process_step",
    "tools": "tools",
    "tool": "tools",
    "suggest": "tools",
    "advise": "tools",
    "advice": "tools",
    "events": "events",
    "event": "events",
    "meetings": "events",
    "calendar": "events",
    "subscribe": "subscribe",
    "unsubscribe": "unsubscribe",
    "gaps": "gaps",
    "reload": "reload",
}
_TOOL_QUESTION = re.compile(
    r"^\s*(?:what|which)\s+(?:tools?|systems?|software|platforms?|apps?)\b(?!\s+(?:is|are|does|do)\s+\w+\s*\??$)",
    re.IGNORECASE,
)
_TAKES_ARGUMENT = ("define", "tools", "events", "subscribe", "unsubscribe")
SUBSCRIPTION_KINDS = {
    "": "all",
    "all": "all",
    "everything": "all",
    "event": "all",
    "reminder": "all",
    "webinar": "webinar",
    "training": "training",
    "briefing": "briefing",
    "meeting": "working_meeting",
    "working meeting": "working_meeting",
    "pim working meeting": "working_meeting",
    "working_meeting": "working_meeting",
    "other": "other",
}


@dataclass(frozen=True)
class Command:
    action: str
    argument: str = ""
    explicit: bool = False
    """True when the user named the action ("define X"), so we do not second-guess it."""


def parse_command(text: str) -> Command:
    """Split `/pim` text into what to do and about what. Anything that is not a known word is a term to define."""
    text = re.sub(r"^\s*/pim\b", "", text)  # typed in the local chat out of Slack habit
    asked_for_tools = _TOOL_QUESTION.match(text)
    if asked_for_tools:  # "which tool for 5W?", "what system should we use to ..."
        return Command("tools", text.strip(), explicit=True)
    words = text.split()
    if not words:
        return Command("help")
    first = fold(words[0]) or words[0]
    action = ACTION_WORDS.get(first)
    if action in _TAKES_ARGUMENT:
        rest = text.split(None, 1)[1] if len(words) > 1 else ""
        return Command(action, rest.lstrip(": ").strip(), explicit=True)
    if action and len(words) == 1:
        return Command(action)
    return Command("define", text.strip())
