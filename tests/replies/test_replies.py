from __future__ import annotations

import pytest

from bot.replies import (
    AdviceReply,
    ChoicesReply,
    CollectionReply,
    EnglishOnlyReply,
    EntryReply,
    EventsReply,
    FollowUpReply,
    GlossaryReply,
    HelpReply,
    NotFoundReply,
    ThanksReply,
    parse_command,
)


@pytest.mark.parametrize(
    ("text", "action", "argument"),
    [
        ("", "help", ""),
        ("help", "help", ""),
        ("define informed consent", "define", "informed consent"),
        ("define: SDR", "define", "SDR"),
        ("DEFINE  do no harm", "define", "do no harm"),
        ("do no harm", "define", "do no harm"),
        ("what is pseudonymization?", "define", "what is pseudonymization?"),
        ("principles", "principle", ""),
        ("Matrix", "matrix_category", ""),
        ("process", "process_step", ""),
        ("list", "list", ""),
        ("process steps of pim", "define", "process steps of pim"),
        ("define", "define", ""),
        ("thx", "thanks", ""),
        ("Thanks, pimbot!", "thanks", ""),
        ("ok", "okay", ""),
        ("cool thanks", "thanks", ""),
        ("👍", "okay", ""),
        ("ok great", "okay", ""),
        ("great stuff", "define", "great stuff"),
        ("hi what can u do", "help", ""),
        ("en français svp", "language", ""),
        ("good morning", "help", ""),
        ("who are you?", "help", ""),
        ("hey there", "help", ""),
        ("hello what is DTM", "define", "what is DTM"),  # a greeting before the question: the question is asked
        ("good morning, what is informed consent?", "define", "what is informed consent?"),
        ("hi pimbot what does DPIA mean", "define", "what does DPIA mean"),
        ("Hello, define do no harm", "define", "do no harm"),
        ("highlights of the 5W", "define", "highlights of the 5W"),
        ("Hi team, thanks", "thanks", ""),
        ("thank you, very helpful", "thanks", ""),  # an everyday user's trial: looked up as a term before
        ("ok thanks, bye", "thanks", ""),
        ("very helpful", "okay", ""),
        ("helpful tools for registration", "define", "helpful tools for registration"),
        ("defne DTM", "define", "DTM"),
        ("thanks! and what about CPIMS+?", "define", "what about CPIMS+?"),  # it got tools before
        ("thanks and what is DTM", "define", "what is DTM"),
        ("thank you so much, what is a DSA", "define", "what is a DSA"),
        ("thanks for protection monitoring", "define", "thanks for protection monitoring"),
        ("any training on kobo this month?", "events", "training"),  # the kind asked about: only those
        ("show me all tools", "list", "tool"),
        ("list of tools", "list", "tool"),
        ("when is the next protection cluster meeting", "events", "meeting"),
        ("any tool for meeting minutes", "define", "any tool for meeting minutes"),
        ("help with HNO", "define", "HNO"),  # a cluster IMO's trial: "not found" before
        ("i need help", "help", ""),  # an everyday user's trial: "not found"
        ("webinars coming up?", "events", "webinars"),  # it got the clarifying question for tools
        ("help me understand PiN", "define", "PiN"),
        ("help tools", "tools", ""),  # the help of /pim tools
        ("help subscribe", "help", ""),  # how to subscribe; subscribes nothing
        ("help us with registration of new arrivals", "define", "registration of new arrivals"),
        (
            "any advice for a meeting with the prefet who wants names",
            "define",
            "any advice for a meeting with the prefet who wants names",
        ),
    ],
)
def test_parse_command(text: str, action: str, argument: str) -> None:
    command = parse_command(text)
    assert (command.action, command.argument) == (action, argument)


def test_replies_by_kind(responder) -> None:
    assert isinstance(responder.reply("define do no harm"), EntryReply)
    assert isinstance(responder.reply("define harm"), ChoicesReply)
    assert isinstance(responder.reply("define pizza"), NotFoundReply)
    assert isinstance(responder.reply("principles"), CollectionReply)
    assert isinstance(responder.reply("list"), GlossaryReply)
    tools = responder.reply("list tools")
    assert [label for label, _ in tools.groups] == ["Tools and systems"] and len(tools.groups[0][1]) >= 50
    assert responder.from_ref(tools.ref) == tools, "Share in channel shares the tools, not every entry"
    help_reply = responder.reply("define")
    assert isinstance(help_reply, HelpReply) and help_reply.topic == "define"
    assert responder.reply("thank you!") == ThanksReply(thanked=True)
    assert responder.reply("got it") == ThanksReply(thanked=False)
    assert isinstance(responder.reply("what can you do"), HelpReply)


def test_a_follow_up_is_told_each_message_is_read_on_its_own(responder) -> None:
    """pimbot keeps no conversation: "and for that?" gets that said, not "not a PIM term" or the category question;
    what the rest of it names is still answered."""
    assert responder.reply("and for that?") == FollowUpReply("and for that?")
    assert responder.reply("ok and what about minors") == FollowUpReply("ok and what about minors")
    assert responder.reply("what do I do") == FollowUpReply("what do I do")
    assert responder.reply("and for the LGA level?") == FollowUpReply("and for the LGA level?")
    so = responder.reply("so what is DTM")
    assert isinstance(so, EntryReply) and so.entry.id == "dtm"
    assert isinstance(responder.reply("define and for that?"), NotFoundReply), "an explicit define is looked up"
    need = responder.reply("so we need something better for our data")
    assert isinstance(need, AdviceReply) and need.advice.clarify, "a need of its own, even starting with 'so'"


def test_a_text_in_another_language_is_told_pimbot_reads_english_only(responder) -> None:
    """Instead of a clarifying question the writer cannot act on, or a bare "not a PIM term"."""
    french = "une fille de 14 ans a été violée par un enseignant"
    assert responder.reply(french) == EnglishOnlyReply(french)
    assert responder.reply("can you answer in French?") == EnglishOnlyReply()
    assert responder.reply("consentement éclairé").other_language
    assert not responder.reply("define pizza").other_language
    dtm = responder.reply("c'est quoi DTM")  # what it can answer, it still answers: the entry, not tools (before)
    assert isinstance(dtm, EntryReply) and dtm.entry.id == "dtm"
    dpia = responder.reply("¿qué es un DPIA?")  # an everyday user's trial: the MRM, for "un"
    assert isinstance(dpia, EntryReply) and dpia.entry.id == "data-protection-impact-assessment"
    spanish = "¿qué es el consentimiento informado?"  # a data protection focal point's trial: DTM and INSO, for "el"
    assert responder.reply(spanish) == EnglishOnlyReply(spanish)


def test_an_entry_reply_carries_its_related_entries(responder) -> None:
    reply = responder.reply("define do no harm")
    assert reply.related and all(r.id in reply.entry.related for r in reply.related)


def test_refs_rebuild_the_same_reply(responder) -> None:
    for text in ("define do no harm", "principles", "matrix", "process", "list", "help"):
        reply = responder.reply(text)
        assert responder.from_ref(reply.ref) == reply
    assert responder.from_ref("entry:not-there") is None
    assert responder.from_ref("garbage") is None


def test_collections_are_in_official_order(responder) -> None:
    steps = responder.reply("process")
    assert [e.number for e in steps.entries] == [1, 2, 3, 4]
    assert steps.about.id == "pim-process"


def test_a_question_about_one_kind_of_event_lists_that_kind(knowledge_base, tmp_path) -> None:
    """An everyday user's trial: "any PIM trainings coming up?" listed every event."""
    from datetime import UTC, datetime

    from bot.reminders.calendar import Calendar
    from bot.replies import Responder
    from bot.slack.blocks import render
    from tests.conftest import knowledge_copy

    calendar = Calendar(knowledge_copy(tmp_path / "kb"), clock=lambda: datetime(2026, 11, 30, tzinfo=UTC))
    responder = Responder(knowledge_base, calendar)
    trainings = responder.reply("any PIM trainings coming up?")
    assert isinstance(trainings, EventsReply) and trainings.upcoming
    assert {event.kind for event, _ in trainings.upcoming} == {"training"}
    assert render(trainings)["blocks"][0]["text"]["text"] == "Next trainings"
    assert responder.from_ref(trainings.ref) == trainings, "Share in channel shares the trainings"
    every = responder.reply("events")
    assert len({event.kind for event, _ in every.upcoming}) > 1
    none = responder.reply("events briefings")
    assert isinstance(none, EventsReply) and not none.upcoming
    assert render(none)["text"] == "No upcoming briefings are listed. /pim events lists every kind."


def test_a_question_about_events_on_a_topic_lists_those_or_says_none_is(knowledge_base, tmp_path) -> None:
    """A cluster IMO's trial: "any training on JIAF this month?" listed a PIM training, as if it were on JIAF."""
    from datetime import UTC, datetime

    from bot.console.rendering import render_text
    from bot.reminders.calendar import Calendar
    from bot.replies import Responder
    from bot.slack.blocks import render
    from tests.conftest import knowledge_copy

    calendar = Calendar(knowledge_copy(tmp_path / "kb"), clock=lambda: datetime(2026, 11, 30, tzinfo=UTC))
    responder = Responder(knowledge_base, calendar)
    jiaf = responder.reply("any training on JIAF this month?")
    assert isinstance(jiaf, EventsReply) and jiaf.about == "JIAF" and not jiaf.about_found and jiaf.upcoming
    said = "None of the upcoming trainings mentions “JIAF”; here are all of them."
    assert render(jiaf)["blocks"][1]["elements"][0]["text"] == said
    assert render_text(jiaf).startswith(said)
    assert responder.from_ref(jiaf.ref) == jiaf, "Share in channel shares the same answer"
    sharing = responder.reply("any webinar on data sharing?")
    assert sharing.about_found and [e.id for e, _ in sharing.upcoming] == ["example-webinar"]
    assert "mentions" not in render_text(sharing)
    assert responder.reply("any PIM trainings coming up?").about == "", "PIM, coming up: no topic"


def test_a_question_about_events_in_a_period_says_when_none_falls_in_it(knowledge_base, tmp_path) -> None:
    """A CP coordinator's trial: "any training this month" showed February's without saying none was this month."""
    from datetime import UTC, datetime

    from bot.console.rendering import render_text
    from bot.reminders.calendar import Calendar
    from bot.replies import Responder
    from bot.slack.blocks import render
    from tests.conftest import knowledge_copy

    now = datetime(2026, 11, 30, 10, tzinfo=UTC)
    calendar = Calendar(knowledge_copy(tmp_path / "kb"), clock=lambda: now)
    responder = Responder(knowledge_base, calendar)
    month = responder.events(kind="training", within="this month", now=now)
    assert month.upcoming and not month.within_found
    said = "No trainings this month; here are the next ones."
    assert said in render_text(month) and said in str(render(month)["blocks"])
    this_week = responder.events(kind="working_meeting", within="this week", now=now)
    assert this_week.within_found and "No " not in render_text(this_week), "the meeting of Thursday 3 December"
    assert not responder.events(kind="working_meeting", within="next week", now=now).within_found
    asked = responder.reply("any training this month?")
    assert isinstance(asked, EventsReply) and asked.within == "this month"
    assert responder.from_ref(asked.ref) == asked, "Share in channel shares the same answer"


def test_the_shipped_example_events_are_said_to_be_examples(knowledge_base, tmp_path, make_knowledge) -> None:
    """Two trials read "Example: PIM training ..." as a real event to plan around."""
    from datetime import UTC, datetime

    from bot.console.rendering import render_text
    from bot.reminders.calendar import Calendar
    from bot.replies import Responder
    from bot.slack.blocks import render
    from tests.conftest import knowledge_copy

    now = datetime(2026, 11, 30, 10, tzinfo=UTC)
    shipped = Responder(knowledge_base, Calendar(knowledge_copy(tmp_path / "kb"), clock=lambda: now)).events(now=now)
    said = "are the examples pimbot comes with, not real events"
    assert said in render_text(shipped).replace("\n", " ") and said in str(render(shipped)["blocks"])
    events = (knowledge_copy(tmp_path / "kb2") / "events.yaml").read_text().replace("id: example-", "id: our-")
    own = make_knowledge({"events.yaml": events})
    real = Responder(knowledge_base, Calendar(own, clock=lambda: now)).events(now=now)
    assert real.upcoming and said not in render_text(real).replace("\n", " ") and said not in str(render(real))


@pytest.mark.parametrize(
    ("within", "start", "end"),
    [
        ("tomorrow", (2026, 12, 1), (2026, 12, 2)),
        ("this week", None, (2026, 12, 7)),
        ("next week", (2026, 12, 7), (2026, 12, 14)),
        ("this month", None, (2026, 12, 1)),
        ("next month", (2026, 12, 1), (2027, 1, 1)),
    ],
)
def test_periods_begin_and_end_on_utc_days_weeks_from_monday(within: str, start, end) -> None:
    from datetime import UTC, datetime

    from bot.replies.browsing import period

    now = datetime(2026, 11, 30, 10, tzinfo=UTC)  # a Monday
    begins, ends = period(within, now)
    assert begins == (now if start is None else datetime(*start, tzinfo=UTC)) and ends == datetime(*end, tzinfo=UTC)
    december = period("next month", datetime(2026, 12, 15, tzinfo=UTC))
    assert december == (datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC))
