"""Render core replies as Slack messages: Block Kit blocks plus the plain `text` fallback Slack wants.

Every message passes through `fit_to_slack`, so no reply can break Slack's limits however large the
knowledge base grows or whatever a user types.
"""

from __future__ import annotations

import re
from functools import singledispatch

from bot import messages
from bot.knowledge.entries import PERSONAL_DATA_LABEL, Entry
from bot.knowledge.freshness import checked_label, review_note
from bot.messages import say
from bot.reminders.events import local_time
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
from bot.replies.refs import entry_ref
from bot.slack.advice_blocks import ACTION_OPEN, render_advice
from bot.slack.block_kit import (
    MAX_BLOCKS,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    Message,
    actions,
    button,
    chunks,
    context,
    fit_to_slack,
    header,
    link,
    section,
)
from bot.slack.text import escape, quote_user_text, shorten, slack_date

ACTION_SHARE = "pim_share"
ACTION_HELPFUL = "pim_feedback_helpful"
ACTION_NOT_HELPFUL = "pim_feedback_not_helpful"
ACTION_EXPORT = "pim_export"
"""Prefix of the buttons under `/pim list` that send the glossary as a file."""


def render(reply: Reply, shareable: bool = True, feedback: bool = True) -> Message:
    """The Slack message for a reply; `shareable` adds "Share in channel", `feedback` the helpful buttons."""
    message = _render(reply)
    buttons = []
    if shareable and reply.ref:
        buttons.append(button(say(messages.BUTTON_SHARE), ACTION_SHARE, reply.ref, style="primary"))
    if feedback and reply.rated_ids:
        buttons.append(button(say(messages.BUTTON_HELPFUL), ACTION_HELPFUL, reply.ref))
        buttons.append(button(say(messages.BUTTON_NOT_HELPFUL), ACTION_NOT_HELPFUL, reply.ref))
    if buttons:
        message["blocks"].append(actions(buttons))
    return fit_to_slack(message)


@singledispatch
def _render(reply: Reply) -> Message:
    raise TypeError(f"no Slack rendering for {type(reply).__name__}")


@_render.register
def _(reply: EntryReply) -> Message:
    entry = reply.entry
    blocks: list[dict] = [section(f"*{escape(entry.title)}*\n{escape(entry.definition)}"), context(_facts(entry))]
    if reply.unknown_side:
        blocks.insert(0, context([say(messages.COMPARED_WITH_UNKNOWN, side=quote_user_text(reply.unknown_side, limit=80))]))
    if entry.tool is not None:  # as in a list of suggestions: who runs it, its categories, personal data, not for
        data = say(PERSONAL_DATA_LABEL[entry.tool.personal_data])
        lines = [
            f"{escape(entry.tool.run_by)} · *{say(messages.LABEL_MATRIX)}:* {escape(' · '.join(reply.categories))} · "
            f"*{say(messages.LABEL_PERSONAL_DATA)}:* {data}",
            f"_{say(messages.LABEL_NOT_FOR)}:_ {escape(shorten(entry.tool.not_for, 600))}",
        ]
        blocks.append(section("\n".join(lines)))
    if reply.related:
        buttons = [button(e.title, f"{ACTION_OPEN}_{i}", entry_ref(e.id)) for i, e in enumerate(reply.related[:5])]
        blocks.append(section(f"*{say(messages.LABEL_RELATED)}*"))
        blocks.append(actions(buttons))
    source = say(messages.LABEL_SOURCE)
    blocks.append(context([f"{source}: " + ", ".join(link(url) for url in entry.sources), *_checked(entry)]))
    text = f"{entry.title} ({entry.kind_label}): {entry.definition} {source}: {entry.sources[0]}"
    return {"text": text, "blocks": blocks}


@_render.register
def _(reply: ComparisonReply) -> Message:
    first, second = reply.entries
    fields = [
        {"type": "mrkdwn", "text": f"*{escape(e.title)}* · _{e.kind_label}_\n{escape(e.definition)}"} for e in reply.entries
    ]
    title = f"{first.title} {say(messages.WORD_VS)} {second.title}"
    blocks: list[dict] = [
        header(shorten(title, MAX_HEADER_TEXT)),
        {"type": "section", "fields": fields},
    ]
    if reply.difference:
        blocks.append(section(f"*{say(messages.WHAT_SETS_APART)}*\n" + escape(reply.difference.text)))
        apart = reply.difference.text
    else:
        apart = say(messages.NO_DIFFERENCE_NOTE)
        blocks.append(context([apart]))
    blocks.append(actions([button(e.title, f"{ACTION_OPEN}_{i}", entry_ref(e.id)) for i, e in enumerate(reply.entries)]))
    blocks.append(context([f"{say(messages.LABEL_SOURCES)}: " + ", ".join(link(url) for url in reply.sources)]))
    return {"text": f"{title}: {apart}", "blocks": blocks}


@_render.register
def _(reply: ChoicesReply) -> Message:
    asked = quote_user_text(reply.asked)
    if reply.ambiguous:
        intro = say(messages.SEVERAL_MEANINGS, query=asked)
        blocks = [section(intro)]
        for i, entry in enumerate(reply.choices[: MAX_BLOCKS - 3]):
            summary = f"*{escape(entry.title)}* · _{entry.kind_label}_\n{escape(shorten(entry.definition, 200))}"
            show = button(say(messages.BUTTON_SHOW), f"{ACTION_OPEN}_{i}", entry_ref(entry.id))
            blocks.append(section(summary, accessory=show))
        names = "; ".join(e.title for e in reply.choices)
        return {"text": f"{intro} {names}", "blocks": blocks}
    intro = say(messages.DID_YOU_MEAN, query=asked)
    buttons = [button(e.title, f"{ACTION_OPEN}_{i}", entry_ref(e.id)) for i, e in enumerate(reply.choices)]
    blocks = [section(intro), actions(buttons), context([say(messages.OR_SEE_EVERY_ENTRY)])]
    names = ", ".join(e.title for e in reply.choices)
    return {"text": f"{intro} {names}?", "blocks": blocks}


@_render.register
def _(reply: NotFoundReply) -> Message:
    other_language = " " + say(messages.NOT_FOUND_OTHER_LANGUAGE) if reply.other_language else ""
    text = (
        say(messages.NOT_FOUND, query=quote_user_text(reply.query))
        + other_language
        + " "
        + say(messages.SEE_ALL_ENTRIES, count=reply.size)
    )
    return {"text": text, "blocks": [section(text)]}


@_render.register
def _(reply: ThanksReply) -> Message:
    text = say(messages.THANKS if reply.thanked else messages.OKAY, tools="`/pim tools`")
    return {"text": text.replace("`", ""), "blocks": [section(text)]}


@_render.register
def _(reply: FollowUpReply) -> Message:
    text = say(messages.FOLLOW_UP, query=quote_user_text(reply.query), tools="`/pim tools`")
    return {"text": text.replace("`", ""), "blocks": [section(text)]}


@_render.register
def _(reply: EnglishOnlyReply) -> Message:
    if reply.query:
        text = say(messages.ENGLISH_ONLY_MISREAD, query=quote_user_text(reply.query))
    else:
        text = say(messages.ENGLISH_ONLY)
    return {"text": text, "blocks": [section(text)]}


@_render.register
def _(reply: CollectionReply) -> Message:
    blocks: list[dict] = [header(reply.title)]
    if reply.missing_note:
        blocks.append(section(escape(reply.missing_note)))
    if reply.about:
        blocks.append(section(escape(reply.about.definition)))
    for entry in reply.entries:
        blocks.append(section(f"*{entry.number}. {escape(entry.title)}*\n{escape(entry.definition)}"))
    if reply.about:
        blocks.append(context([f"{say(messages.LABEL_SOURCE)}: " + ", ".join(link(url) for url in reply.about.sources)]))
    names = "; ".join(f"{e.number}. {e.title}" for e in reply.entries)
    return {"text": f"{reply.title}: {names}", "blocks": blocks}


@_render.register
def _(reply: GlossaryReply) -> Message:
    total = sum(len(entries) for _, entries in reply.groups)
    title = say(messages.KNOWLEDGE_BASE_SIZE, count=total)
    blocks: list[dict] = [header(title)]
    for label, entries in reply.groups:
        names = [escape(e.title) for e in entries]
        for chunk in chunks(names, MAX_SECTION_TEXT - 100):
            blocks.append(section(f"*{label}* ({len(entries)})\n" + " · ".join(chunk)))
    blocks.append(context([say(messages.DEFINE_ANY, command="`/pim define NAME`")]))
    blocks.append(section(say(messages.TAKE_THE_GLOSSARY)))
    blocks.append(actions([button(say(label), f"{ACTION_EXPORT}_{fmt}", fmt) for fmt, label in EXPORT_BUTTONS]))
    return {"text": f"{title}. {say(messages.DEFINE_ANY, command='/pim define NAME')}", "blocks": blocks}


EXPORT_BUTTONS = (
    ("html", messages.BUTTON_EXPORT_HTML),
    ("csv", messages.BUTTON_EXPORT_CSV),
    ("md", messages.BUTTON_EXPORT_MD),
)
"""The glossary's formats, each with its button's label (a message, said when the buttons are made)."""


@_render.register
def _(reply: HelpReply) -> Message:
    lead = re.sub(r"`([^`]+)`", r"`/pim \1`", reply.lead)  # each example, as typed in Slack
    commands = "\n".join(f"• `/pim {usage}`: {what}" for usage, what in reply.commands)
    return {
        "text": f"{lead.replace('`', '')} {say(messages.HELP_FOR_EVERYTHING)}",
        "blocks": [section(lead), section(commands), context([say(messages.HELP_MENTION)])],
    }


_render.register(AdviceReply)(render_advice)


@_render.register
def _(reply: EventsReply) -> Message:
    if not reply.upcoming:
        text = say(messages.NO_UPCOMING_OF_KIND, kinds=reply.kind_label) if reply.kind else say(messages.NO_UPCOMING_EVENTS)
        return {"text": text.replace("`", ""), "blocks": [section(text)]}
    title = reply.title
    blocks: list[dict] = [header(title)]
    for note in (reply.none_mentions(quote_user_text), reply.none_within()):
        if note:  # "any training on JIAF this month?": say that none is, before listing the others
            blocks.append(context([note]))
    for event, start in reply.upcoming[: MAX_BLOCKS - 5]:
        when = slack_date(start, event, say(messages.SHORT_DATE_AT_TIME))
        repeat = f" · {say(messages.EVENT_REPEATS)}" if event.repeat else ""
        join = f"<{event.url}|{say(messages.LINK_JOIN)}>"
        text = f"*{escape(event.title)}*\n{event.kind_label} · {when}{repeat} · {join}"
        blocks.append(section(text))
    if not reply.everything and reply.total > len(reply.upcoming):
        blocks.append(context([say(messages.EVENTS_ALL_AND_SUBSCRIBE)]))
    if note := reply.examples_note():
        blocks.append(context([note]))
    names = "; ".join(f"{e.title} ({local_time(e, s)})" for e, s in reply.upcoming)
    return {"text": f"{title}: {names}", "blocks": blocks}


@_render.register
def _(reply: SubscriptionReply) -> Message:
    message = reply.message(quote_user_text)
    return {"text": message.replace("`", ""), "blocks": [section(message)]}


@_render.register
def _(reply: GapsReply) -> Message:
    if reply.gaps is None:
        text = reply.problem or ""
        return {"text": text, "blocks": [section(text), *_overdue_blocks(reply)]}
    gaps = reply.gaps
    none_yet = say(messages.NONE_YET)
    asked = "\n".join(f"{count:>4}  {escape(query)}" for query, count in gaps.unanswered) or none_yet
    rated = "\n".join(
        say(messages.GAPS_RATED, down=down, up=up, entry=f"*{escape(e.title)}* (`{e.id}`)")
        for e, up, down in gaps.least_helpful
    )
    blocks = [
        header(say(messages.GAPS_TITLE, days=gaps.retention_days)),
        section(f"*{say(messages.GAPS_MOST_ASKED)}*\n```" + asked + "```"),
        section(f"*{say(messages.GAPS_LEAST_HELPFUL)}*\n" + (rated or none_yet)),
        context([say(messages.GAPS_COUNTS_ONLY)]),
        *_overdue_blocks(reply),
    ]
    return {"text": say(messages.GAPS_SUMMARY, count=len(gaps.unanswered)), "blocks": blocks}


def _checked(entry: Entry) -> list[str]:
    return [checked_label(entry)] if entry.reviewed else []


def _overdue_blocks(reply: GapsReply) -> list[dict]:
    """Entries due for another check against their source: curators see them next to the gaps."""
    if not reply.overdue:
        return []
    lines = [f"*{escape(e.title)}* (`{e.id}`): {review_note(e)}" for e in reply.overdue_shown]
    if reply.overdue_hidden:
        lines.append(say(messages.AND_MORE_DUE, count=reply.overdue_hidden))
    return [section(f"*{say(messages.DUE_FOR_REVIEW, count=len(reply.overdue))}*\n" + "\n".join(lines))]


RELOAD_PROBLEMS_SHOWN = 10


@_render.register
def _(reply: ReloadReply) -> Message:
    if reply.problem:
        text = reply.problem
    elif reply.loaded:
        text = say(messages.KNOWLEDGE_RELOADED, entries=reply.entries)
    else:
        text = say(messages.KNOWLEDGE_PARTLY if reply.partly else messages.KNOWLEDGE_KEPT, entries=reply.entries)
    blocks = [section(text)]
    shown = list(reply.problems[:RELOAD_PROBLEMS_SHOWN])
    if len(reply.problems) > len(shown):
        shown.append(say(messages.RELOAD_MORE))
    if shown:
        listing = "\n".join(shown)
        blocks.append(section("```" + escape(listing[: MAX_SECTION_TEXT - 10]) + "```"))
    return fit_to_slack({"text": text, "blocks": blocks})


def _facts(entry: Entry) -> list[str]:
    facts = [f"_{entry.kind_label}{f' {entry.number}' if entry.number else ''}_"]
    if entry.acronyms:
        facts.append(f"{say(messages.LABEL_ACRONYMS)}: " + ", ".join(escape(a) for a in entry.acronyms))
    if entry.aliases:
        facts.append(f"{say(messages.LABEL_ALSO_CALLED)}: " + ", ".join(escape(a) for a in entry.aliases))
    return facts
