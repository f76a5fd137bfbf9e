"""The one place that reads configuration: the environment, plus an optional `.env` file.

Every problem becomes a ConfigError whose message names the setting, so the command line can print
one line instead of a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

SHIPPED_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_PORT = 3000


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    bot_token: str | None
    signing_secret: str | None
    app_token: str | None
    slack_api_url: str
    port: int
    database_url: str | None
    knowledge_dir: Path

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
                raise ConfigError(f"{name} is not set; see README.md, 'Connecting to Slack'")


def load_settings(environ: Mapping[str, str] | None = None, dotenv_path: Path | None = Path(".env")) -> Settings:
    """Read settings from `environ` (default: the process environment, after loading `.env` if present)."""
    if environ is None:
        if dotenv_path is not None and dotenv_path.is_file():
            from dotenv import load_dotenv

            load_dotenv(dotenv_path, override=False)
        environ = os.environ
    env = {key: value.strip() for key, value in environ.items() if value.strip()}
    return Settings(
        bot_token=_token(env, "SLACK_BOT_TOKEN", "xoxb-"),
        signing_secret=env.get("SLACK_SIGNING_SECRET"),
        app_token=_token(env, "SLACK_APP_TOKEN", "xapp-"),
        slack_api_url=_api_url(env.get("SLACK_API_URL", DEFAULT_SLACK_API_URL)),
        port=_port(env.get("PORT", str(DEFAULT_PORT))),
        database_url=_database_url(env.get("DATABASE_URL")),
        knowledge_dir=_knowledge_dir(env.get("PIM_KNOWLEDGE_DIR")),
    )


def _token(env: Mapping[str, str], name: str, prefix: str) -> str | None:
    value = env.get(name)
    if value is not None and not value.startswith(prefix):
        raise ConfigError(f"{name} must start with '{prefix}' (check you copied the right token)")
    return value


def _api_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"SLACK_API_URL must be an http(s) address like {DEFAULT_SLACK_API_URL}, got '{value}'")
    return value if value.endswith("/") else value + "/"


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ConfigError(f"PORT must be a whole number from 1 to 65535, got '{value}'")
    return int(value)


def _database_url(value: str | None) -> str | None:
    if value is None:
        return None
    if value.startswith("postgres://"):  # Heroku's form, which SQLAlchemy no longer accepts
        value = "postgresql://" + value[len("postgres://") :]
    scheme = urlparse(value).scheme.split("+")[0]
    if scheme not in ("sqlite", "postgresql"):
        raise ConfigError(f"DATABASE_URL must start with sqlite:// or postgresql://, got '{scheme or value}'")
    return value


def _knowledge_dir(value: str | None) -> Path:
    path = Path(value).expanduser() if value else SHIPPED_KNOWLEDGE
    if not path.is_dir():
        raise ConfigError(f"PIM_KNOWLEDGE_DIR must be a folder of YAML files, but '{path}' is not a folder")
    return path
