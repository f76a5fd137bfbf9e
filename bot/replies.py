"""What pimbot answers to a line of `/pim ...`, as plain data that Slack and the terminal each render.

Nothing here knows about Slack. Each reply has a `ref`, a short string that rebuilds the same reply
later (a button's value), so "Share in channel" and "did you mean" buttons carry no state.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge import Entry, KnowledgeBase
from bot.matching import Matcher, MatchResult, Status
from bot.normalize import fold

COLLECTIONS = {
    # kind: (title, id of the entry that introduces the collection)
    "principle": ("The PIM Principles", "pim-principles"),
    "matrix_category": ("The PIM Matrix categories", "pim-matrix"),
    "process_step": ("The PIM Process steps", "pim-process"),
}
_WORDS = {
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
}


@dataclass(frozen=True)
class EntryReply:
    entry: Entry
    related: tuple[Entry, ...]

    @property
    def ref(self) -> str:
        return f"entry:{self.entry.id}"


@dataclass(frozen=True)
class ChoicesReply:
    """Several entries fit: "did you mean" when unsure, every meaning when an acronym has several."""

    query: str
    choices: tuple[Entry, ...]
    ambiguous: bool

    @property
    def ref(self) -> str:
        return ""


@dataclass(frozen=True)
class NotFoundReply:
    query: str
    size: int

    @property
    def ref(self) -> str:
        return ""


@dataclass(frozen=True)
class CollectionReply:
    kind: str
    title: str
    about: Entry | None
    entries: tuple[Entry, ...]

    @property
    def ref(self) -> str:
        return f"collection:{self.kind}"


@dataclass(frozen=True)
class GlossaryReply:
    groups: tuple[tuple[str, tuple[Entry, ...]], ...]

    @property
    def ref(self) -> str:
        return "list"


@dataclass(frozen=True)
class HelpReply:
    example: str
    size: int
    asked_for_define_without_term: bool = False

    @property
    def ref(self) -> str:
        return "help"


Reply = EntryReply | ChoicesReply | NotFoundReply | CollectionReply | GlossaryReply | HelpReply


@dataclass(frozen=True)
class Command:
    action: str
    argument: str = ""


def parse_command(text: str) -> Command:
    """Split `/pim` text into what to do and about what. Anything that is not a known word is a term to define."""
    words = text.split()
    if not words:
        return Command("help")
    first = fold(words[0]) or words[0]
    action = _WORDS.get(first)
    if action == "define":
        rest = text.split(None, 1)[1] if len(words) > 1 else ""
        return Command("define", rest.lstrip(": ").strip())
    if action and len(words) == 1:
        return Command(action)
    return Command("define", text.strip())


class Responder:
    """Answers `/pim` text from one loaded knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = Matcher(kb)

    def reply(self, text: str) -> Reply:
        command = parse_command(text)
        if command.action == "help":
            return self.help()
        if command.action == "list":
            return self.glossary()
        if command.action in COLLECTIONS:
            return self.collection(command.action)
        if not command.argument:
            return self.help(asked_for_define_without_term=True)
        return self.define(command.argument)

    def define(self, query: str) -> Reply:
        return self.reply_for_match(self.matcher.match(query))

    def reply_for_match(self, result: MatchResult) -> Reply:
        if result.status is Status.MATCH:
            return self.entry(result.candidates[0].entry)
        if result.status in (Status.UNSURE, Status.AMBIGUOUS):
            choices = tuple(c.entry for c in result.candidates)
            return ChoicesReply(result.query, choices, ambiguous=result.status is Status.AMBIGUOUS)
        if result.status is Status.EMPTY:
            return self.help(asked_for_define_without_term=True)
        return NotFoundReply(result.query, len(self.kb))

    def entry(self, entry: Entry) -> EntryReply:
        related = tuple(e for e in (self.kb.get(i) for i in entry.related) if e is not None)
        return EntryReply(entry, related)

    def collection(self, kind: str) -> CollectionReply:
        title, about_id = COLLECTIONS[kind]
        return CollectionReply(kind, title, self.kb.get(about_id), tuple(self.kb.of_kind(kind)))

    def glossary(self) -> GlossaryReply:
        groups = []
        for kind, label in (
            ("principle", "PIM Principles"),
            ("matrix_category", "PIM Matrix categories"),
            ("process_step", "PIM Process steps"),
            ("term", "Terms"),
        ):
            entries = self.kb.of_kind(kind)
            if entries:
                groups.append((label, tuple(entries)))
        return GlossaryReply(tuple(groups))

    def help(self, asked_for_define_without_term: bool = False) -> HelpReply:
        example = "informed consent" if self.kb.get("informed-consent") else self.kb.entries[0].title.lower()
        return HelpReply(example, len(self.kb), asked_for_define_without_term)

    def from_ref(self, ref: str) -> Reply | None:
        """Rebuild the reply a button refers to; None when the knowledge base no longer has it."""
        kind, _, value = ref.partition(":")
        if kind == "entry":
            entry = self.kb.get(value)
            return self.entry(entry) if entry else None
        if kind == "collection" and value in COLLECTIONS:
            return self.collection(value)
        if kind == "list":
            return self.glossary()
        if kind == "help":
            return self.help()
        return None
