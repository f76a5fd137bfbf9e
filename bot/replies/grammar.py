"""The `/pim` grammar: which action a line asks for, and about what."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import messages
from bot.replies.refs import PERIODS
from bot.text.normalize import fold

COLLECTIONS = {
    # kind: (title, a message said when shown; id of the entry that introduces the collection)
    "principle": (messages.COLLECTION_PRINCIPLES, "pim-principles"),
    "matrix_category": (messages.COLLECTION_MATRIX_CATEGORIES, "pim-matrix"),
    "process_step": (messages.COLLECTION_PROCESS_STEPS, "pim-process"),
}
ACTION_WORDS = {
    "help": "help",
    "?": "help",
    "start": "help",
    "hi": "help",
    "hello": "help",
    "define": "define",
    "def": "define",
    "defne": "define",  # the typos of "define" seen in trials: the term after it was looked up as part of the term
    "defin": "define",
    "defien": "define",
    "deifne": "define",
    "difine": "define",
    "list": "list",
    "glossary": "list",
    "terms": "list",
    "index": "list",
    "principles": "principle",
    "matrix": "matrix_category",
    "categories": "matrix_category",
    "process": "process_step",
    "steps": "process_step",
    "tools": "tools",
    "tool": "tools",
    "suggest": "tools",
    "advise": "tools",
    "advice": "tools",
    "events": "events",
    "event": "events",
    "meetings": "events",
    "calendar": "events",
    "subscribe": "subscribe",
    "unsubscribe": "unsubscribe",
    "gaps": "gaps",
    "reload": "reload",
}
_TOOL_QUESTION = re.compile(
    r"^\s*(?:what|which)\s+(?:tools?|systems?|software|platforms?|apps?)\b(?!\s+(?:is|are|does|do)\s+\w+\s*\??$)",
    re.IGNORECASE,
)
SMALL_TALK = {
    **dict.fromkeys(
        ("thanks", "thank you", "thankyou", "thx", "thnx", "thanx", "tnx", "ty", "cheers", "many thanks", "thanks a lot",
         "thanks so much", "thank you so much", "thank you very much", "thanks again", "great thanks", "ok thanks",
         "okay thanks", "ok thank you", "ok thx", "much appreciated", "appreciated", "merci", "merci beaucoup", "gracias",
         "muchas gracias", "shukran"),
        "thanks",
    ),
    **dict.fromkeys(
        ("ok", "okay", "k", "kk", "got it", "noted", "understood", "great", "perfect", "cool", "nice", "awesome", "super",
         "brilliant", "very helpful", "that helps", "that helped", "makes sense"),
        "okay",
    ),
    **dict.fromkeys(
        ("in french", "in french please", "french please", "en francais", "en francais svp", "francais", "francais svp",
         "en francais sil vous plait", "parlez vous francais", "do you speak french", "can you speak french",
         "can you answer in french", "can you translate in french", "can you translate to french", "in spanish",
         "spanish please", "en espanol", "espanol", "habla espanol", "in arabic", "arabic please"),
        "language",
    ),
    **dict.fromkeys(
        ("hey", "hiya", "hi there", "hello there", "hey there", "good morning", "good afternoon", "good evening",
         "morning", "bonjour", "salut", "hola", "buenos dias", "salam", "salaam", "marhaba", "who are you",
         "what are you", "what can you do", "what do you do", "how can you help", "how do you work", "how does this work",
         "how do i use you", "how do i use this", "can you help", "can you help me", "help me", "what is pimbot",
         "who made you", "who built you", "who created you", "who wrote you", "who are you made by",
         "help please", "help pls", "i need help", "need help", "aide", "aidez moi", "ayuda", "how i start",
         "how do i start", "how to start", "how can i start", "where do i start", "where to start", "where should i start",
         "getting started", "how to begin", "how do i begin"),
        "help",
    ),
}  # fmt: skip
"""Whole messages that are no question about PIM: thanks and acknowledgements get a short answer, greetings and
"who are you" the help, "in French please" that pimbot reads English only. Folded, and said with or without a
greeting or the bot's name ("hi what can u do", "thanks pimbot")."""
_ADDRESSED = re.compile(r"\s+(?:pimbot|bot|team|all|everyone)$")
_CHAT_SPELLING = {"u": "you", "r": "are", "ur": "your", "pls": "please", "plz": "please"}
_GREETING_FIRST = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|dear|good (?:morning|afternoon|evening|day)|bonjour|salut|hola|salam|salaam)\b[\s,!.:;-]*"
    r"(?:(?:pimbot|bot|there|team|all|everyone|colleagues)\b[\s,!.:;-]*)?",
    re.IGNORECASE,
)
"""A greeting before the question ("hello what is DTM", "good morning, what is informed consent?"): the
question is what is asked. A greeting alone is small talk."""
_THANKS_FIRST = re.compile(
    r"^\s*(?:thanks|thank you|thx|ty|cheers|merci)(?: (?:a lot|so much|very much))?(?:\s*[,!.:;-]+\s*|\s+(?=and\b))"
    r"(?:and\s+)?",
    re.IGNORECASE,
)
"""Thanks before the next question ("thanks! and what about CPIMS+?", "thank you, what is a DSA"): the question is
what is asked. "thanks for protection monitoring" is no such thing: a term, looked up."""


_THANKS = frozenset({"thanks", "thank", "thx", "ty", "cheers", "merci", "gracias", "shukran"})
_THANKING = _THANKS | {"you", "much", "lot"}
_ACKNOWLEDGING = frozenset(
    {"ok", "okay", "k", "cool", "great", "good", "nice", "perfect", "super", "noted", "fine", "very", "helpful",
     "useful", "awesome", "excellent", "bye", "goodbye", "you", "are", "is", "this", "that", "was", "so", "really",
     "habibi", "habibti", "beaucoup", "tres", "utile", "a", "bientot", "bien", "recu", "jazilan", "jazeelan"}
)  # fmt: skip
"""With thanks, or alone: "thank you habibi", "you are very useful", "merci beaucoup, très utile", "ok merci, à
bientôt" (two trials found these answered as "not a PIM term")."""


def small_talk(text: str) -> str | None:
    """The action a whole message of small talk asks for: "thanks", "okay", "help" or "language"; None otherwise.
    A message of only such words ("cool thanks", "ok great") or only signs ("👍") is small talk too."""
    words = [_CHAT_SPELLING.get(w, w) for w in _GREETING_FIRST.sub("", _ADDRESSED.sub("", fold(text))).split()]
    if not words:
        return "okay" if text.strip() and not any(c.isalnum() for c in text) else None
    found = SMALL_TALK.get(" ".join(words))
    if found or not set(words) <= _THANKING | _ACKNOWLEDGING:
        return found
    return "thanks" if _THANKS & set(words) else "okay"


_ASKS_TRANSLATION = re.compile(
    r"^(?:please |pls |can you |could you )?translate\b.*\b(?:in|into|to) (?:arabic|french|spanish|francais|espanol)$"
)
"""A request to translate into a language pimbot does not write yet."""
_KIND_WORDS = r"trainings?|webinars?|meetings?|briefings?"
"""The kinds of event a question can name ("any trainings coming up?" lists the trainings)."""
_EVENT_WORDS = rf"{_KIND_WORDS}|workshops?|events?|formations?|reunions?|webinaires?|ateliers?"
"""Every word for an event, of a kind or not (French ones too: "y a-t-il une formation PIM ce mois-ci ?")."""
_ASKS_WHEN = re.compile(
    r"^(?:when(?: is| are|s)?(?: the)?(?: next)?|any(?: upcoming| more)?|is there(?: a| an| any)?(?: upcoming)?"
    r"|are there(?: any)?(?: upcoming)?|upcoming|next"
    r"|y a t il(?: une| un| des)?(?: prochaine?s?)?|quand est(?: ce que)?(?: la| le)?(?: prochaine?)?|prochaine?)"
    rf" (?:\w+ ){{0,2}}?(?:{_EVENT_WORDS})\b"
    rf"|^when(?: is| are|s)(?: the)? next (?:\w+ ){{0,3}}?(?:{_EVENT_WORDS})\b"
    rf"|^(?:pim )?(?:{_EVENT_WORDS}) (?:coming up|upcoming|soon|this (?:week|month)|planned)\b"
)
"""A short question about when something happens: "any training on kobo this month?", "when is the next GBV
sub-cluster meeting"."""
_ENDS_ASKING_EVENTS = re.compile(rf"\b(?:any|are there any) (?:upcoming |more |other )?(?:pim )?(?:{_EVENT_WORDS})$")
"""The same question ending a longer message about events ("we run a webinar on PIM next month, any upcoming
events?"): what comes before it is context, not a topic. A message about anything else ("the police want the list of
participants, any upcoming trainings?") is read as it is."""
_EVENT_KIND = re.compile(rf"\b({_KIND_WORDS})\b")
_WITHIN = re.compile(rf"\b({'|'.join(PERIODS)})\b")
"""The periods a question about events can name; browsing.upcoming_events says when none falls in it."""
_EVENT_WORD = re.compile(rf"\b(?:{_EVENT_WORDS})\b")
_NOT_A_TOPIC = frozenset(
    re.findall(
        r"\w+",
        """when is are was s the a an next any upcoming more there coming up soon this that these month months week
        weeks today tomorrow tonight year on about for in of at to and or with do we have our planned scheduled please
        pim new again y t il une un des ce ci mois cette semaine quand est prochaine prochain la le les sur""",
    )
)
"""The words of "when is the next ... this month" that name no topic: what is left ("kobo") is what is asked after."""


def _topic(text: str) -> str:
    """The words of a question about events that name what it asks after, as typed ("JIAF")."""
    kept = []
    for token in text.split():
        words = fold(token).split()
        if words and not any(w in _NOT_A_TOPIC or _EVENT_WORD.fullmatch(w) for w in words):
            kept.append(token.strip(".,;:!?\"'()"))
    return " ".join(kept)


_NAMES_A_TOOL = re.compile(r"\b(?:tools?|systems?|software|apps?|platforms?)\b")
_LISTS_TOOLS = re.compile(
    r"^(?:(?:show|give|send)(?: me)? )?(?:a |the )?(?:list(?: of)?|all)(?: the| your)? (?:tools|systems)(?: you know)?$"
    r"|^(?:tools|systems) list$|^which tools do you know$"
)
"""Asking for every tool ("list tools", "show me all tools"): the tools of the glossary, not a situation."""
_TAKES_ARGUMENT = ("define", "tools", "events", "subscribe", "unsubscribe")
_HELP_WITH = re.compile(r"^\s*help(?: me| us)?(?: (?:with|on|about|for|understand(?:ing)?|to understand))?\s+", re.I)
"""What opens "help with HNO", "help me understand PiN": not part of what is asked about."""
SUBSCRIPTION_KINDS = {
    "": "all",
    "all": "all",
    "everything": "all",
    "event": "all",
    "reminder": "all",
    "webinar": "webinar",
    "training": "training",
    "briefing": "briefing",
    "meeting": "working_meeting",
    "working meeting": "working_meeting",
    "pim working meeting": "working_meeting",
    "working_meeting": "working_meeting",
    "other": "other",
}


@dataclass(frozen=True)
class Command:
    action: str
    argument: str = ""
    explicit: bool = False
    """True when the user named the action ("define X"), so we do not second-guess it."""
    about: str = ""
    """What a question about events asks after ("any training on JIAF this month?": "JIAF")."""
    within: str = ""
    """The period a question about events names ("this month", "tomorrow"), or ""."""


def parse_command(text: str) -> Command:
    """Split `/pim` text into what to do and about what. Anything that is not a known word is a term to define."""
    text = re.sub(r"^\s*/pim\b", "", text)  # typed in the local chat out of Slack habit
    talk = small_talk(text)
    if talk:  # "thx" is no term we lack (nor a gap for curators), "who are you" no term at all
        return Command(talk)
    question = _THANKS_FIRST.sub("", _GREETING_FIRST.sub("", text, count=1), count=1)
    if not question.strip(" ?!.,"):  # "hey there", "good morning team": a greeting and no more
        return Command("help")
    talk = small_talk(question) if question != text else None
    if talk:  # "hi team, thanks"
        return Command(talk)
    text = question
    folded = fold(text)
    if _ASKS_TRANSLATION.search(folded):  # "translate informed consent into Arabic": pimbot answers in English only
        return Command("language")
    if _LISTS_TOOLS.match(folded):
        return Command("list", "tool", explicit=True)
    ending = _ENDS_ASKING_EVENTS.search(folded)
    if ending and _EVENT_WORD.search(folded[: ending.start()]) and not _NAMES_A_TOOL.search(folded):
        kind = _EVENT_KIND.search(ending.group(0))  # "..., any upcoming trainings?": the trainings
        return Command("events", kind.group(1) if kind else "", explicit=True)
    if _ASKS_WHEN.match(folded) and len(folded.split()) <= 12 and not _NAMES_A_TOOL.search(folded):
        kind = _EVENT_KIND.search(folded)  # "any trainings coming up?": the trainings
        within = _WITHIN.search(folded)  # "any training this month?": said when none is
        return Command(
            "events", kind.group(1) if kind else "", explicit=True, about=_topic(text), within=within[1] if within else ""
        )
    asked_for_tools = _TOOL_QUESTION.match(text)
    if asked_for_tools:  # "which tool for 5W?", "what system should we use to ..."
        return Command("tools", text.strip(), explicit=True)
    words = text.split()
    if not words:
        return Command("help")
    first = fold(words[0]) or words[0]
    action = ACTION_WORDS.get(first)
    if first == "help" and len(words) > 1:  # "help tools": that help; "help with HNO", "help me with X": X
        topic = ACTION_WORDS.get(fold(text.split(None, 1)[1]))
        if topic in ("define", "tools"):  # with nothing after them, these words show their own help
            return Command(topic)
        if topic is not None:  # "help subscribe" asks how, and subscribes nothing
            return Command("help")
        text = _HELP_WITH.sub("", text, count=1)
        return Command("define", text.strip()) if text.strip() else Command("help")
    if action in _TAKES_ARGUMENT:
        rest = text.split(None, 1)[1] if len(words) > 1 else ""
        return Command(action, rest.lstrip(": ").strip(), explicit=True)
    if action and len(words) == 1:
        return Command(action)
    return Command("define", text.strip())
