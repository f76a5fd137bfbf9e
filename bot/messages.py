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
DUE_FOR_REVIEW = N_("Due for review against their source ({count})")
AND_MORE_DUE = N_("and {count} more: `pimbot check` lists them all")
NOT_ADMIN = N_("Only pimbot admins can do that (their Slack user ids are in PIM_ADMINS).")
NO_CURATION = N_("No counts are kept here: the curation loop needs pimbot's database.")
DATABASE_DOWN = N_("That needs pimbot's database, which is not answering right now. Try again in a minute.")
