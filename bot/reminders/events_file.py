"""Reading events.yaml: every field checked, and each mistake a coordinator really makes reported on its line
with a hint that points at the real fix (a fixed offset is not a zone name; '#' starts a YAML comment; a
reminder further ahead than the next meeting)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil.rrule import rrule, rrulestr
from rapidfuzz import fuzz, process

from bot import messages
from bot.knowledge.fields import Fields
from bot.knowledge.yamlfile import (
    KnowledgeError,
    Node,
    Problem,
    Scalar,
    read_section,
    relative_name,
    yaml_files,
)
from bot.messages import say
from bot.reminders.events import DEFAULT_REMIND, KINDS, Event, describe_span, local_rule, parse_span

SECTION = "events"
_TOO_OFTEN = re.compile(r"FREQ=(SECONDLY|MINUTELY|HOURLY)")
_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_CHANNEL = re.compile(r"^[CGD][A-Z0-9]{2,}$")
FIELDS = (
    "id", "title", "kind", "description", "url", "location", "starts_at", "timezone", "duration", "repeat", "remind",
    "channels",
)  # fmt: skip
REMIND_WARNING_DAYS = 60
"""A reminder further ahead than this is allowed, but `pimbot check` asks whether it was meant."""


def load_events(directory: Path | str, now: datetime | None = None) -> tuple[list[Event], list[Problem]]:
    """Events from every `events:` file in the folder, and warnings (a one-off event already over).

    Raises KnowledgeError for anything that would make a reminder wrong: a bad date, time zone or rule.
    """
    now = now or datetime.now(UTC)
    problems: list[Problem] = []
    events: list[Event] = []
    for path in yaml_files(Path(directory)):
        reading: list[Problem] = []
        found = read_section(path, (SECTION,), reading)
        # A file that cannot be read at all might be the events file: say so, or reminders would silently stop.
        # So might one named for events whose top-level key is not `events:` ("event:"). Other files that read
        # fine but hold another section belong to the knowledge base, checked there.
        problems += [p for p in reading if p.unreadable or (found is None and "event" in path.stem.lower())]
        if found is None:
            continue
        for item in found[1].value:
            event = _read_event(item, relative_name(path), problems)
            if event is not None:
                events.append(event)
    seen: dict[str, Event] = {}
    for event in events:
        if event.id in seen:
            message = say(messages.CHECK_EVENT_ID_TAKEN, id=event.id, line=seen[event.id].line)
            problems.append(Problem(event.file, event.line, message))
        seen.setdefault(event.id, event)
    if problems:
        raise KnowledgeError(problems)
    warnings = [
        Problem(e.file, e.line, say(messages.CHECK_EVENT_OVER, id=e.id, start=f"{e.start:%Y-%m-%d %H:%M}"))
        for e in events
        if e.repeat is None and e.start + e.duration < now
    ]
    warnings += [
        Problem(
            e.file,
            e.line,
            say(messages.CHECK_REMIND_FAR, id=e.id, span=describe_span(max(e.remind)), days=REMIND_WARNING_DAYS),
        )
        for e in events
        if e.remind and max(e.remind) > timedelta(days=REMIND_WARNING_DAYS)
    ]
    warnings += [Problem(e.file, e.line, say(messages.CHECK_EVENT_EXAMPLE, id=e.id)) for e in events if e.is_example]
    warnings += [_start_not_a_repeat(e) for e in events if e.repeat and e.next_start(e.start) != e.start]
    return events, warnings


def _start_not_a_repeat(event: Event) -> Problem:
    """A start the rule never gives (a Thursday start, a first-Tuesday rule): the start itself is not reminded of
    (python-dateutil, which works the rule out, does not count it), and a meeting may be missed."""
    first = event.next_start(event.start)
    shown = f"{first:%a %Y-%m-%d %H:%M}" if first else "never"
    start = f"{event.start:%a %Y-%m-%d %H:%M}"
    return Problem(event.file, event.line, say(messages.CHECK_START_NOT_A_REPEAT, id=event.id, start=start, first=shown))


def _read_event(node: Node, file: str, problems: list[Problem]) -> Event | None:
    fields = Fields(node, file, FIELDS, problems, what=say(messages.CHECK_ITEM_EVENT))
    if not fields.nodes:
        return None
    event_id = fields.text("id", required=True)
    if event_id:
        fields.name(messages.CHECK_NAMED_EVENT, id=event_id)
        if not _ID.match(event_id):
            fields.field_problem("id", say(messages.CHECK_BAD_EVENT_ID, id=event_id))
    title = fields.text("title", required=True)
    kind = fields.word("kind", {k: k for k in KINDS}, required=True)
    description = fields.text("description", required=True)
    urls = fields.urls("url", required=True)
    location = fields.text("location") or None
    zone = _zone(fields)
    start = _start(fields, zone)
    duration = _span(fields, "duration", required=True)
    repeat = fields.text("repeat") or None
    remind = (
        tuple(_span(fields, "remind", text=t) for t in fields.texts("remind"))
        if "remind" in fields.nodes
        else DEFAULT_REMIND
    )
    channels_node = fields.nodes.get("channels")
    channels: tuple[str, ...] = ()
    if isinstance(channels_node, Scalar) and channels_node.tag == "null":
        fields.field_problem("channels", say(messages.CHECK_NO_CHANNELS))
    else:
        channels = fields.texts("channels")
    for channel in channels:
        if not _CHANNEL.match(channel):
            fields.field_problem("channels", say(messages.CHECK_NOT_A_CHANNEL, channel=channel))
    rule = _checked_rule(fields, repeat, start) if start is not None and repeat is not None else None
    if rule is not None:
        _check_remind_gap(fields, rule, remind)
    if not fields.ok or start is None or duration is None or kind is None or None in remind:
        return None
    return Event(
        id=event_id,
        title=title,
        kind=kind,
        description=" ".join(description.split()),
        url=urls[0],
        start=start,
        zone=start.tzinfo,  # type: ignore[arg-type]
        duration=duration,
        repeat=repeat,
        remind=tuple(sorted(set(remind), reverse=True)),  # type: ignore[arg-type]  # [1d, 1h, 1h] reminds once per offset
        channels=channels,
        location=location,
        file=file,
        line=fields.line,
    )


def _zone(fields: Fields) -> ZoneInfo | None:
    name = fields.text("timezone")
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        starts_at = fields.nodes.get("starts_at")
        day = str(starts_at.value)[:16] if isinstance(starts_at, Scalar) and len(str(starts_at.value)) >= 16 else ""
        hint = _zone_hint(name, day or "2026-12-03T14:00")
        fields.field_problem("timezone", say(messages.CHECK_NOT_A_ZONE, name=name, hint=hint))
        return None


_OFFSET_NAME = re.compile(r"^(?:UTC|GMT|Z)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def _zone_hint(name: str, starts_at: str) -> str:
    offset = _OFFSET_NAME.match(name.strip())
    if offset:  # a fixed offset: a look-alike zone name ("UTC") would post every reminder hours off
        sign, hours, minutes = offset.group(1), int(offset.group(2)), offset.group(3) or "00"
        hint = say(messages.CHECK_ZONE_OFFSET, example=f"{starts_at}:00{sign}{hours:02d}:{minutes}")
        if minutes == "00" and 0 < hours <= 12:
            inverted = "-" if sign == "+" else "+"
            hint += say(messages.CHECK_ZONE_ETC_GMT, zone=f"Etc/GMT{inverted}{hours}", offset=f"UTC{sign}{hours}")
        return hint + say(messages.CHECK_ZONE_NAME_BETTER)
    zones = sorted(available_timezones())
    same_but_case = [z for z in zones if z.lower() == name.lower()]
    if same_but_case:
        return say(messages.CHECK_ZONE_DID_YOU_MEAN, zone=same_but_case[0])
    if len(name) <= 5 and name.isalpha():  # "EAT" is not a zone, and its look-alike "EET" is 1 hour off
        return say(messages.CHECK_ZONE_ABBREVIATION, name=name)
    found = process.extractOne(name, zones, scorer=fuzz.WRatio, score_cutoff=85)
    return say(messages.CHECK_ZONE_DID_YOU_MEAN, zone=found[0]) if found else say(messages.CHECK_ZONE_LIST)


def _start(fields: Fields, zone: ZoneInfo | None) -> datetime | None:
    text = fields.text("starts_at", required=True)
    if not text:
        return None
    if len(text) <= 10:
        fields.field_problem("starts_at", say(messages.CHECK_NO_TIME_OF_DAY, text=text))
        return None
    try:
        start = datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
    except ValueError:
        fields.field_problem("starts_at", say(messages.CHECK_NOT_A_MOMENT, text=text))
        return None
    if start.tzinfo is None:
        if zone is None:
            if "timezone" not in fields.nodes and "timezone" not in fields.misspelt:
                fields.field_problem("starts_at", say(messages.CHECK_NO_OFFSET))
            return None
        return start.replace(tzinfo=zone)
    if zone is None:
        return start
    local = start.astimezone(zone)
    if local.utcoffset() != start.utcoffset():
        fields.field_problem(
            "starts_at", say(messages.CHECK_WRONG_OFFSET, offset=f"{start:%z}", zone=zone.key, local=f"{local:%z}")
        )
        return None
    return local


def _span(fields: Fields, key: str, required: bool = False, text: str | None = None) -> timedelta | None:
    if text is None:
        text = fields.text(key, required=required)
        if not text:
            return None
    span = parse_span(text)
    if span is None or span <= timedelta(0):
        fields.field_problem(key, say(messages.CHECK_NOT_A_SPAN, text=text))
        return None
    return span


def _checked_rule(fields: Fields, repeat: str, start: datetime) -> rrule | None:
    """The rule, when it can be used (it is read once, and its first starts then tell the reminders' limit)."""
    if "DTSTART" in repeat.upper():
        fields.field_problem("repeat", say(messages.CHECK_DTSTART))
        return None
    if _TOO_OFTEN.search(repeat.upper()):
        fields.field_problem("repeat", say(messages.CHECK_TOO_OFTEN))
        return None
    try:
        rule = rrulestr(local_rule(repeat, start.tzinfo), dtstart=start.replace(tzinfo=None))  # type: ignore[arg-type]
        next(iter(rule))  # type: ignore[call-overload]
    except (ValueError, TypeError, StopIteration) as exc:
        reason = say(messages.CHECK_RULE_NEVER if isinstance(exc, StopIteration) else messages.CHECK_RULE_SEE_RFC)
        fields.field_problem("repeat", say(messages.CHECK_NOT_A_RULE, repeat=repeat, reason=reason))
        return None
    return rule  # type: ignore[return-value]


def _check_remind_gap(fields: Fields, rule: rrule, remind: tuple[timedelta | None, ...]) -> None:
    """A reminder further ahead than the gap between two meetings would announce the next one too early."""
    starts = [when for _, when in zip(range(12), rule, strict=False)]  # type: ignore[call-overload]
    gaps = [later - earlier for earlier, later in pairwise(starts)]
    if not gaps:
        return
    gap = min(gaps)
    for offset in remind:
        if offset is not None and offset > gap:
            message = say(messages.CHECK_REMIND_TOO_EARLY, offset=describe_span(offset), gap=describe_span(gap))
            fields.field_problem("remind", message)
            return
