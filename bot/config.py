"""The one place that reads configuration: the environment, plus an optional `.env` file.

Every problem becomes a ConfigError whose message names the setting, so the command line can print
one line instead of a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

from bot import messages_cli
from bot.messages import say

SHIPPED_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_PORT = 3000
DEFAULT_HOST = "0.0.0.0"
ICS_TOKEN_LENGTH = 16
DEFAULT_GRACE = timedelta(minutes=15)


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    bot_token: str | None
    signing_secret: str | None
    app_token: str | None
    slack_api_url: str
    port: int
    database_url: str
    """DATABASE_URL, or by default the SQLite file `pimbot.sqlite` in `data_dir`: decided here, once."""
    knowledge_dir: Path
    data_dir: Path = Path("data")
    scheduler_enabled: bool = True
    reminder_channels: tuple[str, ...] = ()
    reminder_grace: timedelta = DEFAULT_GRACE
    admins: frozenset[str] = frozenset()
    retention_days: int = 90
    database_timeout: float = 5.0
    """Seconds to connect to the database or run one statement before giving up (PIM_DATABASE_TIMEOUT)."""
    reload_seconds: float = 5.0
    """How often a running pimbot looks for edited knowledge files (PIM_RELOAD_SECONDS)."""
    check_every: timedelta = timedelta(seconds=30)
    """How often the reminder clock looks for due reminders, besides waking at each due time (PIM_CHECK_SECONDS)."""
    post_examples: bool = False
    """The shipped example events are reminded only when a coordinator opts in (PIM_POST_EXAMPLES=on)."""
    host: str = DEFAULT_HOST
    """The address `pimbot serve` listens on (PIM_HOST)."""
    web_workers: int = 1
    """Server processes for `pimbot serve` (WEB_CONCURRENCY, as Heroku and uvicorn name it)."""
    body_timeout: float = 10.0
    """Seconds a client has to send a whole request body before it gets 408 (PIM_BODY_TIMEOUT)."""
    max_connections: int = 1000
    """Open connections `pimbot serve` accepts at once, per process; past them, 503 (PIM_MAX_CONNECTIONS)."""
    ics_token: str | None = None
    """The secret that must be in the calendar feed's address (PIM_ICS_TOKEN); unset, there is no feed."""
    cache_dir: Path | None = None
    """Where trained safety models are kept between runs (PIM_CACHE_DIR; `off`: nowhere)."""

    @property
    def has_slack_credentials(self) -> bool:
        return bool(self.bot_token)

    def require(self, *names: str) -> None:
        """Fail with a one-line message naming the first of these settings that is not set."""
        values = {
            "SLACK_BOT_TOKEN": self.bot_token,
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_APP_TOKEN": self.app_token,
        }
        for name in names:
            if not values[name]:
                raise ConfigError(say(messages_cli.SETTING_NOT_SET, name=name))


def load_settings(environ: Mapping[str, str] | None = None, dotenv_path: Path | None = Path(".env")) -> Settings:
    """Read settings from `environ` (default: the process environment, after loading `.env` if present)."""
    if environ is None:
        if dotenv_path is not None and dotenv_path.is_file():
            from dotenv import load_dotenv

            load_dotenv(dotenv_path, override=False)
        environ = os.environ
    env = {key: value.strip() for key, value in environ.items() if value.strip()}
    data_dir = Path(env.get("PIM_DATA_DIR", "data")).expanduser().resolve()
    return Settings(
        bot_token=_token(env, "SLACK_BOT_TOKEN", "xoxb-"),
        signing_secret=env.get("SLACK_SIGNING_SECRET"),
        app_token=_token(env, "SLACK_APP_TOKEN", "xapp-"),
        slack_api_url=_api_url(env.get("SLACK_API_URL", DEFAULT_SLACK_API_URL)),
        port=_port(env.get("PORT", str(DEFAULT_PORT))),
        database_url=_database_url(env.get("DATABASE_URL"), data_dir),
        knowledge_dir=_knowledge_dir(env.get("PIM_KNOWLEDGE_DIR")),
        data_dir=data_dir,
        scheduler_enabled=_switch(env.get("PIM_SCHEDULER", "on"), "PIM_SCHEDULER"),
        reminder_channels=_channels(env.get("PIM_REMINDER_CHANNEL", "")),
        reminder_grace=_grace(env.get("PIM_REMINDER_GRACE")),
        admins=_admins(env.get("PIM_ADMINS", "")),
        retention_days=_whole_number(env.get("PIM_RETENTION_DAYS", "90"), "PIM_RETENTION_DAYS"),
        database_timeout=_seconds(env.get("PIM_DATABASE_TIMEOUT", "5"), "PIM_DATABASE_TIMEOUT"),
        reload_seconds=_seconds(env.get("PIM_RELOAD_SECONDS", "5"), "PIM_RELOAD_SECONDS"),
        check_every=timedelta(seconds=_seconds(env.get("PIM_CHECK_SECONDS", "30"), "PIM_CHECK_SECONDS")),
        post_examples=_switch(env.get("PIM_POST_EXAMPLES", "off"), "PIM_POST_EXAMPLES"),
        host=env.get("PIM_HOST", DEFAULT_HOST),
        web_workers=_whole_number(env.get("WEB_CONCURRENCY", "1"), "WEB_CONCURRENCY"),
        body_timeout=_seconds(env.get("PIM_BODY_TIMEOUT", "10"), "PIM_BODY_TIMEOUT"),
        max_connections=_whole_number(env.get("PIM_MAX_CONNECTIONS", "1000"), "PIM_MAX_CONNECTIONS"),
        ics_token=_ics_token(env.get("PIM_ICS_TOKEN")),
        cache_dir=_cache_dir(env),
    )


def _cache_dir(env: Mapping[str, str]) -> Path | None:
    """PIM_CACHE_DIR, or the user's cache folder (XDG_CACHE_HOME, else ~/.cache) under `pimbot`."""
    value = env.get("PIM_CACHE_DIR")
    if value is not None:
        return None if value.lower() in ("off", "no", "false", "0") else Path(value).expanduser()
    base = env.get("XDG_CACHE_HOME") or (str(Path(env["HOME"]) / ".cache") if "HOME" in env else None)
    return Path(base) / "pimbot" if base else None


def _token(env: Mapping[str, str], name: str, prefix: str) -> str | None:
    value = env.get(name)
    if value is not None and not value.startswith(prefix):
        raise ConfigError(say(messages_cli.SETTING_TOKEN_PREFIX, name=name, prefix=prefix))
    return value


def mask_credentials(text: str) -> str:
    """The text with the user and password of any URL in it replaced by ***, so an error message can show it."""
    return _CREDENTIALS.sub(r"\1***@", text)


_CREDENTIALS = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]*@")


def _api_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        shown = mask_credentials(value)
        raise ConfigError(say(messages_cli.SETTING_API_URL, example=DEFAULT_SLACK_API_URL, value=shown))
    return value if value.endswith("/") else value + "/"


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ConfigError(say(messages_cli.SETTING_PORT, value=value))
    return int(value)


DEFAULT_DATABASE_FILE = "pimbot.sqlite"


def default_database(data_dir: Path) -> Path:
    """The SQLite file pimbot uses when DATABASE_URL is not set."""
    return data_dir / DEFAULT_DATABASE_FILE


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{default_database(data_dir)}"


def _database_url(value: str | None, data_dir: Path) -> str:
    if value is None:
        return default_database_url(data_dir)
    scheme, separator, rest = value.partition("://")
    if not separator or scheme.split("+")[0] not in ("sqlite", "postgres", "postgresql"):
        shown = f"{scheme}://..." if separator else say(messages_cli.SETTING_NO_SCHEME)
        raise ConfigError(say(messages_cli.SETTING_DATABASE_URL, value=shown))
    if scheme in ("postgres", "postgresql"):  # Heroku's postgres://, and the driver pimbot installs (psycopg 3)
        return "postgresql+psycopg://" + rest
    return value


def _switch(value: str, name: str) -> bool:
    if value.lower() in ("on", "true", "1", "yes"):
        return True
    if value.lower() in ("off", "false", "0", "no"):
        return False
    raise ConfigError(say(messages_cli.SETTING_SWITCH, name=name, value=value))


def _channels(value: str) -> tuple[str, ...]:
    channels = tuple(c.strip().lstrip("#") for c in value.split(",") if c.strip())
    for channel in channels:
        if channel[:1] not in ("C", "G", "D") or not channel.isalnum() or not channel.isupper():
            raise ConfigError(say(messages_cli.SETTING_CHANNELS, value=channel))
    return channels


def _admins(value: str) -> frozenset[str]:
    admins = frozenset(a.strip() for a in value.split(",") if a.strip())
    for admin in admins:
        if admin[:1] not in ("U", "W") or not admin.isalnum() or not admin.isupper():
            raise ConfigError(say(messages_cli.SETTING_ADMINS, value=admin))
    return admins


def _whole_number(value: str, name: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(say(messages_cli.SETTING_WHOLE_NUMBER, name=name, value=value))
    return int(value)


def _seconds(value: str, name: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0.1 <= seconds <= 3600:
        raise ConfigError(say(messages_cli.SETTING_SECONDS, name=name, value=value))
    return seconds


def _grace(value: str | None) -> timedelta:
    if value is None:
        return DEFAULT_GRACE
    from bot.reminders.events import parse_span

    span = timedelta(seconds=int(value)) if value.isdigit() else parse_span(value)
    if span is None:
        raise ConfigError(say(messages_cli.SETTING_GRACE, value=value))
    return span


def _ics_token(value: str | None) -> str | None:
    if value is not None and (len(value) < ICS_TOKEN_LENGTH or not value.replace("-", "").replace("_", "").isalnum()):
        raise ConfigError(say(messages_cli.SETTING_ICS_TOKEN, length=ICS_TOKEN_LENGTH))
    return value


def _knowledge_dir(value: str | None) -> Path:
    path = Path(value).expanduser() if value else SHIPPED_KNOWLEDGE
    if not path.is_dir():
        raise ConfigError(say(messages_cli.SETTING_KNOWLEDGE_DIR, path=path))
    return path
