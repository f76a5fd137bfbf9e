"""The `pimbot` command: run the bot (HTTP, Socket Mode or a local chat) or use the knowledge base directly."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot import __version__, messages, messages_cli, services
from bot.advice.ranking import MAX_SUGGESTIONS
from bot.config import ConfigError, load_settings
from bot.console.chat import chat
from bot.console.json_lines import advice_as_json, match_as_json, no_advice
from bot.console.rendering import render_schedule, render_text
from bot.knowledge.entries import KINDS
from bot.knowledge.export import FORMATS, glossary, render_export
from bot.knowledge.freshness import due_for_review, review_note
from bot.knowledge.loading import load_knowledge
from bot.knowledge.yamlfile import KnowledgeError
from bot.logs import setup_logging
from bot.messages import say
from bot.reminders.calendar import Calendar
from bot.reminders.events_file import load_events
from bot.replies import EntryReply, GapsReply

if TYPE_CHECKING:  # the database, the scheduler and Slack are imported by the commands that use them
    pass

log = logging.getLogger("bot")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except ConfigError as exc:
        print(f"pimbot: {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        print(say(messages.CLI_PROBLEMS), file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        if exc.more:
            print(say(messages.CLI_MORE_PROBLEMS, count=exc.more), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`pimbot chat | head`): not an error worth a traceback
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    m = messages_cli
    parser = argparse.ArgumentParser(prog="pimbot", description=say(m.ARG_DESCRIPTION), epilog=say(m.ARG_EPILOG))
    parser.add_argument("--version", action="version", version=f"pimbot {__version__}")
    parser.set_defaults(run=_run_default)
    commands = parser.add_subparsers(title=say(m.ARG_COMMANDS), metavar="COMMAND")

    serve = commands.add_parser("serve", help=say(m.ARG_SERVE), epilog=say(m.ARG_SETTINGS_SERVE))
    serve.set_defaults(run=_run_serve)
    socket = commands.add_parser("socket", help=say(m.ARG_SOCKET), epilog=say(m.ARG_SETTINGS_SOCKET))
    socket.set_defaults(run=_run_socket)
    chat_cmd = commands.add_parser("chat", help=say(m.ARG_CHAT))
    chat_cmd.set_defaults(run=_run_chat)

    define = commands.add_parser("define", help=say(m.ARG_DEFINE))
    define.add_argument("query", nargs="+", help=say(m.ARG_DEFINE_QUERY))
    define.add_argument("--json", action="store_true", help=say(m.ARG_DEFINE_JSON))
    define.set_defaults(run=_run_define)

    tools = commands.add_parser("tools", help=say(m.ARG_TOOLS))
    tools.add_argument("situation", nargs="+", help=say(m.ARG_TOOLS_SITUATION))
    tools.add_argument("--json", action="store_true", help=say(m.ARG_TOOLS_JSON))
    tools.set_defaults(run=_run_tools)

    gaps = commands.add_parser("gaps", help=say(m.ARG_GAPS))
    gaps.set_defaults(run=_run_gaps)
    clock = commands.add_parser("clock", help=say(m.ARG_CLOCK), epilog=say(m.ARG_SETTINGS_CLOCK))
    clock.set_defaults(run=_run_clock)
    events = commands.add_parser("events", help=say(m.ARG_EVENTS))
    events.add_argument("--all", action="store_true", help=say(m.ARG_EVENTS_ALL))
    events.set_defaults(run=_run_events)

    check = commands.add_parser("check", help=say(m.ARG_CHECK))
    check.add_argument("directory", nargs="?", type=Path, help=say(m.ARG_CHECK_DIRECTORY))
    check.set_defaults(run=_run_check)

    export = commands.add_parser("export", help=say(m.ARG_EXPORT))
    export.add_argument("--format", choices=FORMATS, default="md", help=say(m.ARG_EXPORT_FORMAT))
    export.add_argument("--kind", action="append", choices=[kind.name for kind in KINDS], help=say(m.ARG_EXPORT_KIND))
    export.add_argument("--output", "-o", type=Path, help=say(m.ARG_EXPORT_OUTPUT))
    export.set_defaults(run=_run_export)
    return parser


def _run_export(args: argparse.Namespace) -> int:
    kb = load_knowledge(load_settings().knowledge_dir)
    text = render_export(glossary(kb, args.kind), args.format)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        size = len(text.encode()) // 1024 + 1
        print(say(messages.CLI_WROTE, path=args.output, format=args.format, size=size), file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _run_default(args: argparse.Namespace) -> int:
    settings = load_settings()
    if settings.app_token:
        return _run_socket(args)
    if settings.has_slack_credentials:
        return _run_serve(args)
    return _run_chat(args)


def _run_serve(args: argparse.Namespace) -> int:
    from bot.slack.web import serve

    settings = load_settings()
    settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    # Built here even for several workers, so that a broken setting stops the start with one line; then only to
    # check: each worker builds its own, and this parent starts none of their threads.
    app = services.web_app(settings, background=settings.web_workers == 1)
    log.info("serving Slack requests on %s:%d (%d worker(s))", settings.host, settings.port, settings.web_workers)
    if settings.web_workers > 1:
        serve(
            "bot.services:web_app_from_environment",
            settings.host,
            settings.port,
            settings.web_workers,
            settings.max_connections,
        )
    else:
        serve(app, settings.host, settings.port, max_connections=settings.max_connections)
    return 0


def _run_socket(args: argparse.Namespace) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackClientError

    settings = load_settings()
    settings.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    slack = services.slack_services(settings, socket_mode=True)
    bolt_app, reminders = slack.bolt_app, slack.reminders
    if reminders:
        reminders.start()
    log.info("connecting to Slack in Socket Mode")
    try:
        SocketModeHandler(bolt_app, app_token=settings.app_token).start()
    except (OSError, SlackClientError) as error:  # one line, as for the database, not a page of traceback
        reason = str(getattr(error, "reason", None) or error).strip().splitlines()[0][:200]
        raise ConfigError(say(messages_cli.SOCKET_UNREACHABLE, reason=reason, url=settings.slack_api_url)) from None
    finally:
        if reminders:
            reminders.shutdown()
    return 0


def _run_clock(args: argparse.Namespace) -> int:
    """Only the scheduler: posts reminders with the bot token, answers nothing."""
    settings = load_settings()
    settings.require("SLACK_BOT_TOKEN")
    setup_logging()
    store = services.open_store(settings)
    assert store is not None
    calendar = services.build_calendar(settings, store)
    service = services.reminder_service(settings, calendar, store, blocking=True)
    signal.signal(signal.SIGTERM, lambda *_: service.shutdown(wait=False))
    service.start()  # blocks until SIGTERM or Ctrl-C
    return 0


def _run_gaps(args: argparse.Namespace) -> int:
    from bot.storage.curation import Curation

    settings = load_settings()
    store = services.open_store(settings, create=False)
    if store is None:
        print(say(messages.CLI_NO_COUNTS))
        return 0
    kb = load_knowledge(settings.knowledge_dir)
    print(render_text(GapsReply(Curation(store, settings.retention_days).gaps(kb))))
    return 0


def _run_events(args: argparse.Namespace) -> int:
    settings = load_settings()
    calendar = services.build_calendar(settings, services.open_store(settings, create=False))
    now = datetime.now(UTC)
    upcoming = calendar.upcoming(now, limit=None if args.all else 5)
    print(render_schedule(upcoming, calendar.channel_picker(), now, calendar.post_examples))
    return 0


def _run_chat(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.ERROR)  # a conversation, not a log: only errors (a broken file) are shown
    settings = load_settings()
    responder = services.local_responder(settings, Calendar(settings.knowledge_dir))
    chat(responder, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
    return 0


def _run_define(args: argparse.Namespace) -> int:
    settings = load_settings()
    responder = services.local_responder(settings)
    queries = _lines(sys.stdin, keep_blank=args.json) if args.query == ["-"] else [" ".join(args.query)]
    for query in queries:
        if args.json:  # a blank line gets {"query": "", "match": null, ...}: output lines up with input
            print(json.dumps(match_as_json(responder.matcher.match(query)), ensure_ascii=False), flush=True)
        else:
            reply = responder.define(query)
            text = render_text(reply)
            if isinstance(reply, EntryReply):  # what a coordinator writes in `related:`
                text += "\n" + say(messages_cli.ENTRY_ID_LINE, id=reply.entry.id)
            print(text, end="\n\n" if len(queries) > 1 else "\n", flush=True)
    return 0


def _run_tools(args: argparse.Namespace) -> int:
    responder = services.local_responder(load_settings())
    situations = _lines(sys.stdin, keep_blank=args.json) if args.situation == ["-"] else [" ".join(args.situation)]
    for situation in situations:
        if args.json:  # a blank line gets an answer with no suggestions: output lines up with input
            advice = responder.advise(situation, shown=MAX_SUGGESTIONS).advice if situation.strip() else no_advice(situation)
            print(json.dumps(advice_as_json(advice), ensure_ascii=False), flush=True)
            continue
        # no "show more" on a command line; nothing described gets the help `/pim tools` gives
        reply = responder.advise(situation, shown=MAX_SUGGESTIONS) if situation.strip() else responder.help("tools")
        print(render_text(reply), end="\n\n" if len(situations) > 1 else "\n", flush=True)
    return 0


def _lines(stream: TextIO, keep_blank: bool = False) -> list[str]:
    """The lines, without their line endings (Windows ones included); blank ones only when `keep_blank`."""
    return [line.rstrip("\r\n") for line in stream if keep_blank or line.strip()]


_CHECK_COUNTS = (
    ("term", messages_cli.CHECK_COUNT_TERM),
    ("principle", messages_cli.CHECK_COUNT_PRINCIPLE),
    ("matrix_category", messages_cli.CHECK_COUNT_MATRIX_CATEGORY),
    ("process_step", messages_cli.CHECK_COUNT_PROCESS_STEP),
    ("tool", messages_cli.CHECK_COUNT_TOOL),
)
"""What `pimbot check` counts, in this order."""


def _run_check(args: argparse.Namespace) -> int:
    directory = args.directory or load_settings().knowledge_dir
    kb = load_knowledge(directory)
    events, warnings = load_events(directory)
    counts = ", ".join(say(count, count=len(kb.of_kind(kind))) for kind, count in _CHECK_COUNTS)
    for warning in warnings:
        print(say(messages.CLI_WARNING, where=f"{warning.file}:{warning.line}", message=warning.message), file=sys.stderr)
    for entry in due_for_review(kb, datetime.now(UTC).date()):
        due = say(messages.CLI_DUE_FOR_REVIEW, id=entry.id, note=review_note(entry))
        print(say(messages.CLI_WARNING, where=entry.location, message=due), file=sys.stderr)
    for kind in kb.safeguards.unlearnt():
        print(say(messages.CLI_NOT_TAUGHT, kind=kind), file=sys.stderr)
    examples = len(kb.safeguards.examples)
    print(
        say(
            messages.CLI_CHECK_OK,
            directory=directory,
            entries=len(kb),
            counts=counts,
            examples=examples,
            incidents=len(kb.safeguards.incident_examples),
            events=len(events),
        )
    )
    return 0
