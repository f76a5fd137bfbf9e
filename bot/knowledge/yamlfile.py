"""Reading the knowledge folder's YAML so that every mistake is reported by file, line and field.

The readers walk a tree of nodes rather than plain Python objects: nodes keep their line numbers, and
walking them also catches a key written twice in one mapping, which `yaml.safe_load` silently drops.
The tree is built straight from libyaml's parse events into small slotted nodes, about twice as fast
as PyYAML's own composer on a large knowledge base. Shared by the knowledge base and the events file.
"""

from __future__ import annotations

import gc
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from bot import messages
from bot.messages import say

MAX_FILE_BYTES = 5 * 1024 * 1024
"""A knowledge or events file larger than this is refused unread (the shipped ones are well under 1 MB)."""
MAX_PROBLEMS = 50
"""Problems kept and shown per load; the rest are counted ("and N more")."""
LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml's parser when the wheel has it
_YAML_HINTS = (  # PyYAML's words for a mistake -> the catalogue's hint on what to fix
    ("mapping values are not allowed", messages.CHECK_YAML_COLON),
    ("could not find expected ':'", messages.CHECK_YAML_NO_COLON),
    ("did not find expected '-' indicator", messages.CHECK_YAML_INDENT),
    ("did not find expected key", messages.CHECK_YAML_INDENT),
    ("expected <block end>", messages.CHECK_YAML_INDENT),
    ("did not find expected ',' or ']'", messages.CHECK_YAML_BRACKETS),
    ("found character '\\t'", messages.CHECK_YAML_TAB),
)


@dataclass(frozen=True)
class Problem:
    """A single thing wrong in a knowledge file, printed as `file:line: message`."""

    file: str
    line: int
    message: str
    unreadable: bool = False
    """The file cannot be read at all (not YAML, not UTF-8, no access): its entries are missing, not broken."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge folder cannot be used; `problems` says exactly where and why (the first MAX_PROBLEMS)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        every = tuple(problems)
        self.problems = every[:MAX_PROBLEMS]
        self.more = len(every) - len(self.problems)
        """How many problems were found beyond those kept: a broken 50 MB file must not flood a log."""
        more = [say(messages.CLI_MORE_PROBLEMS, count=self.more)] if self.more else []
        lines = [str(p) for p in self.problems] + more
        super().__init__("\n".join(lines))


def relative_name(path: Path) -> str:
    """Show paths the way a user typed them: relative to the current folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class Scalar:
    __slots__ = ("line", "tag", "value")

    def __init__(self, value: str, line: int, tag: str) -> None:
        self.value, self.line, self.tag = value, line, tag


class Sequence:
    __slots__ = ("line", "value")

    def __init__(self, line: int) -> None:
        self.value: list[Node] = []
        self.line = line


class Mapping:
    __slots__ = ("line", "value")

    def __init__(self, line: int) -> None:
        self.value: list[tuple[Node, Node]] = []
        self.line = line


Node = Scalar | Sequence | Mapping
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = frozenset(
    {
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    }
)  # fmt: skip


class UnsupportedYaml(yaml.MarkedYAMLError):
    pass


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a knowledge folder is read: reading makes hundreds of
    thousands of small objects, none of them cyclic, and the collector's passes over them took about 40% of
    loading 10,000 entries.

    Before it runs again, what is alive is frozen (`gc.freeze`): the collector's first pass would otherwise walk
    every object just made (8% of that load), and the knowledge lives as long as the process. Frozen objects are
    still freed when nothing refers to them (an old knowledge base after a reload); only garbage caught in a
    reference cycle at that moment is never collected."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def compose(text: str) -> Node | None:
    """The document's node tree, with 1-based line numbers; plain scalars are tagged "null", "bool" or "str"."""
    # One flat loop with everything local: this runs once per YAML event, 150,000 times for 10,000 entries.
    containers: list[Mapping | Sequence] = []
    pending_keys: list[Node | None] = []
    root: Node | None = None
    parser = LOADER(text)
    get_event = parser.get_event
    try:
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                value = event.value
                tag = "str"
                if event.implicit[0]:  # a plain scalar: YAML reads "~" as null and "yes" as a boolean
                    tag = "null" if value in _NULLS else "bool" if value in _BOOLS else "str"
                node: Node = Scalar(value, event.start_mark.line + 1, tag)
            elif kind is MappingStartEvent:
                node = Mapping(event.start_mark.line + 1)
            elif kind is SequenceStartEvent:
                node = Sequence(event.start_mark.line + 1)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                containers.pop()
                pending_keys.pop()
                continue
            elif kind is AliasEvent:
                raise UnsupportedYaml(problem=say(messages.CHECK_NO_ANCHORS), problem_mark=event.start_mark)
            elif kind is StreamEndEvent:
                return root
            else:
                continue
            if containers:
                parent = containers[-1]
                if parent.__class__ is Sequence:
                    parent.value.append(node)
                elif pending_keys[-1] is None:
                    pending_keys[-1] = node
                else:
                    parent.value.append((pending_keys[-1], node))
                    pending_keys[-1] = None
            else:
                root = node
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                containers.append(node)  # type: ignore[arg-type]
                pending_keys.append(None)
    finally:
        parser.dispose()


def line_of(node: Node | None) -> int:
    return node.line if node is not None else 0


def yaml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def folder_stamp(directory: Path) -> tuple:
    """Changes whenever a YAML file in the folder is added, removed or edited: a cheap way to notice edits."""
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in yaml_files(directory))


_PARSED: OrderedDict[tuple[Path, bytes], Node | None] = OrderedDict()
_PARSED_KEPT = 64
_PARSED_LOCK = threading.Lock()


def _parsed(path: Path, raw: bytes) -> Node | None:
    """A file's node tree, parsed once per content: the knowledge base and the calendar both read the whole
    folder (each looking for its own sections), and should not parse every file twice. Keyed by a digest of
    the bytes, not by the file's time and size, which an edit can leave as they were (two saves within the
    file system's time step)."""
    key = (path.resolve(), hashlib.blake2b(raw, digest_size=16).digest())
    with _PARSED_LOCK:
        if key in _PARSED:
            _PARSED.move_to_end(key)
            return _PARSED[key]
    with collector_paused():
        root = compose(raw.decode("utf-8"))  # errors are not kept: a broken file is parsed again
    with _PARSED_LOCK:
        _PARSED[key] = root
        while len(_PARSED) > _PARSED_KEPT:
            _PARSED.popitem(last=False)
    return root


def read_section(
    path: Path, sections: Iterable[str], problems: list[Problem], read: dict[str, bytes] | None = None
) -> tuple[str, Sequence] | None:
    """Parse a file whose one top-level key names a section holding a list; None (with problems) otherwise.

    The file is read once; `read`, when given, gets the bytes that were parsed, by file name."""
    name = relative_name(path)
    known = ", ".join(f"'{k}:'" for k in sections)
    raw = b""
    try:
        size = path.stat().st_size
        if size <= MAX_FILE_BYTES:
            with path.open("rb") as file:
                raw = file.read(MAX_FILE_BYTES + 1)  # it may have grown since: never more than the limit
            size = max(size, len(raw))
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 1024 // 1024
            problems.append(Problem(name, 0, say(messages.CHECK_TOO_BIG, size=f"{size / 1024 / 1024:.1f}", limit=limit)))
            return None
        if read is not None:
            read[path.name] = raw
        root = _parsed(path, raw)
    except yaml.MarkedYAMLError as exc:
        problems.append(_yaml_problem(name, exc, raw.decode("utf-8", errors="replace")))
        return None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, say(messages.CHECK_NOT_UTF8), unreadable=True))
        return None
    except (OSError, yaml.YAMLError) as exc:
        problems.append(Problem(name, 0, say(messages.CHECK_CANNOT_READ, error=exc), unreadable=True))
        return None
    if root is None:
        problems.append(Problem(name, 1, say(messages.CHECK_EMPTY_FILE)))
        return None
    if not isinstance(root, Mapping) or len(root.value) != 1:
        problems.append(Problem(name, line_of(root), say(messages.CHECK_ONE_TOP_KEY, known=known)))
        return None
    key_node, list_node = root.value[0]
    section = str(key_node.value)
    if section not in sections:
        problems.append(Problem(name, line_of(key_node), say(messages.CHECK_UNKNOWN_TOP_KEY, section=section, known=known)))
        return None
    if not isinstance(list_node, Sequence):
        problems.append(Problem(name, line_of(list_node), say(messages.CHECK_SECTION_NOT_A_LIST, section=section)))
        return None
    return section, list_node


_OPENING_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[\w-]+:\s+)?(["'])(.*)$""")
_HASH_VALUE = re.compile(r"(?:\[|,|^\s*-|:)\s*(#[^\s\],]+)")


def _likely_cause(text: str, error_line: int) -> Problem | None:
    """The line where a mistake PyYAML noticed later really is: an unclosed quote, or a value starting with '#'."""
    for number, line in enumerate(text.splitlines()[:error_line], start=1):
        if line.lstrip().startswith("#"):
            continue
        opened = _OPENING_QUOTE.match(line)
        if opened:
            quote, rest = opened.groups()
            rest = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
            if quote not in rest:
                return Problem("", number, say(messages.CHECK_NOT_YAML_QUOTE, quote=quote))
        hashed = _HASH_VALUE.search(line) if number >= error_line - 3 else None  # noticed a line or two late
        if hashed:
            return Problem("", number, say(messages.CHECK_NOT_YAML_COMMENT, value=hashed.group(1)))
    return None


_FIELD = re.compile(r"^( *)(?:- )?[A-Za-z_][\w-]*:(.*)$")


def _indented_deeper(text: str, line: int) -> bool:
    """Whether `line` is a field indented further than the field before it, which already has a value."""
    lines = [(n, t) for n, t in enumerate(text.splitlines()[:line], start=1) if t.strip() and not t.lstrip().startswith("#")]
    if len(lines) < 2 or lines[-1][0] != line:
        return False
    here, before = _FIELD.match(lines[-1][1]), _FIELD.match(lines[-2][1])
    if not here or not before:
        return False
    value = before.group(2).strip()
    indent_before = len(before.group(1)) + (2 if lines[-2][1].lstrip().startswith("- ") else 0)
    return bool(value) and value not in (">-", ">", "|", "|-") and len(here.group(1)) > indent_before


def _yaml_problem(name: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    cause = _likely_cause(text, mark.line + 1) if mark else None
    if cause is not None:
        return Problem(name, cause.line, cause.message, unreadable=True)
    detail = exc.problem or exc.context or say(messages.CHECK_NOT_YAML_UNREADABLE)
    hint = next((say(h) for pattern, h in _YAML_HINTS if pattern in str(exc)), "")
    if mark and "mapping values are not allowed" in str(exc) and _indented_deeper(text, mark.line + 1):
        hint = say(messages.CHECK_YAML_INDENT)  # a field pushed right under a field with a value, not a ':' in text
    # PyYAML often notices a mistake on the line after it: point at both.
    where = say(messages.CHECK_NOT_YAML_WHERE_HINT, hint=hint) if hint else say(messages.CHECK_NOT_YAML_WHERE)
    return Problem(
        name, mark.line + 1 if mark else 0, say(messages.CHECK_NOT_YAML, detail=detail, where=where), unreadable=True
    )
