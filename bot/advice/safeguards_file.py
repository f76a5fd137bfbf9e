"""Reading safeguards.yaml (the alerts, their wording and word lists) and safety-examples.yaml (the labelled
situations the model learns from), with file:line problems like every knowledge file."""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

from bot import messages
from bot.advice.alert_kinds import LEARNT, WORD_GROUPS
from bot.advice.classifier import Example
from bot.advice.safety import Alert, Lexicon, Point, Safeguard
from bot.knowledge.fields import Fields, labelled_examples
from bot.knowledge.yamlfile import Mapping as MappingNode
from bot.knowledge.yamlfile import Problem, Sequence, line_of
from bot.messages import say


def read_safeguards(items: Sequence, file: str, problems: list[Problem]) -> list[Safeguard]:
    """The safeguards of one file, with `file:line` problems for anything missing or misspelt."""
    safeguards = []
    for item in items.value:
        fields = Fields(
            item, file, ("kind", "title", "points", "source", "words"), problems, what=say(messages.CHECK_ITEM_SAFEGUARD)
        )
        if not fields.nodes:
            continue
        kind = fields.text("kind", required=True)
        if kind and kind not in WORD_GROUPS:
            fields.field_problem("kind", say(messages.CHECK_NOT_ONE_OF, value=kind, choices=", ".join(WORD_GROUPS)))
            continue
        fields.name(messages.CHECK_NAMED_SAFEGUARD, kind=kind)
        title = fields.text("title", required=True)
        sources = fields.urls("source", required=True)
        points = _read_points(fields, problems)
        words = _read_words(fields, WORD_GROUPS.get(kind, ()), problems)
        if kind:  # kept even with problems (which stop the load), so it is not also reported missing
            alert = Alert(kind, title, points, sources)
            safeguards.append(Safeguard(alert, MappingProxyType(words), file, fields.line))
    return safeguards


def _read_points(fields: Fields, problems: list[Problem]) -> tuple[Point, ...]:
    node = fields.nodes.get("points")
    if not isinstance(node, Sequence) or not node.value:
        fields.field_problem("points", say(messages.CHECK_NO_POINTS))
        return ()
    points = []
    for item in node.value:
        point = Fields(
            item, fields.file, ("text", "entries", "leads_when", "only_when"), problems, what=say(messages.CHECK_ITEM_POINT)
        )
        point.name(messages.CHECK_NAMED_POINT, owner=fields.owner)
        text = point.text("text", required=True)
        if "entries" not in point.nodes:
            point.missing("entries", say(messages.CHECK_HINT_ENTRY_IDS))
        leads = Lexicon(point.texts("leads_when")) if "leads_when" in point.nodes else None
        only = Lexicon(point.texts("only_when")) if "only_when" in point.nodes else None
        points.append(Point(" ".join(text.split()), point.texts("entries"), point.line_of("entries"), leads, only))
    return tuple(points)


def _read_words(fields: Fields, groups: tuple[str, ...], problems: list[Problem]) -> dict[str, Lexicon]:
    node = fields.nodes.get("words")
    if not isinstance(node, MappingNode):
        fields.field_problem("words", say(messages.CHECK_NO_WORD_LISTS, groups=", ".join(groups)))
        return {}
    lists = Fields(node, fields.file, groups, problems, what=say(messages.CHECK_ITEM_WORD_LIST))
    lists.name(messages.CHECK_NAMED_WORDS, owner=fields.owner)
    words = {}
    for group in groups:
        phrases = lists.texts(group)
        if not phrases:
            lists.problem(line_of(node), say(messages.CHECK_WORD_LIST_EMPTY, owner=lists.owner, group=group))
        words[group] = Lexicon(phrases)
    return words


def check_safeguards(safeguards: list[Safeguard], entry_ids: Iterable[str], folder: str, has_tools: bool) -> list[Problem]:
    """Checks that need the whole knowledge base: each alert once, and its points' entries exist; and, where tools
    are suggested, that the alerts are there at all (a folder of terms alone needs none)."""
    known = set(entry_ids)
    problems = []
    if has_tools and not safeguards:
        problems.append(Problem(folder, 0, say(messages.CHECK_NO_SAFEGUARDS)))
    seen: dict[str, Safeguard] = {}
    for safeguard in safeguards:
        kind = safeguard.alert.kind
        if kind in seen:
            first = seen[kind].line
            message = say(messages.CHECK_SAFEGUARD_TWICE, kind=kind, line=first)
            problems.append(Problem(safeguard.file, safeguard.line, message))
        seen.setdefault(kind, safeguard)
        for point in safeguard.alert.points:
            for entry_id in point.entries:
                if entry_id not in known:
                    problems.append(
                        Problem(
                            safeguard.file,
                            point.line,
                            say(messages.CHECK_NO_SUCH_POINT_ENTRY, kind=kind, id=entry_id),
                        )
                    )
    if safeguards:
        for kind in WORD_GROUPS:
            if kind not in seen:
                file = safeguards[0].file
                problems.append(Problem(file, 1, say(messages.CHECK_SAFEGUARD_MISSING, kind=kind)))
    return problems


def read_examples(items: Sequence, file: str, problems: list[Problem], kinds: tuple[str, ...] = LEARNT) -> list[Example]:
    """The example situations of one file, with `file:line` problems for a missing text or an unknown alert."""
    examples = []
    for fields, text, labels in labelled_examples(items, file, "alerts", say(messages.CHECK_HINT_ALERTS), problems):
        unknown = [label for label in labels if label not in kinds]  # incident examples teach incidents only
        if unknown:
            fields.field_problem("alerts", say(messages.CHECK_NOT_ONE_OF, value=unknown[0], choices=", ".join(kinds)))
        if text:
            examples.append(Example(text, frozenset(labels), file, fields.line))
    return examples
