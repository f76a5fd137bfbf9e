"""The terminal face of pimbot: the same replies as in Slack, as plain text, and the local chat loop."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from functools import singledispatch
from typing import TextIO

from bot.replies import (
    ChoicesReply,
    CollectionReply,
    EntryReply,
    GlossaryReply,
    HelpReply,
    NotFoundReply,
    Reply,
    Responder,
)

WIDTH = 88


@singledispatch
def render_text(reply: Reply) -> str:
    raise TypeError(f"no text rendering for {type(reply).__name__}")


@render_text.register
def _(reply: EntryReply) -> str:
    entry = reply.entry
    lines = [f"{entry.title}  [{entry.kind_label}{f' {entry.number}' if entry.number else ''}]", _wrap(entry.definition)]
    if entry.acronyms:
        lines.append("Acronyms: " + ", ".join(entry.acronyms))
    if entry.aliases:
        lines.append("Also called: " + ", ".join(entry.aliases))
    if reply.related:
        lines.append("Related: " + ", ".join(e.title for e in reply.related))
    lines.append("Source: " + ", ".join(entry.sources))
    return "\n".join(lines)


@render_text.register
def _(reply: ChoicesReply) -> str:
    if reply.ambiguous:
        head = f"“{_one_line(reply.query)}” can mean more than one thing in PIM:"
    else:
        head = f"I'm not sure what you mean by “{_one_line(reply.query)}”. Did you mean:"
    options = [f"  {i}) {e.title}  [{e.kind_label}]" for i, e in enumerate(reply.choices, 1)]
    return "\n".join([head, *options, "Type a number to pick one."])


@render_text.register
def _(reply: NotFoundReply) -> str:
    return (
        f"I couldn't find “{_one_line(reply.query)}” in the PIM knowledge base, so it may not be a PIM term.\n"
        f"Type 'list' to see all {reply.size} entries, or 'help'."
    )


@render_text.register
def _(reply: CollectionReply) -> str:
    lines = [reply.title, "=" * len(reply.title)]
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
    return "\n\n".join(parts) + "\n\nType 'define NAME' for any of them."


@render_text.register
def _(reply: HelpReply) -> str:
    lead = (
        f"Which term should I define? For example: define {reply.example}"
        if reply.asked_for_define_without_term
        else "pimbot explains Protection Information Management (PIM). Type what you would type after /pim:"
    )
    return "\n".join(
        (
            lead,
            f"  define {reply.example}   (or just: {reply.example})",
            "  what is DPIA?",
            "  principles | matrix | process",
            f"  list                       (all {reply.size} entries)",
            "  help",
            "  quit                       (or Ctrl-D)",
        )
    )


def chat(responder: Responder, lines: Iterable[str], out: TextIO, interactive: bool) -> None:
    """Answer each line as `/pim` would. After "did you mean", a number picks an option."""
    if interactive:
        out.write("pimbot local chat: type what you would type after /pim ('help' for ideas, 'quit' to leave).\n")
        out.write("pim> ")
        out.flush()
    choices: tuple = ()
    for raw in lines:
        line = raw.strip()
        if line.lower() in ("quit", "exit", "bye"):
            break
        if not line:
            if interactive:
                out.write("pim> ")
                out.flush()
            continue
        if line.isdigit() and 1 <= int(line) <= len(choices):
            reply: Reply = responder.entry(choices[int(line) - 1])
        else:
            reply = responder.reply(line)
        choices = reply.choices if isinstance(reply, ChoicesReply) else ()
        out.write(render_text(reply) + "\n")
        if interactive:
            out.write("\npim> ")
        out.flush()
    if interactive:
        out.write("\n")


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=indent, subsequent_indent=indent)


def _one_line(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
