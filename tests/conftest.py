"""Shared fixtures: the shipped knowledge base, a fake Slack Web API, and a running `pimbot serve`."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from bot.advice.ranking import Advisor
from bot.config import SHIPPED_KNOWLEDGE
from bot.knowledge.entries import KnowledgeBase
from bot.knowledge.loading import load_knowledge
from bot.replies import Responder
from bot.testing.fake_slack import FakeSlack
from bot.testing.processes import clean_env, free_port, slack_env, wait_until_healthy
from bot.testing.slack_requests import HttpResult, http, signed_headers

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.knowledge.reloading import KnowledgeReloader

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
"""The quality data sets (define queries, tool situations, safety sets, the coverage list)."""
LEARNT_FROM = ("tool-examples.yaml", "safety-examples.yaml")
"""The knowledge files pimbot learns from: thousands of situations, a second or more to read and learn."""


def knowledge_copy(folder: Path) -> Path:
    """A copy of the shipped knowledge folder to edit, for tests of reading, reloading and reminding, which learn
    nothing: without the examples pimbot learns from, so its safety check uses the word lists only, and tool
    suggestions each tool's own requests."""
    shutil.copytree(SHIPPED_KNOWLEDGE, folder, ignore=shutil.ignore_patterns(*LEARNT_FROM))
    return folder


def safe_course(kb: KnowledgeBase) -> set[str]:
    """The tools pimbot offers as the safe course when people's data is shared, even those that handle personal data
    (sdcMicro): what the knowledge base relates to data sharing (`related` of the "data-sharing" entry)."""
    return set(kb.by_id["data-sharing"].related)


ADMIN_ID = "U0ADMIN"
_DATA_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A test data file, read with libyaml: several are read as modules load, in every test worker."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_DATA_LOADER)


@pytest.fixture(scope="session")
def knowledge_base() -> KnowledgeBase:
    return _shipped_knowledge()


def _shipped_knowledge() -> KnowledgeBase:
    from bot.advice import model_cache
    from bot.config import load_settings

    model_cache.use(load_settings(dotenv_path=None).cache_dir)  # as pimbot does: learnt once, then read
    return load_knowledge(SHIPPED_KNOWLEDGE)


@pytest.fixture(scope="session", autouse=True)
def _safety_models_learnt_once(knowledge_base: KnowledgeBase) -> None:
    """Learn (or read) the shipped safety models before any test: every pimbot process a test starts then reads
    them from the cache in a fraction of a second, so timed tests do not depend on which test ran first."""
    _ = knowledge_base.safeguards.models


@pytest.fixture(scope="session")
def advisor(responder: Responder) -> Advisor:
    """The responder's own: one index of the shipped tools per worker, not two."""
    return responder.advisor


@pytest.fixture(scope="session")
def responder(knowledge_base: KnowledgeBase) -> Responder:
    return Responder(knowledge_base)


@pytest.fixture(scope="session")
def fake_slack_server() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_slack(fake_slack_server: FakeSlack) -> FakeSlack:
    """The fake Slack API with nothing recorded yet and no failures scripted."""
    fake_slack_server.reset()
    return fake_slack_server


@pytest.fixture
def run_pimbot(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m bot ARGS` as a user would, in an empty folder, with only the given settings."""

    def run(*args: str, stdin: str = "", **settings: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=clean_env(**settings),
            timeout=60,
        )

    return run


@pytest.fixture
def pimbot_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `pimbot ARGS` in this process (bot.cli.main), in an empty folder with only the given settings: the
    command's own code, as `run_pimbot` runs it, without the second a new Python process costs."""
    from bot.cli import main

    def run(*args: str, stdin: str = "", **settings: str) -> subprocess.CompletedProcess[str]:
        for name in list(os.environ):
            if name.startswith(("SLACK_", "PIM_")) or name in ("PORT", "DATABASE_URL"):
                monkeypatch.delenv(name)
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(tmp_path)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse's own errors
            code = stop.code if isinstance(stop.code, int) else 1
        output = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, output.out, output.err)

    return run


@dataclass
class RunningServer:
    url: str
    log_path: Path
    process: subprocess.Popen

    def post(self, body: str, headers: dict[str, str] | None = None) -> HttpResult:
        """POST a body to /slack/events, signed like Slack does unless `headers` say otherwise."""
        return http("POST", self.url + "/slack/events", body, headers if headers is not None else signed_headers(body))

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


ICS_TOKEN = "feed-token-0123456789abcdef"


@contextmanager
def running_pimbot(folder: Path, fake: FakeSlack, **settings: str) -> Iterator[RunningServer]:
    """`pimbot serve` in its own process, in `folder`, talking to the fake Slack API; stopped with SIGTERM."""
    log_path = folder / "pimbot.log"
    port = free_port()
    env = slack_env(fake, PORT=str(port), PIM_ADMINS=ADMIN_ID, **settings)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"], cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    if not wait_until_healthy(url, process):
        process.kill()
        raise RuntimeError("pimbot serve did not start:\n" + log_path.read_text())
    server = RunningServer(url, log_path, process)
    try:
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def pimbot_server(fake_slack_server: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One `pimbot serve` for the whole session, on the shipped knowledge, with a calendar feed."""
    with running_pimbot(tmp_path_factory.mktemp("server"), fake_slack_server, PIM_ICS_TOKEN=ICS_TOKEN) as server:
        yield server


class InProcessSlack:
    """The Bolt app `pimbot serve` runs, built in this process and fed signed requests through `app.dispatch`,
    as bolt-python's own scenario tests do; it calls the fake Slack Web API like the server does."""

    def __init__(self, bolt_app: App, knowledge: KnowledgeReloader | None = None) -> None:
        self.bolt_app = bolt_app
        self.knowledge = knowledge
        """The live knowledge behind the app (its folder tells whether a reading is under way)."""

    def post(self, body: str, headers: dict[str, str] | None = None) -> HttpResult:
        """The same request as `RunningServer.post`, without the HTTP server around the app."""
        from slack_bolt import BoltRequest

        request = BoltRequest(body=body, headers=headers if headers is not None else signed_headers(body))
        response = self.bolt_app.dispatch(request)
        return HttpResult(response.status, response.body, {k: v[0] for k, v in response.headers.items() if v})


def in_process_slack(folder: Path, fake: FakeSlack, **extra: str) -> InProcessSlack:
    """pimbot's Slack listeners built in this process with a database in `folder`, the scheduler off, and the
    given settings (PIM_KNOWLEDGE_DIR, PIM_RELOAD_SECONDS, ...)."""
    from bot import services
    from bot.config import load_settings
    from bot.testing.slack_requests import BOT_TOKEN, SIGNING_SECRET

    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.url,
            "DATABASE_URL": f"sqlite:///{folder / 'pimbot.sqlite'}",
            "PIM_SCHEDULER": "off",
            "PIM_ADMINS": ADMIN_ID,
            "HOME": os.environ.get("HOME", str(folder)),
            **extra,
        },
        None,
    )
    built = services.slack_services(settings)
    return InProcessSlack(built.bolt_app, built.knowledge)


@pytest.fixture(scope="session")
def slack_app(fake_slack_server: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> InProcessSlack:
    """pimbot's Slack listeners in this process, on the shipped knowledge and a database of their own."""
    return in_process_slack(tmp_path_factory.mktemp("in-process"), fake_slack_server)


@pytest.fixture
def make_knowledge(tmp_path: Path) -> Callable[..., Path]:
    """Write a knowledge folder from {file name: YAML text} and return its path."""

    def make(files: dict[str, str]) -> Path:
        folder = tmp_path / "knowledge"
        folder.mkdir(exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        return folder

    return make


MINI_TERMS = """\
terms:
  - id: protection-monitoring-term
    term: Protection monitoring
    definition: Watching the protection situation over time.
    acronyms: [PM]
    related: [project-management]
    source: https://pim.guide/
  - id: project-management
    term: Project management
    definition: Planning and running a project.
    acronyms: [PM]
    source: https://example.org/pm
"""


POSTGRES_URL_VARIABLE = "PIM_TEST_DATABASE_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, and the PostgreSQL server that .ci/run starts (PIM_TEST_DATABASE_URL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pimbot.sqlite'}"
        return
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(f"set {POSTGRES_URL_VARIABLE} to run against PostgreSQL (.ci/run does)")
    from sqlalchemy import create_engine

    from bot.config import load_settings
    from bot.storage.schema import metadata

    url = load_settings({"DATABASE_URL": url}).database_url
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:  # tests run in parallel: each worker has a schema of its own on the one test database
        from sqlalchemy import text

        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {worker}"))
        engine.dispose()
        url += f"?options=-csearch_path%3D{worker}"
    engine = create_engine(url)
    metadata.drop_all(engine)
    engine.dispose()
    yield url
    engine = create_engine(url)
    metadata.drop_all(engine)
    engine.dispose()


_sentinels = iter(range(1, 1_000_000))
SENTINEL_CHANNEL = "CSENTINEL"


def settle(server: RunningServer, fake: FakeSlack, timeout: float = 10.0) -> None:
    """Send one more mention and wait for its answer: Slack calls caused by earlier requests have been made.

    A negative check ("nothing else was posted") after this is not vacuous on a slow machine, as it would be
    after a fixed sleep. The sentinel's own post is in its own channel, so checks can leave it out.
    """
    from bot.testing.slack_requests import event_callback, mention

    number = next(_sentinels)
    ts = f"1800000000.{number:06d}"
    event = {**mention("what is DII?", ts=ts), "channel": SENTINEL_CHANNEL}
    assert server.post(event_callback(event, f"EvSENTINEL{number:06d}")).status == 200
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(c.body.get("thread_ts") == ts for c in fake.calls_to("/api/chat.postMessage")):
            return
        time.sleep(0.02)
    raise AssertionError("the sentinel request was not answered: the server is stuck")


@contextmanager
def read_only(paths: list[Path]) -> Iterator[None]:
    """Make files read-only even for root (who ignores permissions): `chattr +i` then, else chmod. The database
    gone, for writes, in a way any process sees at once."""
    root = os.geteuid() == 0
    if root and shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: nothing can make a file read-only for root here")
    for path in paths:
        subprocess.run(["chattr", "+i", str(path)], check=True) if root else path.chmod(0o444)
    try:
        yield
    finally:
        for path in paths:
            subprocess.run(["chattr", "-i", str(path)], check=True) if root else path.chmod(0o644)


def posts_outside_sentinels(fake: FakeSlack) -> list[dict]:
    return [c.body for c in fake.calls_to("/api/chat.postMessage") if c.body.get("channel") != SENTINEL_CHANNEL]


PROCESS_FIXTURES = frozenset({"pimbot_server", "run_pimbot"})


def pytest_configure(config: pytest.Config) -> None:
    """With several workers, the shipped safety models and tool likeness are learnt (or read) once here, before the
    workers start: on a fresh machine each worker would otherwise learn them at the same time, seconds of CPU each."""
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        kb = _shipped_knowledge()
        _ = kb.safeguards.models
        Advisor(kb)  # keeps its likeness in the model cache


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start real pimbot processes (marked `process`, by hand or by their fixtures) mostly wait, on
    processes starting and on clocks. With `--dist worksteal`, each worker first gets an equal, contiguous share
    of the list and idle ones then take from the end of a busy one's: so each share starts with its part of the
    process tests, whose waits then overlap the quick in-process tests instead of making the suite's tail. The
    tests of the session's `pimbot serve` all open the first share, so that one worker starts that server."""
    for item in items:
        if PROCESS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.process)
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers < 2:
        return  # one process: the order changes nothing
    server = [item for item in items if "pimbot_server" in getattr(item, "fixturenames", ())]
    slow = [item for item in items if item.get_closest_marker("process") and item not in server]
    quick = [item for item in items if not item.get_closest_marker("process")]
    firsts = [server, *(slow[share :: workers - 1] for share in range(workers - 1))]
    items[:] = [
        item
        for share in range(workers)
        for item in (*firsts[share], *quick[share * len(quick) // workers : (share + 1) * len(quick) // workers])
    ]
