"""Load the YAML knowledge base and check it, so a coordinator's mistake is reported by file, line and field."""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from rapidfuzz import process

from bot import messages
from bot.advice.classifier import Example
from bot.advice.likeness import ToolExample
from bot.advice.safeguards_file import check_safeguards, read_examples, read_safeguards
from bot.advice.safety import DATA_INCIDENT, Safeguard, build_safeguards
from bot.advice.tool_examples_file import check_tool_examples, read_tool_examples
from bot.knowledge.differences import DIFFERENCES_SECTION, Difference, check_differences, read_differences
from bot.knowledge.entries import (
    _ACRONYM,
    _COMMON_FIELDS,
    _ID,
    CROSS_CUTTING,
    DEFAULT_REVIEW_DAYS,
    KIND_BY_NAME,
    KIND_BY_SECTION,
    KINDS,
    MAX_DEFINITION,
    MAX_NAME,
    PERSONAL_DATA,
    Entry,
    Kind,
    KnowledgeBase,
    ToolProfile,
)
from bot.knowledge.fields import Fields
from bot.knowledge.yamlfile import (
    KnowledgeError,
    Node,
    Problem,
    collector_paused,
    read_section,
    relative_name,
    yaml_files,
)
from bot.messages import say
from bot.text.normalize import fold, normalize

MAX_ENTRIES = 20_000
"""More entries than this is a mistake (a generated file, a bad merge), not a knowledge base: refuse it."""
EVENTS_SECTION = "events"
"""The events file lives in the knowledge folder too, but holds no entries: bot.reminders.events reads it."""
SAFEGUARDS_SECTION = "safeguards"
"""The safety alerts and their trigger words (bot.advice.safety reads them)."""
EXAMPLES_SECTION = "examples"
"""Situations labelled with the alerts they call for, which the safety model learns from."""
INCIDENT_EXAMPLES_SECTION = "incident_examples"
"""Situations labelled as data incidents or not, which the incident model learns from."""
TOOL_EXAMPLES_SECTION = "tool_examples"
"""Situations labelled with the tools practitioners would accept, which the tool ranking learns from."""


def load_knowledge(directory: Path | str, read: dict[str, bytes] | None = None) -> KnowledgeBase:
    """Read every YAML file of a knowledge folder; raise KnowledgeError listing every problem found.

    `read`, when given, gets each file's bytes as they were read and parsed, by file name."""
    with collector_paused():
        return _load(Path(directory), read)


def _load(directory: Path, read: dict[str, bytes] | None) -> KnowledgeBase:
    if not directory.is_dir():
        raise KnowledgeError([Problem(relative_name(directory), 0, say(messages.CHECK_FOLDER_NOT_FOUND))])
    problems: list[Problem] = []
    entries: list[Entry] = []
    safeguards: list[Safeguard] = []
    examples: list[Example] = []
    incident_examples: list[Example] = []
    tool_examples: list[ToolExample] = []
    differences: list[Difference] = []
    rejected: set[str] = set()
    """Ids of entries with a problem: links to them are not reported again, one slip gives one problem."""
    files = yaml_files(directory)
    if not files:
        problems.append(Problem(relative_name(directory), 0, say(messages.CHECK_NO_YAML_FILES)))
    unreadable = 0
    for path in files:
        before = len(problems)
        sections = (
            *KIND_BY_SECTION,
            SAFEGUARDS_SECTION,
            EXAMPLES_SECTION,
            INCIDENT_EXAMPLES_SECTION,
            TOOL_EXAMPLES_SECTION,
            DIFFERENCES_SECTION,
            EVENTS_SECTION,
        )
        found = read_section(path, sections, problems, read)
        unreadable += any(p.unreadable for p in problems[before:])
        if found is None or found[0] == EVENTS_SECTION:
            continue
        section, items = found
        name = relative_name(path)
        if section == SAFEGUARDS_SECTION:
            safeguards += read_safeguards(items, name, problems)
            continue
        if section == EXAMPLES_SECTION:
            examples += read_examples(items, name, problems)
            continue
        if section == INCIDENT_EXAMPLES_SECTION:
            incident_examples += read_examples(items, name, problems, kinds=(DATA_INCIDENT,))
            continue
        if section == TOOL_EXAMPLES_SECTION:
            tool_examples += read_tool_examples(items, name, problems)
            continue
        if section == DIFFERENCES_SECTION:
            differences += read_differences(items, name, problems)
            continue
        for item in items.value:
            entry = _read_entry(item, KIND_BY_SECTION[section], name, problems)
            if isinstance(entry, Entry):
                entries.append(entry)
            elif entry:
                rejected.add(entry)
    if len(entries) > MAX_ENTRIES:
        where = relative_name(directory)
        problems.append(Problem(where, 0, say(messages.CHECK_TOO_MANY_ENTRIES, count=len(entries), limit=MAX_ENTRIES)))
        raise KnowledgeError(problems)
    # With a file unreadable, its entries are missing: links to them would all be reported as broken.
    problems.extend(_check_whole(entries, check_links=not unreadable, rejected=rejected))
    by_id = MappingProxyType({e.id: e for e in entries})
    if not unreadable:
        known = by_id.keys() | rejected
        has_tools = any(e.tool is not None for e in entries)
        problems.extend(check_safeguards(safeguards, known, relative_name(directory), has_tools))
        problems.extend(check_differences(differences, known))
        problems.extend(check_tool_examples(tool_examples, by_id))
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(
        entries=tuple(entries),
        directory=directory,
        by_id=by_id,
        safeguards=build_safeguards(safeguards, examples, incident_examples),
        differences=MappingProxyType({note.between: note for note in differences}),
        tool_examples=tuple(tool_examples),
    )


class _EntryFields(Fields):
    def __init__(self, node: Node, kind: Kind, file: str, problems: list[Problem]) -> None:
        self.kind = kind
        super().__init__(node, file, _allowed_fields(kind), problems)

    def hint_for(self, key: str) -> str:
        if key in _NAME_FIELDS:
            return say(messages.CHECK_HINT_NAME_FIELD, section=self.kind.section, name_field=self.kind.name_field, key=key)
        return ""


@functools.cache
def _allowed_fields(kind: Kind) -> tuple[str, ...]:
    """The fields an entry of this kind may have, in the order messages list them."""
    allowed = (*_COMMON_FIELDS[:1], kind.name_field, *_COMMON_FIELDS[1:])
    allowed += ("number",) if kind.numbered else ()
    return allowed + kind.extra_fields


def _read_entry(node: Node, kind: Kind, file: str, problems: list[Problem]) -> Entry | str | None:
    """The entry, or only its id when it has a problem (None when it has no id either)."""
    fields = _EntryFields(node, kind, file, problems)
    if not fields.nodes:
        return None
    entry_id = fields.text("id", required=True)
    if entry_id:
        fields.name(messages.CHECK_NAMED_ENTRY, id=entry_id)
        if not _ID.match(entry_id):
            fields.problem(fields.line_of("id"), say(messages.CHECK_BAD_ENTRY_ID, id=entry_id))
    title = fields.text(kind.name_field, required=True)
    if len(title) > MAX_NAME:
        fields.field_problem(kind.name_field, say(messages.CHECK_NAME_TOO_LONG, limit=MAX_NAME))
    definition = fields.text("definition", required=True)
    swallowed = _FIELD_INSIDE_TEXT.search(definition) if ":" in definition else None  # most hold no colon
    if swallowed:
        fields.field_problem("definition", say(messages.CHECK_FIELD_INSIDE_TEXT, field=swallowed.group(1)))
    if len(definition) > MAX_DEFINITION:
        fields.field_problem("definition", say(messages.CHECK_TOO_LONG, length=len(definition), limit=MAX_DEFINITION))
    aliases = fields.texts("aliases")
    acronyms = fields.texts("acronyms")
    for acronym in acronyms:
        if not _ACRONYM.match(acronym):
            fields.field_problem("acronyms", say(messages.CHECK_NOT_AN_ACRONYM, acronym=acronym))
    related = fields.texts("related")
    sources = fields.urls("source", required=True)
    number = fields.number("number", required=True, hint=say(messages.CHECK_HINT_NUMBER)) if kind.numbered else None
    tool = _tool_profile(fields) if kind.name == "tool" else None
    reviewed = fields.date("reviewed")
    review_every = fields.period("review_every") or DEFAULT_REVIEW_DAYS
    if not fields.ok:
        return entry_id or None
    return _new_entry(
        id=entry_id,
        kind=kind.name,
        title=title,
        definition=" ".join(definition.split()),
        aliases=aliases,
        acronyms=acronyms,
        related=related,
        sources=sources,
        number=number,
        tool=tool,
        reviewed=reviewed,
        review_every=review_every,
        file=file,
        line=fields.line,
        field_lines=MappingProxyType(fields.field_lines()),
    )


def _new_entry(**values: object) -> Entry:
    """`Entry(**values)` with every field given, built without the frozen dataclass's `__init__`, which sets each of
    its sixteen fields through `object.__setattr__`: that took 7% of loading 10,000 entries. A test checks that each
    loaded entry has every field and equals one made by `Entry(...)`."""
    entry = object.__new__(Entry)
    entry.__dict__.update(values)
    return entry


_NAME_FIELDS = {kind.name_field for kind in KINDS} | {"name", "title"}
_FIELD_INSIDE_TEXT = re.compile(
    r"(?:^|\s)(aliases|acronyms|related|source|id|number|categories|fits|not_for|asked_as|run_by|reviewed|review_every):\s"
)


def _tool_profile(fields: Fields) -> ToolProfile:
    run_by = fields.text("run_by", required=True)
    not_for = fields.text("not_for", required=True)
    categories = fields.texts("categories")
    if "categories" not in fields.nodes:
        fields.missing("categories")
    elif not categories:
        fields.field_problem("categories", say(messages.CHECK_NO_CATEGORY, cross_cutting=CROSS_CUTTING))
    fits = fields.texts("fits")
    if not fits and "fits" not in fields.misspelt:
        fields.field_problem("fits", say(messages.CHECK_NO_FITS))
    personal_data = fields.word("personal_data", PERSONAL_DATA, required=True)
    asked_as = fields.texts("asked_as")
    return ToolProfile(run_by, categories, personal_data or "depends", fits, " ".join(not_for.split()), asked_as)


def _check_whole(entries: list[Entry], check_links: bool = True, rejected: Container[str] = ()) -> Iterator[Problem]:
    """Checks that need every entry at once: unique ids, names and numbers, and related ids that exist."""
    first_by_id: dict[str, Entry] = {}
    owner_of_key: dict[str, Entry] = {}
    numbers: dict[tuple[str, int], Entry] = {}
    for entry in entries:
        if entry.id in first_by_id:
            location = first_by_id[entry.id].location
            yield Problem(entry.file, entry.line_of("id"), say(messages.CHECK_ID_TAKEN, id=entry.id, location=location))
            continue
        first_by_id[entry.id] = entry
        for key in entry.keys:
            other = owner_of_key.setdefault(key, entry)
            if other is not entry:
                name_field = KIND_BY_NAME[entry.kind].name_field
                where = name_field if key in entry.title_keys else "aliases"
                yield Problem(
                    entry.file,
                    entry.line_of(where),
                    say(
                        messages.CHECK_NAME_TAKEN, id=entry.id, field=where, key=key, other=other.id, location=other.location
                    ),
                )
        if entry.number is not None:
            other = numbers.setdefault((entry.kind, entry.number), entry)
            if other is not entry:
                yield Problem(
                    entry.file,
                    entry.line_of("number"),
                    say(
                        messages.CHECK_NUMBER_TAKEN,
                        id=entry.id,
                        number=entry.number,
                        other=other.id,
                        location=other.location,
                    ),
                )
    for entry in first_by_id.values():
        for acronym in entry.acronyms:
            other = owner_of_key.get(normalize(acronym))
            if other is not None and other is not entry:
                yield Problem(
                    entry.file,
                    entry.line_of("acronyms"),
                    say(messages.CHECK_ACRONYM_TAKEN, id=entry.id, acronym=acronym, other=other.id),
                )
        if not check_links:
            continue
        if entry.tool is not None:
            for category in entry.tool.categories:
                target = first_by_id.get(category)
                if category != CROSS_CUTTING and (target is None or target.kind != "matrix_category"):
                    yield Problem(
                        entry.file,
                        entry.line_of("categories"),
                        say(messages.CHECK_NOT_A_CATEGORY, id=entry.id, category=category, cross_cutting=CROSS_CUTTING)
                        + _closest_id(category, {k: e for k, e in first_by_id.items() if e.kind == "matrix_category"}),
                    )
        for related_id in entry.related:
            if related_id == entry.id:
                yield Problem(
                    entry.file,
                    entry.line_of("related"),
                    say(messages.CHECK_RELATED_TO_ITSELF, id=entry.id),
                )
            elif related_id not in first_by_id and related_id not in rejected:
                yield Problem(
                    entry.file,
                    entry.line_of("related"),
                    say(messages.CHECK_NO_SUCH_RELATED, id=entry.id, related=related_id)
                    + _closest_id(related_id, first_by_id),
                )


def _closest_id(wrong: str, known: Mapping[str, Entry]) -> str:
    """A hint for a mistyped id, or a title written where the id belongs."""
    by_title = {fold(e.title): e.id for e in known.values()}
    if fold(wrong) in by_title:
        return say(messages.CHECK_HINT_ID_NOT_TITLE, id=by_title[fold(wrong)])
    found = process.extractOne(wrong, list(known), score_cutoff=80)
    return say(messages.CHECK_HINT_DID_YOU_MEAN, meant=found[0]) if found else ""
