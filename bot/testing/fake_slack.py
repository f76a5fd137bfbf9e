"""A stand-in for Slack's Web API and for `response_url`, on 127.0.0.1, that records every call.

Like bolt-python's own mock server, but on a free port and with scripted failures, so tests can check
what pimbot sent and how it copes when Slack answers 429 or 500.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

BOT_USER_ID = "UPIMBOT"
BOT_ID = "BPIMBOT"


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: dict
    at: float = field(default_factory=time.monotonic)
    wall_clock: float = field(default_factory=time.time)
    status: int = 200


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._failures: dict[str, list[tuple[int, dict[str, str], str]]] = {}
        """Scripted answers by path: HTTP status, headers, Slack's error code ("" for the usual one)."""
        self._first_attempt_fails: Callable[[str, dict], tuple[int, dict[str, str]] | None] | None = None
        self._attempted: set[str] = set()
        self._delays: dict[str, float] = {}
        self._taken_then_failed: list[int | None] = []
        self.messages: list[dict] = []
        """What chat.postMessage put in channels, as conversations.history returns it (with metadata)."""
        self._history_denied: set[str] = set()
        self.uploads: dict[str, bytes] = {}
        """Files received at the upload URL that files.getUploadURLExternal handed out, by file id."""
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/"

    def response_url(self, name: str = "r1") -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/response/{name}"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._failures.clear()
            self._first_attempt_fails = None
            self._attempted.clear()
            self._delays.clear()
            self._taken_then_failed.clear()
            self.messages.clear()
            self._history_denied.clear()
            self.uploads.clear()

    def fail_first_attempts(self, choose: Callable[[str, dict], tuple[int, dict[str, str]] | None]) -> None:
        """For each call `choose` gives a failure for, fail the first attempt with the same path and body."""
        with self._lock:
            self._first_attempt_fails = choose

    def delay(self, path: str, seconds: float) -> None:
        """Answer calls to `path` only after `seconds` (a slow Slack)."""
        with self._lock:
            self._delays[path] = seconds

    def fail_next(
        self, path: str, status: int, times: int = 1, headers: dict[str, str] | None = None, error: str | None = None
    ) -> None:
        """Answer the next `times` calls to `path` with `status` (e.g. 429 with Retry-After), or, with `error`, with
        Slack's refusal by that code (`not_in_channel`, answered as HTTP `status`, 200 for Slack's own refusals)."""
        with self._lock:
            self._failures.setdefault(path, []).extend([(status, headers or {}, error or "")] * times)

    def take_then_fail(self, status: int | None, times: int = 1) -> None:
        """Put the next `times` chat.postMessage messages in their channel, then answer `status` (a 5xx), or, with
        None, drop the connection without an answer: Slack posted it, and the caller cannot know."""
        with self._lock:
            self._taken_then_failed.extend([status] * times)

    def deny_history(self, channel: str) -> None:
        """conversations.history answers not_in_channel for `channel` (a bot that posts without joining)."""
        with self._lock:
            self._history_denied.add(channel)

    def calls_to(self, path: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.path == path]

    def calls_under(self, prefix: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.path.startswith(prefix)]

    def wait_for(self, path: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until `path` was called at least `count` times; return those calls (may be fewer on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.calls_to(path)
            if len(calls) >= count:
                return calls
            time.sleep(0.02)
        return self.calls_to(path)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                self._answer(path, {k: v[0] for k, v in parse_qs(query).items()}, query)

            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/upload/"):  # files.uploadV2's step 2: the file's bytes, as they are
                    with fake._lock:
                        fake.uploads[self.path.removeprefix("/upload/")] = data
                        fake.calls.append(Call(self.path, dict(self.headers), {"length": len(data)}))
                    self._send(200, None)
                    return
                raw = data.decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or "{}")
                else:
                    body = {k: v[0] for k, v in parse_qs(raw).items()}
                self._answer(self.path.split("?")[0], body, raw)

            def _answer(self, path: str, body: dict, raw: str) -> None:
                call = Call(path, dict(self.headers), body)
                ts = f"{time.time():.6f}"
                with fake._lock:
                    fake.calls.append(call)
                    queue = fake._failures.get(path)
                    failure = queue.pop(0) if queue else None
                    if failure is None and fake._first_attempt_fails is not None:
                        attempt = path + raw
                        if attempt not in fake._attempted:
                            fake._attempted.add(attempt)
                            chosen = fake._first_attempt_fails(path, body)
                            failure = (*chosen, "") if chosen else None
                    delay = fake._delays.get(path, 0.0)
                    dropped = False
                    if path == "/api/chat.postMessage" and failure is None:  # taken, even if answered late
                        message = {"channel": body.get("channel"), "ts": ts, "text": body.get("text")}
                        if body.get("metadata"):
                            message["metadata"] = body["metadata"]
                        fake.messages.append(message)
                        if fake._taken_then_failed:
                            status_after = fake._taken_then_failed.pop(0)
                            dropped = status_after is None
                            failure = None if status_after is None else (status_after, {}, "")
                    history = [m for m in fake.messages if m["channel"] == body.get("channel")]
                    denied = body.get("channel") in fake._history_denied
                if delay:
                    time.sleep(delay)
                if dropped:
                    call.status = 0
                    self.close_connection = True  # no answer at all: the client sees the connection drop
                    return
                if failure:
                    status, headers, error = failure
                    error = error or ("ratelimited" if status == 429 else "fatal_error")
                    call.status = status
                    self._send(status, {"ok": False, "error": error}, headers)
                elif path == "/api/auth.test":
                    self._send(
                        200, {"ok": True, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "team_id": "T1", "user": "pimbot"}
                    )
                elif path.startswith("/response/"):
                    self._send(200, None)
                elif path == "/api/conversations.open":
                    self._send(200, {"ok": True, "channel": {"id": "D" + str(body.get("users", "")).lstrip("U")}})
                elif path == "/api/files.getUploadURLExternal":
                    file_id = f"F{len(fake.calls)}"
                    self._send(
                        200,
                        {"ok": True, "file_id": file_id, "upload_url": f"{fake.url.removesuffix('api/')}upload/{file_id}"},
                    )
                elif path == "/api/files.completeUploadExternal":
                    files = json.loads(body["files"]) if isinstance(body.get("files"), str) else body.get("files", [])
                    self._send(200, {"ok": True, "files": files})
                elif path == "/api/conversations.history":
                    if denied:
                        self._send(200, {"ok": False, "error": "not_in_channel"})
                        return
                    oldest = float(body.get("oldest") or 0)
                    with_metadata = str(body.get("include_all_metadata")).lower() in ("1", "true")
                    found = [m if with_metadata else {k: v for k, v in m.items() if k != "metadata"}
                             for m in reversed(history) if float(m["ts"]) > oldest]  # fmt: skip
                    self._send(200, {"ok": True, "messages": found, "has_more": False})
                else:
                    self._send(200, {"ok": True, "channel": body.get("channel"), "ts": ts})

            def _send(self, status: int, payload: dict | None, headers: dict[str, str] | None = None) -> None:
                data = b"ok" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain" if payload is None else "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                    self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
