"""End to end: real pimbot processes post a reminder at its time, once, and answer the event commands."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.testing.slack_requests import http, slash_command
from tests.conftest import ICS_TOKEN, free_port, knowledge_copy, slack_env

pytestmark = pytest.mark.process

LEAD = 2  # seconds between adding the meeting and its reminder's due time: more than a check (CHECK) to see it
CHECK = "1"  # PIM_CHECK_SECONDS: the clocks look for due reminders (and edits) every second, not every 30
STARTED = "reminder scheduler started"


def _knowledge(tmp_path: Path) -> Path:
    return knowledge_copy(tmp_path / "knowledge")


def _wait_until_started(*logs: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not all(STARTED in log.read_text() for log in logs):
        assert time.monotonic() < deadline, "\n".join(log.read_text() for log in logs)
        time.sleep(0.05)


def _add_meeting_due_soon(knowledge: Path) -> datetime:
    """Add, to the running processes' knowledge, a meeting whose 1-hour reminder is due in LEAD (to LEAD + 1) s; that
    time. The file appears whole (written aside, then renamed), as an editor's save does."""
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=LEAD + 1)
    aside = knowledge / "soon.yaml.part"
    aside.write_text(
        "events:\n"
        "  - id: soon\n"
        "    title: Protection cluster IM working meeting\n"
        "    kind: working_meeting\n"
        "    description: Monthly review of the protection monitoring system.\n"
        "    url: https://pim.guide/\n"
        f'    starts_at: "{(due + timedelta(hours=1)).isoformat()}"\n'
        "    duration: 1h\n"
        "    remind: [1h]\n"
    )
    aside.rename(knowledge / "soon.yaml")
    return due


def _serve_and_clock(fake_slack, tmp_path: Path, wait: float) -> tuple[list, str, datetime]:
    """Run `serve` and `clock` on one database until a reminder was accepted (or `wait` passed): their posts
    to the reminder channel, their logs, and when the reminder was due."""
    knowledge = _knowledge(tmp_path)
    env = slack_env(
        fake_slack,
        PIM_KNOWLEDGE_DIR=str(knowledge),
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite'}",
        PIM_REMINDER_CHANNEL="C777",
        PIM_CHECK_SECONDS=CHECK,
        PORT=str(free_port()),
    )
    logs = [(tmp_path / f"{name}.log").open("w") for name in ("serve", "clock")]
    processes = [
        subprocess.Popen([sys.executable, "-m", "bot", name], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
        for name, log in zip(("serve", "clock"), logs, strict=True)
    ]

    def accepted() -> list:
        return [
            c for c in fake_slack.calls_to("/api/chat.postMessage") if c.status == 200 and c.body.get("channel") == "C777"
        ]

    try:
        _wait_until_started(tmp_path / "serve.log", tmp_path / "clock.log")
        due = _add_meeting_due_soon(knowledge)
        deadline = time.monotonic() + LEAD + wait
        while time.monotonic() < deadline and not accepted():
            time.sleep(0.1)
        time.sleep(2)  # two more checks of each clock (CHECK): room for a second, wrong post
        output = "\n".join((tmp_path / f"{name}.log").read_text() for name in ("serve", "clock"))
        return [c for c in fake_slack.calls_to("/api/chat.postMessage") if c.body.get("channel") == "C777"], output, due
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            assert process.wait(timeout=20) == 0, "a clean stop on SIGTERM"
        for log in logs:
            log.close()


def test_serve_and_clock_sharing_a_database_post_the_reminder_once_on_time(fake_slack, tmp_path) -> None:
    """Both processes run a scheduler on one database. Slack answers the first post with 429 and Retry-After
    50 s, longer than a try may wait: that try gives up (certainly not posted), and the next check of either
    process posts it, once, still within seconds of its time."""
    fake_slack.fail_next("/api/chat.postMessage", 429, headers={"Retry-After": "50"})
    posts, output, due = _serve_and_clock(fake_slack, tmp_path, wait=20)
    assert output.count("reminder scheduler started") == 2, "both processes run a scheduler"
    assert [c.status for c in posts] == [429, 200], output
    assert output.count("reminder sent: soon|") == 1
    assert "reminder not accepted by Slack (rate limited for 50 s" in output
    assert posts[1].body["text"].startswith("Reminder: Protection cluster IM working meeting")
    assert 0 <= posts[1].wall_clock - due.timestamp() < 5, "posted within a few seconds of its due time"
    # the log is for what an operator acts on: not APScheduler's "Running job" / "executed successfully" lines
    assert " INFO apscheduler" not in output and "Running job" not in output, output


def test_events_subscribe_and_the_calendar_feed(pimbot_server, fake_slack) -> None:
    listing = pimbot_server.post(slash_command("events", fake_slack.response_url())).json()
    assert listing["blocks"][0]["text"]["text"] == "Next PIM events"
    assert "Example: monthly PIM working meeting" in str(listing["blocks"])
    assert "<!date^" in str(listing["blocks"])

    subscribed = pimbot_server.post(slash_command("subscribe webinars", fake_slack.response_url())).json()
    assert subscribed["response_type"] == "in_channel"
    assert subscribed["text"] == "This channel will now get reminders for webinars. /pim unsubscribe stops them."
    again = pimbot_server.post(slash_command("subscribe webinars", fake_slack.response_url())).json()
    assert again["response_type"] == "ephemeral" and "already" in again["text"]
    unknown = pimbot_server.post(slash_command("subscribe parties", fake_slack.response_url())).json()
    assert "I don't know the kind" in unknown["text"]
    stopped = pimbot_server.post(slash_command("unsubscribe", fake_slack.response_url())).json()
    assert stopped["text"] == "This channel will no longer get reminders for all PIM events."

    for address in ("/events.ics", "/events.ics?token=", "/events.ics?token=" + ICS_TOKEN[:-1] + "X"):
        refused = http("GET", pimbot_server.url + address)
        assert refused.status == 404 and "BEGIN:VCALENDAR" not in refused.body, address
    feed = http("GET", pimbot_server.url + "/events.ics?token=" + ICS_TOKEN)
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in feed.body
    assert "Example:" not in feed.body, "the shipped examples are reminded nowhere, and so are in no calendar either"


def test_a_clock_killed_mid_post_is_not_posted_again_by_the_next(fake_slack, tmp_path) -> None:
    """Slack took the post but had not answered when the clock was SIGKILLed. The next clock finds the claim
    stale, looks in the channel, finds the reminder by its metadata, and records it: one post in all."""
    knowledge = _knowledge(tmp_path)
    env = slack_env(
        fake_slack,
        PIM_KNOWLEDGE_DIR=str(knowledge),
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite'}",
        PIM_REMINDER_CHANNEL="C777",
        PIM_REMINDER_GRACE="8s",  # the claim lasts 4 s
        PIM_CHECK_SECONDS=CHECK,
    )

    def clock(name: str) -> subprocess.Popen:
        log = (tmp_path / f"{name}.log").open("w")
        return subprocess.Popen([sys.executable, "-m", "bot", "clock"], cwd=tmp_path, env=env, stdout=log, stderr=log)

    fake_slack.delay("/api/chat.postMessage", 60)  # Slack takes the post and sits on the answer
    first = clock("first")
    try:
        _wait_until_started(tmp_path / "first.log")
        _add_meeting_due_soon(knowledge)
        assert fake_slack.wait_for("/api/chat.postMessage", timeout=30), (tmp_path / "first.log").read_text()
        first.kill()  # SIGKILL while the post is in flight
        first.wait(timeout=10)
    finally:
        first.kill()
    fake_slack.delay("/api/chat.postMessage", 0)
    second = clock("second")
    try:
        deadline = time.monotonic() + 50
        while time.monotonic() < deadline and "already in the channel" not in (tmp_path / "second.log").read_text():
            time.sleep(0.5)
        log = (tmp_path / "second.log").read_text()
        assert "reminder was already in the channel" in log, log
        assert len(fake_slack.calls_to("/api/chat.postMessage")) == 1
        assert fake_slack.calls_to("/api/conversations.history")
    finally:
        second.terminate()
        second.wait(timeout=20)
