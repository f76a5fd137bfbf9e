"""The `pimbot` command: run the bot (HTTP, Socket Mode or a local chat) or use the knowledge base directly."""

from __future__ import annotations

import argparse
import atexit
import json
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot import __version__
from bot.advice import CLARIFY_QUESTION, DESCRIBE_OPTION, MAX_SUGGESTIONS, Advice
from bot.calendar import Calendar
from bot.config import ConfigError, Settings, load_settings, mask_credentials
from bot.console import chat, render_text
from bot.events import describe_span, load_events, local_time
from bot.export import FORMATS, glossary, render_export
from bot.knowledge import KINDS, KnowledgeBase, KnowledgeError, due_for_review, load_knowledge, review_note
from bot.logs import setup_logging
from bot.matching import MatchResult
from bot.replies import EntryReply, GapsReply, ReloadReply, Responder

if TYPE_CHECKING:  # the database, the scheduler and Slack are imported by the commands that use them
    from slack_bolt import App

    from bot.reloading import KnowledgeReloader
    from bot.scheduler import ReminderService
    from bot.storage import Store
    from bot.web import WebApp

log = logging.getLogger("bot")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except ConfigError as exc:
        print(f"pimbot: {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        print("pimbot: the knowledge base has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        if exc.more:
            print(f"... and {exc.more} more problems", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`pimbot chat | head`): not an error worth a traceback
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pimbot",
        description="Protection Information Management advice for humanitarian teams, in Slack or in a terminal.",
        epilog="With no command: Socket Mode when SLACK_APP_TOKEN is set, HTTP when SLACK_BOT_TOKEN is, else a local chat.",
    )
    parser.add_argument("--version", action="version", version=f"pimbot {__version__}")
    parser.set_defaults(run=_run_default)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    serve = commands.add_parser("serve", help="answer Slack over HTTP on $PORT (POST /slack/events, GET /healthz)")
    serve.set_defaults(run=_run_serve)
    socket = commands.add_parser("socket", help="answer Slack over Socket Mode (needs SLACK_APP_TOKEN)")
    socket.set_defaults(run=_run_socket)
    chat_cmd = commands.add_parser("chat", help="a local chat in the terminal; each line is what you would type after /pim")
    chat_cmd.set_defaults(run=_run_chat)

    define = commands.add_parser("define", help="look up one term, or each line of standard input with '-'")
    define.add_argument("query", nargs="+", help="what to look up, or '-' to read one query per line from standard input")
    define.add_argument("--json", action="store_true", help="print one JSON object per query")
    define.set_defaults(run=_run_define)

    tools = commands.add_parser("tools", help="suggest tools for a situation, or for each line of standard input with '-'")
    tools.add_argument("situation", nargs="+", help="the situation in your own words, or '-' to read one per line")
    tools.add_argument("--json", action="store_true", help="print one JSON object per situation")
    tools.set_defaults(run=_run_tools)

    gaps = commands.add_parser("gaps", help="the most-asked unanswered queries and the least helpful entries")
    gaps.set_defaults(run=_run_gaps)
    clock = commands.add_parser("clock", help="run only the reminder scheduler (the Procfile's clock process)")
    clock.set_defaults(run=_run_clock)
    events = commands.add_parser("events", help="list upcoming events and their next reminders")
    events.add_argument("--all", action="store_true", help="every event, not only the next 5")
    events.set_defaults(run=_run_events)

    check = commands.add_parser("check", help="validate a knowledge folder: exit 0, or 1 with file:line: messages")
    check.add_argument(
        "directory", nargs="?", type=Path, help="the folder to check (default: $PIM_KNOWLEDGE_DIR or knowledge/)"
    )
    check.set_defaults(run=_run_check)

    export = commands.add_parser("export", help="write the glossary with sources and review dates, for print or offline")
    export.add_argument("--format", choices=FORMATS, default="md", help="md (default), csv, or html (one printable page)")
    export.add_argument(
        "--kind",
        action="append",
        choices=[kind.name for kind in KINDS],
        help="only this kind of entry; repeat for several (default: every kind)",
    )
    export.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")
    export.set_defaults(run=_run_export)
    return parser


def _run_export(args: argparse.Namespace) -> int:
    kb = load_knowledge(load_settings().knowledge_dir)
    text = render_export(glossary(kb, args.kind), args.format)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output} ({args.format}, {len(text.encode()) // 1024 + 1} KB)", file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _responder(settings: Settings, calendar: Calendar | None = None) -> Responder:
    return Responder(load_knowledge(settings.knowledge_dir), calendar)


def _store(settings: Settings, create: bool = True) -> Store | None:
    """The database; with `create` False, only one that already exists (a command that only reads)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage import Store, default_database_url

    if not settings.database_url and not create and not (settings.data_dir / "pimbot.sqlite").exists():
        return None
    url = settings.database_url or default_database_url(settings.data_dir)
    try:
        return Store(url)
    except SQLAlchemyError as error:  # one line naming the database, with its password masked, not a traceback
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise ConfigError(f"cannot use the database {mask_credentials(url)}: {mask_credentials(reason)}") from None


def _calendar(settings: Settings, store: Store | None) -> Calendar:
    return Calendar(settings.knowledge_dir, store, settings.reminder_channels, post_examples=settings.post_examples)


def _run_default(args: argparse.Namespace) -> int:
    settings = load_settings()
    if settings.app_token:
        return _run_socket(args)
    if settings.has_slack_credentials:
        return _run_serve(args)
    return _run_chat(args)


def _slack_services(
    settings: Settings, socket_mode: bool = False
) -> tuple[App, KnowledgeReloader, ReminderService | None, Store]:
    """The Bolt app, the live knowledge and (unless PIM_SCHEDULER=off) the reminder service, sharing one database."""
    from bot.curation import Curation
    from bot.reloading import KnowledgeReloader
    from bot.scheduler import ReminderService
    from bot.slack.app import build_app
    from bot.slack.reminder_message import SlackReminders

    setup_logging()
    store = _store(settings)
    calendar = _calendar(settings, store)
    curation = Curation(store, settings.retention_days)  # type: ignore[arg-type]
    curation.start()
    atexit.register(curation.stop)  # the counts of the last seconds, on a clean stop (SIGTERM included)

    def make_responder(kb: KnowledgeBase, reload: Callable[[], ReloadReply]) -> Responder:
        return Responder(kb, calendar, curation, settings.admins, reload)

    knowledge = KnowledgeReloader(settings.knowledge_dir, make_responder)
    log.info("knowledge base loaded: %d entries from %s", len(knowledge.current().kb), settings.knowledge_dir)
    from bot.slack.redelivery import SeenOnce

    seen = SeenOnce(store, settings.signing_secret or settings.bot_token or "")
    bolt_app = build_app(settings, knowledge.current, socket_mode=socket_mode, seen=seen)
    reminders = None
    if settings.scheduler_enabled:
        poster = SlackReminders(settings.bot_token, settings.slack_api_url)
        reminders = ReminderService(calendar, poster, settings.reminder_grace)
    return bolt_app, knowledge, reminders, store  # type: ignore[return-value]


def _run_serve(args: argparse.Namespace) -> int:
    from bot.web import serve

    settings = load_settings()
    settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    app = web_app(settings)  # built here even for several workers: a broken setting stops the start with one line
    log.info("serving Slack requests on %s:%d (%d worker(s))", settings.host, settings.port, settings.web_workers)
    if settings.web_workers > 1:
        serve("bot.cli:web_app_from_environment", settings.host, settings.port, settings.web_workers)
    else:
        serve(app, settings.host, settings.port)
    return 0


def web_app(settings: Settings) -> WebApp:
    """The HTTP application: Bolt, the live knowledge, the reminder scheduler (started with the server), health."""
    from bot.web import WebApp

    bolt_app, knowledge, reminders, store = _slack_services(settings)
    return WebApp(
        bolt_app,
        knowledge.current,
        settings.signing_secret or "",
        ics_token=settings.ics_token,
        ready=store.reachable,
        on_start=reminders.start if reminders else None,
        on_stop=reminders.shutdown if reminders else None,
    )


def web_app_from_environment() -> WebApp:
    """What each uvicorn worker builds when WEB_CONCURRENCY is above 1."""
    return web_app(load_settings())


def _run_socket(args: argparse.Namespace) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    settings = load_settings()
    settings.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    bolt_app, _, reminders, _ = _slack_services(settings, socket_mode=True)
    if reminders:
        reminders.start()
    log.info("connecting to Slack in Socket Mode")
    try:
        SocketModeHandler(bolt_app, app_token=settings.app_token).start()
    finally:
        if reminders:
            reminders.shutdown()
    return 0


def _run_clock(args: argparse.Namespace) -> int:
    """Only the scheduler: posts reminders with the bot token, answers nothing."""
    from bot.scheduler import ReminderService
    from bot.slack.reminder_message import SlackReminders

    settings = load_settings()
    settings.require("SLACK_BOT_TOKEN")
    setup_logging()
    calendar = _calendar(settings, _store(settings))
    service = ReminderService(
        calendar,
        SlackReminders(settings.bot_token, settings.slack_api_url),
        settings.reminder_grace,
        blocking=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: service.shutdown(wait=False))
    service.start()  # blocks until SIGTERM or Ctrl-C
    return 0


def _run_gaps(args: argparse.Namespace) -> int:
    from bot.curation import Curation

    settings = load_settings()
    store = _store(settings, create=False)
    if store is None:
        print("No counts yet: pimbot has no database here (it is made when pimbot serve or socket first runs).")
        return 0
    kb = load_knowledge(settings.knowledge_dir)
    print(render_text(GapsReply(Curation(store, settings.retention_days).gaps(kb))))
    return 0


def _run_events(args: argparse.Namespace) -> int:
    settings = load_settings()
    calendar = _calendar(settings, _store(settings, create=False))
    now = datetime.now(UTC)
    upcoming = calendar.upcoming(now, limit=None if args.all else 5)
    channels_of = calendar.channel_picker()
    if not upcoming:
        print("No upcoming events.")
    for event, start in upcoming:
        local = local_time(event, start)
        print(f"{local}  {event.title}  [{event.kind_label}]  {event.id}")
        channels = channels_of(event)
        for offset in event.remind:
            due = start - offset
            if due > now:
                where = ", ".join(channels) if channels else "no channel yet (PIM_REMINDER_CHANNEL or /pim subscribe)"
                print(f"    reminder {describe_span(offset)} before: {due.astimezone(UTC):%Y-%m-%d %H:%M} UTC -> {where}")
    return 0


def _run_chat(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.ERROR)  # a conversation, not a log: only errors (a broken file) are shown
    settings = load_settings()
    responder = _responder(settings, Calendar(settings.knowledge_dir))
    chat(responder, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
    return 0


def _run_define(args: argparse.Namespace) -> int:
    settings = load_settings()
    responder = _responder(settings)
    queries = _lines(sys.stdin) if args.query == ["-"] else [" ".join(args.query)]
    for query in queries:
        if args.json:
            print(json.dumps(match_as_json(responder.matcher.match(query)), ensure_ascii=False), flush=True)
        else:
            reply = responder.define(query)
            text = render_text(reply)
            if isinstance(reply, EntryReply):  # what a coordinator writes in `related:`
                text += f"\nId: {reply.entry.id}"
            print(text, end="\n\n" if len(queries) > 1 else "\n", flush=True)
    return 0


def _run_tools(args: argparse.Namespace) -> int:
    responder = _responder(load_settings())
    situations = _lines(sys.stdin) if args.situation == ["-"] else [" ".join(args.situation)]
    for situation in situations:
        reply = responder.advise(situation, shown=MAX_SUGGESTIONS)  # no "show more" on a command line
        if args.json:
            print(json.dumps(advice_as_json(reply.advice), ensure_ascii=False), flush=True)
        else:
            print(render_text(reply), end="\n\n" if len(situations) > 1 else "\n", flush=True)
    return 0


def advice_as_json(advice: Advice) -> dict:
    """The `pimbot tools --json` shape."""
    return {
        "situation": advice.situation,
        "suggestions": [
            {
                "id": s.tool.id,
                "name": s.tool.title,
                "categories": list(s.tool.tool.categories) if s.tool.tool else [],
                "score": s.score,
                "why": list(s.why),
            }
            for s in advice.suggestions
        ],
        "principles": [{"id": p.id, "title": p.title} for p in advice.principles],
        "alerts": [
            {"kind": a.kind, "title": a.title, "points": [p.text for p in a.points], "entries": list(a.entries)}
            for a in advice.alerts
        ],
        "data_sits_in": [e.id for e in advice.data_sits_in],
        "clarify": (
            {
                "question": CLARIFY_QUESTION,
                "options": [{"id": c.id, "title": c.title} for c in advice.options]
                + [{"id": DESCRIBE_OPTION, "title": "Something else: describe what you need to know"}],
            }
            if advice.clarify
            else None
        ),
    }


def _lines(stream: TextIO) -> list[str]:
    """Non-blank lines, without their line endings (Windows ones included)."""
    return [line.rstrip("\r\n") for line in stream if line.strip()]


def match_as_json(result: MatchResult) -> dict:
    """The `pimbot define --json` shape: `match` only when sure, otherwise the candidates as suggestions."""
    match = result.match
    return {
        "query": result.query,
        "match": (
            {"id": match.entry.id, "title": match.entry.title, "kind": match.entry.kind, "score": match.score}
            if match
            else None
        ),
        "suggestions": (
            [] if match else [{"id": c.entry.id, "title": c.entry.title, "score": c.score} for c in result.candidates]
        ),
    }


def _run_check(args: argparse.Namespace) -> int:
    directory = args.directory or load_settings().knowledge_dir
    kb = load_knowledge(directory)
    events, warnings = load_events(directory)
    kinds = ("term", "principle", "matrix_category", "process_step", "tool")
    counts = ", ".join(f"{len(kb.of_kind(kind))} {kind.replace('_', ' ')}" for kind in kinds)
    for warning in warnings:
        print(f"{warning.file}:{warning.line}: warning: {warning.message}", file=sys.stderr)
    for entry in due_for_review(kb, datetime.now(UTC).date()):
        print(f"{entry.location}: warning: entry '{entry.id}' is due for review: {review_note(entry)}", file=sys.stderr)
    for kind in kb.safeguards.unlearnt():
        print(f"warning: no example situation teaches the '{kind}' alert: only its word lists raise it", file=sys.stderr)
    examples = len(kb.safeguards.examples)
    print(f"{directory}: OK, {len(kb)} entries ({counts}), {examples} safety examples, {len(events)} events")
    return 0
