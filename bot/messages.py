"""Every sentence a user reads, in one place, keyed, so Slack and the terminal say the same thing.

The renderers (bot/console.py, bot/slack/blocks.py) only lay these out: bold, links, line breaks. Each
message is marked with `N_` so that Babel extracts it into the gettext catalogue (`make messages` writes
`bot/locale/pimbot.pot`); `say` looks a message up in the catalogue of the reader's language and fills in
its `{fields}`. The catalogue is English for now: this makes French, Spanish and Arabic possible, and
knowledge text stays in the YAML files.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "pimbot"
DEFAULT_LANGUAGE = "en"


def N_(message: str) -> str:
    """Mark a message for the catalogue; it is translated when said, in the reader's language."""
    return message


@lru_cache(maxsize=16)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def say(message: str, /, language: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """The message in `language` (English when there is no translation), with its fields filled in."""
    text = _catalogue(language).gettext(message)
    return text.format(**fields) if fields else text


# --- Definitions ---
NOT_FOUND = N_("I couldn't find “{query}” in the PIM knowledge base, so it may not be a PIM term.")
DID_YOU_MEAN = N_("I'm not sure what you mean by “{query}”. Did you mean:")
SEVERAL_MEANINGS = N_("“{query}” can mean more than one thing in PIM:")
NO_DIFFERENCE_NOTE = N_("No note yet on what sets them apart: compare the two definitions.")
WHAT_SETS_APART = N_("What sets them apart")
DEFINE_ANY = N_("Type {command} for any of them.")

# --- Tools ---
SUGGESTED_TOOLS = N_("Suggested tools and systems")
TOOLS_FOR_CATEGORY = N_("Tools for: {category}")
NEED_MORE = N_("I need a little more to suggest the right tools for “{situation}”.")
CLARIFY_QUESTION = N_("Which kind of information do you need? Pick the closest, or describe what you need to know.")
DESCRIBE_IT = N_("Something else: I'll describe it")
NO_TOOL_FIRST = N_("no tool comes before the steps above.")
FOR_SITUATION = N_("For “{situation}”: {text}")
DATA_SITS = N_("Where this data sits:")
DATA_SITS_NOTE = N_("Its own access rules and data-sharing procedures apply.")
PRINCIPLES_TO_MIND = N_("PIM Principles to mind:")
SHARING_NOTE = N_(
    "Sharing data that identifies nobody? Check that small numbers or places cannot point to anyone, and agree "
    "routine sharing in an information sharing protocol or data sharing agreement."
)

# --- Events and reminders ---
NO_UPCOMING_EVENTS = N_("No upcoming PIM events are listed.")
ALL_UPCOMING_EVENTS = N_("All upcoming PIM events")
NEXT_EVENTS = N_("Next PIM events")

# --- Curators and admins ---
KNOWLEDGE_RELOADED = N_("Knowledge reloaded: {entries} entries.")
KNOWLEDGE_KEPT = N_("The edited files have problems, so pimbot still serves the last good knowledge ({entries} entries):")
KNOWLEDGE_PARTLY = N_(
    "Some edited files have problems: they keep their last good version, and the other edits are in ({entries} entries):"
)
RELOAD_MORE = N_("... and more: `pimbot check` lists them all")
DUE_FOR_REVIEW = N_("Due for review against their source ({count})")
AND_MORE_DUE = N_("and {count} more: `pimbot check` lists them all")
NOT_ADMIN = N_("Only pimbot admins can do that (their Slack user ids are in PIM_ADMINS).")
NO_CURATION = N_("No counts are kept here: the curation loop needs pimbot's database.")
DATABASE_DOWN = N_("That needs pimbot's database, which is not answering right now. Try again in a minute.")

# --- Help ---
HELP_GENERAL = N_("I explain Protection Information Management (PIM) and suggest tools and systems for your situation.")
HELP_DEFINE = N_("Which term should I define? For example: `define {example}`.")
HELP_TOOLS = N_(
    "Describe your situation in a sentence or two: what you need to know, about whom, and what for. "
    "For example: `tools we need to know how many IDPs live in informal sites and who they are`."
)
HELP_DEFINE_LINE = N_("what a term means (or just: {example})")
HELP_QUESTIONS_LINE = N_("questions and acronyms work too")
HELP_TOOLS_LINE = N_("tools and systems for a situation you describe")
HELP_FRAMEWORK_LINE = N_("the PIM framework")
HELP_EVENTS_LINE = N_("upcoming PIM meetings, webinars and trainings (`events all` for every one)")
HELP_SUBSCRIBE_LINE = N_("reminders in this channel (all events, or one kind); `unsubscribe` to stop")
HELP_LIST_LINE = N_("all {count} entries")
HELP_HELP_LINE = N_("this message")

# --- Subscriptions ---
UNKNOWN_KIND = N_("I don't know the kind “{kind}”. Use one of: {kinds}.")
SUBSCRIBE_IN_CHANNEL = N_("Reminders go to Slack channels: type `/pim subscribe` in the channel that should get them.")
REMINDERS_OFF = N_("Reminders are switched off on this pimbot (it has no database).")
SUBSCRIBED = N_("This channel will now get reminders for {what}. `/pim unsubscribe` stops them.")
ALREADY_SUBSCRIBED = N_("This channel already gets reminders for {what}.")
UNSUBSCRIBED = N_("This channel will no longer get reminders for {what}.")
NOT_SUBSCRIBED = N_("This channel had no subscription for {what}.")
KIND_ALL = N_("all PIM events")
KIND_WORKING_MEETING = N_("PIM working meetings")
KIND_WEBINAR = N_("webinars")
KIND_TRAINING = N_("trainings")
KIND_BRIEFING = N_("briefings")
KIND_OTHER = N_("other events")

# --- Card labels (both renderers lay them out: bold in Slack, plain in the terminal) ---
LABEL_ACRONYMS = N_("Acronyms")
LABEL_ALSO_CALLED = N_("Also called")
LABEL_RELATED = N_("Related")
LABEL_SOURCE = N_("Source")
LABEL_SOURCES = N_("Sources")
LABEL_WHY = N_("Why")
YOU_MENTIONED = N_("you mentioned {words}")
LABEL_MATRIX = N_("PIM Matrix")
LABEL_PERSONAL_DATA = N_("Personal data")
LABEL_NOT_FOR = N_("Not for")
LABEL_GUIDANCE = N_("Guidance")
LABEL_SEE = N_("See")
LABEL_FOR = N_("For")
NO_TOOL_IN_CATEGORY = N_("No tool in the knowledge base fits that category yet.")
BUTTON_ABOUT = N_("About")
BUTTON_SHOW_MORE = N_("Show {count} more")
BUTTON_SHARE = N_("Share in channel")
BUTTON_HELPFUL = N_("Helpful")
BUTTON_NOT_HELPFUL = N_("Not helpful")

# --- Buttons ---
ENTRY_GONE = N_("That entry is no longer in the knowledge base. Type `/pim list` to see what is.")
ALREADY_RATED = N_("You already rated it.")
THANKS_HELPFUL = N_("Thanks, marked as helpful.")
THANKS_NOT_HELPFUL = N_("Thanks, marked as not helpful: coordinators will see it needs work.")
SHARED_BY = N_("Shared by {user} with `/pim`")
SHARED = N_("Shared with `/pim`")
GLOSSARY_COMMENT = N_("The PIM glossary: {count} entries, with sources and the date each was last checked.")
GLOSSARY_SENT = N_("Sent: the glossary is in your direct messages with pimbot.")
GLOSSARY_NOT_SENT = N_(
    "I could not send the glossary (Slack answered `{reason}`). An admin may need to reinstall pimbot with the "
    "`files:write` and `im:write` scopes; `pimbot export` writes the same file from the command line."
)

# --- Reminders ---
REMINDER_TEXT = N_("Reminder: {title} ({kind}) starts {when}. {url}")
REMINDER_LASTS = N_("lasts {span}")
REMINDER_LATE = N_("This reminder is {late} late: pimbot was not running when it was due.")

# --- Command line (what an operator reads; logs stay in English) ---
CLI_PROBLEMS = N_("pimbot: the knowledge base has problems:")
CLI_MORE_PROBLEMS = N_("... and {count} more problems")
CLI_WROTE = N_("wrote {path} ({format}, {size} KB)")
CLI_NO_COUNTS = N_("No counts yet: pimbot has no database here (it is made when pimbot serve or socket first runs).")
CLI_WARNING = N_("{where}: warning: {message}")
CLI_DUE_FOR_REVIEW = N_("entry '{id}' is due for review: {note}")
CLI_NOT_TAUGHT = N_("warning: no example situation teaches the '{kind}' alert: only its word lists raise it")
CLI_CHECK_OK = N_("{directory}: OK, {entries} entries ({counts}), {examples} safety examples, {events} events")
