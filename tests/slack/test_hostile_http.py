"""Hostile HTTP: huge bodies, malformed input and slow clients against a running `pimbot serve` (README "Limits")."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlparse

import pytest

from bot.testing.slack_requests import http, signed_headers, slash_command
from tests.conftest import RunningServer, knowledge_copy, running_pimbot

LIMIT = 256 * 1024


def _address(server: RunningServer) -> tuple[str, int]:
    url = urlparse(server.url)
    return url.hostname or "127.0.0.1", url.port or 80


def _raw(server: RunningServer, request: bytes, then: bytes = b"") -> str:
    """Send raw bytes, then read the status line of the answer (the server may answer before reading `then`)."""
    with socket.create_connection(_address(server), timeout=10) as sock:
        sock.sendall(request)
        if then:
            with suppress(OSError):  # the server may answer and close before taking it all: what we want
                sock.sendall(then)
        return sock.recv(65536).decode("latin-1").split("\r\n", 1)[0]


def test_a_body_announced_over_the_limit_is_refused_before_it_is_sent(pimbot_server: RunningServer) -> None:
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {200 * 1024 * 1024}\r\n\r\n"
    ).encode()
    started = time.monotonic()
    assert _raw(pimbot_server, head) == "HTTP/1.1 413 Request Entity Too Large"
    assert time.monotonic() - started < 2


def test_a_chunked_body_is_refused_once_it_passes_the_limit(pimbot_server: RunningServer) -> None:
    head = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"a" * 64 * 1024)
    assert _raw(pimbot_server, head, chunk * 6) == "HTTP/1.1 413 Request Entity Too Large"


def test_a_body_just_under_the_limit_is_read_and_then_judged_by_its_signature(pimbot_server: RunningServer) -> None:
    body = "text=" + "a" * (LIMIT - 10)
    assert http("POST", pimbot_server.url + "/slack/events", body, {"X-Slack-Signature": "v0=00"}).status == 401


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        ('{"type": "event_callback", "event": {', {"Content-Type": "application/json"}, 401),
        ("payload=notjson", {"Content-Type": "application/x-www-form-urlencoded"}, 401),
        ("text=hi", {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=abc"}, 401),
        ("text=hi", {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": ""}, 401),
    ],
    ids=["broken-json", "payload-notjson", "timestamp-abc", "empty-headers"],
)
def test_malformed_unsigned_input_gets_401_not_500(pimbot_server: RunningServer, body, headers, status) -> None:
    result = http("POST", pimbot_server.url + "/slack/events", body, headers)
    assert result.status == status
    assert "Traceback" not in result.body and "Traceback" not in pimbot_server.log()


def test_signed_but_malformed_bodies_get_400(pimbot_server: RunningServer) -> None:
    for body in ("payload=notjson", "payload=%7B%22type%22"):
        result = http("POST", pimbot_server.url + "/slack/events", body, signed_headers(body))
        assert result.status == 400, body
    assert "Traceback" not in pimbot_server.log()


def test_bytes_that_are_not_utf8_or_a_bad_length_get_400(pimbot_server: RunningServer) -> None:
    head = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n"
    assert _raw(pimbot_server, head + b"\xff\xfe\xfd\xfc").startswith("HTTP/1.1 400")
    bad_length = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"
    assert _raw(pimbot_server, bad_length).startswith("HTTP/1.1 400")


def test_other_methods_and_paths_get_405_and_404(pimbot_server: RunningServer) -> None:
    assert http("GET", pimbot_server.url + "/slack/events").status == 405
    assert http("POST", pimbot_server.url + "/healthz", "x").status == 405
    assert http("GET", pimbot_server.url + "/nothing-here").status == 404


@contextmanager
def _trickling_clients(server: RunningServer, count: int) -> Iterator[None]:
    """`count` clients that each send a request one byte a second, for as long as the block runs."""
    stop = threading.Event()
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(_address(server), timeout=10)
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
        sockets.append(sock)

    def trickle() -> None:
        while not stop.wait(1.0):
            for sock in sockets:
                with suppress(OSError):
                    sock.send(b"a")

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        for sock in sockets:
            sock.close()


def test_fifty_slow_clients_do_not_delay_signed_requests(pimbot_server: RunningServer, fake_slack) -> None:
    with _trickling_clients(pimbot_server, 50):
        time.sleep(1.5)  # every slow client is mid-body
        for _ in range(5):
            started = time.monotonic()
            health = http("GET", pimbot_server.url + "/healthz")
            body = slash_command("define do no harm", fake_slack.response_url())
            answer = pimbot_server.post(body)
            assert health.status == 200 and answer.status == 200
            assert "Do no harm" in answer.body
            assert time.monotonic() - started < 1.0


def test_a_replayed_command_is_answered_once(pimbot_server: RunningServer, fake_slack) -> None:
    body = slash_command("define informed consent", fake_slack.response_url())
    headers = signed_headers(body)
    first = http("POST", pimbot_server.url + "/slack/events", body, headers)
    replay = http("POST", pimbot_server.url + "/slack/events", body, headers)
    assert first.status == 200 and "Informed consent" in first.body
    assert replay.status == 200 and replay.body == ""


def test_a_body_too_slow_gets_408_and_connections_past_the_limit_get_503(fake_slack, tmp_path) -> None:
    """The two limits with their own settings (10 s and 1,000 by default), small here so that the test is quick."""
    knowledge = str(knowledge_copy(tmp_path / "knowledge"))
    limits = {"PIM_BODY_TIMEOUT": "1", "PIM_MAX_CONNECTIONS": "8", "PIM_SCHEDULER": "off"}
    with running_pimbot(tmp_path, fake_slack, PIM_KNOWLEDGE_DIR=knowledge, **limits) as server:
        started = time.monotonic()
        head = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + b"a" * 10
        assert _raw(server, head) == "HTTP/1.1 408 Request Timeout"
        assert 1 <= time.monotonic() - started < 5, "cut after the body timeout, not before, not much later"

        idle = [socket.create_connection(_address(server), timeout=10) for _ in range(8)]
        try:
            time.sleep(0.3)  # each is accepted (a connection counts as soon as the server has it)
            assert _raw(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") == "HTTP/1.1 503 Service Unavailable"
        finally:
            for sock in idle:
                sock.close()
        deadline = time.monotonic() + 5
        while http("GET", server.url + "/healthz").status != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert http("GET", server.url + "/healthz").status == 200, "served again once they are gone"
