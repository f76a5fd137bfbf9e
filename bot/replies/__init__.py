"""What pimbot answers to a line of `/pim ...`: the reply types, the `/pim` grammar, the responder and the
button-value codec (`refs`). Nothing here knows about Slack."""

from bot.replies import refs
from bot.replies.grammar import COLLECTIONS, Command, parse_command
from bot.replies.responder import Responder
from bot.replies.routing import SITUATION_MIN_WORDS
from bot.replies.types import (
    DATABASE_DOWN,
    AdviceReply,
    BaseReply,
    ChoicesReply,
    CollectionReply,
    ComparisonReply,
    EnglishOnlyReply,
    EntryReply,
    EventsReply,
    FollowUpReply,
    GapsReply,
    GlossaryReply,
    HelpReply,
    NotFoundReply,
    ReloadReply,
    Reply,
    SubscriptionReply,
    ThanksReply,
)

__all__ = [
    "COLLECTIONS",
    "DATABASE_DOWN",
    "SITUATION_MIN_WORDS",
    "AdviceReply",
    "BaseReply",
    "ChoicesReply",
    "CollectionReply",
    "Command",
    "ComparisonReply",
    "EnglishOnlyReply",
    "EntryReply",
    "EventsReply",
    "FollowUpReply",
    "GapsReply",
    "GlossaryReply",
    "HelpReply",
    "NotFoundReply",
    "ReloadReply",
    "Reply",
    "Responder",
    "SubscriptionReply",
    "ThanksReply",
    "parse_command",
    "refs",
]
