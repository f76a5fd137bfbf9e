from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import SHIPPED_KNOWLEDGE, ConfigError, load_settings


def test_defaults_need_no_setting() -> None:
    settings = load_settings({})
    assert settings.port == 3000
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.knowledge_dir == SHIPPED_KNOWLEDGE
    assert not settings.has_slack_credentials


def test_values_are_read_and_tidied(tmp_path) -> None:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_API_URL": "http://127.0.0.1:9999/api",
            "PORT": "8080",
            "DATABASE_URL": "postgres://u:p@db/pim",
            "PIM_KNOWLEDGE_DIR": str(tmp_path),
        }
    )
    assert settings.slack_api_url == "http://127.0.0.1:9999/api/"
    assert settings.port == 8080
    assert settings.database_url == "postgresql+psycopg://u:p@db/pim"
    assert settings.knowledge_dir == tmp_path


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "abc"),
        ("PORT", "70000"),
        ("SLACK_API_URL", "slack.com/api"),
        ("SLACK_BOT_TOKEN", "xapp-wrong-kind"),
        ("SLACK_APP_TOKEN", "xoxb-wrong-kind"),
        ("DATABASE_URL", "mysql://x"),
        ("PIM_KNOWLEDGE_DIR", "/no/such/folder"),
        ("PIM_SCHEDULER", "maybe"),
        ("PIM_REMINDER_CHANNEL", "#general"),
        ("PIM_REMINDER_GRACE", "soon"),
    ],
)
def test_a_bad_setting_is_named_in_the_error(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value})


def test_reminder_settings() -> None:
    settings = load_settings({"PIM_SCHEDULER": "off", "PIM_REMINDER_CHANNEL": "C1AAA, C2BBB", "PIM_REMINDER_GRACE": "5m"})
    assert settings.scheduler_enabled is False
    assert settings.reminder_channels == ("C1AAA", "C2BBB")
    assert settings.reminder_grace.total_seconds() == 300
    assert load_settings({"PIM_REMINDER_GRACE": "90"}).reminder_grace.total_seconds() == 90
    assert load_settings({"DATABASE_URL": "postgresql://h/db"}).database_url == "postgresql+psycopg://h/db"


def test_require_names_the_missing_setting() -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET is not set"):
        load_settings({"SLACK_BOT_TOKEN": "xoxb-1"}).require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")


def test_dotenv_file_is_read_without_overriding_the_environment(tmp_path, monkeypatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=4567\nSLACK_SIGNING_SECRET=from-file\n")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "from-env")
    monkeypatch.delenv("PORT", raising=False)
    settings = load_settings(dotenv_path=env_file)
    assert settings.port == 4567
    assert settings.signing_secret == "from-env"


@pytest.mark.parametrize(
    ("name", "value", "secret"),
    [
        ("DATABASE_URL", "mysql://admin:hunter2-secret@db/pim", "hunter2-secret"),
        ("DATABASE_URL", "admin:hunter2-secret@db/pim", "hunter2-secret"),
        ("SLACK_API_URL", "ftp://bot:hunter2-secret@slack.example/api", "hunter2-secret"),
    ],
)
def test_an_error_about_a_url_never_shows_its_password(name: str, value: str, secret: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({name: value})
    assert name in str(error.value) and secret not in str(error.value)


def test_server_settings() -> None:
    settings = load_settings({"PIM_HOST": "127.0.0.1", "WEB_CONCURRENCY": "3", "PIM_ICS_TOKEN": "a" * 24})
    assert (settings.host, settings.web_workers, settings.ics_token) == ("127.0.0.1", 3, "a" * 24)
    assert load_settings({}).ics_token is None, "no token, no calendar feed"
    for short in ("secret", "has spaces in it, long enough"):
        with pytest.raises(ConfigError, match="PIM_ICS_TOKEN"):
            load_settings({"PIM_ICS_TOKEN": short})
    with pytest.raises(ConfigError, match="WEB_CONCURRENCY"):
        load_settings({"WEB_CONCURRENCY": "0"})
    assert (load_settings({}).body_timeout, load_settings({}).max_connections) == (10.0, 1000)
    limits = load_settings({"PIM_BODY_TIMEOUT": "2.5", "PIM_MAX_CONNECTIONS": "50"})
    assert (limits.body_timeout, limits.max_connections) == (2.5, 50)
    for name in ("PIM_BODY_TIMEOUT", "PIM_MAX_CONNECTIONS"):
        with pytest.raises(ConfigError, match=name):
            load_settings({name: "0"})


def test_the_reload_interval_is_a_setting() -> None:
    assert load_settings({}).reload_seconds == 5.0
    assert load_settings({"PIM_RELOAD_SECONDS": "0.5"}).reload_seconds == 0.5
    with pytest.raises(ConfigError, match="PIM_RELOAD_SECONDS must be a number of seconds"):
        load_settings({"PIM_RELOAD_SECONDS": "soon"})


def test_the_model_cache_folder() -> None:
    assert load_settings({"HOME": "/home/officer"}, None).cache_dir == Path("/home/officer/.cache/pimbot")
    assert load_settings({"XDG_CACHE_HOME": "/var/cache"}, None).cache_dir == Path("/var/cache/pimbot")
    assert load_settings({"PIM_CACHE_DIR": "/srv/pim"}, None).cache_dir == Path("/srv/pim")
    assert load_settings({"PIM_CACHE_DIR": "off", "HOME": "/home/officer"}, None).cache_dir is None
    assert load_settings({}, None).cache_dir is None


def test_the_reminder_check_interval() -> None:
    assert load_settings({}, None).check_every == timedelta(seconds=30)
    assert load_settings({"PIM_CHECK_SECONDS": "1"}, None).check_every == timedelta(seconds=1)
    with pytest.raises(ConfigError, match="PIM_CHECK_SECONDS must be a number of seconds"):
        load_settings({"PIM_CHECK_SECONDS": "often"}, None)


def test_the_database_timeout() -> None:
    assert load_settings({}, None).database_timeout == 5.0
    assert load_settings({"PIM_DATABASE_TIMEOUT": "2"}, None).database_timeout == 2.0
    with pytest.raises(ConfigError, match="PIM_DATABASE_TIMEOUT must be a number of seconds"):
        load_settings({"PIM_DATABASE_TIMEOUT": "0"}, None)


def test_the_settings_the_commands_help_names_are_real_ones() -> None:
    """`pimbot serve --help` (and socket, clock) lists the settings they read: each is one config reads."""
    import re
    from pathlib import Path

    from bot import config, messages_cli
    from bot.messages import say

    read = set(re.findall(r'"([A-Z][A-Z_]{3,})"', Path(config.__file__).read_text()))
    for key in ("ARG_SETTINGS_SERVE", "ARG_SETTINGS_SOCKET", "ARG_SETTINGS_CLOCK"):
        named = set(re.findall(r"\b[A-Z][A-Z_]{3,}\b", say(getattr(messages_cli, key)))) - {"README"}
        assert named and named <= read, named - read
