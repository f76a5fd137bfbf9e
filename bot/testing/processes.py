"""Running pimbot as a separate process, as a user does: a clean environment, a free port, a health wait."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

from bot.testing.fake_slack import FakeSlack
from bot.testing.slack_requests import BOT_TOKEN, SIGNING_SECRET, http

ROOT = Path(__file__).resolve().parents[2]
"""The repository: a pimbot process imports `bot` from here."""


def clean_env(**settings: str) -> dict[str, str]:
    """The test process's environment without any pimbot or Slack setting, plus `settings`."""
    prefixes = ("SLACK_", "PIM_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes) and k not in ("PORT", "DATABASE_URL")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(settings)
    return env


def slack_env(fake: FakeSlack, **settings: str) -> dict[str, str]:
    """A clean environment for a pimbot process that talks to the fake Slack API with the test credentials."""
    return clean_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.url, **settings)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 30) -> bool:
    """Wait for GET /healthz to answer 200; False if the process died or the time ran out."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if http("GET", url + "/healthz").status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False
