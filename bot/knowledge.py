"""Load the YAML knowledge base and check it, so a coordinator's mistake is reported by file, line and field.

The loader walks PyYAML's node tree rather than plain Python objects: nodes keep their line numbers,
and walking them also catches a key written twice in one entry, which `yaml.safe_load` silently drops.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml
from rapidfuzz import process
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.normalize import fold, normalize


@dataclass(frozen=True)
class Kind:
    """One kind of entry and the top-level key of the files that hold it."""

    name: str
    section: str
    name_field: str
    label: str
    numbered: bool
    extra_fields: tuple[str, ...] = ()


KINDS: tuple[Kind, ...] = (
    Kind("principle", "principles", "principle", "PIM Principle", numbered=True),
    Kind("matrix_category", "categories", "category", "PIM Matrix category", numbered=True),
    Kind("process_step", "steps", "step", "PIM Process step", numbered=True),
    Kind("term", "terms", "term", "Term", numbered=False),
    Kind(
        "tool",
        "tools",
        "tool",
        "Tool or system",
        numbered=False,
        extra_fields=("run_by", "categories", "personal_data", "fits", "not_for"),
    ),
)
KIND_BY_SECTION = {kind.section: kind for kind in KINDS}
KIND_BY_NAME = {kind.name: kind for kind in KINDS}

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: much faster, same nodes
MAX_DEFINITION = 600
MAX_NAME = 120
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ACRONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9&+/.-]{0,11}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_COMMON_FIELDS = ("id", "definition", "aliases", "acronyms", "related", "source")
CROSS_CUTTING = "cross-cutting"
PERSONAL_DATA = {"yes": "yes", "true": "yes", "no": "no", "false": "no", "depends": "depends"}


@dataclass(frozen=True)
class ToolProfile:
    """What a tool entry adds to an entry: what advice needs to choose it and to say why."""

    run_by: str
    categories: tuple[str, ...]
    personal_data: str
    fits: tuple[str, ...]
    not_for: str


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
    file: str = ""
    line: int = 0
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def kind_label(self) -> str:
        return KIND_BY_NAME[self.kind].label

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    def line_of(self, field_name: str) -> int:
        """The line of one field, for error messages; the entry's first line when the field is absent."""
        return self.field_lines.get(field_name, self.line)


@dataclass(frozen=True)
class Problem:
    """A single thing wrong in a knowledge file, printed as `file:line: message`."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge folder cannot be used; `problems` says exactly where and why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[Entry, ...]
    directory: Path
    by_id: Mapping[str, Entry] = field(default_factory=dict)

    def get(self, entry_id: str) -> Entry | None:
        return self.by_id.get(entry_id)

    def of_kind(self, kind: str) -> list[Entry]:
        """Entries of one kind, in their official order (by number, else by title)."""
        chosen = [e for e in self.entries if e.kind == kind]
        return sorted(chosen, key=lambda e: (e.number or 0, fold(e.title)))

    def __len__(self) -> int:
        return len(self.entries)


def name_keys(entry: Entry) -> list[str]:
    """The normalised names an entry answers to exactly: its title (with and without brackets) and aliases."""
    keys: list[str] = []
    for text in (entry.title, *entry.aliases):
        for variant in (text, re.sub(r"\([^)]*\)", " ", text), re.sub(r"[()]", "", text)):
            key = normalize(variant)
            if key and key not in keys:
                keys.append(key)
    if entry.id.replace("-", " ") not in keys and normalize(entry.id) not in keys:
        keys.append(normalize(entry.id))
    return keys


def acronym_key(acronym: str) -> str:
    return normalize(acronym).replace(" ", "")


def relative_name(path: Path) -> str:
    """Show paths the way a user typed them: relative to the current folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def knowledge_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_knowledge(directory: Path | str) -> KnowledgeBase:
    """Read every YAML file of a knowledge folder; raise KnowledgeError listing every problem found."""
    directory = Path(directory)
    if not directory.is_dir():
        raise KnowledgeError([Problem(relative_name(directory), 0, "knowledge folder not found")])
    problems: list[Problem] = []
    entries: list[Entry] = []
    files = knowledge_files(directory)
    if not files:
        problems.append(Problem(relative_name(directory), 0, "no .yaml files in the knowledge folder"))
    unreadable = 0
    for path in files:
        before = len(problems)
        entries.extend(_read_file(path, problems))
        unreadable += any(p.message.startswith(_UNREADABLE) for p in problems[before:])
    # With a file unreadable, its entries are missing: links to them would all be reported as broken.
    problems.extend(_check_whole(entries, check_links=not unreadable))
    if problems:
        raise KnowledgeError(problems)
    by_id = MappingProxyType({e.id: e for e in entries})
    return KnowledgeBase(entries=tuple(entries), directory=directory, by_id=by_id)


_UNREADABLE = ("not valid YAML", "cannot be read", "is not UTF-8")
_YAML_HINTS = (
    ("mapping values are not allowed", "a ':' inside a text? Put the text in quotes, or use `>-` and indent it"),
    ("could not find expected ':'", "a field name without ':' after it, or a line indented differently from its neighbours"),
    ("did not find expected '-' indicator", "check the indentation: every field of an entry lines up under 'id'"),
    ("did not find expected key", "check the indentation: every field of an entry lines up under 'id'"),
    ("expected <block end>", "check the indentation: every field of an entry lines up under 'id'"),
    ("did not find expected ',' or ']'", "a list in [brackets] is not closed, or an item in it has a ':' (quote it)"),
    ("found character '\\t'", "a tab character: indent with spaces only"),
)


def _yaml_problem(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    detail = exc.problem or exc.context or "unreadable"
    hint = next((h for pattern, h in _YAML_HINTS if pattern in str(exc)), "")
    # PyYAML often notices a mistake on the line after it: point at both.
    where = f" (on this line or the one before: {hint})" if hint else " (on this line or the one before)"
    return Problem(name, mark.line + 1 if mark else 0, f"not valid YAML: {detail}{where}")


def _read_file(path: Path, problems: list[Problem]) -> Iterator[Entry]:
    name = relative_name(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        problems.append(_yaml_problem(name, exc))
        return
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(name, line, "is not UTF-8 text: save the file as UTF-8 (most editors offer it on 'Save as')")
        )
        return
    except (OSError, yaml.YAMLError) as exc:
        problems.append(Problem(name, 0, f"cannot be read: {exc}"))
        return
    if root is None:
        problems.append(Problem(name, 1, "the file is empty"))
        return
    if not isinstance(root, MappingNode) or len(root.value) != 1:
        sections = ", ".join(f"'{k}:'" for k in KIND_BY_SECTION)
        problems.append(Problem(name, _line(root), f"the file must have exactly one top-level key, one of {sections}"))
        return
    key_node, list_node = root.value[0]
    kind = KIND_BY_SECTION.get(str(key_node.value))
    if kind is None:
        sections = ", ".join(f"'{k}:'" for k in KIND_BY_SECTION)
        problems.append(
            Problem(name, _line(key_node), f"unknown top-level key '{key_node.value}', expected one of {sections}")
        )
        return
    if not isinstance(list_node, SequenceNode):
        problems.append(
            Problem(name, _line(list_node), f"'{kind.section}' must be a list of entries (items start with '-')")
        )
        return
    for item in list_node.value:
        entry = _read_entry(item, kind, name, problems)
        if entry is not None:
            yield entry


def _read_entry(node: Node, kind: Kind, file: str, problems: list[Problem]) -> Entry | None:
    line = _line(node)

    def problem(at: int, message: str) -> None:
        problems.append(Problem(file, at, message))

    if not isinstance(node, MappingNode):
        problem(line, f"each item of '{kind.section}' must be a mapping of fields (id, {kind.name_field}, definition, ...)")
        return None
    allowed = (*_COMMON_FIELDS, kind.name_field, *(("number",) if kind.numbered else ()), *kind.extra_fields)
    fields: dict[str, Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in fields:
            problem(_line(key_node), f"field '{key}' is given twice in one entry (is the '- ' missing before a new entry?)")
        elif key not in allowed:
            hint = f" ('{kind.section}' entries use '{kind.name_field}', not '{key}')" if key in _NAME_FIELDS else ""
            problem(_line(key_node), f"unknown field '{key}'{hint}; allowed: {', '.join(allowed)}")
        fields[key] = value_node

    before = len(problems)
    entry_id = _text(fields, "id", line, problem, required=True)
    label = f"entry '{entry_id}'" if entry_id else "entry"
    if entry_id and not _ID.match(entry_id):
        problem(
            _line(fields["id"]),
            f"field 'id': '{entry_id}' must be lowercase words joined by hyphens, like 'informed-consent'",
        )
    title = _text(fields, kind.name_field, line, problem, required=True, owner=label)
    if title and len(title) > MAX_NAME:
        problem(_line(fields[kind.name_field]), f"{label}, field '{kind.name_field}': longer than {MAX_NAME} characters")
    definition = _text(fields, "definition", line, problem, required=True, owner=label)
    swallowed = _FIELD_INSIDE_TEXT.search(definition)
    if swallowed:
        problem(
            _line(fields["definition"]),
            f"{label}, field 'definition': it contains '{swallowed.group(1)}:', which looks like a field indented "
            "as part of the definition; line it up under 'definition'",
        )
    if definition and len(definition) > MAX_DEFINITION:
        problem(
            _line(fields["definition"]),
            f"{label}, field 'definition': {len(definition)} characters, keep it under {MAX_DEFINITION}",
        )
    aliases = _texts(fields, "aliases", problem, label)
    acronyms = _texts(fields, "acronyms", problem, label)
    for acronym in acronyms:
        if not _ACRONYM.match(acronym):
            problem(_line(fields["acronyms"]), f"{label}, field 'acronyms': '{acronym}' is not an acronym (one short word)")
    related = _texts(fields, "related", problem, label)
    sources = _sources(fields, line, problem, label)
    number = None
    if kind.numbered:
        number = _number(fields, line, problem, label)
    tool = _tool_profile(fields, line, problem, label) if kind.name == "tool" else None
    if len(problems) > before or not (entry_id and title and definition):
        return None
    return Entry(
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
        file=file,
        line=line,
        field_lines=MappingProxyType({key: _line(value) for key, value in fields.items()}),
    )


_NAME_FIELDS = {kind.name_field for kind in KINDS} | {"name", "title"}
_FIELD_INSIDE_TEXT = re.compile(r"(?:^|\s)(aliases|acronyms|related|source|id|number|categories|fits|not_for|run_by):\s")


def _line(node: Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def _text(fields, key, entry_line, problem, required=False, owner="entry") -> str:
    node = fields.get(key)
    if node is None:
        if required:
            problem(entry_line, f"{owner}: missing required field '{key}'")
        return ""
    if not isinstance(node, ScalarNode) or node.tag.endswith((":null", ":bool")) or not str(node.value).strip():
        problem(_line(node), f"{owner}, field '{key}': must be non-empty text")
        return ""
    return str(node.value).strip()


def _texts(fields, key, problem, owner) -> tuple[str, ...]:
    node = fields.get(key)
    if node is None:
        return ()
    if not isinstance(node, SequenceNode):
        problem(_line(node), f"{owner}, field '{key}': must be a list, like [one, two]")
        return ()
    values = []
    for item in node.value:
        if not isinstance(item, ScalarNode) or not str(item.value).strip() or item.tag.endswith(":null"):
            problem(_line(item), f"{owner}, field '{key}': every item must be non-empty text")
            continue
        values.append(str(item.value).strip())
    return tuple(values)


def _sources(fields, entry_line, problem, owner) -> tuple[str, ...]:
    node = fields.get("source")
    if node is None:
        problem(entry_line, f"{owner}: missing required field 'source' (a public web address)")
        return ()
    if isinstance(node, ScalarNode):
        values: tuple[str, ...] = (str(node.value).strip(),)
    else:
        values = _texts(fields, "source", problem, owner)
        if not values:
            problem(_line(node), f"{owner}, field 'source': give at least one web address")
    for value in values:
        if not _URL.match(value):
            problem(
                _line(node), f"{owner}, field 'source': '{value}' is not a web address starting with http:// or https://"
            )
    return values


def _number(fields, entry_line, problem, owner) -> int | None:
    node = fields.get("number")
    if node is None:
        problem(entry_line, f"{owner}: missing required field 'number' (its place in the official order)")
        return None
    text = str(node.value)
    if not isinstance(node, ScalarNode) or not text.isdigit() or int(text) < 1:
        problem(_line(node), f"{owner}, field 'number': must be a whole number from 1")
        return None
    return int(text)


def _tool_profile(fields, entry_line, problem, owner) -> ToolProfile:
    run_by = _text(fields, "run_by", entry_line, problem, required=True, owner=owner)
    not_for = _text(fields, "not_for", entry_line, problem, required=True, owner=owner)
    categories = _texts(fields, "categories", problem, owner)
    if "categories" in fields and not categories:
        problem(_line(fields["categories"]), f"{owner}, field 'categories': give a Matrix category id or '{CROSS_CUTTING}'")
    elif "categories" not in fields:
        problem(entry_line, f"{owner}: missing required field 'categories'")
    fits = _texts(fields, "fits", problem, owner)
    if not fits:
        where = _line(fields.get("fits")) or entry_line
        problem(where, f"{owner}, field 'fits': list the situations it fits, in users' words")
    node = fields.get("personal_data")
    personal_data = PERSONAL_DATA.get(str(node.value).strip().lower()) if isinstance(node, ScalarNode) else None
    if node is None:
        problem(entry_line, f"{owner}: missing required field 'personal_data' (yes, no or depends)")
    elif personal_data is None:
        problem(_line(node), f"{owner}, field 'personal_data': must be yes, no or depends")
    return ToolProfile(run_by, categories, personal_data or "depends", fits, " ".join(not_for.split()))


def _check_whole(entries: list[Entry], check_links: bool = True) -> Iterator[Problem]:
    """Checks that need every entry at once: unique ids, names and numbers, and related ids that exist."""
    first_by_id: dict[str, Entry] = {}
    owner_of_key: dict[str, Entry] = {}
    numbers: dict[tuple[str, int], Entry] = {}
    for entry in entries:
        if entry.id in first_by_id:
            yield Problem(
                entry.file,
                entry.line_of("id"),
                f"field 'id': '{entry.id}' is already used at {first_by_id[entry.id].location}",
            )
            continue
        first_by_id[entry.id] = entry
        title_keys = set(name_keys(Entry(entry.id, entry.kind, entry.title, entry.definition)))
        for key in name_keys(entry):
            other = owner_of_key.setdefault(key, entry)
            if other is not entry:
                name_field = KIND_BY_NAME[entry.kind].name_field
                where = name_field if key in title_keys else "aliases"
                yield Problem(
                    entry.file,
                    entry.line_of(where),
                    f"entry '{entry.id}', field '{where}': '{key}' is already a name or alias of "
                    f"'{other.id}' ({other.location}); use 'acronyms' for an abbreviation with several meanings",
                )
        if entry.number is not None:
            other = numbers.setdefault((entry.kind, entry.number), entry)
            if other is not entry:
                yield Problem(
                    entry.file,
                    entry.line_of("number"),
                    f"entry '{entry.id}', field 'number': {entry.number} is already used by '{other.id}' ({other.location})",
                )
    for entry in first_by_id.values():
        for acronym in entry.acronyms:
            other = owner_of_key.get(normalize(acronym))
            if other is not None and other is not entry:
                yield Problem(
                    entry.file,
                    entry.line_of("acronyms"),
                    f"entry '{entry.id}', field 'acronyms': '{acronym}' is already a name or alias of '{other.id}'",
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
                        f"entry '{entry.id}', field 'categories': '{category}' is not a PIM Matrix category id "
                        f"(or '{CROSS_CUTTING}')",
                    )
        for related_id in entry.related:
            if related_id == entry.id:
                yield Problem(
                    entry.file,
                    entry.line_of("related"),
                    f"entry '{entry.id}', field 'related': an entry cannot be related to itself",
                )
            elif related_id not in first_by_id:
                yield Problem(
                    entry.file,
                    entry.line_of("related"),
                    f"entry '{entry.id}', field 'related': no entry has the id '{related_id}'"
                    + _closest_id(related_id, first_by_id),
                )


def _closest_id(wrong: str, known: Mapping[str, Entry]) -> str:
    """A hint for a mistyped id, or a title written where the id belongs."""
    by_title = {fold(e.title): e.id for e in known.values()}
    if fold(wrong) in by_title:
        return f" (ids are lowercase with hyphens: did you mean '{by_title[fold(wrong)]}'?)"
    found = process.extractOne(wrong, list(known), score_cutoff=80)
    return f" (did you mean '{found[0]}'?)" if found else ""
