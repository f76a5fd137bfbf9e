"""Button values are made and read in one place, and every reply rebuilds itself from its own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.replies import refs
from bot.text.echo import without_contacts


@pytest.mark.parametrize(
    "ref",
    [
        refs.EntryRef("do-no-harm"),
        refs.CompareRef("information-sharing-protocol", "data-sharing-agreement"),
        refs.CollectionRef("principle"),
        refs.ListRef(),
        refs.ListRef("tool"),
        refs.HelpRef(),
        refs.HelpRef("tools"),
        refs.EventsRef(),
        refs.EventsRef(everything=True),
        refs.EventsRef(kind="training"),
        refs.EventsRef(kind="training", about="JIAF"),
        refs.EventsRef(about="data sharing"),
        refs.EventsRef(everything=True, about="kobo"),
        refs.EventsRef(kind="training", about="JIAF", within="this month"),
        refs.EventsRef(within="next week"),
        refs.EventsRef(everything=True, within="today"),
        refs.ToolsRef(3, "case-management", "follow up cases: with colons"),
        refs.ToolsRef(8, "", "no category"),
        refs.DescribeRef("help us with data: please"),
    ],
)
def test_every_ref_survives_a_round_trip(ref: refs.Ref) -> None:
    assert refs.decode(refs.encode(ref)) == ref


@given(st.text(max_size=refs.MAX_REF_TEXT))
def test_any_situation_survives_a_round_trip_without_its_contacts(situation: str) -> None:
    kept = without_contacts(situation)
    assert refs.decode(refs.encode(refs.ToolsRef(3, "", situation))) == refs.ToolsRef(3, "", kept)


def test_a_button_keeps_no_phone_number_or_email() -> None:
    value = refs.encode(refs.ToolsRef(3, "", "her number is +380 67 123 4567, mail olena@ngo.org"))
    assert value == "tools:3::her number is , mail "


def test_a_long_situation_is_cut_to_fit_a_button() -> None:
    value = refs.encode(refs.ToolsRef(3, "", "x" * 5000))
    assert len(value) <= 2000


@pytest.mark.parametrize("value", ["", "entry:", "compare:a", "compare:a:a", "tools:x:case:text", "bogus:1", "collection:"])
def test_old_or_forged_values_decode_to_nothing(value: str) -> None:
    assert refs.decode(value) is None


def test_an_events_value_with_a_kind_pimbot_does_not_know_lists_every_kind() -> None:
    assert refs.decode("events:party") == refs.EventsRef()
    assert refs.decode("events:webinar") == refs.EventsRef(kind="webinar")


def test_every_reply_with_a_ref_is_rebuilt_from_it(responder) -> None:
    for text in ("define do no harm", "ISP vs DSA", "principles", "list", "help", "tools", "events",
                 "tools we need to register new arrivals"):  # fmt: skip
        reply = responder.reply(text)
        assert reply.ref, text
        assert responder.from_ref(reply.ref) == reply, text


def test_an_events_value_from_before_periods_or_with_an_unknown_one_still_decodes() -> None:
    assert refs.decode("events:training:JIAF") == refs.EventsRef(kind="training", about="JIAF")
    assert refs.decode("events:training@someday:JIAF") == refs.EventsRef(kind="training", about="JIAF")
