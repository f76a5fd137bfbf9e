"""The local chat (`pimbot chat`): each line answered as `/pim` would, a number picks an option, "more" shows the rest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from bot import messages_cli
from bot.console.rendering import render_more, render_text
from bot.messages import say, say_count
from bot.replies import AdviceReply, ChoicesReply, CollectionReply, NotFoundReply, Reply, Responder
from bot.replies.refs import DescribeRef, EntryRef, decode, encode
from bot.text.normalize import fold


def follow_ups(reply: Reply) -> tuple[list[tuple[str, str]], str | None]:
    """What a number (or an option's name) picks next in the chat, as (label, ref), and what 'more' shows: the
    options of a question, the suggested tools, or the numbered entries of a collection, each read by its number."""
    if isinstance(reply, AdviceReply) and not reply.advice.clarify:
        tools = [(s.tool.title, encode(EntryRef(s.tool.id))) for s in reply.advice.suggestions]
        return tools, reply.more_ref
    if isinstance(reply, ChoicesReply | AdviceReply):
        return list(reply.options), reply.more_ref if isinstance(reply, AdviceReply) else None
    if isinstance(reply, CollectionReply):  # "principles", then "4": principle 4, as numbered on the screen
        return [(e.title, encode(EntryRef(e.id))) for e in reply.entries], None
    return [], None


def _named_option(line: str, options: list[tuple[str, str]]) -> str | None:
    """The ref of the option the line names ("something else" for "Something else: I'll describe it")."""
    said = fold(line)
    for label, ref in options:
        if said and said in (fold(label), fold(label.split(":")[0])):
            return ref
    return None


def chat(responder: Responder, lines: Iterable[str], out: TextIO, interactive: bool) -> None:
    """Answer each line as `/pim` would. After "did you mean" or a question, a number picks an option."""
    if interactive:
        out.write(say(messages_cli.CHAT_WELCOME) + "\n")
    _prompt(out, interactive)
    options: list[tuple[str, str]] = []
    describing: str | None = None  # the situation the user chose to describe: its description is never asked about
    more: str | None = None
    shown = 0  # suggestions already printed for the last advice: "more" prints only the rest
    listing = False  # the options are a list of suggested tools: reading one keeps the list to pick from
    for raw in lines:
        line = raw.strip()
        if line.lower() in ("quit", "exit", "bye"):
            break
        if not line:
            _prompt(out, interactive)
            continue
        if line.isdigit() and len(line) <= 2 and not options:  # "3" after a definition (but "1951" is a term)
            out.write(say(messages_cli.CHAT_NOTHING_TO_PICK) + "\n\n")
            _prompt(out, interactive)
            continue
        picked: str | None = None
        if line.isdigit() and options:
            if not 1 <= int(line) <= len(options):
                out.write(say_count(messages_cli.CHAT_TYPE_TO_PICK, len(options)) + "\n\n")
                _prompt(out, interactive)
                continue
            picked = options[int(line) - 1][1]
        else:
            picked = _named_option(line, options)
        described, describing = describing, None
        if picked is not None:
            reply: Reply = responder.from_ref(picked) or responder.help()
            ref = decode(picked)
            describing = ref.situation if isinstance(ref, DescribeRef) else None
        elif line.lower() == "more":
            if more is None:
                out.write(say(messages_cli.CHAT_NOTHING_MORE) + "\n\n")
                _prompt(out, interactive)
                continue
            reply = responder.from_ref(more) or responder.help()
        else:
            reply = responder.reply(line)
            vague = (isinstance(reply, AdviceReply) and reply.advice.clarify) or isinstance(reply, NotFoundReply)
            if described is not None and vague:  # asked once already: the closest tools this time
                reply = responder.described(described, line)
        if line.lower() == "more" and isinstance(reply, AdviceReply) and shown:
            text = render_more(reply, shown)  # the first ones are on the screen already
        else:
            text = render_text(reply)
        out.write(text + "\n")
        if not (listing and picked is not None):  # after reading one tool, another number or "more" still works
            options, more = follow_ups(reply)
            listing = isinstance(reply, AdviceReply) and not reply.advice.clarify and bool(options)
            shown = reply.shown if listing else 0
        if options:
            out.write(say(messages_cli.CHAT_PICK_TOOL if listing else messages_cli.CHAT_PICK_ONE) + "\n")
        out.write("\n")
        _prompt(out, interactive)
    if interactive:
        out.write("\n")


def _prompt(out: TextIO, interactive: bool) -> None:
    if interactive:
        out.write("pim> ")
    out.flush()
