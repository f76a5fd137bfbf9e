"""The terminal face of pimbot: the same replies as in Slack, as plain text (the catalogue says, this lays out)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import singledispatch

from bot import messages, messages_cli
from bot.advice.suggestions import BASIS_LABEL, Advice
from bot.knowledge.entries import PERSONAL_DATA_LABEL, Entry
from bot.knowledge.freshness import checked_label, review_note
from bot.messages import say
from bot.reminders.events import Event, describe_span, local_time
from bot.reminders.posting import is_reminded
from bot.replies import (
    AdviceReply,
    ChoicesReply,
    CollectionReply,
    ComparisonReply,
    EnglishOnlyReply,
    EntryReply,
    EventsReply,
    FollowUpReply,
    GapsReply,
    GlossaryReply,
    HelpReply,
    NotFoundReply,
    ReloadReply,
    Reply,
    SubscriptionReply,
    ThanksReply,
)
from bot.text.echo import one_line

WIDTH = 88


@singledispatch
def render_text(reply: Reply) -> str:
    raise TypeError(f"no text rendering for {type(reply).__name__}")


@render_text.register
def _(reply: EntryReply) -> str:
    entry = reply.entry
    lines = [_heading(entry), _wrap(entry.definition)]
    if reply.unknown_side:
        lines.insert(0, _wrap(say(messages.COMPARED_WITH_UNKNOWN, side=one_line(reply.unknown_side, 80))) + "\n")
    if entry.tool is not None:
        data = say(PERSONAL_DATA_LABEL[entry.tool.personal_data])
        lines.append(f"{entry.tool.run_by}  ·  {say(messages.LABEL_MATRIX)}: {' · '.join(reply.categories)}")
        lines.append(f"{say(messages.LABEL_PERSONAL_DATA)}: {data}")
        lines.append(_wrap(f"{say(messages.LABEL_NOT_FOR)}: {entry.tool.not_for}"))
    if entry.acronyms:
        lines.append(f"{say(messages.LABEL_ACRONYMS)}: " + ", ".join(entry.acronyms))
    if entry.aliases:
        lines.append(f"{say(messages.LABEL_ALSO_CALLED)}: " + ", ".join(entry.aliases))
    if reply.related:
        lines.append(f"{say(messages.LABEL_RELATED)}: " + ", ".join(e.title for e in reply.related))
    checked = f"  ({checked_label(entry)})" if entry.reviewed else ""
    lines.append(f"{say(messages.LABEL_SOURCE)}: " + ", ".join(entry.sources) + checked)
    return "\n".join(lines)


@render_text.register
def _(reply: ComparisonReply) -> str:
    first, second = reply.entries
    lines = [f"{first.title}  {say(messages.WORD_VS)}  {second.title}", ""]
    for entry in reply.entries:
        lines += [
            f"{entry.title}  [{entry.kind_label}{f' {entry.number}' if entry.number else ''}]",
            _wrap(entry.definition),
            "",
        ]
    if reply.difference:
        lines += [say(messages.WHAT_SETS_APART) + ":", _wrap(reply.difference.text)]
    else:
        lines.append(say(messages.NO_DIFFERENCE_NOTE))
    lines.append(f"{say(messages.LABEL_SOURCES)}: " + ", ".join(reply.sources))
    return "\n".join(lines)


def _heading(entry: Entry) -> str:
    return f"{entry.title}  [{entry.kind_label}{f' {entry.number}' if entry.number else ''}]"


@render_text.register
def _(reply: ChoicesReply) -> str:
    if reply.ambiguous:
        head = say(messages.SEVERAL_MEANINGS, query=one_line(reply.asked))
    else:
        head = say(messages.DID_YOU_MEAN, query=one_line(reply.query))
    options = [f"  {i}) {e.title}  [{e.kind_label}]" for i, e in enumerate(reply.choices, 1)]
    return "\n".join([head, *options])


@render_text.register
def _(reply: NotFoundReply) -> str:
    return (
        say(messages.NOT_FOUND, query=one_line(reply.query))
        + ("\n" + say(messages.NOT_FOUND_OTHER_LANGUAGE) if reply.other_language else "")
        + "\n"
        + say(messages_cli.CHAT_ALL_ENTRIES, count=reply.size)
    )


@render_text.register
def _(reply: ThanksReply) -> str:
    return say(messages.THANKS if reply.thanked else messages.OKAY, tools="'tools'")


@render_text.register
def _(reply: FollowUpReply) -> str:
    return say(messages.FOLLOW_UP, query=one_line(reply.query), tools="'tools'")


@render_text.register
def _(reply: EnglishOnlyReply) -> str:
    return say(messages.ENGLISH_ONLY_MISREAD, query=one_line(reply.query)) if reply.query else say(messages.ENGLISH_ONLY)


@render_text.register
def _(reply: CollectionReply) -> str:
    lines = [reply.title, "=" * len(reply.title)]
    if reply.missing_note:
        lines.append(_wrap(reply.missing_note) + "\n")
    if reply.about:
        lines.append(_wrap(reply.about.definition))
    for entry in reply.entries:
        lines.append(f"\n{entry.number}. {entry.title}\n{_wrap(entry.definition, indent='   ')}")
    return "\n".join(lines)


@render_text.register
def _(reply: GlossaryReply) -> str:
    parts = []
    for label, entries in reply.groups:
        parts.append(f"{label} ({len(entries)}):\n" + _wrap(" · ".join(e.title for e in entries), indent="  "))
    return "\n\n".join(parts) + "\n\n" + say(messages.DEFINE_ANY, command="'define NAME'")


@render_text.register
def _(reply: HelpReply) -> str:
    lines = [reply.lead.replace("`", "'"), say(messages_cli.CHAT_TYPE_AFTER_PIM)]
    lines += [f"  {usage:<32} {what}" for usage, what in reply.commands]
    lines.append(f"  {'quit':<32} {say(messages_cli.CHAT_QUIT_LINE)}")
    return "\n".join(lines)


@render_text.register
def _(reply: AdviceReply) -> str:
    advice = reply.advice
    asked = one_line(advice.situation, 200)
    if advice.clarify:
        options = [f"  {i}) {label}" for i, (label, _) in enumerate(reply.options, 1)]
        head = [say(messages.NEED_MORE, situation=asked), say(messages.CLARIFY_QUESTION), *options]
        return "\n".join(head + _at_stake(advice))
    title = (
        say(messages.TOOLS_FOR_CATEGORY, category=advice.category.title)
        if advice.category
        else say(messages.SUGGESTED_TOOLS)
    )
    lines = _alerts(advice)
    if lines and not advice.suggestions:
        note = say(messages.FOR_SITUATION, situation=asked, text=say(messages.NO_TOOL_FIRST))
        return "\n".join([*lines, "\n" + note, *_at_stake(advice)])
    if reply.defined is not None:  # the term asked about first ("What is a DPIA, and ...?"), in short
        entry = reply.defined
        lines.append(_wrap(f"{entry.title}{entry.acronyms_after_name}: {entry.summary}") + "\n")
    lines += [line + "\n" for line in _sharing(advice)]  # what to do first when data is shared, before the tools
    lines.append(say(messages_cli.CHAT_TOOLS_FOR, title=title, situation=asked))
    if advice.closest:
        lines.append(_wrap(say(messages.CLOSEST_TOOLS if advice.suggestions else messages.NO_CLOSE_TOOL)))
    lines += _suggestions(advice, 0, reply.shown)
    if reply.more_ref:
        lines.append("\n" + say(messages_cli.CHAT_MORE_TOOLS, count=len(advice.suggestions) - reply.shown))
    return "\n".join(lines + _at_stake(advice, sharing=False))


def render_more(reply: AdviceReply, already: int) -> str:
    """The suggestions after the first `already`, numbered on: a terminal keeps what it printed before "more"."""
    return "\n".join(_suggestions(reply.advice, already, reply.shown)).lstrip("\n")


def _suggestions(advice: Advice, start: int, end: int) -> list[str]:
    lines = []
    for i, suggestion in enumerate(advice.suggestions[start:end], start + 1):
        tool = suggestion.tool
        assert tool.tool is not None
        lines.append(f"\n{i}. {tool.title}{tool.acronyms_after_name}  [{tool.tool.run_by}]")
        lines.append(_wrap(tool.summary, indent="   "))
        if suggestion.why:
            words = ", ".join(f"“{w}”" for w in suggestion.why)
            lines.append(f"   {say(messages.LABEL_WHY)}: {say(messages.YOU_MENTIONED, words=words)}")
        elif suggestion.basis:
            lines.append(f"   {say(messages.LABEL_WHY)}: {say(BASIS_LABEL[suggestion.basis])}")
        personal = f"{say(messages.LABEL_PERSONAL_DATA)}: {say(PERSONAL_DATA_LABEL[tool.tool.personal_data])}"
        lines.append(f"   {say(messages.LABEL_MATRIX)}: {' · '.join(suggestion.categories)}  ·  {personal}")
        lines.append(_wrap(f"{say(messages.LABEL_NOT_FOR)}: " + tool.tool.not_for, indent="   "))
    return lines


def _alerts(advice: Advice) -> list[str]:
    """The safe course first, before any tool: each alert with its points and the entries that explain them."""
    lines = []
    for alert in advice.alerts:
        lines.append(f"!! {alert.title.upper()}")
        for point, entries in advice.points(alert):
            more = " " + say(messages_cli.CHAT_SEE_ENTRIES, entries=", ".join(e.title for e in entries)) if entries else ""
            lines.append(_wrap(f"- {point.text}{more}", indent="  ").replace("  - ", "- ", 1))
        guidance = f"  {say(messages.LABEL_GUIDANCE)}: "
        lines += [guidance + alert.sources[0], *(" " * len(guidance) + url for url in alert.sources[1:]), ""]
    if advice.data_sits_in:
        names = ", ".join(e.title for e in advice.data_sits_in)
        lines.append(f"{say(messages.DATA_SITS)} {names}. {say(messages.DATA_SITS_NOTE)}\n")
    return lines


def _at_stake(advice: Advice, sharing: bool = True) -> list[str]:
    lines = []
    if advice.principles:
        lines.append(f"\n{say(messages.PRINCIPLES_TO_MIND)} " + " · ".join(p.title for p in advice.principles))
    return lines + (_sharing(advice) if sharing else [])


def _sharing(advice: Advice) -> list[str]:
    if not advice.sharing:
        return []
    see = say(messages.LABEL_SEE)
    either = f" {say(messages.WORD_OR)} ".join(e.title for e in advice.sharing)
    return [_wrap(f"{say(messages.SHARING_NOTE)} {see}: {either}.")]


@render_text.register
def _(reply: EventsReply) -> str:
    if not reply.upcoming:
        if reply.kind:
            return say(messages.NO_UPCOMING_OF_KIND, kinds=reply.kind_label).replace("`/pim events`", "'events'")
        return say(messages.NO_UPCOMING_EVENTS) + ("" if reply.total else " " + say(messages_cli.CHAT_NO_EVENTS_IN_FILE))
    notes = [n for n in (reply.none_mentions(), reply.none_within()) if n]
    lines = [_wrap(n) for n in notes] + [reply.title + ":"]
    for event, start in reply.upcoming:
        local = local_time(event, start)
        repeat = f"  ({say(messages.EVENT_REPEATS)})" if event.repeat else ""
        lines.append(f"  {local}  {event.title}  [{event.kind_label}]{repeat}\n      {event.url}")
    if not reply.everything and reply.total > len(reply.upcoming):
        lines.append(say(messages_cli.CHAT_EVENTS_ALL))
    if note := reply.examples_note():
        lines.append(_wrap(note))
    return "\n".join(lines)


@render_text.register
def _(reply: SubscriptionReply) -> str:
    return reply.message().replace("`", "'")


@render_text.register
def _(reply: GapsReply) -> str:
    lines = []
    if reply.gaps is None:
        lines.append(reply.problem or "")
    else:
        gaps = reply.gaps
        none_yet = ["  " + say(messages.NONE_YET)]
        lines.append(say(messages_cli.CHAT_MOST_ASKED, days=gaps.retention_days))
        lines += [f"  {count:>4}  {query}" for query, count in gaps.unanswered] or none_yet
        lines.append(say(messages_cli.CHAT_LEAST_HELPFUL))
        lines += [f"  {down:>4} / {up:<4} {e.title}  ({e.id})" for e, up, down in gaps.least_helpful] or none_yet
    if reply.overdue:
        lines.append(say(messages.DUE_FOR_REVIEW, count=len(reply.overdue)) + ":")
        lines += [f"  {e.title}  ({e.id}): {review_note(e)}" for e in reply.overdue_shown]
        if reply.overdue_hidden:
            lines.append("  " + say(messages.AND_MORE_DUE, count=reply.overdue_hidden))
    return "\n".join(lines)


@render_text.register
def _(reply: ReloadReply) -> str:
    if reply.problem:
        return reply.problem
    if reply.loaded:
        return say(messages.KNOWLEDGE_RELOADED, entries=reply.entries)
    head = say(messages.KNOWLEDGE_PARTLY if reply.partly else messages.KNOWLEDGE_KEPT, entries=reply.entries)
    return "\n".join([head, *reply.problems])


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=indent, subsequent_indent=indent)


def render_schedule(
    upcoming: Sequence[tuple[Event, datetime]],
    channels_of: Callable[[Event], Sequence[str]],
    now: datetime,
    post_examples: bool = False,
) -> str:
    """`pimbot events`: each upcoming event, then its reminders still to come and the channels they go to."""
    if not upcoming:
        return say(messages_cli.SCHEDULE_NO_EVENTS)
    lines = []
    for event, start in upcoming:
        lines.append(f"{local_time(event, start)}  {event.title}  [{event.kind_label}]  {event.id}")
        channels = channels_of(event)
        for offset in event.remind:
            due = start - offset
            if due > now:
                if channels:
                    where = ", ".join(channels)
                else:  # an example goes nowhere whatever the channels: say which reason holds
                    held_back = not is_reminded(event, post_examples)
                    where = say(messages_cli.SCHEDULE_EXAMPLE if held_back else messages_cli.SCHEDULE_NO_CHANNEL)
                when = f"{due.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
                reminder = say(messages_cli.SCHEDULE_REMINDER, span=describe_span(offset), when=when, where=where)
                lines.append("    " + reminder)
    return "\n".join(lines)
