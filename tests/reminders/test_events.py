"""The events file: checked by file and line, and times that stay right across time zones and DST."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import SHIPPED_KNOWLEDGE
from bot.knowledge.yamlfile import KnowledgeError
from bot.reminders.events import Event, describe_span, parse_span
from bot.reminders.events_file import load_events
from bot.reminders.posting import channels_for

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def event(**overrides) -> Event:
    values = {
        "id": "meeting",
        "title": "Meeting",
        "kind": "working_meeting",
        "description": "d",
        "url": "https://pim.guide/",
        "start": datetime(2026, 10, 15, 14, 0, tzinfo=COPENHAGEN),
        "zone": COPENHAGEN,
        "duration": timedelta(minutes=90),
    }
    values.update(overrides)
    return Event(**values)


def test_shipped_example_events_load_and_are_labelled() -> None:
    events, warnings = load_events(SHIPPED_KNOWLEDGE, now=datetime(2026, 11, 26, tzinfo=UTC))
    assert len(events) >= 3
    assert all(e.title.startswith("Example") for e in events)
    assert len(warnings) == len(events) and all("is an example shipped with pimbot" in w.message for w in warnings)
    assert all("not posted unless PIM_POST_EXAMPLES=on" in w.message for w in warnings)


def test_shipped_examples_are_reminded_nowhere_unless_a_coordinator_opts_in() -> None:
    events, _ = load_events(SHIPPED_KNOWLEDGE, now=datetime(2026, 11, 26, tzinfo=UTC))
    subscribed = [("C0SUBSCRIBED", "all")]
    for example in events:
        assert channels_for(example, ["C0DEFAULT"], subscribed) == []
        assert channels_for(example, ["C0DEFAULT"], subscribed, post_examples=True) == ["C0DEFAULT", "C0SUBSCRIBED"]
    own = event(id="protection-cluster-meeting")
    assert channels_for(own, ["C0DEFAULT"], subscribed) == ["C0DEFAULT", "C0SUBSCRIBED"]


def test_weekly_meeting_stays_at_14_local_across_the_end_and_start_of_dst() -> None:
    weekly = event(repeat="FREQ=WEEKLY")
    starts = list(weekly.occurrences(datetime(2026, 10, 1, tzinfo=UTC), datetime(2027, 4, 10, tzinfo=UTC)))
    assert {s.astimezone(COPENHAGEN).hour for s in starts} == {14}
    utc_hours = {s.date().isoformat(): s.astimezone(UTC).hour for s in starts}
    assert utc_hours["2026-10-22"] == 12  # CEST, UTC+2
    assert utc_hours["2026-10-29"] == 13  # CET, UTC+1, after 25 October
    assert utc_hours["2027-04-01"] == 12  # CEST again, after 28 March


def test_monthly_first_thursday() -> None:
    monthly = event(start=datetime(2026, 12, 3, 14, tzinfo=COPENHAGEN), repeat="FREQ=MONTHLY;BYDAY=1TH")
    starts = list(monthly.occurrences(datetime(2026, 11, 1, tzinfo=UTC), datetime(2027, 4, 30, tzinfo=UTC)))
    assert [s.date().isoformat() for s in starts] == ["2026-12-03", "2027-01-07", "2027-02-04", "2027-03-04", "2027-04-01"]
    assert all(s.weekday() == 3 and s.day <= 7 for s in starts)


def test_yearly_and_one_off() -> None:
    yearly = event(repeat="FREQ=YEARLY;INTERVAL=1")
    assert [s.year for s in yearly.occurrences(datetime(2026, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))] == [
        2026,
        2027,
        2028,
    ]
    once = event()
    assert list(once.occurrences(datetime(2026, 10, 16, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))) == []
    assert once.next_start(datetime(2026, 10, 1, tzinfo=UTC)) == once.start


def test_spans() -> None:
    assert parse_span("90m") == timedelta(minutes=90)
    assert parse_span("1h30m") == timedelta(minutes=90)
    assert parse_span("7d") == timedelta(days=7)
    assert parse_span("30s") == timedelta(seconds=30)
    assert parse_span("soon") is None and parse_span("") is None
    assert describe_span(timedelta(days=1)) == "1 day"
    assert describe_span(timedelta(minutes=10)) == "10 minutes"


GOOD = """\
  - id: ok
    title: OK
    kind: webinar
    description: fine
    url: https://pim.guide/
    starts_at: "2027-01-20T15:00:00+03:00"
    duration: 1h
"""


def problems_in(make_knowledge, text: str) -> str:
    folder = make_knowledge({"events.yaml": "events:\n" + text})
    with pytest.raises(KnowledgeError) as caught:
        load_events(folder)
    return "\n".join(str(p) for p in caught.value.problems)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('starts_at: "2027-01-20T15:00:00+03:00"', 'starts_at: "20 January"'),
            "events.yaml:7: event 'ok', field 'starts_at'",
        ),
        (('starts_at: "2027-01-20T15:00:00+03:00"', 'starts_at: "2027-01-20T15:00:00"'), "give an offset"),
        (("duration: 1h", "duration: 1h\n    timezone: Mars/Olympus"), "'Mars/Olympus' is not a time zone name"),
        (("duration: 1h", "duration: 1h\n    timezone: Europe/Copenhagen"), "does not match Europe/Copenhagen"),
        (("duration: 1h", "duration: 1h\n    repeat: FREQ=SOMETIMES"), "events.yaml:9: event 'ok', field 'repeat'"),
        (("duration: 1h", "duration: 1h\n    repeat: DTSTART:20270101T000000;FREQ=DAILY"), "leave DTSTART out"),
        (("duration: 1h", "duration: soon"), "'soon' is not a length of time"),
        (("duration: 1h", "duration: 1h\n    remind: [1d, later]"), "'later' is not a length of time"),
        (("duration: 1h", "duration: 1h\n    channels: ['#general']"), "is not a Slack channel id"),
        (("kind: webinar", "kind: party"), "field 'kind': must be working_meeting, webinar"),
        (("url: https://pim.guide/", "url: pim.guide"), "is not a web address"),
        (('starts_at: "2027-01-20T15:00:00+03:00"', 'starts_at: "2027-01-20"'), "has no time of day"),
        (("duration: 1h", "duration: 1h\n    repeat: FREQ=MINUTELY"), "more often than daily"),
        (("duration: 1h", "duration: 1h\n    repeat: monthly"), "(see RFC 5545"),
        (("duration: 1h", "duration: 1h\n    timezone: africa/nairobi"), "did you mean 'Africa/Nairobi'?"),
        (("duration: 1h", "duration: 1h\n    timezone: Africa/Nairobbi"), "did you mean 'Africa/Nairobi'?"),
    ],
)
def test_bad_events_are_reported_by_file_line_and_field(make_knowledge, change, expected) -> None:
    old, new = change
    assert expected in problems_in(make_knowledge, GOOD.replace(old, new))


def test_duplicate_event_ids(make_knowledge) -> None:
    assert "'ok' is already used at line 2" in problems_in(make_knowledge, GOOD + GOOD)


def test_a_past_one_off_event_is_a_warning_not_an_error(make_knowledge) -> None:
    folder = make_knowledge({"events.yaml": "events:\n" + GOOD})
    events, warnings = load_events(folder, now=datetime(2027, 6, 1, tzinfo=UTC))
    assert len(events) == 1
    [warning] = warnings
    assert "is over" in warning.message and warning.line == 2


def test_a_start_the_repeat_rule_never_gives_is_a_warning(make_knowledge) -> None:
    """A new admin's trial: first Tuesdays from a Thursday start skipped the first meeting without a word."""
    off = TWO_EVENTS.replace('"2026-12-03T14:00:00+01:00"', '"2026-12-03T10:00:00+03:00"').replace("1TH", "1TU")
    _, warnings = load_events(make_knowledge({"events.yaml": off}), now=datetime(2026, 11, 30, tzinfo=UTC))
    [warning] = warnings
    assert warning.line == 2 and "'monthly'" in warning.message
    assert "(Thu 2026-12-03 10:00) is not a date its repeat rule gives" in warning.message
    assert "the first one is Tue 2027-01-05 10:00" in warning.message
    _, none = load_events(make_knowledge({"events.yaml": TWO_EVENTS}), now=datetime(2026, 11, 30, tzinfo=UTC))
    assert none == [], "a start on the rule's own day is fine"


def test_local_time_with_timezone(make_knowledge) -> None:
    text = GOOD.replace('"2027-01-20T15:00:00+03:00"', '"2027-01-20T15:00"\n    timezone: Africa/Nairobi')
    folder = make_knowledge({"events.yaml": "events:\n" + text})
    [loaded], _ = load_events(folder, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert loaded.start.astimezone(UTC).hour == 12
    assert loaded.zone_name == "Africa/Nairobi"


def test_until_in_utc_is_accepted_and_ends_the_repeats(make_knowledge) -> None:
    text = GOOD.replace("duration: 1h", "duration: 1h\n    repeat: FREQ=MONTHLY;UNTIL=20270321T000000Z")
    folder = make_knowledge({"events.yaml": "events:\n" + text})
    [monthly], _ = load_events(folder, now=datetime(2026, 1, 1, tzinfo=UTC))
    starts = list(monthly.occurrences(datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)))
    assert [s.month for s in starts] == [1, 2, 3]


def test_the_same_reminder_twice_is_sent_once(make_knowledge) -> None:
    folder = make_knowledge(
        {"events.yaml": "events:\n" + GOOD.replace("duration: 1h", "duration: 1h\n    remind: [1d, 1h, 1h]")}
    )
    [loaded], _ = load_events(folder, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert loaded.remind == (timedelta(days=1), timedelta(hours=1))


def test_an_events_file_that_is_not_valid_yaml_is_an_error_not_silence(make_knowledge) -> None:
    folder = make_knowledge({"events.yaml": "events:\n  - id: x\n    channels: [#protection]\n    title: [unclosed\n"})
    assert "events.yaml" in problems_in_folder(folder)


def problems_in_folder(folder) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_events(folder)
    return "\n".join(str(p) for p in caught.value.problems)


TWO_EVENTS = """\
events:
  - id: monthly
    title: Monthly
    kind: working_meeting
    description: d
    url: https://pim.guide/
    starts_at: "2026-12-03T14:00:00+01:00"
    repeat: FREQ=MONTHLY;BYDAY=1TH
    duration: 1h
  - id: weekly
    title: Weekly
    kind: webinar
    description: d
    url: https://pim.guide/
    starts_at: "2026-12-08T10:00:00+01:00"
    repeat: FREQ=WEEKLY
    duration: 1h
"""


def test_upcoming_is_kept_until_the_soonest_start_passes_and_then_worked_out_again(make_knowledge) -> None:
    from bot.reminders.calendar import Calendar

    calendar = Calendar(make_knowledge({"events.yaml": TWO_EVENTS}), clock=lambda: datetime(2026, 12, 1, tzinfo=UTC))
    before = calendar.upcoming(datetime(2026, 12, 1, tzinfo=UTC))
    assert [(e.id, s.date().isoformat()) for e, s in before] == [("monthly", "2026-12-03"), ("weekly", "2026-12-08")]
    after_first = calendar.upcoming(datetime(2026, 12, 4, tzinfo=UTC))
    assert [(e.id, s.date().isoformat()) for e, s in after_first] == [("weekly", "2026-12-08"), ("monthly", "2027-01-07")]
    after_second = calendar.upcoming(datetime(2026, 12, 9, tzinfo=UTC))
    assert [(e.id, s.date().isoformat()) for e, s in after_second] == [("weekly", "2026-12-15"), ("monthly", "2027-01-07")]


def test_an_edited_events_file_is_read_in_the_background(make_knowledge) -> None:
    """The reading is held up (by a listener that waits) and `refresh_soon` returns all the same: done inline, it
    would wait the listener's 10 s out and be over by the time it returned."""
    from bot.reminders.calendar import Calendar

    folder = make_knowledge({"events.yaml": TWO_EVENTS})
    calendar = Calendar(folder, clock=lambda: datetime(2026, 12, 1, tzinfo=UTC))
    release, read_in = threading.Event(), []
    calendar.folder.listen(lambda snapshot: (read_in.append(threading.current_thread()), release.wait(10)))
    (folder / "events.yaml").write_text(TWO_EVENTS.replace("title: Weekly", "title: Weekly clinic"))
    calendar.refresh_soon()
    assert calendar.folder.reading(), "still reading when refresh_soon returned"
    release.set()
    calendar.folder.wait(timeout=10)
    assert read_in and read_in[0] is not threading.current_thread()
    assert [e.title for e in calendar.events()] == ["Monthly", "Weekly clinic"]
