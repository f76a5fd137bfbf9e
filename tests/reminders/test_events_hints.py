"""What `pimbot check` says about the mistakes a coordinator really makes in events.yaml (issue 13).

A wrong hint here is worse than none: following "did you mean 'UTC'?" for `UTC+3` posts every reminder
three hours off. Each case runs the command's own code on a folder holding the mistake.
"""

from __future__ import annotations

import pytest

from bot.cli import main

TERMS = """\
terms:
  - id: working-meeting
    term: Working meeting
    definition: A meeting where colleagues share updates.
    source: https://pim.guide/
    reviewed: 2026-11-29
"""
EVENT = """\
events:
  - id: juba-pim-meeting
    title: "Juba PIM working meeting"
    kind: working_meeting
    description: Monthly meeting of protection and IM colleagues.
    url: https://pim.guide/
    starts_at: "2027-01-07T14:00:00"
    timezone: Africa/Juba
    duration: 1h
    repeat: FREQ=MONTHLY;BYDAY=1TH
    remind: [1d, 1h]
"""


def check(make_knowledge, capsys, events: str) -> tuple[int, list[str]]:
    """`pimbot check` on a folder with this events file: its exit code and its stderr lines."""
    folder = make_knowledge({"terms.yaml": TERMS, "events.yaml": events})
    code = main(["check", str(folder)])
    return code, capsys.readouterr().err.splitlines()


def test_the_good_file_passes(make_knowledge, capsys) -> None:
    assert check(make_knowledge, capsys, EVENT) == (0, [])


@pytest.mark.parametrize(("written", "sign", "etc"), [("UTC+3", "+03:00", "Etc/GMT-3"), ("GMT-5", "-05:00", "Etc/GMT+5")])
def test_a_fixed_offset_gets_a_correct_hint_never_a_zone_with_another_offset(
    make_knowledge, capsys, written: str, sign: str, etc: str
) -> None:
    code, [_, problem] = check(make_knowledge, capsys, EVENT.replace("Africa/Juba", written))
    assert code == 1 and "events.yaml:8: " in problem and "field 'timezone'" in problem
    assert f"2027-01-07T14:00:00{sign}" in problem
    assert f"{etc} (its sign is inverted" in problem
    assert "did you mean 'UTC'" not in problem and "did you mean" not in problem


def test_an_abbreviation_gets_no_look_alike_zone(make_knowledge, capsys) -> None:
    _, [_, problem] = check(make_knowledge, capsys, EVENT.replace("Africa/Juba", "EAT"))
    assert "abbreviation" in problem and "EET" not in problem


def test_an_unquoted_channel_name_is_reported_on_its_line_as_a_comment(make_knowledge, capsys) -> None:
    code, [_, problem] = check(make_knowledge, capsys, EVENT + "    channels: [#pim-juba]\n")
    assert code == 1 and "events.yaml:12: " in problem
    assert "'#pim-juba' is read as a comment" in problem and "channel id like C0123ABCD" in problem


def test_a_channel_name_alone_after_the_colon_is_explained(make_knowledge, capsys) -> None:
    code, [_, problem] = check(make_knowledge, capsys, EVENT + "    channels: #pim-juba\n")
    assert code == 1 and "events.yaml:12: " in problem
    assert "'#' starts a YAML comment" in problem and "C0123ABCD" in problem


def test_an_unclosed_quote_is_reported_where_it_opened(make_knowledge, capsys) -> None:
    code, [_, problem] = check(make_knowledge, capsys, EVENT.replace('meeting"', "meeting"))
    assert code == 1 and "events.yaml:3: " in problem
    assert "quote" in problem and "not closed" in problem and "indentation" not in problem


def test_a_reminder_further_ahead_than_the_next_meeting_is_refused(make_knowledge, capsys) -> None:
    code, [_, problem] = check(make_knowledge, capsys, EVENT.replace("[1d, 1h]", "[400d]"))
    assert code == 1 and "events.yaml:11: " in problem and "field 'remind'" in problem
    assert "400 days is longer than the 4 weeks between two occurrences" in problem


def test_a_reminder_more_than_sixty_days_ahead_is_a_warning(make_knowledge, capsys) -> None:
    one_off = EVENT.replace("    repeat: FREQ=MONTHLY;BYDAY=1TH\n", "").replace("[1d, 1h]", "[70d, 1d]")
    code, [warning] = check(make_knowledge, capsys, one_off)
    assert code == 0 and "warning: event 'juba-pim-meeting', field 'remind': 10 weeks ahead" in warning


def test_a_misspelt_timezone_is_one_problem(make_knowledge, capsys) -> None:
    code, [_, problem] = check(make_knowledge, capsys, EVENT.replace("timezone:", "timezon:"))
    assert code == 1 and "unknown field 'timezon' (did you mean 'timezone'?)" in problem
