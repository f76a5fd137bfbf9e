"""The messages of the command line, in the same catalogue as bot/messages.py: what `pimbot --help` shows, what
the local chat and `pimbot events` print in a terminal, and what a wrong setting says when pimbot starts.

Kept apart only so that bot/messages.py stays readable; `make messages` extracts both files into one template,
and they are said the same way: `say(messages_cli.CHAT_NOTHING_MORE)`. No name here repeats one of bot/messages.py.
"""

from __future__ import annotations

from bot.messages import N_, N_plural

# --- pimbot --help (argparse's own words, "usage:", "options", come from argparse) ---
ARG_DESCRIPTION = N_("Protection Information Management advice for humanitarian teams, in Slack or in a terminal.")
ARG_EPILOG = N_("With no command: Socket Mode when SLACK_APP_TOKEN is set, HTTP when SLACK_BOT_TOKEN is, else a local chat.")
ARG_COMMANDS = N_("commands")
ARG_SERVE = N_("answer Slack over HTTP on $PORT (POST /slack/events, GET /healthz)")
ARG_SOCKET = N_("answer Slack over Socket Mode (needs SLACK_APP_TOKEN)")
ARG_CHAT = N_("a local chat in the terminal; each line is what you would type after /pim")
ARG_DEFINE = N_("look up one term, or each line of standard input with '-'")
ARG_DEFINE_QUERY = N_("what to look up, or '-' to read one query per line from standard input")
ARG_DEFINE_JSON = N_("print one JSON object per query")
ARG_TOOLS = N_("suggest tools for a situation, or for each line of standard input with '-'")
ARG_TOOLS_SITUATION = N_("the situation in your own words, or '-' to read one per line")
ARG_TOOLS_JSON = N_("print one JSON object per situation")
ARG_GAPS = N_("the most-asked unanswered queries and the least helpful entries")
ARG_CLOCK = N_("run only the reminder scheduler (the Procfile's clock process)")
ARG_SETTINGS_SERVE = N_(
    "Needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET. Also read: PORT, PIM_HOST, WEB_CONCURRENCY, DATABASE_URL, "
    "PIM_KNOWLEDGE_DIR, PIM_ADMINS, PIM_SCHEDULER, PIM_REMINDER_CHANNEL, PIM_ICS_TOKEN and the others README "
    "'Configuration' lists; from the environment or a .env file in the current folder."
)
ARG_SETTINGS_SOCKET = N_(
    "Needs SLACK_APP_TOKEN and SLACK_BOT_TOKEN. Also read: DATABASE_URL, PIM_KNOWLEDGE_DIR, PIM_ADMINS, "
    "PIM_SCHEDULER, PIM_REMINDER_CHANNEL and the others README 'Configuration' lists; from the environment or a "
    ".env file in the current folder."
)
ARG_SETTINGS_CLOCK = N_(
    "Needs SLACK_BOT_TOKEN. Also read: DATABASE_URL (shared with serve), PIM_KNOWLEDGE_DIR, PIM_REMINDER_CHANNEL, "
    "PIM_REMINDER_GRACE, PIM_CHECK_SECONDS, PIM_POST_EXAMPLES; from the environment or a .env file in the current "
    "folder."
)
ARG_EVENTS = N_("list upcoming events and their next reminders")
ARG_EVENTS_ALL = N_("every event, not only the next 5")
ARG_CHECK = N_("validate a knowledge folder: exit 0, or 1 with file:line: messages")
ARG_CHECK_DIRECTORY = N_("the folder to check (default: $PIM_KNOWLEDGE_DIR or knowledge/)")
ARG_EXPORT = N_("write the glossary with sources and review dates, for print or offline")
ARG_EXPORT_FORMAT = N_("md (default), csv, or html (one printable page)")
ARG_EXPORT_KIND = N_("only this kind of entry; repeat for several (default: every kind)")
ARG_EXPORT_OUTPUT = N_("write to this file instead of standard output")

# --- What the commands print (pimbot check's counts, pimbot define's id line) ---
CHECK_COUNT_TERM = N_("{count} term")
CHECK_COUNT_PRINCIPLE = N_("{count} principle")
CHECK_COUNT_MATRIX_CATEGORY = N_("{count} matrix category")
CHECK_COUNT_PROCESS_STEP = N_("{count} process step")
CHECK_COUNT_TOOL = N_("{count} tool")
ENTRY_ID_LINE = N_("Id: {id}")

# --- The local chat (pimbot chat): the same replies as in Slack, laid out for a terminal ---
CHAT_WELCOME = N_("pimbot local chat: type what you would type after /pim ('help' for ideas, 'quit' to leave).")
CHAT_TYPE_AFTER_PIM = N_("Type what you would type after /pim:")
CHAT_QUIT_LINE = N_("leave (or Ctrl-D)")
CHAT_ALL_ENTRIES = N_(
    "All {count} entries: 'list' in pimbot chat (/pim list in Slack); tools for a situation: 'tools' and the"
    " situation; everything: 'help'."
)
CHAT_TOOLS_FOR = N_("{title}, for “{situation}”")
CHAT_SEE_ENTRIES = N_("(see: {entries})")
CHAT_MORE_TOOLS = N_("({count} more: 'more' in pimbot chat)")
CHAT_NO_EVENTS_IN_FILE = N_("(The events file has none.)")
CHAT_EVENTS_ALL = N_("'events all' lists every one.")
CHAT_MOST_ASKED = N_("Most-asked queries with no sure answer (last {days} days):")
CHAT_LEAST_HELPFUL = N_("Least helpful answers (not helpful / helpful):")
CHAT_TYPE_TO_PICK = N_plural("Type 1 to pick.", "Type a number from 1 to {count} to pick.")
"""After a number that is not one of the {count} options."""
CHAT_NOTHING_MORE = N_("Nothing more to show.")
CHAT_NOTHING_TO_PICK = N_("There is nothing to pick right now: type what you would type after /pim.")
"""A bare number when the last answer offered no options."""
CHAT_PICK_ONE = N_("Type a number to pick one.")
CHAT_PICK_TOOL = N_("Type a tool's number to read all about it.")

# --- pimbot events: each upcoming event and its reminders still to come ---
SCHEDULE_NO_EVENTS = N_("No upcoming events.")
SCHEDULE_NO_CHANNEL = N_("no channel yet (PIM_REMINDER_CHANNEL or /pim subscribe)")
SCHEDULE_EXAMPLE = N_("not posted: a shipped example (PIM_POST_EXAMPLES=on posts it)")
SCHEDULE_REMINDER = N_("reminder {span} before: {when} -> {where}")

# --- Settings (a ConfigError: one line naming the setting, printed as "pimbot: ..." when pimbot starts) ---
SETTING_NOT_SET = N_("{name} is not set; see README.md, 'Connecting to Slack'")
SETTING_TOKEN_PREFIX = N_("{name} must start with '{prefix}' (check you copied the right token)")
SETTING_API_URL = N_("SLACK_API_URL must be an http(s) address like {example}, got '{value}'")
SETTING_PORT = N_("PORT must be a whole number from 1 to 65535, got '{value}'")
SETTING_DATABASE_URL = N_("DATABASE_URL must start with sqlite:// or postgresql://, got {value}")
SETTING_NO_SCHEME = N_("a value without '://'")
SETTING_SWITCH = N_("{name} must be on or off, got '{value}'")
SETTING_CHANNELS = N_("PIM_REMINDER_CHANNEL must be channel ids like C0123ABCD, comma separated: '{value}'")
SETTING_ADMINS = N_("PIM_ADMINS must be Slack user ids like U0123ABCD, comma separated: '{value}'")
SETTING_WHOLE_NUMBER = N_("{name} must be a whole number from 1, got '{value}'")
SETTING_SECONDS = N_("{name} must be a number of seconds from 0.1 to 3600, got '{value}'")
SETTING_GRACE = N_("PIM_REMINDER_GRACE must be a length of time like 15m, 1h or 900 (seconds), got '{value}'")
SETTING_ICS_TOKEN = N_(
    "PIM_ICS_TOKEN must be a random secret of at least {length} letters and digits "
    "(for example: python -c 'import secrets; print(secrets.token_urlsafe(24))')"
)
SETTING_KNOWLEDGE_DIR = N_("PIM_KNOWLEDGE_DIR must be a folder of YAML files, but '{path}' is not a folder")
SETTING_DATABASE = N_("cannot use the database {url}: {reason}")
SOCKET_UNREACHABLE = N_(
    "cannot connect to Slack in Socket Mode ({reason}): check SLACK_APP_TOKEN, and that this machine reaches {url}"
)
