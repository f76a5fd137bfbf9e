"""What the knowledge base is made of: entries of a few kinds, and the base that holds them."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bot import messages
from bot.advice.likeness import ToolExample
from bot.advice.safety import NO_SAFEGUARDS, Safeguards
from bot.knowledge.differences import Difference
from bot.messages import say
from bot.text.normalize import fold, normalize


@dataclass(frozen=True)
class Kind:
    """One kind of entry and the top-level key of the files that hold it."""

    name: str
    section: str
    name_field: str
    label: str
    """A message of bot/messages.py: `say` it."""
    numbered: bool
    extra_fields: tuple[str, ...] = ()


KINDS: tuple[Kind, ...] = (
    Kind("principle", "principles", "principle", messages.ENTRY_KIND_PRINCIPLE, numbered=True),
    Kind("matrix_category", "categories", "category", messages.ENTRY_KIND_MATRIX_CATEGORY, numbered=True),
    Kind("process_step", "steps", "step", messages.ENTRY_KIND_PROCESS_STEP, numbered=True),
    Kind("term", "terms", "term", messages.ENTRY_KIND_TERM, numbered=False),
    Kind(
        "tool",
        "tools",
        "tool",
        messages.ENTRY_KIND_TOOL,
        numbered=False,
        extra_fields=("run_by", "categories", "personal_data", "fits", "not_for", "asked_as"),
    ),
)
KIND_BY_SECTION = {kind.section: kind for kind in KINDS}
KIND_BY_NAME = {kind.name: kind for kind in KINDS}

MAX_DEFINITION = 600
DEFAULT_REVIEW_DAYS = 365
MAX_NAME = 120
_BRACKETED = re.compile(r"\([^)]*\)")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ACRONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9&+/.-]{0,11}$")
_COMMON_FIELDS = ("id", "definition", "aliases", "acronyms", "related", "source", "reviewed", "review_every")
CROSS_CUTTING = "cross-cutting"
PERSONAL_DATA = {"yes": "yes", "true": "yes", "no": "no", "false": "no", "depends": "depends", "n/a": "n/a"}
"""`n/a` is for guidance documents: they hold no data, but "no" would read as safe at the top of an answer about lists."""
PERSONAL_DATA_LABEL = {
    "yes": messages.PERSONAL_DATA_YES,
    "no": messages.PERSONAL_DATA_NO,
    "depends": messages.PERSONAL_DATA_DEPENDS,
    "n/a": messages.PERSONAL_DATA_NA,
}
"""How each value reads in an answer (Slack and the terminal): messages, said with `say`."""


@dataclass(frozen=True)
class ToolProfile:
    """What a tool entry adds to an entry: what advice needs to choose it and to say why."""

    run_by: str
    categories: tuple[str, ...]
    personal_data: str
    fits: tuple[str, ...]
    not_for: str
    asked_as: tuple[str, ...] = ()
    """Whole requests, as practitioners type them, that this tool answers: more of the words people use for its
    needs than short `fits` phrases hold (read by BM25, never quoted back as a reason)."""


@dataclass(frozen=True)
class Entry:
    """One thing pimbot can explain: a term, a principle, a Matrix category or a Process step."""

    id: str
    kind: str
    title: str
    definition: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    number: int | None = None
    tool: ToolProfile | None = None
    reviewed: datetime.date | None = None
    """The day someone last checked the entry against its source."""
    review_every: int = DEFAULT_REVIEW_DAYS
    """Days after `reviewed` when the entry is due for another check."""
    file: str = ""
    line: int = 0
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def kind_label(self) -> str:
        return say(KIND_BY_NAME[self.kind].label)

    @cached_property
    def summary(self) -> str:
        """The definition's first sentence (two when the first is short): what a list of suggestions shows, so three
        tools fit a phone's screen; the whole definition is one press away."""
        sentences = _SENTENCE_END.split(self.definition)
        summary = sentences[0]
        if len(summary) < SHORT_SENTENCE and len(sentences) > 1:
            summary += " " + sentences[1]
        return summary

    @property
    def in_pim_framework(self) -> bool:
        """The PIM framework itself: its principles, Matrix, Process and the entries about PIM."""
        return self.kind in ("principle", "matrix_category", "process_step") or self.id.split("-")[0] == "pim"

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def acronyms_besides_name(self) -> tuple[str, ...]:
        """The acronyms worth showing after the name: not the name itself ("ACAPS (ACAPS)")."""
        return tuple(a for a in self.acronyms if fold(a) != fold(self.title))

    @property
    def acronyms_after_name(self) -> str:
        """ " (DTM)" to write after the name in a list or a short summary; "" when no acronym adds anything."""
        return f" ({', '.join(self.acronyms_besides_name)})" if self.acronyms_besides_name else ""

    @cached_property
    def title_keys(self) -> tuple[str, ...]:
        return tuple(_keys_of([self.title]))

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Computed once: validation and the matcher's index both need them."""
        keys = [*self.title_keys, *(k for k in _keys_of(self.aliases) if k not in self.title_keys)]
        id_key = normalize(self.id)
        if id_key not in keys:
            keys.append(id_key)
        return tuple(keys)

    def line_of(self, field_name: str) -> int:
        """The line of one field, for error messages; the entry's first line when the field is absent."""
        return self.field_lines.get(field_name, self.line)


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[Entry, ...]
    directory: Path
    by_id: Mapping[str, Entry] = field(default_factory=dict)
    safeguards: Safeguards = NO_SAFEGUARDS
    """The safety alerts (safeguards.yaml) and what triggers them."""
    differences: Mapping[frozenset[str], Difference] = field(default_factory=dict)
    """Curated notes on what sets two entries apart, by the pair of ids."""
    tool_examples: tuple[ToolExample, ...] = ()
    """Situations labelled with the tools practitioners would accept (tool-examples.yaml)."""

    def difference(self, first: str, second: str) -> Difference | None:
        return self.differences.get(frozenset((first, second)))

    def get(self, entry_id: str) -> Entry | None:
        return self.by_id.get(entry_id)

    def of_kind(self, kind: str) -> list[Entry]:
        """Entries of one kind, in their official order (by number, else by title)."""
        chosen = [e for e in self.entries if e.kind == kind]
        return sorted(chosen, key=lambda e: (e.number or 0, fold(e.title)))

    def __len__(self) -> int:
        return len(self.entries)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
SHORT_SENTENCE = 60
"""A first sentence shorter than this ("Primero's child protection module.") says too little on its own."""


def name_keys(entry: Entry) -> tuple[str, ...]:
    """The normalised names an entry answers to exactly: its title (with and without brackets), aliases and id."""
    return entry.keys


def _keys_of(names: Iterable[str]) -> list[str]:
    keys: list[str] = []
    for text in names:
        variants = (text, _BRACKETED.sub(" ", text), text.replace("(", "").replace(")", "")) if "(" in text else (text,)
        for variant in variants:
            key = normalize(variant)
            if key and key not in keys:
                keys.append(key)
    return keys


def acronym_key(acronym: str) -> str:
    return normalize(acronym).replace(" ", "")
