"""Answers a line of `/pim ...` from one loaded knowledge base: the dispatcher behind Slack and the terminal."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from bot import messages
from bot.advice.ranking import MAX_SUGGESTIONS, Advisor
from bot.advice.suggestions import FIRST_SHOWN, Advice, category_names
from bot.define.comparisons import as_typed, compared_entries, comparison_sides
from bot.define.framework_questions import FrameworkQuestion, framework_question
from bot.define.matching import Matcher, MatchResult, Status
from bot.knowledge.entries import Entry, KnowledgeBase
from bot.messages import say
from bot.replies import browsing, refs, stored
from bot.replies.admin_types import ReloadReply
from bot.replies.grammar import ACTION_WORDS, COLLECTIONS, SUBSCRIPTION_KINDS, parse_command
from bot.replies.reminder_types import EventsReply, SubscriptionReply
from bot.replies.routing import (
    asked_whether_needed,
    asks,
    asks_about_own_work,
    asks_for_tools,
    asks_how_long_kept,
    asks_which,
    asks_who_runs_pim,
    definition_then_need,
    reads_as_a_term,
    reads_as_follow_up,
    reads_as_situation,
    without_follow_up_words,
)
from bot.replies.types import (
    AdviceReply,
    ChoicesReply,
    CollectionReply,
    ComparisonReply,
    EnglishOnlyReply,
    EntryReply,
    FollowUpReply,
    GlossaryReply,
    HelpReply,
    NotFoundReply,
    Reply,
    ThanksReply,
)
from bot.text.language import maybe_other_language
from bot.text.normalize import fold, normalize
from bot.text.query import Query

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.reminders.calendar import Calendar
    from bot.storage.curation import Curation
    from bot.storage.database import Store


class Responder:
    """Answers `/pim` text from one loaded knowledge base."""

    def __init__(
        self,
        kb: KnowledgeBase,
        calendar: Calendar | None = None,
        curation: Curation | None = None,
        admins: frozenset[str] | None = None,
        reload: Callable[[], ReloadReply] | None = None,
        subscriptions: Store | None = None,
    ) -> None:
        """`admins` None means a local user (the terminal), who may do everything; `subscriptions` is the
        database that keeps which channels get reminders (none: subscribing is switched off)."""
        self.kb = kb
        self.subscriptions = subscriptions
        self.matcher = Matcher(kb)
        self.advisor = Advisor(kb)
        self.calendar = calendar
        self.curation = curation
        self.admins = admins
        self._reload = reload

    def is_admin(self, user: str | None) -> bool:
        return self.admins is None or (user is not None and user in self.admins)

    def reply(self, text: str, channel: str | None = None, user: str | None = None) -> Reply:
        """The answer to `/pim TEXT`; `channel` is where it was typed (subscriptions need it), `user` who typed it."""
        command = parse_command(text)
        if command.action == "help":
            return self.help()
        if command.action in ("thanks", "okay"):
            return ThanksReply(thanked=command.action == "thanks")
        if command.action == "language":
            return EnglishOnlyReply()
        if command.action == "gaps":
            return stored.gaps(self.kb, self.curation, self.is_admin(user))
        if command.action == "reload":
            if not self.is_admin(user):
                return ReloadReply(False, problem=say(messages.NOT_ADMIN))
            if self._reload is None:
                return ReloadReply(False, problem=say(messages.RELOAD_AT_START_ONLY))
            return self._reload()
        if command.action == "events":
            asked = fold(command.argument)
            kind = SUBSCRIPTION_KINDS.get(normalize(asked), "all")  # "trainings": the trainings; "all": every kind
            everything = asked in ("all", "everything", "every")
            kind = "" if kind == "all" else kind
            return self.events(everything=everything, kind=kind, about=command.about, within=command.within)
        if command.action in ("subscribe", "unsubscribe"):
            return self.subscription(command.action == "subscribe", command.argument, channel)
        if command.action == "list":
            return self.glossary(command.argument)
        if command.action in COLLECTIONS:
            return self.collection(command.action)
        if not command.argument:
            return self.help(topic=command.action)
        if command.action == "tools":
            return self.advise(command.argument)
        query = Query(command.argument)  # understood once: every step below reads the same value
        if command.explicit and ACTION_WORDS.get(query.folded) in (*COLLECTIONS, "list"):
            return self.reply(command.argument)  # "define principles" shows the principles
        framework = self._framework_or_comparison(query)
        if framework is not None:
            return framework
        initiative = self.kb.get("pim-initiative") if asks_who_runs_pim(query) else None
        if initiative is not None:  # "who runs PIM and how can I get trained?": the Initiative, linking its training
            return self.entry(initiative)
        if not command.explicit:
            both = self._definition_and_need(query)
            if both is not None:
                return both
            retention = self._term_asked_about(query) if asks_how_long_kept(query) else None
            if retention is not None and not self.kb.safeguards.alerts(query.raw):  # "how long should we keep ...?"
                return self.entry(retention)
        result = self.matcher.match(query)
        alerts = self.kb.safeguards.alerts(command.argument) if result.status is not Status.MATCH else ()
        if command.explicit or not (alerts or reads_as_situation(query, result)):
            reply = self._answer(query, result)
            if isinstance(reply, NotFoundReply) and not command.explicit and reads_as_follow_up(query):
                return self._follow_up(query)
            return self._counted(query, reply)
        if not alerts and not asks_for_tools(query):  # a question about PIM itself is never answered with tools
            about_pim = self._named_in_question(query, framework_only=True)
            if about_pim is not None:
                return about_pim
        advice = self.advisor.advise(command.argument, alerts=alerts)
        if advice.clarify and not alerts:  # no tool fits: a question naming a term gets the term
            named = self._named_in_question(query)
            if named is not None:
                return named
            asked = self._term_asked_about(query)
            if asked is not None:  # "how long should we keep closed legal files?": data retention
                return self.entry(asked)
            if reads_as_a_term(query):  # "standard operating procedures": a term we lack, not a vague need
                return self._counted(query, self._answer(query, result))
            if reads_as_follow_up(query):
                return self._follow_up(query)
            if query.language:  # a question in French the writer could not answer: say why, not which category
                return EnglishOnlyReply(command.argument)
        elif query.language and not alerts and not any(e.tool or e.acronyms for e in self.matcher.names_in(query)):
            # "¿qué es el consentimiento informado?", "c'est quoi la gestion de l'information de protection": tools
            # chosen from stray words ("el", "information") are no answer; a tool or an acronym named is answered
            return EnglishOnlyReply(command.argument)
        return AdviceReply(advice, defined=self._asked_whether_needed(query, advice))

    def _definition_and_need(self, query: Query) -> Reply | None:
        """Both parts of "what is X, and ... should we ...?": X's summary, then tools for the whole text (its term's
        words help choose them); when the rest only asks more about X ("... and who signs it off?"), or no tool fits,
        X's entry. None when X is no term pimbot is sure of."""
        for term, _, is_need in definition_then_need(query):
            found = self.matcher.match(Query(term)).match
            if found is None:
                continue
            alerts = self.kb.safeguards.alerts(query.raw)
            if not is_need and not alerts:
                return self.entry(found.entry)
            advice = self.advisor.advise(query.raw, alerts=alerts)
            if advice.clarify:
                return self.entry(found.entry)
            return AdviceReply(advice, defined=found.entry)
        return None

    def _follow_up(self, query: Query) -> Reply:
        """ "so what is DTM" is answered as "what is DTM"; "and for that?" needs the message before, which pimbot
        does not keep: it says so, instead of "not a PIM term" or a clarifying question."""
        rest = without_follow_up_words(query)
        if rest:
            result = self.matcher.match(Query(rest))
            if result.status is Status.MATCH:
                return self.reply_for_match(result)
        return FollowUpReply(query.raw)

    def define(self, text: str) -> Reply:
        """A framework question, a comparison or one entry: never tools."""
        query = Query(text)
        return self._framework_or_comparison(query) or self._answer(query, self.matcher.match(query))

    def _counted(self, query: Query, reply: Reply) -> Reply:
        """The reply, with the query counted for `/pim gaps` when it found nothing or only "did you mean"."""
        unanswered = isinstance(reply, NotFoundReply) or (isinstance(reply, ChoicesReply) and not reply.ambiguous)
        if self.curation and unanswered:
            self.curation.count_unanswered(query.key)
        return reply

    def _answer(self, text: Query, result: MatchResult) -> Reply:
        if result.status is Status.NOT_FOUND:
            named = self._named_in_question(text)
            if named is not None:
                return named
        return self.reply_for_match(result)

    def _named_in_question(self, text: str | Query, framework_only: bool = False) -> Reply | None:
        """A question that names entries ("who started the PIM initiative?"): that entry, or a choice of them."""
        query = Query.of(text)
        if not asks(query):
            return None
        named = [e for e in self.matcher.names_in(query) if not asks_which(e, query.folded)]
        # "can we put the protection monitoring dataset on HDX?" names a Matrix category as the kind of data it is
        own_work = asks_about_own_work(query)
        if framework_only and not any(e.in_pim_framework and not (own_work and e.kind == "matrix_category") for e in named):
            return None
        if len(named) == 1:
            return self.entry(named[0])
        return ChoicesReply(query.raw, tuple(named), ambiguous=False) if named else None

    def _framework_or_comparison(self, text: Query) -> Reply | None:
        question = framework_question(text)
        if question is not None:  # "how many PIM principles?", "step 2 of the PIM process"
            return self.framework_part(question)
        compared = compared_entries(text, self._sure_id)
        if compared and len(compared) == 2:  # "ISP vs DSA", "difference between IHL and IHRL"
            return self.comparison(*compared)
        if compared:  # "protection vs safety": the side we know, rather than tools for a "situation"
            sides = comparison_sides(text) or ()
            unknown = [side for side in sides if self._sure_id(side) is None]
            known = self.entry(self.kb.by_id[compared[0]])
            return replace(known, unknown_side=as_typed(unknown[0], text.raw)) if len(unknown) == 1 else known
        return None

    def advise(self, situation: str, category_id: str | None = None, shown: int = FIRST_SHOWN) -> AdviceReply:
        advice = self.advisor.advise(situation, category_id)
        return AdviceReply(advice, shown, defined=self._asked_whether_needed(Query(situation), advice))

    def _asked_whether_needed(self, query: Query, advice: Advice) -> Entry | None:
        """The term a need asks whether it needs ("..., do we need a DPIA?"), said in short before the tools."""
        return None if advice.clarify else self._term_asked_about(query)

    def _term_asked_about(self, query: Query) -> Entry | None:
        """The term (no tool) a need asks about: "do we need a DPIA?", "how long should we keep ...?"."""
        asked = asked_whether_needed(query)
        found = self.matcher.match(Query(asked)).match if asked else None
        return found.entry if found is not None and found.entry.tool is None else None

    def reply_for_match(self, result: MatchResult) -> Reply:
        if result.status is Status.MATCH:
            return self.entry(result.candidates[0].entry)
        if result.status in (Status.UNSURE, Status.AMBIGUOUS):
            choices = tuple(c.entry for c in result.candidates)
            return ChoicesReply(result.query, choices, ambiguous=result.status is Status.AMBIGUOUS)
        if result.status is Status.EMPTY:
            return self.help(topic="define")
        return NotFoundReply(result.query, len(self.kb), other_language=maybe_other_language(result.query))

    def entry(self, entry: Entry) -> EntryReply:
        related = tuple(e for e in (self.kb.get(i) for i in entry.related) if e is not None)
        return EntryReply(entry, related, category_names(self.kb, entry) if entry.tool else ())

    def comparison(self, first_id: str, second_id: str) -> ComparisonReply:
        first, second = self.kb.by_id[first_id], self.kb.by_id[second_id]
        return ComparisonReply((first, second), self.kb.difference(first_id, second_id))

    def _sure_id(self, text: str) -> str | None:
        found = self.matcher.match(text).match
        return found.entry.id if found else None

    def framework_part(self, question: FrameworkQuestion) -> Reply:
        """The numbered entry asked for, or the whole collection (also when the number does not exist)."""
        if question.number is not None:
            for entry in self.kb.of_kind(question.kind):
                if entry.number == question.number:
                    return self.entry(entry)
            return replace(self.collection(question.kind), missing=question.number)
        return self.collection(question.kind)

    def collection(self, kind: str) -> CollectionReply:
        return browsing.collection(self.kb, kind)

    def glossary(self, only: str = "") -> GlossaryReply:
        return browsing.glossary(self.kb, only)

    def events(
        self, everything: bool = False, now: datetime | None = None, kind: str = "", about: str = "", within: str = ""
    ) -> EventsReply:
        return browsing.upcoming_events(self.calendar, everything, now, kind, about, within)

    def subscription(self, subscribe: bool, argument: str, channel: str | None) -> SubscriptionReply:
        return stored.subscription(self.subscriptions, subscribe, argument, channel)

    def help(self, topic: str = "general") -> HelpReply:
        return browsing.help_reply(self.kb, topic)

    def from_ref(self, ref: str) -> Reply | None:
        """Rebuild the reply a button refers to; None when the knowledge base no longer has it."""
        match refs.decode(ref):
            case refs.EntryRef(entry_id):
                entry = self.kb.get(entry_id)
                return self.entry(entry) if entry else None
            case refs.CompareRef(first, second):
                if self.kb.get(first) is None or self.kb.get(second) is None:
                    return None
                return self.comparison(first, second)
            case refs.CollectionRef(kind) if kind in COLLECTIONS:
                return self.collection(kind)
            case refs.ListRef(kind):
                return self.glossary(kind)
            case refs.HelpRef(topic):
                return self.help(topic)
            case refs.EventsRef(everything, kind, about, within):
                return self.events(everything=everything, kind=kind, about=about, within=within)
            case refs.ToolsRef(shown, category, situation):
                if category and self.kb.get(category) is None:
                    return None
                return self.advise(situation, category or None, min(shown, MAX_SUGGESTIONS))
            case refs.DescribeRef():
                return self.help("tools")  # how to describe it; where a description can be typed, `described` answers
        return None

    def described(self, situation: str, description: str) -> AdviceReply:
        """Tools for a need the user chose to describe after the clarifying question: never that question again."""
        both = f"{situation.rstrip(' .')}. {description}" if situation.strip() else description
        return AdviceReply(self.advisor.advise(both, ask=False))
