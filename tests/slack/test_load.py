"""Load and shutdown: many signed requests at once while Slack is slow, rate-limits and fails; a SIGTERM mid-reply."""

from __future__ import annotations

import signal
import time
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.storage.database import Store
from bot.testing.slack_requests import button_press, event_callback, http, mention, signed_headers, slash_command
from tests.conftest import SENTINEL_CHANNEL, running_pimbot, settle

pytestmark = pytest.mark.process

REQUESTS = 1000
CLIENTS = 50
QUERIES = ["define do no harm", "DPIA", "what is pseudonymization?", "harm", "pizza", "list", "principles",
           "tools we need to register new arrivals with fingerprints", "tools help us with data"]  # fmt: skip


def flaky_first_attempt(path: str, body: dict) -> tuple[int, dict[str, str]] | None:
    """Refuse the first attempt of about one delivery in five: 429 with Retry-After, or 500."""
    key = path + str(body.get("thread_ts", ""))
    bucket = zlib.crc32(key.encode()) % 10
    if bucket == 0:
        return 429, {"Retry-After": "1"}
    if bucket == 1:
        return 500, {}
    return None


def test_1000_requests_from_50_clients_with_a_flaky_slack(fake_slack, tmp_path) -> None:
    """Slack refuses about one first attempt in five, and takes half a second over every message posted in a thread
    (a slow Slack): acknowledgements stay within Slack's 3 s all the same, and each answer is sent once."""
    fake_slack.fail_first_attempts(flaky_first_attempt)
    fake_slack.delay("/api/chat.postMessage", 0.5)
    with running_pimbot(tmp_path, fake_slack, PIM_SCHEDULER="off") as server:

        def one(i: int) -> tuple[str, int, float]:
            if i % 8 == 0:
                body = event_callback(mention("what is ISP?", ts=f"1700000000.{i:06d}"), f"EvLOAD{i}")
                kind = "mention"
            elif i % 4 == 1:
                body = button_press("pim_open_0", "entry:data", fake_slack.response_url(f"load-{i}"))
                kind = "button"
            else:
                body = slash_command(QUERIES[i % len(QUERIES)], fake_slack.response_url(f"cmd-{i}"))
                kind = "command"
            started = time.monotonic()
            status = http("POST", server.url + "/slack/events", body, signed_headers(body)).status
            return kind, status, time.monotonic() - started

        with ThreadPoolExecutor(max_workers=CLIENTS) as clients:
            results = list(clients.map(one, range(REQUESTS)))

        assert Counter(status for _, status, _ in results) == {200: REQUESTS}
        slowest = max(seconds for _, _, seconds in results)
        assert slowest < 3.0, f"an acknowledgement took {slowest:.2f} s; Slack gives up after 3 s"
        assert http("GET", server.url + "/healthz").status == 200

        buttons = sum(kind == "button" for kind, _, _ in results)
        mentions = sum(kind == "mention" for kind, _, _ in results)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            delivered = [c for c in fake_slack.calls_under("/response/load-") if c.status == 200]
            posted = [c for c in fake_slack.calls_to("/api/chat.postMessage") if c.status == 200]
            if len(delivered) >= buttons and len(posted) >= mentions:
                break
            time.sleep(0.2)
        settle(server, fake_slack)  # a later request answered: any duplicate would have been sent by now
        delivered = Counter(c.path for c in fake_slack.calls_under("/response/load-") if c.status == 200)
        posted = Counter(
            c.body["thread_ts"]
            for c in fake_slack.calls_to("/api/chat.postMessage")
            if c.status == 200 and c.body.get("channel") != SENTINEL_CHANNEL
        )
        refused = [c for c in fake_slack.calls_under("/") if c.status != 200]
        assert refused, "the fake refused some first attempts"
        assert len(delivered) == buttons and set(delivered.values()) == {1}, "each answer delivered exactly once"
        assert len(posted) == mentions and set(posted.values()) == {1}, "each mention answered exactly once"


def test_sigterm_lets_an_answer_in_flight_finish_and_writes_the_last_counts(fake_slack, tmp_path) -> None:
    fake_slack.delay("/response/slow", 2.0)
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    with running_pimbot(tmp_path, fake_slack, DATABASE_URL=url) as server:
        assert server.post(slash_command("define quokka census", fake_slack.response_url())).status == 200
        body = button_press("pim_open_0", "entry:do-no-harm", fake_slack.response_url("slow"))
        assert server.post(body).status == 200
        time.sleep(0.3)  # the reply is now on its way to the slow response_url
        stopping = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=30) == 0
        assert time.monotonic() - stopping >= 1.5, "the process waited for Slack to answer the reply"
        [delivered] = fake_slack.calls_to("/response/slow")
        assert delivered.body["blocks"][0]["text"]["text"].startswith("*Do no harm*")
        log = server.log()
        assert "reminder scheduler stopped" in log
        assert "failed" not in log
    assert ("quokka census", 1) in Store(url).top_gaps(10), "counted just before the stop, written at the stop"
