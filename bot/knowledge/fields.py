"""Reading the fields of one YAML list item, with messages that name the item, the field and its line."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz, process

from bot import messages
from bot.knowledge.yamlfile import Mapping, Node, Problem, Scalar, Sequence, line_of
from bot.messages import say

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERIOD = re.compile(r"^(\d{1,4}) *(day|week|month|year)s?$")
_DAYS_IN = {"day": 1, "week": 7, "month": 30, "year": 365}


class Fields:
    """The fields of one list item, read with messages that name the item, the field and its line."""

    def __init__(
        self, node: Node, file: str, allowed: Iterable[str], problems: list[Problem], what: str | None = None
    ) -> None:
        self.file = file
        self.line = line_of(node)
        self.problems = problems
        self._owner: str | tuple[str, dict[str, object]] = what if what is not None else (messages.CHECK_ITEM_ENTRY, {})
        self.nodes: dict[str, Node] = {}
        self.allowed = tuple(allowed)
        self.misspelt: dict[str, str] = {}
        """Allowed field -> the unknown field that looks like a slip for it: reported once, as that slip."""
        self._start = len(problems)
        if not isinstance(node, Mapping):
            self.problem(self.line, say(messages.CHECK_NOT_A_MAPPING, fields=", ".join(self.allowed[:3])))
            return
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in self.nodes:
                self.problem(
                    line_of(key_node),
                    say(messages.CHECK_FIELD_TWICE, key=key, what=self.owner),
                )
            elif key not in self.allowed:
                meant = self._meant(key, node)
                hint = say(messages.CHECK_HINT_DID_YOU_MEAN, meant=meant) if meant else self.hint_for(key)
                allowed = ", ".join(self.allowed)
                self.problem(line_of(key_node), say(messages.CHECK_UNKNOWN_FIELD, key=key, hint=hint, allowed=allowed))
            self.nodes[key] = value_node

    def hint_for(self, key: str) -> str:
        return ""

    def _meant(self, key: str, node: Mapping) -> str | None:
        """The allowed field a misspelt one stands for (`defintion` -> `definition`), if it is not given too."""
        given = {str(k.value) for k, _ in node.value}
        missing = [field for field in self.allowed if field not in given]
        found = process.extractOne(key.lower(), missing, scorer=fuzz.ratio, score_cutoff=80)
        if found is None:
            return None
        self.misspelt[found[0]] = key
        return found[0]

    def missing(self, key: str, hint: str = "") -> None:
        """A required field is absent; said once only, as the misspelling, when one stands for it."""
        if key not in self.misspelt:
            self.problem(self.line, say(messages.CHECK_MISSING_FIELD, owner=self.owner, key=key, hint=hint))

    @property
    def ok(self) -> bool:
        """No problem found in this item so far."""
        return len(self.problems) == self._start

    def name(self, message: str, **values: object) -> None:
        """Name the item in later messages, e.g. "entry 'do-no-harm'" (said only if a message needs it: loading
        10,000 entries names every one)."""
        self._owner = (message, values)

    @property
    def owner(self) -> str:
        """How messages name the item."""
        if isinstance(self._owner, tuple):
            message, values = self._owner
            self._owner = say(message, **values)
        return self._owner

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def field_problem(self, key: str, message: str) -> None:
        self.problem(self.line_of(key), say(messages.CHECK_FIELD_PROBLEM, owner=self.owner, key=key, message=message))

    def line_of(self, key: str) -> int:
        return line_of(self.nodes[key]) if key in self.nodes else self.line

    def text(self, key: str, required: bool = False, hint: str = "") -> str:
        node = self.nodes.get(key)
        if node is None:
            if required:
                self.missing(key, hint)
            return ""
        if not isinstance(node, Scalar) or node.tag != "str" or not node.value.strip():
            self.field_problem(key, say(messages.CHECK_NOT_TEXT))
            return ""
        return node.value.strip()

    def word(self, key: str, choices: dict[str, str], required: bool = False) -> str | None:
        """One of a few words (YAML reads yes/no as booleans: accept them as the words)."""
        words = list(dict.fromkeys(choices.values()))
        spelled = say(messages.CHECK_EITHER, words=", ".join(words[:-1]), last=words[-1]) if len(words) > 1 else words[0]
        node = self.nodes.get(key)
        if node is None:
            if required:
                self.missing(key, f" ({spelled})")
            return None
        value = choices.get(node.value.strip().lower()) if isinstance(node, Scalar) else None
        if value is None:
            self.field_problem(key, say(messages.CHECK_MUST_BE, words=spelled))
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        node = self.nodes.get(key)
        if node is None:
            return ()
        if not isinstance(node, Sequence):
            self.field_problem(key, say(messages.CHECK_NOT_A_LIST))
            return ()
        values = []
        for item in node.value:
            if not isinstance(item, Scalar) or not item.value.strip() or item.tag == "null":
                message = say(messages.CHECK_ITEMS_NOT_TEXT)
                self.problem(line_of(item), say(messages.CHECK_FIELD_PROBLEM, owner=self.owner, key=key, message=message))
                continue
            values.append(item.value.strip())
        return tuple(values)

    def text_or_texts(self, key: str) -> tuple[str, ...]:
        node = self.nodes.get(key)
        if isinstance(node, Scalar):
            text = self.text(key)
            return (text,) if text else ()
        return self.texts(key)

    def urls(self, key: str, required: bool = False) -> tuple[str, ...]:
        """One web address or a list of them."""
        if key not in self.nodes:
            if required:
                self.missing(key, say(messages.CHECK_HINT_WEB_ADDRESS))
            return ()
        values = self.text_or_texts(key)
        if not values:
            self.field_problem(key, say(messages.CHECK_NO_WEB_ADDRESS))
        for value in values:
            if not _URL.match(value):
                self.field_problem(key, say(messages.CHECK_NOT_A_WEB_ADDRESS, value=value))
        return values

    def number(self, key: str, required: bool = False, hint: str = "") -> int | None:
        node = self.nodes.get(key)
        if node is None:
            if required:
                self.missing(key, hint)
            return None
        text = str(node.value)
        if not isinstance(node, Scalar) or not text.isdigit() or int(text) < 1:
            self.field_problem(key, say(messages.CHECK_NOT_A_NUMBER))
            return None
        return int(text)

    def date(self, key: str) -> datetime.date | None:
        """A calendar day written YYYY-MM-DD, like 2026-11-29."""
        node = self.nodes.get(key)
        if node is None:
            return None
        try:
            if not isinstance(node, Scalar) or not _DATE.match(node.value):
                raise ValueError
            return datetime.date.fromisoformat(node.value)
        except ValueError:
            self.field_problem(key, say(messages.CHECK_NOT_A_DATE))
            return None

    def period(self, key: str) -> int | None:
        """A length of time such as '6 months' or '2 years', in days."""
        node = self.nodes.get(key)
        if node is None:
            return None
        found = _PERIOD.match(node.value.strip().lower()) if isinstance(node, Scalar) else None
        if not found or int(found.group(1)) < 1:
            self.field_problem(key, say(messages.CHECK_NOT_A_PERIOD))
            return None
        return int(found.group(1)) * _DAYS_IN[found.group(2)]

    def field_lines(self) -> dict[str, int]:
        return {key: node.line for key, node in self.nodes.items()}


def labelled_examples(
    items: Sequence, file: str, labels: str, hint: str, problems: list[Problem]
) -> Iterator[tuple[Fields, str, tuple[str, ...]]]:
    """The fields, text and labels of each example of an examples file (`text:` and a list of labels, like the
    alerts a situation calls for or the tools it needs), with `file:line` problems for a missing field."""
    for item in items.value:
        fields = Fields(item, file, ("text", labels), problems, what=say(messages.CHECK_ITEM_EXAMPLE))
        if not fields.nodes:
            continue
        fields.name(messages.CHECK_NAMED_EXAMPLE)
        text = fields.text("text", required=True)
        if labels not in fields.nodes:
            fields.missing(labels, hint)
        yield fields, text, fields.texts(labels)
