"""The command line: most commands run in this process (`pimbot_cli`, the command's own code with its standard
input and output); the installed script runs as a user runs it, as a separate process."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.console.rendering import render_text
from bot.text.normalize import fold
from tests.conftest import ROOT, free_port, knowledge_copy


def test_chat_answers_each_line_like_slash_pim(pimbot_cli) -> None:
    result = pimbot_cli("chat", stdin="define do no harm\nwhat is DPIA?\n")
    assert result.returncode == 0, result.stderr
    assert "Do no harm  [PIM Principle 2]" in result.stdout
    assert "Data protection impact assessment" in result.stdout


def test_chat_did_you_mean_then_pick_by_number(pimbot_cli) -> None:
    result = pimbot_cli("chat", stdin="harm\n1\n")
    assert "Did you mean" in result.stdout
    assert "1) Do no harm" in result.stdout
    assert "Do no harm  [PIM Principle 2]" in result.stdout


def test_chat_a_bare_number_with_nothing_to_pick_says_so(pimbot_cli) -> None:
    result = pimbot_cli("chat", stdin="define informed consent\n3\n1951\n")
    assert "There is nothing to pick right now" in result.stdout
    assert "couldn't find" not in result.stdout.lower() and "“3”" not in result.stdout
    assert "1951 Refugee Convention" in result.stdout, "a year is still a term to look up"


def test_plain_pimbot_without_tokens_is_the_local_chat(pimbot_cli) -> None:
    result = pimbot_cli(stdin="principles\n")
    assert result.returncode == 0, result.stderr
    assert "8. Coordination and collaboration" in result.stdout


@pytest.mark.process
def test_console_script_is_installed(tmp_path) -> None:
    script = Path(sys.executable).parent / "pimbot"
    result = subprocess.run([script, "define", "SADD"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Disaggregation")


def test_define_json_answers_each_line_of_stdin(pimbot_cli) -> None:
    result = pimbot_cli("define", "--json", "-", stdin="IDPs\npizza\nharm\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["IDPs", "pizza", "harm"]
    idp, pizza, harm = lines
    assert idp["match"]["id"] == "internally-displaced-person" and idp["match"]["kind"] == "term"
    assert idp["match"]["score"] == 100
    assert pizza == {"query": "pizza", "match": None, "suggestions": []}
    assert harm["match"] is None and harm["suggestions"][0]["id"] == "do-no-harm"
    assert set(harm["suggestions"][0]) == {"id", "title", "score"}


def test_define_json_gives_one_line_per_input_line_blank_ones_too(pimbot_cli) -> None:
    result = pimbot_cli("define", "--json", "-", stdin="ISP\n\nDSA\r\n\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["ISP", "", "DSA", ""]
    assert lines[1] == lines[3] == {"query": "", "match": None, "suggestions": []}
    assert lines[2]["match"]["id"] == "data-sharing-agreement"


def test_define_single_query_in_json(pimbot_cli) -> None:
    result = pimbot_cli("define", "informed", "consent", "--json")
    assert json.loads(result.stdout)["match"]["id"] == "informed-consent"


def test_check_passes_on_the_shipped_knowledge(pimbot_cli) -> None:
    result = pimbot_cli("check")
    assert result.returncode == 0, result.stderr
    assert "OK, " in result.stdout


def test_check_reports_file_line_messages_and_exits_1(pimbot_cli, tmp_path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "terms.yaml").write_text(
        "terms:\n  - id: a\n    term: A\n    definition: something\n    source: https://pim.guide/\n    related: [b]\n"
    )
    result = pimbot_cli("check", str(folder))
    assert result.returncode == 1
    assert "kb/terms.yaml:6: entry 'a', field 'related': no entry has the id 'b'" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_without_tokens_is_a_one_line_error(pimbot_cli) -> None:
    result = pimbot_cli("serve")
    assert result.returncode == 2
    assert result.stderr.strip() == "pimbot: SLACK_BOT_TOKEN is not set; see README.md, 'Connecting to Slack'"


def test_socket_needs_the_app_token(pimbot_cli) -> None:
    result = pimbot_cli("socket", SLACK_BOT_TOKEN="xoxb-1")
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN is not set" in result.stderr


def test_malformed_setting_is_a_one_line_error(pimbot_cli) -> None:
    result = pimbot_cli("chat", PORT="eighty")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "PORT" in result.stderr


def test_tools_json_for_each_line_of_stdin(pimbot_cli) -> None:
    result = pimbot_cli("tools", "--json", "-", stdin="registration of refugees with biometrics\nhelp us with data\n")
    assert result.returncode == 0, result.stderr
    concrete, vague = (json.loads(line) for line in result.stdout.splitlines())
    assert concrete["situation"] == "registration of refugees with biometrics"
    assert concrete["clarify"] is None
    first = concrete["suggestions"][0]
    assert set(first) == {"id", "name", "categories", "score", "why", "basis"}
    assert "population-data" in first["categories"]
    assert {"id": "informed-consent-and-confidentiality", "title": "Informed consent and confidentiality"} in concrete[
        "principles"
    ]
    assert vague["suggestions"] == [] and vague["clarify"]["question"]
    assert len(vague["clarify"]["options"]) == 9


def test_tools_json_gives_one_line_per_input_line_blank_ones_too(pimbot_cli) -> None:
    result = pimbot_cli("tools", "--json", "-", stdin="\nkobo forms offline\n\n")
    blank, kobo, last = (json.loads(line) for line in result.stdout.splitlines())
    assert blank == last and blank["situation"] == "" and blank["suggestions"] == [] and blank["clarify"] is None
    assert kobo["suggestions"][0]["id"] == "kobotoolbox"


def test_tools_with_nothing_described_gives_the_help_of_slash_pim_tools(pimbot_cli, responder) -> None:
    result = pimbot_cli("tools", "")
    assert result.returncode == 0, result.stderr
    assert "“”" not in result.stdout
    assert result.stdout.strip() == render_text(responder.reply("tools")).strip()


def test_chat_suggests_tools_and_a_number_answers_the_clarifying_question(pimbot_cli) -> None:
    result = pimbot_cli("chat", stdin="tools help us with data\n4\n")
    assert "Which kind of information do you need?" in result.stdout
    assert "4) Case management" in result.stdout
    assert "Tools for: Case management" in result.stdout
    suggested = result.stdout.split("Tools for: Case management", 1)[1]
    assert re.search(r"PIM Matrix: [^\n]*Case management", suggested), "the category's own tools are suggested"


def test_chat_a_tools_number_reads_that_tool_and_an_options_name_picks_it(pimbot_cli) -> None:
    """Found by a new user's trial: after a tool list, "1" said there was nothing to pick; "something else" while
    the question was open was read as a new situation and asked the same question again."""
    result = pimbot_cli("chat", stdin="tools we need to count people crossing the border each day\n1\n2\nmore\n")
    assert "Type a tool's number to read all about it." in result.stdout
    first = re.search(r"\n1\. ([^\n(\[]+?)(?: \(| {2}\[)", result.stdout)
    assert first and f"{first.group(1)}  [Tool or system]" in result.stdout, "its entry, in full"
    entry = result.stdout.split(f"{first.group(1)}  [Tool or system]", 1)[1]
    assert "Not for:" in entry.split("\n\n")[0] and "Personal data:" in entry.split("\n\n")[0], "as in the list"
    assert result.stdout.count("[Tool or system]") == 2, "after reading one tool, another number reads another"
    assert "\n4. " in result.stdout and "Nothing more to show" not in result.stdout, "and 'more' still shows the rest"
    result = pimbot_cli("chat", stdin="tools help us with data\nsomething else\n")
    assert result.stdout.count("Which kind of information do you need?") == 1
    assert "Describe your situation" in result.stdout
    assert "principles | matrix | process" not in result.stdout, "only the line that matters, and help for the rest"
    result = pimbot_cli("chat", stdin="tools help us with data\n9\nfor our partners, quickly\n")
    assert result.stdout.count("Which kind of information do you need?") == 1, "never the same question twice"
    assert "only the closest tools" in result.stdout


def test_chat_reads_a_long_description_as_a_situation(pimbot_cli) -> None:
    result = pimbot_cli("chat", stdin="we need mobile forms that work offline for a household survey\nmore\n")
    assert "Suggested tools and systems" in result.stdout
    assert "KoBoToolbox" in result.stdout
    assert "\n4. " in result.stdout, "'more' shows the suggestions after the first three"
    assert result.stdout.count("\n1. ") == 1 and result.stdout.count("Suggested tools and systems") == 1, (
        "'more' prints only what was not printed yet"
    )


def test_a_broken_events_file_stops_the_start_with_file_line(pimbot_cli, tmp_path) -> None:
    folder = knowledge_copy(tmp_path / "kb")
    events = folder / "events.yaml"
    events.write_text(events.read_text().replace("timezone: Europe/Copenhagen", "timezone: Europe/Kopenhagen"))
    result = pimbot_cli("events", PIM_KNOWLEDGE_DIR=str(folder))
    assert result.returncode == 1
    assert "events.yaml:17: event 'example-monthly-working-meeting', field 'timezone'" in result.stderr
    assert "did you mean 'Europe/Copenhagen'?" in result.stderr


def test_events_says_why_a_reminder_goes_nowhere(pimbot_cli, tmp_path) -> None:
    """A shipped example is posted nowhere even with a reminder channel set: the reason given is that one."""
    result = pimbot_cli("events", PIM_REMINDER_CHANNEL="C0123ABCD")
    assert result.returncode == 0
    assert "not posted: a shipped example (PIM_POST_EXAMPLES=on posts it)" in result.stdout
    assert "no channel yet" not in result.stdout
    posted = pimbot_cli("events", PIM_REMINDER_CHANNEL="C0123ABCD", PIM_POST_EXAMPLES="on")
    assert "-> C0123ABCD" in posted.stdout
    nowhere = pimbot_cli("events", PIM_POST_EXAMPLES="on")
    assert "no channel yet" in nowhere.stdout and "a shipped example" not in nowhere.stdout, "posted, once it has one"


def test_an_events_file_with_a_misspelt_top_level_key_is_reported_not_read_as_no_events(pimbot_cli, tmp_path) -> None:
    folder = knowledge_copy(tmp_path / "kb")
    events = folder / "events.yaml"
    events.write_text(events.read_text().replace("\nevents:\n", "\nevent:\n"))
    result = pimbot_cli("events", PIM_KNOWLEDGE_DIR=str(folder))
    assert result.returncode == 1, "not 'No upcoming events.'"
    assert "events.yaml:7: unknown top-level key 'event'" in result.stderr


@pytest.mark.process  # waits out the Slack client's retries (about 5 s): run first, overlapping quick tests
def test_socket_mode_that_cannot_reach_slack_says_so_in_one_line(pimbot_cli, tmp_path) -> None:
    settings = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "SLACK_API_URL": "http://127.0.0.1:9/api/",
                "PIM_SCHEDULER": "off", "PIM_KNOWLEDGE_DIR": str(knowledge_copy(tmp_path / "kb"))}  # fmt: skip
    result = pimbot_cli("socket", **settings)
    assert result.returncode == 2
    assert "pimbot: cannot connect to Slack in Socket Mode (" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["serve", "clock"])
def test_a_broken_events_file_stops_the_reminding_processes_too(run_pimbot, tmp_path, command) -> None:
    """Reminders must not go quiet unnoticed: the processes that post them refuse to start (a real process, so
    that one that started anyway would be stopped by the timeout, not hang the suite)."""
    folder = knowledge_copy(tmp_path / "kb")
    events = folder / "events.yaml"
    events.write_text(events.read_text().replace("timezone: Europe/Copenhagen", "timezone: Europe/Kopenhagen"))
    slack = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "secret", "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    result = run_pimbot(command, PIM_KNOWLEDGE_DIR=str(folder), PORT=str(free_port()), **slack)
    assert result.returncode == 1
    assert "events.yaml:17: event 'example-monthly-working-meeting', field 'timezone'" in result.stderr


def test_asking_which_tool_is_a_tools_question(pimbot_cli) -> None:
    result = pimbot_cli("chat", stdin="which tool for 5W?\n")
    assert "Suggested tools and systems" in result.stdout
    assert "Who does What Where When" in result.stdout


def test_tools_json_carries_the_safety_alerts(pimbot_cli) -> None:
    stdin = "registration of refugees with biometrics\nthe army wants the names of people in the camp\n"
    result = pimbot_cli("tools", "--json", "-", stdin=stdin)
    assert result.returncode == 0, result.stderr
    ordinary, request = (json.loads(line) for line in result.stdout.splitlines())
    assert ordinary["alerts"] == [] and ordinary["data_sits_in"] == []
    [alert] = request["alerts"]
    assert set(alert) == {"kind", "title", "points", "entries"}
    assert alert["kind"] == "data-request" and alert["title"] == "Before any personal data leaves your hands"
    assert any("aggregate or de-identified" in point for point in alert["points"])
    assert "purpose-limitation" in alert["entries"]
    assert request["clarify"] is None, "a request gets the safe course, not a question"


def test_an_unreachable_database_stops_the_start_with_one_line_and_no_password(pimbot_cli) -> None:
    port = free_port()  # nothing listens there
    url = f"postgresql://pimbot:hunter2-secret@127.0.0.1:{port}/pimbot"
    result = pimbot_cli("serve", DATABASE_URL=url, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("pimbot: cannot use the database postgresql+psycopg://***@127.0.0.1:")
    assert "hunter2-secret" not in result.stderr + result.stdout


def test_export_writes_the_glossary_with_sources_and_review_dates(pimbot_cli, tmp_path) -> None:
    result = pimbot_cli("export", "--format", "csv", "--kind", "principle")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["name"] for r in rows][:2] == ["1. People-centred and inclusive", "2. Do no harm"]
    assert len(rows) == 8 and all(r["sources"].startswith("http") and r["reviewed"] for r in rows)

    markdown = pimbot_cli("export", "--kind", "term").stdout
    names = [line.removeprefix("### ") for line in markdown.splitlines() if line.startswith("### ")]
    assert names == sorted(names, key=fold) and "Informed consent" in names

    page = tmp_path / "glossary.html"
    assert pimbot_cli("export", "--format", "html", "--output", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert html.count("<dt ") >= 320 and "@media print" in html
    assert not re.search(r"<script|<link|<img|src=", html), "one self-contained page"


def test_a_first_make_run_says_what_it_is_doing_at_each_install_step(tmp_path) -> None:
    """A first `make run` installs for about half a minute; it once did so in silence, which looks like a hang."""
    dry_run = subprocess.run(
        ["make", "--dry-run", f"VENV={tmp_path / 'venv'}", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert dry_run.returncode == 0, dry_run.stderr
    steps = dry_run.stdout.splitlines()
    installing = [i for i, line in enumerate(steps) if " -m venv " in line or " -m pip install" in line]
    assert len(installing) == 4
    assert all(steps[i - 1].startswith('echo "pimbot: [') for i in installing), steps


def test_chat_a_number_after_a_collection_reads_that_numbered_entry(pimbot_cli) -> None:
    """A data protection officer's trial: "4" after "principles" said there was nothing to pick."""
    result = pimbot_cli("chat", stdin="principles\n4\n")
    assert "Informed consent and confidentiality  [PIM Principle 4]" in result.stdout
    assert "nothing to pick" not in result.stdout.lower()
