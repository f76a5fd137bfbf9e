"""/pim define and its buttons: signed requests into pimbot's Slack listeners in this process (`slack_app`),
and, for what only a server shows (health, signatures on the wire, its log, reloading), into a running
`pimbot serve`; replies recorded by the fake Slack API."""

from __future__ import annotations

import json
import logging
import shutil
import socket
import threading
import time
from urllib.parse import quote

import pytest

from bot.config import SHIPPED_KNOWLEDGE
from bot.knowledge.loading import load_knowledge
from bot.testing.fake_slack import FakeSlack
from bot.testing.slack_requests import (
    USER_ID,
    button_press,
    direct_message,
    event_callback,
    http,
    mention,
    signed_headers,
    slash_command,
    view_submission,
)
from tests.conftest import (
    ADMIN_ID,
    SENTINEL_CHANNEL,
    InProcessSlack,
    RunningServer,
    in_process_slack,
    knowledge_copy,
    settle,
)


def ask(server: InProcessSlack | RunningServer, fake: FakeSlack, text: str) -> dict:
    """Send `/pim TEXT` and return the ephemeral reply Slack would show."""
    result = server.post(slash_command(text, fake.response_url()))
    assert result.status == 200, result.body
    return result.json()


def buttons(message: dict) -> list[dict]:
    found = []
    for block in message["blocks"]:
        if block["type"] == "actions":
            found.extend(block["elements"])
        if block.get("accessory", {}).get("type") == "button":
            found.append(block["accessory"])
    return found


def all_text(message: dict) -> str:
    return json.dumps(message, ensure_ascii=False)


def test_health_check_reports_the_loaded_knowledge_base(pimbot_server: RunningServer) -> None:
    result = http("GET", pimbot_server.url + "/healthz")
    assert result.status == 200
    assert result.json()["entries"] >= 90


def test_define_answers_privately_with_the_entry_and_a_share_button(slack_app, fake_slack) -> None:
    reply = ask(slack_app, fake_slack, "define informed consent")
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith("Informed consent (Term):")
    assert "*Informed consent*" in reply["blocks"][0]["text"]["text"]
    share = [b for b in buttons(reply) if b["action_id"] == "pim_share"]
    assert share and share[0]["value"] == "entry:informed-consent"
    source = load_knowledge(SHIPPED_KNOWLEDGE).get("informed-consent").sources[0]
    assert f"<{source}|" in all_text(reply)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("what is pseudonymization?", "Pseudonymisation"),
        ("do no harm", "Do no harm"),
        ("DPIA", "Data protection impact assessment"),
        ("IDPs", "Internally displaced person"),
        ("anonymsation", "Anonymisation"),
    ],
)
def test_questions_acronyms_plurals_and_typos_find_the_entry(slack_app, fake_slack, text, title) -> None:
    reply = ask(slack_app, fake_slack, text)
    assert reply["blocks"][0]["text"]["text"].startswith(f"*{title}*")


def test_unsure_answer_offers_buttons_and_pressing_one_shows_that_entry(slack_app, fake_slack) -> None:
    reply = ask(slack_app, fake_slack, "define harm")
    assert "Did you mean" in reply["text"]
    choices = [b for b in buttons(reply) if b["action_id"].startswith("pim_open_")]
    assert 1 <= len(choices) <= 3
    picked = next(b for b in choices if b["value"] == "entry:do-no-harm")

    press = slack_app.post(button_press(picked["action_id"], picked["value"], fake_slack.response_url("pick")))
    assert press.status == 200
    [sent] = fake_slack.wait_for("/response/pick")
    assert sent.body["replace_original"] is True
    assert sent.body["blocks"][0]["text"]["text"].startswith("*Do no harm*")


def test_share_posts_the_answer_in_channel_and_removes_the_private_copy(slack_app, fake_slack) -> None:
    press = slack_app.post(button_press("pim_share", "entry:do-no-harm", fake_slack.response_url("share")))
    assert press.status == 200
    calls = fake_slack.wait_for("/response/share", count=2)
    assert len(calls) == 2
    shared, deleted = calls[0].body, calls[1].body
    assert shared["response_type"] == "in_channel"
    assert shared["blocks"][0]["text"]["text"].startswith("*Do no harm*")
    assert "pim_share" not in all_text(shared)
    assert f"<@{USER_ID}>" in all_text(shared)
    assert deleted == {"delete_original": True}


def test_a_refused_reply_is_retried_until_slack_accepts_it(slack_app, fake_slack) -> None:
    fake_slack.fail_next("/response/retry", 500)
    slack_app.post(button_press("pim_open_0", "entry:data", fake_slack.response_url("retry")))
    calls = fake_slack.wait_for("/response/retry", count=2, timeout=10)
    assert len(calls) == 2
    assert calls[0].body == calls[1].body


def test_not_pim_gets_an_honest_not_found(slack_app, fake_slack) -> None:
    reply = ask(slack_app, fake_slack, "define kubernetes")
    assert "couldn't find" in reply["text"]
    assert "/pim list" in reply["text"]
    assert not [b for b in buttons(reply) if b["action_id"].startswith("pim_open_")]


def test_echoed_user_text_cannot_ping_anyone(slack_app, fake_slack) -> None:
    reply = ask(slack_app, fake_slack, "define <!channel> <@U999> <https://evil.example|click> &lt;b&gt; @here")
    text = all_text(reply)
    assert "&lt;b&gt;" in text, "typed angle brackets are echoed escaped"
    assert "@\u200bhere" in text, "a bare @here is broken"
    for live in ("<!channel>", "<@U999>", "<https://evil.example", "U999"):
        assert live not in text, "mentions are dropped before anything reads the text"


def test_help_and_empty_command_explain_the_bot(slack_app, fake_slack) -> None:
    for text in ("", "help"):
        reply = ask(slack_app, fake_slack, text)
        assert "/pim define" in all_text(reply)
        assert "/pim list" in all_text(reply)


def test_list_and_framework_collections(slack_app, fake_slack) -> None:
    listing = ask(slack_app, fake_slack, "list")
    assert listing["blocks"][0]["type"] == "header"
    assert "Do no harm" in all_text(listing) and "Pseudonymisation" in all_text(listing)
    assert len(listing["blocks"]) <= 50
    principles = ask(slack_app, fake_slack, "principles")
    assert "*8. Coordination and collaboration*" in all_text(principles)
    process = ask(slack_app, fake_slack, "process")
    numbered = [
        b["text"]["text"] for b in process["blocks"] if b["type"] == "section" and b["text"]["text"][:2] in ("*1", "*4")
    ]
    assert numbered[0].startswith("*1. Assess information landscape*")
    assert numbered[-1].startswith("*4. Evaluate impact*")
    matrix = ask(slack_app, fake_slack, "matrix")
    assert all_text(matrix).count("*") >= 16


def test_every_reply_stays_within_slack_limits(slack_app, fake_slack) -> None:
    for text in ("list", "principles", "define " + "x" * 5000, "define protection"):
        reply = ask(slack_app, fake_slack, text)
        assert reply["text"]
        assert len(reply["blocks"]) <= 50
        for block in reply["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000


@pytest.mark.parametrize(
    "tamper",
    ["wrong_secret", "stale", "missing", "changed_body"],
)
def test_bad_signatures_are_refused_and_nothing_is_sent(pimbot_server, fake_slack, tamper) -> None:
    body = slash_command("define do no harm", fake_slack.response_url("forged"))
    if tamper == "wrong_secret":
        headers = signed_headers(body, secret="not-the-secret")
    elif tamper == "stale":
        headers = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    elif tamper == "missing":
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    else:
        headers = signed_headers(body)
        body = body.replace("do+no+harm", "informed+consent")
    result = pimbot_server.post(body, headers)
    assert result.status == 401
    assert "Do no harm" not in result.body
    settle(pimbot_server, fake_slack)
    sent = [c for c in fake_slack.calls if c.body.get("channel") != SENTINEL_CHANNEL and c.path != "/api/auth.test"]
    assert sent == []  # (a server's first signed request checks its token once: the sentinel's, not the forgery's)


def test_server_log_keeps_no_user_text(pimbot_server, fake_slack) -> None:
    """A command, a mention and a DM; and requests no listener handles (a form and a shortcut pimbot never
    opened), which Bolt logs with their whole body unless our filter cuts it."""
    ask(pimbot_server, fake_slack, "define my colleague amina was threatened at the checkpoint")
    events = [
        event_callback(mention("amina told me she was threatened", ts="1700000000.000951"), "EvLOG1"),
        event_callback(direct_message("amina is at the checkpoint", ts="1700000000.000952"), "EvLOG2"),
    ]
    unhandled = [
        view_submission("no_such_form", "amina", {"b": {"a": {"type": "plain_text_input", "value": "amina"}}}),
        *(
            "payload=" + quote(json.dumps({"user": {"id": USER_ID}, "team": {"id": "T1"}, "token": "legacy", **payload}))
            for payload in (
                {"type": "shortcut", "callback_id": "no_such", "trigger_id": "1.2.amina"},
                {"type": "dialog_submission", "callback_id": "no_such", "submission": {"name": "amina"}},
                {"type": "block_suggestion", "action_id": "no_such", "block_id": "b", "value": "amina"},
            )
        ),
    ]
    for body in events + unhandled:
        assert http("POST", pimbot_server.url + "/slack/events", body, signed_headers(body)).status in (200, 404)
    settle(pimbot_server, fake_slack)
    log = pimbot_server.log()
    assert "Unhandled request" in log, "the unhandled ones were logged: this test looks at what Bolt says of them"
    assert "amina" not in log.lower()
    assert USER_ID not in log


def test_the_start_log_says_where_the_data_is_and_warns_of_nothing_that_is_fine(pimbot_server) -> None:
    log = pimbot_server.log()
    assert "database: SQLite file " in log
    assert "will be unused" not in log and "will be ignored" not in log, "Bolt's warnings about the token pimbot uses"


def test_a_bot_token_slack_refuses_is_said_in_the_log_at_start(fake_slack, tmp_path, caplog) -> None:
    """A new admin's trial: with a wrong token every user got Bolt's "installation no longer available", and
    nothing said why until someone looked."""
    fake_slack.fail_next("/api/auth.test", 200, error="invalid_auth")
    caplog.set_level(logging.ERROR, logger="bot.slack.app")
    in_process_slack(tmp_path, fake_slack, PIM_KNOWLEDGE_DIR=str(knowledge_copy(tmp_path / "knowledge")))
    deadline = time.monotonic() + 10
    while "Slack refuses SLACK_BOT_TOKEN" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "Slack refuses SLACK_BOT_TOKEN (invalid_auth)" in caplog.text and "Install App" in caplog.text


def test_feedback_on_a_private_answer_is_counted_and_thanked(slack_app, fake_slack) -> None:
    reply = ask(slack_app, fake_slack, "define do no harm")
    helpful = next(b for b in buttons(reply) if b["action_id"] == "pim_feedback_helpful")
    slack_app.post(button_press(helpful["action_id"], helpful["value"], fake_slack.response_url("vote")))
    [sent] = fake_slack.wait_for("/response/vote")
    assert sent.body["replace_original"] is True
    assert "Thanks, marked as helpful." in all_text(sent.body)
    assert "pim_feedback" not in all_text(sent.body)


def test_one_person_votes_once_on_a_public_answer(slack_app, fake_slack) -> None:
    for _ in range(2):
        slack_app.post(
            button_press("pim_feedback_not_helpful", "entry:data", fake_slack.response_url("public"), ephemeral=False)
        )
    calls = fake_slack.wait_for("/response/public", count=2)
    # Two presses, two replies sent in the background: they may arrive in either order.
    assert sorted(c.body["text"] for c in calls) == [
        "Thanks, marked as not helpful: coordinators will see it needs work.",
        "You already rated it.",
    ]
    assert all(c.body["replace_original"] is False for c in calls)


def test_gaps_are_for_admins_and_show_what_was_not_found(slack_app, fake_slack) -> None:
    ask(slack_app, fake_slack, "define protection of civilians")
    refused = ask(slack_app, fake_slack, "gaps")
    assert refused["text"].startswith("Only pimbot admins")
    report = slack_app.post(slash_command("gaps", fake_slack.response_url(), user=ADMIN_ID)).json()
    assert "protection of civilian" in all_text(report)
    assert "Least helpful answers" in all_text(report)


def test_reload_by_an_admin_reports_problems_and_keeps_serving(fake_slack, tmp_path, caplog) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(SHIPPED_KNOWLEDGE, knowledge)
    caplog.set_level(logging.INFO)
    server = in_process_slack(tmp_path, fake_slack, PIM_KNOWLEDGE_DIR=str(knowledge), PIM_RELOAD_SECONDS="0.5")
    terms = knowledge / "terms.yaml"
    terms.write_text(terms.read_text().replace("  - id: data\n", "  - id: data\n    colour: red\n"))
    result = server.post(slash_command("reload", fake_slack.response_url(), user=ADMIN_ID)).json()
    assert "still serves the last good knowledge" in result["text"]
    line = terms.read_text().splitlines().index("    colour: red") + 1
    assert f"terms.yaml:{line}:" in all_text(result) and "unknown field 'colour'" in all_text(result)
    assert f"terms.yaml:{line}:" in caplog.text, "the log names the file and line too"
    assert ask(server, fake_slack, "define data")["text"].startswith("Data (Term)")

    terms.write_text(terms.read_text().replace("    colour: red\n", "").replace("[raw data]", "[raw data, rohdaten]"))
    deadline = time.monotonic() + 10  # the file watch looks every 0.5 s; the reload then runs in the background
    while not ask(server, fake_slack, "define rohdaten")["text"].startswith("Data (Term)"):
        assert time.monotonic() < deadline, "the edit was not picked up"
        time.sleep(0.2)
    assert "knowledge reloaded" in caplog.text


def test_an_edit_is_served_by_the_first_answer_after_the_interval(fake_slack, tmp_path) -> None:
    """README: a running pimbot notices an edit within PIM_RELOAD_SECONDS. It looks by itself, so the first
    question after that already gets the edit (when only questions made it look, that one got the old text)."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(SHIPPED_KNOWLEDGE, knowledge)
    server = in_process_slack(tmp_path, fake_slack, PIM_KNOWLEDGE_DIR=str(knowledge), PIM_RELOAD_SECONDS="0.2")
    terms = knowledge / "terms.yaml"
    terms.write_text(terms.read_text().replace("[raw data]", "[raw data, rohdaten]"))
    time.sleep(0.5)  # the interval, twice over, and no question meanwhile
    assert server.knowledge is not None
    server.knowledge.wait(10)  # the reading it started, if still under way
    assert ask(server, fake_slack, "define rohdaten")["text"].startswith("Data (Term)")


def test_answers_go_on_from_the_last_good_knowledge_while_an_edit_is_read(fake_slack, tmp_path) -> None:
    """The reading is held up for seconds (by a listener that waits, as a slow read or a model being learnt
    would): answers go on meanwhile, each well under a second, and the edit is served once the reading is done."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(SHIPPED_KNOWLEDGE, knowledge)
    server = in_process_slack(tmp_path, fake_slack, PIM_KNOWLEDGE_DIR=str(knowledge), PIM_RELOAD_SECONDS="0.2")
    assert server.knowledge is not None
    folder, release = server.knowledge.folder, threading.Event()
    folder.listen(lambda snapshot: release.wait(10))
    terms = knowledge / "terms.yaml"
    terms.write_text(terms.read_text().replace("[raw data]", "[raw data, rohdaten]"))
    time.sleep(0.3)  # past the watch's interval: the next answer starts the reading
    answered_while_reading = 0
    for _ in range(4):
        started = time.monotonic()
        assert ask(server, fake_slack, "define data")["text"].startswith("Data (Term)")
        assert time.monotonic() - started < 1.0
        answered_while_reading += folder.reading()
        time.sleep(0.2)
    assert answered_while_reading >= 3, "the reading was under way while these were answered"
    release.set()
    server.knowledge.wait(10)
    assert ask(server, fake_slack, "define rohdaten")["text"].startswith("Data (Term)")


def test_a_50_mb_knowledge_edit_is_refused_and_answers_go_on(fake_slack, tmp_path, caplog) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(SHIPPED_KNOWLEDGE, knowledge)
    caplog.set_level(logging.INFO)
    server = in_process_slack(tmp_path, fake_slack, PIM_KNOWLEDGE_DIR=str(knowledge), PIM_RELOAD_SECONDS="0.5")
    entries = "".join(
        f"  - id: t{n}\n    term: T{n}\n    definition: d\n    colour: red\n    source: https://x.org/\n"
        for n in range(12_400)
    )  # about 1 MB
    with (knowledge / "huge.yaml").open("w") as huge:
        huge.write("terms:\n")
        for _ in range(50):
            huge.write(entries)
    time.sleep(0.6)  # the watch (every 0.5 s) has seen the new file: answers must go on while it is refused
    for _ in range(6):
        started = time.monotonic()
        assert ask(server, fake_slack, "define data")["text"].startswith("Data (Term)")
        assert time.monotonic() - started < 1.0
        time.sleep(0.1)
    result = server.post(slash_command("reload", fake_slack.response_url(), user=ADMIN_ID)).json()
    assert "huge.yaml" in all_text(result) and "over the 5 MB limit" in all_text(result)
    assert len(caplog.records) < 200, "a broken huge file is reported in a few records, not millions"
    assert sum(len(r.getMessage()) for r in caplog.records) < 100_000


def test_list_offers_the_glossary_as_a_file_sent_to_the_user_alone(slack_app, fake_slack) -> None:
    listed = ask(slack_app, fake_slack, "list")
    html_button = next(b for b in buttons(listed) if b["value"] == "html")
    press = slack_app.post(button_press(html_button["action_id"], "html", fake_slack.response_url("file")))
    assert press.status == 200
    completed = fake_slack.wait_for("/api/files.completeUploadExternal")
    assert completed and completed[0].body["channel_id"] == "D" + USER_ID.lstrip("U")
    opened = fake_slack.calls_to("/api/conversations.open")
    assert opened[0].body["users"] == USER_ID
    (content,) = fake_slack.uploads.values()
    page = content.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="informed-consent"' in page and "Checked: 20" in page
    assert fake_slack.wait_for("/response/file")[0].body["text"].startswith("Sent: the glossary")


def test_a_refused_upload_tells_the_user_what_to_do(slack_app, fake_slack) -> None:
    fake_slack.fail_next("/api/files.getUploadURLExternal", 403)
    slack_app.post(button_press("pim_export_csv", "csv", fake_slack.response_url("nofile")))
    told = fake_slack.wait_for("/response/nofile", timeout=10)
    assert told and "could not send the glossary" in told[0].body["text"]
    assert "pimbot export" in told[0].body["text"]
    assert fake_slack.uploads == {}


def test_border_crossings_through_the_clarifying_button_give_dtm_flow_monitoring(slack_app, fake_slack) -> None:
    """Picking "Population data" narrows the situation; it does not replace it with the category's usual tools."""
    vague = ask(slack_app, fake_slack, "tools help us with data")
    population = next(b for b in buttons(vague) if b["text"]["text"] == "Population data")
    border = population["value"].replace("help us with data", "we need to count people crossing the border each day")
    press = slack_app.post(button_press(population["action_id"], border, fake_slack.response_url("border")))
    assert press.status == 200
    [sent] = fake_slack.wait_for("/response/border")
    tools = [b["text"]["text"] for b in sent.body["blocks"] if b["type"] == "section" and b["text"]["text"][:3] == "*1."]
    assert tools and tools[0].startswith("*1. DTM Flow Monitoring*"), all_text(sent.body)[:400]
    assert "Biometric" not in all_text(sent.body).split("*3.")[0]


def _describe(slack_app: InProcessSlack, fake: FakeSlack, situation: str, description: str, url: str) -> dict:
    """Ask about `situation`, press "Something else: I'll describe it", type `description` in the form that opens."""
    describe = next(b for b in buttons(ask(slack_app, fake, f"tools {situation}")) if b["action_id"] == "pim_describe")
    assert slack_app.post(button_press("pim_describe", describe["value"], fake.response_url(url))).status == 200
    [opened] = fake.wait_for("/api/views.open")
    view = opened.body["view"] if isinstance(opened.body["view"], dict) else json.loads(opened.body["view"])
    assert view["type"] == "modal" and view["blocks"][0]["element"]["type"] == "plain_text_input"
    typed = {"need": {"text": {"type": "plain_text_input", "value": description}}}
    submitted = slack_app.post(view_submission(view["callback_id"], view["private_metadata"], typed))
    assert submitted.status == 200 and not submitted.body, "acknowledged: the form closes"
    [sent] = fake.wait_for(f"/response/{url}")
    assert sent.body["replace_original"] is True, "the question is replaced by the answer"
    return sent.body


def test_something_else_opens_a_form_whose_description_gets_tools(slack_app, fake_slack) -> None:
    """Found by a new user's trial: after "Something else: I'll describe it", a description that was still vague
    got the same question again. The form carries the question's situation; the answer never asks twice."""
    answer = _describe(slack_app, fake_slack, "help us with data", "we need to count people crossing the border", "form1")
    tools = [b["text"]["text"] for b in answer["blocks"] if b["type"] == "section" and b["text"]["text"][:3] == "*1."]
    assert tools and tools[0].startswith("*1. DTM Flow Monitoring*"), all_text(answer)[:300]
    assert "only the closest" not in all_text(answer)
    fake_slack.calls.clear()
    still_vague = _describe(slack_app, fake_slack, "help us with data", "for our partners, quickly", "form2")
    assert "Which kind of information" not in all_text(still_vague), "never the same question twice"
    assert "only the closest tools" in all_text(still_vague)


def test_a_form_slack_refuses_to_open_leaves_the_written_prompt(slack_app, fake_slack) -> None:
    vague = ask(slack_app, fake_slack, "tools help us with data")
    describe = next(b for b in buttons(vague) if b["action_id"] == "pim_describe")
    fake_slack.fail_next("/api/views.open", 400)
    assert slack_app.post(button_press("pim_describe", describe["value"], fake_slack.response_url("noform"))).status == 200
    [told] = fake_slack.wait_for("/response/noform")
    assert "Describe your situation" in all_text(told.body) and told.body["replace_original"] is False


def test_the_form_keeps_a_long_situation_within_slacks_limit(slack_app, fake_slack) -> None:
    """Slack refuses a form whose metadata is over 3,000 characters: a long situation in Arabic script stays under."""
    vague = ask(slack_app, fake_slack, "tools " + "نحتاج مساعدة " * 200)
    describe = next(b for b in buttons(vague) if b["action_id"] == "pim_describe")
    assert slack_app.post(button_press("pim_describe", describe["value"], fake_slack.response_url("long"))).status == 200
    [opened] = fake_slack.wait_for("/api/views.open")
    view = opened.body["view"] if isinstance(opened.body["view"], dict) else json.loads(opened.body["view"])
    assert 1000 < len(view["private_metadata"]) <= 3000


def test_commands_are_answered_while_slacks_web_api_does_not_answer(tmp_path, fake_slack) -> None:
    """A server that could not reach Slack's Web API answered `/pim define` with a 500 once the client gave up
    (Bolt asked auth.test before any listener), though the answer goes back in the HTTP response and needs nothing
    from that API. Here the API accepts connections and never answers."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/api/"
        app = in_process_slack(tmp_path, fake_slack, SLACK_API_URL=url)
        started = time.monotonic()
        first = ask(app, fake_slack, "define do no harm")
        waited = time.monotonic() - started
        assert "Do no harm" in all_text(first) and waited < 2.5, waited
        started = time.monotonic()
        second = ask(app, fake_slack, "define DTM")
        assert "Displacement Tracking Matrix" in all_text(second)
        assert time.monotonic() - started < 0.5, "later requests do not wait on the ask still in flight"
