"""Every sentence a user reads, in one place, keyed, so Slack and the terminal say the same thing.

The renderers (bot/console.py, bot/slack/blocks.py) only lay these out: bold, links, line breaks. Each
message is marked with `N_` so that Babel extracts it into the gettext catalogue (`make messages` writes
`bot/locale/pimbot.pot`); `say` looks a message up in the catalogue of the reader's language and fills in
its `{fields}`. The catalogue is English for now: this makes French, Spanish and Arabic possible, and
knowledge text stays in the YAML files. The command line's own messages (`pimbot --help`, the local chat, settings)
are in bot/messages_cli.py, extracted into the same catalogue.
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


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message whose wording depends on a number ("1 day", "2 days"): languages differ in how many forms
    they have, so the catalogue, not the code, chooses."""
    return singular, plural


def say_count(message: tuple[str, str], count: int, /, language: str = DEFAULT_LANGUAGE) -> str:
    """The form of the message that fits `count`, in `language`, with {count} filled in."""
    return _catalogue(language).ngettext(*message, count).format(count=count)


# --- Definitions ---
NOT_FOUND = N_("I couldn't find “{query}” in the PIM knowledge base, so it may not be a PIM term.")
DID_YOU_MEAN = N_("I'm not sure what you mean by “{query}”. Did you mean:")
SEVERAL_MEANINGS = N_("“{query}” can mean more than one thing in PIM:")
NO_DIFFERENCE_NOTE = N_("No note yet on what sets them apart: compare the two definitions.")
COMPARED_WITH_UNKNOWN = N_("I have no entry for “{side}”, so I can't compare the two: here is the one I know.")
WHAT_SETS_APART = N_("What sets them apart")
DEFINE_ANY = N_("Type {command} for any of them.")
WORD_VS = N_("vs")
"""Between the two names in a comparison's title: "ISP vs DSA"."""
SEE_ALL_ENTRIES = N_(
    "Type `/pim list` to see all {count} entries, `/pim tools` and a situation for tools and systems, or `/pim help`."
)
OR_SEE_EVERY_ENTRY = N_("Or type `/pim list` to see every entry.")

# --- What the knowledge base holds: kinds of entry, their groups in `/pim list` and the exports, the collections ---
ENTRY_KIND_PRINCIPLE = N_("PIM Principle")
ENTRY_KIND_MATRIX_CATEGORY = N_("PIM Matrix category")
ENTRY_KIND_PROCESS_STEP = N_("PIM Process step")
ENTRY_KIND_TERM = N_("Term")
ENTRY_KIND_TOOL = N_("Tool or system")
GROUP_PRINCIPLES = N_("PIM Principles")
GROUP_MATRIX_CATEGORIES = N_("PIM Matrix categories")
GROUP_PROCESS_STEPS = N_("PIM Process steps")
GROUP_TERMS = N_("Terms")
GROUP_TOOLS = N_("Tools and systems")
COLLECTION_PRINCIPLES = N_("The PIM Principles")
COLLECTION_MATRIX_CATEGORIES = N_("The PIM Matrix categories")
COLLECTION_PROCESS_STEPS = N_("The PIM Process steps")
NO_SUCH_NUMBER = N_("There is no {kind} {number}: there are {count}, all shown here.")
KNOWLEDGE_BASE_SIZE = N_("PIM knowledge base: {count} entries")
TAKE_THE_GLOSSARY = N_("*Take the glossary with you*, with sources and review dates: pimbot sends you the file.")
BUTTON_EXPORT_HTML = N_("Printable page (HTML)")
BUTTON_EXPORT_CSV = N_("Spreadsheet (CSV)")
BUTTON_EXPORT_MD = N_("Markdown")
MORE_IN_LIST = N_("…more in `/pim list`.")

# --- The exported glossary (Markdown and HTML; the CSV's column names are data, not messages) ---
EXPORT_TITLE = N_("PIM glossary")
EXPORT_MARKDOWN_INTRO = N_("{count} entries, with their sources and review dates.")
EXPORT_HTML_INTRO = N_("{count} entries, with their sources and the date each was last checked.")
EXPORT_ALSO = N_("Also")
EXPORT_CHECKED = N_("Checked")
EXPORT_NOT_YET = N_("not yet")

# --- Tools ---
SUGGESTED_TOOLS = N_("Suggested tools and systems")
CLOSEST_TOOLS = N_(
    "Still too little to be sure, so these are only the closest tools. A sentence on what you need to know, about"
    " whom and what for, gives better ones."
)
NO_CLOSE_TOOL = N_("No tool comes close to that yet. Say what you need to know, about whom and what for.")
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
    "Sharing data? What identifies people moves case by case, with their consent; for what identifies nobody, check "
    "that small numbers or places cannot point to anyone. Agree routine sharing in an information sharing protocol "
    "or data sharing agreement."
)
NO_TOOL_FIRST_IN_MESSAGE = N_("no tool comes before the steps in this message.")
"""NO_TOOL_FIRST where "above" means nothing: the notification text of a Slack message."""
WORD_OR = N_("or")
"""Between the entries to see after SHARING_NOTE: "See: Information sharing protocol or Data sharing agreement"."""
DESCRIBE_WHAT_YOU_NEED = N_("Something else: describe what you need to know")
FORM_DESCRIBE_TITLE = N_("Describe the need")
FORM_DESCRIBE_LABEL = N_("What do you need to know, about whom, and what for?")
FORM_DESCRIBE_EXAMPLE = N_("For example: how many IDPs live in informal sites, and who they are, to plan a response")
FORM_DESCRIBE_SUBMIT = N_("Suggest tools")
FORM_CANCEL = N_("Cancel")
CROSS_CUTTING_CATEGORY = N_("Cross-cutting (all categories)")
PERSONAL_DATA_YES = N_("yes")
PERSONAL_DATA_NO = N_("no, mostly aggregate or public")
PERSONAL_DATA_DEPENDS = N_("depends on how it is set up")
PERSONAL_DATA_NA = N_("n/a (guidance)")

# --- Events and reminders ---
NO_UPCOMING_EVENTS = N_("No upcoming PIM events are listed.")
ALL_UPCOMING_EVENTS = N_("All upcoming PIM events")
NEXT_EVENTS = N_("Next PIM events")
NEXT_EVENTS_OF_KIND = N_("Next {kinds}")
ALL_UPCOMING_OF_KIND = N_("All upcoming {kinds}")
NO_UPCOMING_OF_KIND = N_("No upcoming {kinds} are listed. `/pim events` lists every kind.")
NONE_MENTIONS = N_("None of the upcoming {kinds} mentions “{about}”; here are all of them.")
EVENTS_WORD = N_("events")
NONE_WITHIN = N_("No {kinds} {within}; here are the next ones.")
EVENTS_EXAMPLES = N_(
    "Events titled “Example: …” are the examples pimbot comes with, not real events: whoever runs pimbot replaces them"
    " in knowledge/events.yaml."
)
PERIOD_TODAY = N_("today")
PERIOD_TOMORROW = N_("tomorrow")
PERIOD_THIS_WEEK = N_("this week")
PERIOD_NEXT_WEEK = N_("next week")
PERIOD_THIS_MONTH = N_("this month")
PERIOD_NEXT_MONTH = N_("next month")
EVENT_KIND_WORKING_MEETING = N_("PIM working meeting")
EVENT_KIND_WEBINAR = N_("Webinar")
EVENT_KIND_TRAINING = N_("Training")
EVENT_KIND_BRIEFING = N_("Briefing")
EVENT_KIND_OTHER = N_("Event")
EVENT_REPEATS = N_("repeats")
LINK_JOIN = N_("join or register")
EVENTS_ALL_AND_SUBSCRIBE = N_("`/pim events all` lists every one. `/pim subscribe` gets reminders in this channel.")
CALENDAR_NAME = N_("PIM events")
DATE_AT_TIME = N_("{date_long_pretty} at {time}")
"""Slack's date markup, shown in each reader's time zone: the {tokens} are Slack's, kept as they are."""
SHORT_DATE_AT_TIME = N_("{date_short_pretty} at {time}")

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
RELOAD_AT_START_ONLY = N_("This pimbot reads its knowledge once, at start.")
NONE_YET = N_("none yet")
GAPS_TITLE = N_("Knowledge gaps, last {days} days")
GAPS_MOST_ASKED = N_("Most-asked queries with no sure answer")
GAPS_LEAST_HELPFUL = N_("Least helpful answers")
GAPS_RATED = N_("{down} not helpful, {up} helpful: {entry}")
GAPS_COUNTS_ONLY = N_("Counts only: no user or channel is recorded. Add or rewrite entries in `knowledge/`.")
GAPS_SUMMARY = N_("Knowledge gaps: {count} unanswered queries")

# --- Help ---
HELP_GENERAL = N_("I explain Protection Information Management (PIM) and suggest tools and systems for your situation.")
THANKS = N_("You're welcome. If you need more, ask me about a PIM term, or type {tools} and describe your situation.")
OKAY = N_("Okay. If you need more, ask me about a PIM term, or type {tools} and describe your situation.")
ENGLISH_ONLY = N_("For now I read and answer in English only. Please write your question in English, even simple English.")
ENGLISH_ONLY_MISREAD = N_(
    "For now I read English only, so I could not understand “{query}”. Please write it in English, even simple English."
)
FOLLOW_UP = N_(
    "I read each message on its own, so I can't tell what “{query}” refers to. Please ask again in full: a term, "
    "or {tools} and the whole situation."
)
NOT_FOUND_OTHER_LANGUAGE = N_("I read English only for now: if you wrote in another language, try the English words.")
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
HELP_EVERYTHING_LINE = N_("everything pimbot can do")
HELP_MENTION = N_("Mention @pimbot in a channel, or message it directly, to ask the same in a thread.")
HELP_FOR_EVERYTHING = N_("Type /pim help for everything pimbot does.")

# --- Subscriptions ---
UNKNOWN_KIND = N_("I don't know the kind “{kind}”. Use one of: {kinds}.")
SUBSCRIBE_IN_CHANNEL = N_("Reminders go to Slack channels: type `/pim subscribe` in the channel that should get them.")
REMINDERS_OFF = N_("Reminders are switched off on this pimbot (it has no database).")
SUBSCRIBED = N_("This channel will now get reminders for {what}. `/pim unsubscribe` stops them.")
ALREADY_SUBSCRIBED = N_("This channel already gets reminders for {what}.")
UNSUBSCRIBED = N_("This channel will no longer get reminders for {what}.")
NOT_SUBSCRIBED = N_("This channel had no subscription for {what}.")
ALREADY_UNDER_ALL = N_("This channel already gets reminders for all PIM events, {what} among them.")
STILL_UNDER_ALL = N_(
    "This channel gets reminders for all PIM events, {what} among them: `/pim unsubscribe` stops them all, then "
    "`/pim subscribe` and a kind brings back the ones you want."
)
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
WHY_ALIKE = N_("situations described like yours were answered with it")
WHY_SAFE_COURSE = N_("it is guidance on sharing people's data safely")
LABEL_MATRIX = N_("PIM Matrix")
LABEL_PERSONAL_DATA = N_("Personal data")
LABEL_NOT_FOR = N_("Not for")
LABEL_GUIDANCE = N_("Guidance")
LABEL_SEE = N_("See")
LABEL_FOR = N_("For")
LABEL_CHECKED = N_("Checked {month}")
NO_TOOL_IN_CATEGORY = N_("No tool in the knowledge base fits that category yet.")
BUTTON_ABOUT = N_("About")
BUTTON_SHOW_MORE = N_("Show {count} more")
BUTTON_SHARE = N_("Share in channel")
BUTTON_HELPFUL = N_("Helpful")
BUTTON_NOT_HELPFUL = N_("Not helpful")
BUTTON_SHOW = N_("Show")

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

# --- Lengths of time (how long before, how long an event lasts) ---
SPAN_WEEKS = N_plural("{count} week", "{count} weeks")
SPAN_DAYS = N_plural("{count} day", "{count} days")
SPAN_HOURS = N_plural("{count} hour", "{count} hours")
SPAN_MINUTES = N_plural("{count} minute", "{count} minutes")
SPAN_SECONDS = N_plural("{count} second", "{count} seconds")

# --- Reminders ---
REMINDER_TEXT = N_("Reminder: {title} ({kind}) starts {when}. {url}")
REMINDER_LASTS = N_("lasts {span}")
REMINDER_LATE = N_("This reminder is {late} late: pimbot was not running when it was due.")
REMINDER_LATE_TEXT = N_("[Late] {text}")
REMINDER_STARTS = N_("starts {date}")
REMINDER_STARTS_IN = N_("starts {date}, in {span}")
LABEL_WHERE = N_("Where")
BUTTON_JOIN = N_("Join or register")
BUTTON_ADD_TO_CALENDAR = N_("Add to calendar")

# --- Command line (what an operator reads; logs stay in English) ---
CLI_PROBLEMS = N_("pimbot: the knowledge base has problems:")
CLI_MORE_PROBLEMS = N_("... and {count} more problems")
CLI_WROTE = N_("wrote {path} ({format}, {size} KB)")
CLI_NO_COUNTS = N_("No counts yet: pimbot has no database here (it is made when pimbot serve or socket first runs).")
CLI_WARNING = N_("{where}: warning: {message}")
CLI_DUE_FOR_REVIEW = N_("entry '{id}' is due for review: {note}")
CLI_NOT_TAUGHT = N_("warning: no example situation teaches the '{kind}' alert: only its word lists raise it")
CLI_CHECK_OK = N_(
    "{directory}: OK, {entries} entries ({counts}), {examples} safety examples, {incidents} incident examples, "
    "{events} events"
)

# --- Knowledge files (pimbot check, /pim reload) ---
# Each is said where the problem is found; a hint, said on its own, is appended to the message it explains.
CHECK_ITEM_ENTRY = N_("entry")
CHECK_ITEM_EVENT = N_("event")
CHECK_ITEM_DIFFERENCE = N_("difference")
CHECK_ITEM_SAFEGUARD = N_("safeguard")
CHECK_ITEM_POINT = N_("point")
CHECK_ITEM_WORD_LIST = N_("word list")
CHECK_ITEM_EXAMPLE = N_("example")
CHECK_NAMED_ENTRY = N_("entry '{id}'")
CHECK_NAMED_EVENT = N_("event '{id}'")
CHECK_NAMED_SAFEGUARD = N_("safeguard '{kind}'")
CHECK_NAMED_POINT = N_("{owner}, a point")
CHECK_NAMED_WORDS = N_("{owner}, words")
CHECK_NAMED_EXAMPLE = N_("an example")
CHECK_NOT_A_MAPPING = N_("each item must be a mapping of fields ({fields}, ...)")
CHECK_FIELD_TWICE = N_("field '{key}' is given twice in one {what} (is the '- ' missing before a new {what}?)")
CHECK_UNKNOWN_FIELD = N_("unknown field '{key}'{hint}; allowed: {allowed}")
CHECK_HINT_DID_YOU_MEAN = N_(" (did you mean '{meant}'?)")
CHECK_HINT_NAME_FIELD = N_(" ('{section}' entries use '{name_field}', not '{key}')")
CHECK_MISSING_FIELD = N_("{owner}: missing required field '{key}'{hint}")
CHECK_HINT_WEB_ADDRESS = N_(" (a public web address)")
CHECK_HINT_NUMBER = N_(" (its place in the official order)")
CHECK_HINT_ENTRY_IDS = N_(" (entry ids, or [])")
CHECK_HINT_ALERTS = N_(" (the alerts it calls for, or [])")
CHECK_HINT_TOOLS = N_(" (the ids of the tools a practitioner would accept for it)")
CHECK_FIELD_PROBLEM = N_("{owner}, field '{key}': {message}")
CHECK_NOT_TEXT = N_("must be non-empty text")
CHECK_ITEMS_NOT_TEXT = N_("every item must be non-empty text")
CHECK_NOT_A_LIST = N_("must be a list, like [one, two]")
CHECK_MUST_BE = N_("must be {words}")
CHECK_EITHER = N_("{words} or {last}")
CHECK_NO_WEB_ADDRESS = N_("give at least one web address")
CHECK_NOT_A_WEB_ADDRESS = N_("'{value}' is not a web address starting with http:// or https://")
CHECK_NOT_A_NUMBER = N_("must be a whole number from 1")
CHECK_NOT_A_DATE = N_("must be a date written YYYY-MM-DD, like 2026-11-29")
CHECK_NOT_A_PERIOD = N_("must be a length of time like '6 months', '1 year' or '90 days'")
CHECK_NOT_ONE_OF = N_("'{value}' is not one of {choices}")
CHECK_TOO_LONG = N_("{length} characters, keep it under {limit}")
CHECK_NAME_TOO_LONG = N_("longer than {limit} characters")
CHECK_FOLDER_NOT_FOUND = N_("knowledge folder not found")
CHECK_NO_YAML_FILES = N_("no .yaml files in the knowledge folder")
CHECK_TOO_MANY_ENTRIES = N_("{count} entries, over the limit of {limit}: split the folder")
CHECK_BAD_ENTRY_ID = N_("field 'id': '{id}' must be lowercase words joined by hyphens, like 'informed-consent'")
CHECK_FIELD_INSIDE_TEXT = N_(
    "it contains '{field}:', which looks like a field indented as part of the definition; line it up under 'definition'"
)
CHECK_NOT_AN_ACRONYM = N_("'{acronym}' is not an acronym (one short word)")
CHECK_NO_CATEGORY = N_("give a Matrix category id or '{cross_cutting}'")
CHECK_NO_FITS = N_("list the situations it fits, in users' words")
CHECK_ID_TAKEN = N_("field 'id': '{id}' is already used at {location}")
CHECK_NAME_TAKEN = N_(
    "entry '{id}', field '{field}': '{key}' is already a name or alias of '{other}' ({location}); use 'acronyms' "
    "for an abbreviation with several meanings"
)
CHECK_NUMBER_TAKEN = N_("entry '{id}', field 'number': {number} is already used by '{other}' ({location})")
CHECK_ACRONYM_TAKEN = N_("entry '{id}', field 'acronyms': '{acronym}' is already a name or alias of '{other}'")
CHECK_NOT_A_CATEGORY = N_(
    "entry '{id}', field 'categories': '{category}' is not a PIM Matrix category id (or '{cross_cutting}')"
)
CHECK_RELATED_TO_ITSELF = N_("entry '{id}', field 'related': an entry cannot be related to itself")
CHECK_NO_SUCH_RELATED = N_("entry '{id}', field 'related': no entry has the id '{related}'")
CHECK_HINT_ID_NOT_TITLE = N_(" (ids are lowercase with hyphens: did you mean '{id}'?)")
CHECK_TWO_IDS = N_("name exactly two different entry ids, like [anonymisation, pseudonymisation]")
CHECK_NO_SUCH_BETWEEN = N_("difference, field 'between': no entry has the id '{id}'")
CHECK_DIFFERENCE_TWICE = N_("difference: {first} and {second} already have a note at {location}")
CHECK_REVIEW_NOTE = N_("checked {reviewed}, due {due}")
CHECK_NEVER_REVIEWED = N_("never checked (no 'reviewed' date)")
CHECK_TOO_BIG = N_("is {size} MB, over the {limit} MB limit: split it")
CHECK_NOT_UTF8 = N_("is not UTF-8 text: save the file as UTF-8 (most editors offer it on 'Save as')")
CHECK_CANNOT_READ = N_("cannot be read: {error}")
CHECK_EMPTY_FILE = N_("the file is empty")
CHECK_ONE_TOP_KEY = N_("the file must have exactly one top-level key, one of {known}")
CHECK_UNKNOWN_TOP_KEY = N_("unknown top-level key '{section}', expected one of {known}")
CHECK_SECTION_NOT_A_LIST = N_("'{section}' must be a list of entries (items start with '-')")
CHECK_NOT_YAML = N_("not valid YAML: {detail}{where}")
CHECK_NOT_YAML_UNREADABLE = N_("unreadable")
CHECK_NOT_YAML_WHERE = N_(" (on this line or the one before)")
CHECK_NOT_YAML_WHERE_HINT = N_(" (on this line or the one before: {hint})")
CHECK_NOT_YAML_QUOTE = N_("not valid YAML: the quote ({quote}) opened on this line is not closed; end the text with {quote}")
CHECK_NOT_YAML_COMMENT = N_(
    "not valid YAML: '{value}' is read as a comment, because '#' after a space or '[' starts one: put it in quotes "
    "(for channels, give the channel id like C0123ABCD, from the channel's details, not its #name)"
)
CHECK_NO_ANCHORS = N_("anchors and aliases (& and *) are not supported")
CHECK_YAML_COLON = N_("a ':' inside a text? Put the text in quotes, or use `>-` and indent it")
CHECK_YAML_NO_COLON = N_("a field name without ':' after it, or a line indented differently from its neighbours")
CHECK_YAML_INDENT = N_("check the indentation: every field of an entry lines up under 'id'")
CHECK_YAML_BRACKETS = N_("a list in [brackets] is not closed, or an item in it has a ':' (quote it)")
CHECK_YAML_TAB = N_("a tab character: indent with spaces only")
CHECK_EVENT_ID_TAKEN = N_("field 'id': '{id}' is already used at line {line}")
CHECK_EVENT_OVER = N_("event '{id}' is over ({start}) and does not repeat: no reminder will be sent")
CHECK_START_NOT_A_REPEAT = N_(
    "event '{id}': its start ({start}) is not a date its repeat rule gives, so it gets no reminder; the first one "
    "is {first}. Is the start or the rule off?"
)
CHECK_REMIND_FAR = N_("event '{id}', field 'remind': {span} ahead is more than {days} days: is that what you meant?")
CHECK_EVENT_EXAMPLE = N_(
    "event '{id}' is an example shipped with pimbot: its reminders are not posted unless PIM_POST_EXAMPLES=on; "
    "replace it with your own event"
)
CHECK_BAD_EVENT_ID = N_("'{id}' must be lowercase words joined by hyphens")
CHECK_NO_CHANNELS = N_("it is empty: if a #name follows it, '#' starts a YAML comment; give channel ids like C0123ABCD")
CHECK_NOT_A_CHANNEL = N_("'{channel}' is not a Slack channel id (like C0123ABCD; not a #name)")
CHECK_NOT_A_ZONE = N_("'{name}' is not a time zone name like 'Africa/Nairobi'{hint}")
CHECK_ZONE_OFFSET = N_("; for a fixed offset, leave 'timezone' out and put the offset in 'starts_at', like {example}")
CHECK_ZONE_ETC_GMT = N_(", or write {zone} (its sign is inverted: {zone} is {offset})")
CHECK_ZONE_NAME_BETTER = N_(
    "; better still, the place's own zone name, like 'Africa/Nairobi', which follows its clock changes"
)
CHECK_ZONE_DID_YOU_MEAN = N_("; did you mean '{zone}'?")
CHECK_ZONE_ABBREVIATION = N_(
    "; '{name}' looks like an abbreviation, which can mean several offsets: write the place's zone name"
)
CHECK_ZONE_LIST = N_(" (see the list at en.wikipedia.org/wiki/List_of_tz_database_time_zones)")
CHECK_NO_TIME_OF_DAY = N_("'{text}' has no time of day: write it like 2026-12-03T14:00")
CHECK_NOT_A_MOMENT = N_("'{text}' is not a date and time like 2026-12-03T14:00:00+01:00")
CHECK_NO_OFFSET = N_("give an offset (2026-12-03T14:00:00+01:00) or a 'timezone' field")
CHECK_WRONG_OFFSET = N_("the offset {offset} does not match {zone} on that date ({local}); drop the offset")
CHECK_NOT_A_SPAN = N_("'{text}' is not a length of time like 90m, 2h, 1d or 30s")
CHECK_DTSTART = N_("leave DTSTART out: the rule starts at 'starts_at'")
CHECK_TOO_OFTEN = N_("an event repeating more often than daily cannot have reminders; use FREQ=DAILY or longer")
CHECK_NOT_A_RULE = N_("'{repeat}' is not a recurrence rule like FREQ=MONTHLY;BYDAY=1TH ({reason})")
CHECK_RULE_NEVER = N_("it never happens")
CHECK_RULE_SEE_RFC = N_("see RFC 5545, section 3.3.10")
CHECK_REMIND_TOO_EARLY = N_(
    "{offset} is longer than the {gap} between two occurrences: it would remind of a meeting before the one before it "
    "has happened"
)
CHECK_NO_POINTS = N_("list the points to say, each with 'text' and 'entries'")
CHECK_NO_WORD_LISTS = N_("give the word lists {groups}")
CHECK_WORD_LIST_EMPTY = N_("{owner}: the list '{group}' is missing or empty")
CHECK_SAFEGUARD_TWICE = N_("safeguard '{kind}' is given twice (first at line {line})")
CHECK_NO_SUCH_TOOL = N_("an example's 'tools': no tool has the id '{id}'")
CHECK_NO_SUCH_POINT_ENTRY = N_("safeguard '{kind}', a point's 'entries': no entry has the id '{id}'")
CHECK_SAFEGUARD_MISSING = N_("the safeguard '{kind}' is missing: pimbot would stay silent on it")
CHECK_NO_SAFEGUARDS = N_(
    "tools are suggested from this folder, but no file holds the safety alerts (a 'safeguards:' list): pimbot would "
    "suggest tools for a request for people's data or a disclosure with no safe course first. Copy safeguards.yaml "
    "from pimbot's own knowledge folder"
)
