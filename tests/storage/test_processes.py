"""Several processes on one database: a redelivered event is answered once and a vote counted once, wherever
each copy lands (README "Several processes"). Run on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest
from sqlalchemy import select

from bot.slack.redelivery import SeenOnce
from bot.storage.database import Store
from bot.storage.schema import seen_once
from bot.testing.slack_requests import (
    USER_ID,
    button_press,
    event_callback,
    http,
    mention,
    signed_headers,
    slash_command,
)
from tests.conftest import (
    POSTGRES_URL_VARIABLE,
    RunningServer,
    knowledge_copy,
    posts_outside_sentinels,
    read_only,
    running_pimbot,
    settle,
)
from tests.fault_proxy import FaultProxy

pytestmark = pytest.mark.process


def test_first_time_is_true_once_per_key_even_under_concurrency(database_url: str) -> None:
    store = Store(database_url)
    now = datetime(2026, 11, 29, 12, tzinfo=UTC)
    barrier = threading.Barrier(8)

    def claim(_: int) -> bool:
        barrier.wait()
        return store.first_time("event:Ev1", timedelta(hours=1), now)

    with ThreadPoolExecutor(8) as pool:
        assert sorted(pool.map(claim, range(8))) == [False] * 7 + [True]
    assert store.first_time("event:Ev1", timedelta(hours=1), now + timedelta(minutes=59)) is False
    assert store.first_time("event:Ev1", timedelta(hours=1), now + timedelta(minutes=61)) is True, "expired: new again"
    assert store.forget_seen_before(now + timedelta(hours=3)) == 1


def test_votes_are_kept_as_keyed_hashes_never_user_ids(database_url: str) -> None:
    store = Store(database_url)
    seen = SeenOnce(store, "signing-secret")
    assert seen.vote("1700000000.000100", USER_ID, "entry:data") is True
    assert seen.vote("1700000000.000100", USER_ID, "entry:data") is False
    assert seen.vote("1700000000.000100", "UOTHER", "entry:data") is True
    with store.engine.connect() as connection:
        keys = [row.key for row in connection.execute(select(seen_once.c.key))]
    assert len(keys) == 2 and not any(USER_ID in key or "UOTHER" in key for key in keys)
    assert SeenOnce(store, "another-secret").vote("1700000000.000100", USER_ID, "entry:data") is True, "keyed"


@pytest.fixture
def lean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """These servers answer definitions and keep state: the knowledge folder without the examples pimbot learns
    from starts them a third of a second sooner each."""
    return {"PIM_KNOWLEDGE_DIR": str(knowledge_copy(tmp_path_factory.mktemp("lean") / "knowledge"))}


def test_two_servers_on_one_database_answer_a_redelivered_event_once(fake_slack, tmp_path, database_url, lean) -> None:
    with ExitStack() as stack:
        servers = []
        for name in ("one", "two"):
            folder = tmp_path / name
            folder.mkdir()
            servers.append(
                stack.enter_context(
                    running_pimbot(folder, fake_slack, DATABASE_URL=database_url, PIM_SCHEDULER="off", **lean)
                )
            )
        event = event_callback(mention("what is a DSA?", ts="1700000000.000900"), "EvTWICE1")
        vote = button_press("pim_feedback_helpful", "entry:data", fake_slack.response_url("vote"), ephemeral=False)
        with ThreadPoolExecutor(4) as pool:  # the first delivery and its retries, at once, to both processes
            answers = list(pool.map(lambda server: server.post(event).status, servers * 2))
            votes = list(pool.map(lambda server: server.post(vote).status, servers))
        assert answers == [200] * 4 and votes == [200, 200]
        fake_slack.wait_for("/api/chat.postMessage")
        fake_slack.wait_for("/response/vote", count=2)
        for server in servers:  # each server has made every call the event caused
            settle(server, fake_slack)
        assert len(posts_outside_sentinels(fake_slack)) == 1
        texts = sorted(call.body["text"] for call in fake_slack.calls_to("/response/vote"))
        assert texts == ["Thanks, marked as helpful.", "You already rated it."]


DATABASE_DOWN = "That needs pimbot's database, which is not answering right now. Try again in a minute."


def test_a_frozen_then_stopped_postgresql_costs_only_what_needs_it(fake_slack, tmp_path, lean) -> None:
    """Frozen: answers that need no database stay fast, the rest say so within seconds. Stopped and back:
    pimbot recovers on its own (broken pooled connections are discarded)."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(f"set {POSTGRES_URL_VARIABLE} to run against PostgreSQL (.ci/run does)")
    target = urlparse(url)
    proxy = FaultProxy((target.hostname or "127.0.0.1", target.port or 5432))
    timeout = 2  # PIM_DATABASE_TIMEOUT: the default 5 s would make the frozen calls' wait longer, not different
    proxied = url.replace(f"{target.hostname}:{target.port}", f"127.0.0.1:{proxy.port}")

    def ask(server: RunningServer, text: str) -> tuple[str, float]:
        started = time.monotonic()
        reply = server.post(slash_command(text, fake_slack.response_url()))
        assert reply.status == 200
        return reply.json()["text"], time.monotonic() - started

    try:
        settings = {"DATABASE_URL": proxied, "PIM_SCHEDULER": "off", "PIM_DATABASE_TIMEOUT": str(timeout), **lean}
        with running_pimbot(tmp_path, fake_slack, **settings) as server:
            assert ask(server, "subscribe webinars")[0].startswith("This channel will now get reminders")
            proxy.freeze()
            assert ask(server, "define do no harm")[1] < 1.0
            text, took = ask(server, "unsubscribe webinars")
            assert text == DATABASE_DOWN and took < timeout + 3, took
            assert http("GET", server.url + "/healthz").status == 200
            assert http("GET", server.url + "/readyz").status == 503
            assert ask(server, "define informed consent")[1] < 1.0, "stuck database calls hold no request thread"
            proxy.down()  # stopped
            assert ask(server, "unsubscribe webinars")[0] == DATABASE_DOWN
            proxy.restore()  # back
            deadline = time.monotonic() + 15
            while http("GET", server.url + "/readyz").status != 200 and time.monotonic() < deadline:
                time.sleep(0.5)
            assert ask(server, "unsubscribe webinars")[0].startswith("This channel will no longer get reminders")
    finally:
        proxy.close()


def test_web_concurrency_runs_several_workers_on_one_port(fake_slack, tmp_path, lean) -> None:
    with running_pimbot(tmp_path, fake_slack, WEB_CONCURRENCY="2", PIM_SCHEDULER="off", **lean) as server:
        for _ in range(6):
            reply = server.post(slash_command("define do no harm", fake_slack.response_url()))
            assert reply.status == 200 and "Do no harm" in reply.body
        deadline = time.monotonic() + 10
        while server.log().count("Started server process") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert server.log().count("Started server process") == 2, server.log()


def test_a_sqlite_file_made_read_only_then_writable_again_recovers_without_restart(fake_slack, tmp_path, lean) -> None:
    database = tmp_path / "shared.sqlite"
    url = f"sqlite:///{database}"
    with running_pimbot(tmp_path, fake_slack, DATABASE_URL=url, PIM_SCHEDULER="off", **lean) as server:

        def ask(text: str) -> str:
            return server.post(slash_command(text, fake_slack.response_url())).json()["text"]

        assert ask("subscribe webinars").startswith("This channel will now get reminders")
        files = [database, Path(f"{database}-wal")]  # what SQLite writes to (its shared-memory index stays)
        with read_only(files):
            assert ask("unsubscribe webinars") == DATABASE_DOWN
            assert ask("define do no harm").startswith("Do no harm")
            assert http("GET", server.url + "/healthz").status == 200
            # a redelivered event and a second vote are still answered once: remembered in memory meanwhile
            event = event_callback(mention("what is a DSA?", ts="1700000000.000901"), "EvWHILEDOWN1")
            vote = button_press("pim_feedback_helpful", "entry:data", fake_slack.response_url("down"), ephemeral=False)
            now = int(time.time())
            for age, body in enumerate((event, event, vote, vote)):  # each signed afresh, as Slack's retries are
                headers = signed_headers(body, timestamp=now - age)
                assert http("POST", server.url + "/slack/events", body, headers).status == 200
            fake_slack.wait_for("/response/down", count=2)
            settle(server, fake_slack)
            assert len(posts_outside_sentinels(fake_slack)) == 1
            texts = sorted(call.body["text"] for call in fake_slack.calls_to("/response/down"))  # sent in the background
            assert texts == ["Thanks, marked as helpful.", "You already rated it."]
        assert ask("unsubscribe webinars").startswith("This channel will no longer get reminders")
        assert http("GET", server.url + "/readyz").status == 200
