"""The composition root wires each service with its dependencies, explicitly."""

from __future__ import annotations

import threading
import time

from bot import services
from bot.config import load_settings
from bot.replies import SubscriptionReply


def settings_in(tmp_path, **extra: str):
    env = {"PIM_DATA_DIR": str(tmp_path / "data"), "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s",
           "PIM_SCHEDULER": "off", **extra}  # fmt: skip
    return load_settings(env, dotenv_path=None)


def test_the_default_database_is_decided_once_and_made_only_when_asked(tmp_path) -> None:
    settings = settings_in(tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'pimbot.sqlite'}"
    assert services.open_store(settings, create=False) is None
    assert not (tmp_path / "data").exists()
    assert services.open_store(settings) is not None
    assert (tmp_path / "data" / "pimbot.sqlite").exists()
    assert services.open_store(settings, create=False) is not None


def test_slack_services_share_one_store_and_one_calendar(tmp_path) -> None:
    built = services.slack_services(settings_in(tmp_path), socket_mode=True)
    responder = built.knowledge.current()
    assert responder.subscriptions is built.store and responder.calendar is built.calendar
    assert built.reminders is None  # PIM_SCHEDULER=off
    reply = responder.reply("subscribe webinars", channel="C1")
    assert isinstance(reply, SubscriptionReply) and reply.changed
    assert built.store.subscriptions() and built.curation is responder.curation
    built.curation.stop()


def test_the_log_says_which_database_file_or_server_is_used(tmp_path, monkeypatch, caplog) -> None:
    """`sqlite:///x` is relative to the folder pimbot starts in, `sqlite:////x` absolute: an operator who meant one
    and wrote the other sees where the reminders' database really is."""
    monkeypatch.chdir(tmp_path)
    caplog.set_level("INFO", logger="bot")
    services.open_store(settings_in(tmp_path, DATABASE_URL="sqlite:///var/pim.sqlite"))
    assert f"database: SQLite file {tmp_path / 'var' / 'pim.sqlite'}" in caplog.text
    secret = "postgresql://pim:s3cret@127.0.0.1:9/pim"
    assert services.describe_database(secret) == "postgresql://***@127.0.0.1:9/pim"


def test_readyz_says_not_ready_when_slack_refuses_the_bot_token(tmp_path, fake_slack) -> None:
    """A new admin's trial: with a wrong token, /healthz and /readyz said 200 while every user got an error."""
    fake_slack.fail_next("/api/auth.test", 200, error="invalid_auth")
    refused = services.web_app(settings_in(tmp_path / "a", SLACK_API_URL=fake_slack.url))
    deadline = time.monotonic() + 10
    while refused.ready() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert refused.ready() is False
    accepted = services.web_app(settings_in(tmp_path / "b", SLACK_API_URL=fake_slack.url))
    time.sleep(0.3)  # its check has answered by now (the fake answers at once)
    assert accepted.ready() is True


def test_the_parent_of_several_workers_checks_the_settings_and_starts_no_thread(tmp_path, fake_slack) -> None:
    """With WEB_CONCURRENCY above 1, the parent builds the services only so that a broken setting stops the start;
    each worker builds its own. It used to watch the knowledge folder and write counts too, for nothing."""
    ours = ("knowledge-watch", "curation-flush", "token-check")

    def running() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name in ours]

    before = running()
    services.web_app(settings_in(tmp_path / "parent", SLACK_API_URL=fake_slack.url), background=False)
    assert running() == before, [t.name for t in running() if t not in before]
    services.web_app(settings_in(tmp_path / "worker", SLACK_API_URL=fake_slack.url))
    started = {t.name for t in running() if t not in before}
    assert {"knowledge-watch", "curation-flush"} <= started, "a worker starts them: this test sees threads"
