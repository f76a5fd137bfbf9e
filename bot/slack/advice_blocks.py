"""Tool advice as a Slack message: the safe course first (alerts), then the tools with their reasons, then the
principles to mind. Laid out here; every sentence comes from bot/messages.py."""

from __future__ import annotations

from bot import messages
from bot.advice.suggestions import BASIS_LABEL, Advice
from bot.knowledge.entries import PERSONAL_DATA_LABEL
from bot.messages import say
from bot.replies import AdviceReply
from bot.replies.refs import DescribeRef, decode, entry_ref
from bot.slack.block_kit import Message, actions, button, context, header, link, section
from bot.slack.text import escape, quote_user_text, shorten

ACTION_OPEN = "pim_open"
"""Prefix of the buttons that open another entry ("did you mean", related entries, acronym meanings)."""
ACTION_DESCRIBE = "pim_describe"
"""The clarifying question's "Something else: I'll describe it": a form to describe the need in (a modal)."""
FORM_DESCRIBE = "pim_describe_form"
"""The form's callback id; its one input is `need` / `text`."""


def render_advice(reply: AdviceReply) -> Message:
    advice = reply.advice
    asked = quote_user_text(advice.situation, limit=200)
    if advice.clarify:
        question = f"{say(messages.NEED_MORE, situation=asked)} {say(messages.CLARIFY_QUESTION)}"
        buttons = [
            button(label, ACTION_DESCRIBE if isinstance(decode(ref), DescribeRef) else f"{ACTION_OPEN}_c{i}", ref)
            for i, (label, ref) in enumerate(reply.options)
        ]
        return {"text": question, "blocks": [section(question), actions(buttons), *_at_stake(advice)]}
    title = (
        say(messages.TOOLS_FOR_CATEGORY, category=advice.category.title)
        if advice.category
        else say(messages.SUGGESTED_TOOLS)
    )
    alerts = _alerts(advice)
    lead = "".join(f"{a.title}. " for a in advice.alerts)  # notifications show the fallback: safety first there too
    if alerts and not advice.suggestions:
        note = say(messages.FOR_SITUATION, situation=asked, text=say(messages.NO_TOOL_FIRST))
        return {
            "text": lead + say(messages.FOR_SITUATION, situation=asked, text=say(messages.NO_TOOL_FIRST_IN_MESSAGE)),
            "blocks": [*alerts, context([note]), *_at_stake(advice)],
        }
    blocks: list[dict] = [*alerts, *_defined(reply), *_sharing(advice), header(title)]
    blocks.append(context([f"{say(messages.LABEL_FOR)}: “{asked}”"]))
    if advice.closest:  # asked once already: the closest tools, said to be no more than that
        blocks.append(section(say(messages.CLOSEST_TOOLS if advice.suggestions else messages.NO_CLOSE_TOOL)))
    shown = advice.suggestions[: reply.shown]
    for i, suggestion in enumerate(shown, 1):
        tool = suggestion.tool
        assert tool.tool is not None
        lines = [
            f"*{i}. {escape(tool.title)}*{escape(tool.acronyms_after_name)} · {escape(tool.tool.run_by)}",
            escape(shorten(tool.summary, 400)),
        ]
        if suggestion.why:
            words = ", ".join(f"“{escape(w)}”" for w in suggestion.why)
            lines.append(f"*{say(messages.LABEL_WHY)}:* {say(messages.YOU_MENTIONED, words=words)}")
        elif suggestion.basis:
            lines.append(f"*{say(messages.LABEL_WHY)}:* {say(BASIS_LABEL[suggestion.basis])}")
        lines.append(
            f"*{say(messages.LABEL_MATRIX)}:* {escape(' · '.join(suggestion.categories))} · "
            f"*{say(messages.LABEL_PERSONAL_DATA)}:* {say(PERSONAL_DATA_LABEL[tool.tool.personal_data])}"
        )
        lines.append(f"_{say(messages.LABEL_NOT_FOR)}:_ {escape(shorten(tool.tool.not_for, 300))}")
        about = button(say(messages.BUTTON_ABOUT), f"{ACTION_OPEN}_{i}", entry_ref(tool.id))
        blocks.append(section("\n".join(lines), accessory=about))
    if not shown and not advice.closest:
        blocks.append(section(say(messages.NO_TOOL_IN_CATEGORY)))
    if reply.more_ref:
        more = say(messages.BUTTON_SHOW_MORE, count=len(advice.suggestions) - reply.shown)
        blocks.append(actions([button(more, f"{ACTION_OPEN}_more", reply.more_ref)]))
    blocks += _at_stake(advice, sharing=False)  # the sharing pointer came before the tools
    names = "; ".join(s.tool.title for s in shown)
    return {"text": lead + (f"{title}: {names}" if names else title), "blocks": blocks}


def _defined(reply: AdviceReply) -> list[dict]:
    """The term asked about first, in short, with a button to the whole entry: the first part of the question."""
    entry = reply.defined
    if entry is None:
        return []
    about = button(say(messages.BUTTON_ABOUT), f"{ACTION_OPEN}_defined", entry_ref(entry.id))
    name = f"*{escape(entry.title)}*{escape(entry.acronyms_after_name)}"
    return [section(f"{name}: {escape(shorten(entry.summary, 400))}", accessory=about)]


def _alerts(advice: Advice) -> list[dict]:
    """The safe course, first and never behind "Show more": per alert its points, links to entries, sources."""
    blocks: list[dict] = []
    for n, alert in enumerate(advice.alerts):
        lines = [f":warning: *{escape(alert.title)}*"]
        for point, entries in advice.points(alert):
            see = f" _({', '.join(escape(e.title) for e in entries)})_" if entries else ""
            lines.append(f"• {escape(point.text)}{see}")
        blocks.append(section("\n".join(lines)))
        linked = [advice.linked[i] for i in alert.entries if i in advice.linked]
        buttons = [button(e.title, f"{ACTION_OPEN}_a{n}_{i}", entry_ref(e.id)) for i, e in enumerate(linked[:5])]
        if buttons:
            blocks.append(actions(buttons))
        blocks.append(context([f"{say(messages.LABEL_GUIDANCE)}: " + " · ".join(link(url) for url in alert.sources)]))
    if advice.data_sits_in:
        names = ", ".join(f"*{escape(e.title)}*" for e in advice.data_sits_in)
        blocks.append(section(f"*{say(messages.DATA_SITS)}* {names}. {say(messages.DATA_SITS_NOTE)}"))
    if blocks:
        blocks.append({"type": "divider"})
    return blocks


def _at_stake(advice: Advice, sharing: bool = True) -> list[dict]:
    """The principles to mind and (unless `sharing` is False) the sharing pointer: shown even when pimbot has to ask a
    question first."""
    blocks = []
    if advice.principles:
        names = " · ".join(f"*{escape(p.title)}*" for p in advice.principles)
        blocks.append(section(f"*{say(messages.PRINCIPLES_TO_MIND)}* {names}"))
    return blocks + (_sharing(advice) if sharing else [])


def _sharing(advice: Advice) -> list[dict]:
    """When data is shared (a donor asking GBV figures per village): check small numbers, agree an ISP or DSA. Before
    the tools, not under them: it is what to do first."""
    if not advice.sharing:
        return []
    names = f" {say(messages.WORD_OR)} ".join(f"*{escape(e.title)}*" for e in advice.sharing)
    see = say(messages.LABEL_SEE)
    return [section(f"{escape(say(messages.SHARING_NOTE))} {see}: {names} (`/pim define ISP`).")]


def description_form(metadata: str) -> dict:
    """The form that "Something else: I'll describe it" opens; `metadata` comes back with what was typed."""
    field = {
        "type": "plain_text_input",
        "action_id": "text",
        "multiline": True,
        "max_length": 2000,
        "placeholder": {"type": "plain_text", "text": say(messages.FORM_DESCRIBE_EXAMPLE)},
    }
    return {
        "type": "modal",
        "callback_id": FORM_DESCRIBE,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": say(messages.FORM_DESCRIBE_TITLE)},
        "submit": {"type": "plain_text", "text": say(messages.FORM_DESCRIBE_SUBMIT)},
        "close": {"type": "plain_text", "text": say(messages.FORM_CANCEL)},
        "blocks": [
            {"type": "input", "block_id": "need", "label": {"type": "plain_text", "text": say(messages.FORM_DESCRIBE_LABEL)},
             "element": field},
        ],
    }  # fmt: skip
