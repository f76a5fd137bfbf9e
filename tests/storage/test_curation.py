"""The curation loop keeps counts, never people: what was not found, which answers did not help, for 90 days."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import SHIPPED_KNOWLEDGE
from bot.knowledge.loading import load_knowledge
from bot.knowledge.reloading import KnowledgeReloader
from bot.replies import GapsReply, ReloadReply, Responder
from bot.snapshot import CHECK_EVERY
from bot.storage.curation import Curation, countable
from bot.storage.database import Store
from tests.conftest import knowledge_copy, read_only


class Clock:
    def __init__(self, now) -> None:
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def curation(database_url):
    store = Store(database_url)
    yield Curation(store, retention_days=90, clock=Clock(datetime(2026, 11, 26, 12, tzinfo=UTC)), flush_every=0)
    store.close()


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("cash for protection", True),
        ("mhpss", True),
        ("my colleague amina was threatened at the checkpoint", False),  # a sentence, not a term
        ("call 0712345678", False),
        ("case 2024 123", False),
        ("amina@example.org", False),
        ("", False),
        ("one two three four five", True),  # five words at most
        ("one two three four five six", False),
        ("a" * 60, True),  # sixty characters at most
        ("a" * 61, False),
    ],
)
def test_only_short_term_like_queries_are_counted(query: str, kept: bool) -> None:
    assert countable(query) is kept


def test_unanswered_queries_and_feedback_are_counted_and_reported(curation, knowledge_base) -> None:
    responder = Responder(knowledge_base, curation=curation, admins=frozenset({"UADMIN"}))
    for text in (
        "define winterisation",
        "winterisation",
        "define nutrition screening",
        "define harm",
        "define do no harm",
        "thx",
        "standard operating procedures",  # a term we lack, asked without "define": counted too
    ):
        responder.reply(text)
    responder.reply("define my colleague amina was threatened at the checkpoint near the camp")
    curation.count_feedback(["data"], helpful=False)
    curation.count_feedback(["data"], helpful=False)
    curation.count_feedback(["data"], helpful=True)
    curation.count_feedback(["do-no-harm"], helpful=True)
    reply = responder.reply("gaps", user="UADMIN")
    assert isinstance(reply, GapsReply)
    assert reply.gaps.unanswered == (
        ("winterization", 2),
        ("harm", 1),
        ("nutrition screening", 1),
        ("standard operating procedure", 1),
    )
    assert [(e.id, up, down) for e, up, down in reply.gaps.least_helpful] == [("data", 1, 2)]
    assert "amina" not in str(curation.store.top_gaps(50))


def test_gaps_and_reload_are_for_admins_only(curation, knowledge_base) -> None:
    responder = Responder(knowledge_base, curation=curation, admins=frozenset({"UADMIN"}))
    assert responder.reply("gaps", user="USOMEONE").problem.startswith("Only pimbot admins")
    assert responder.reply("reload", user="USOMEONE").problem.startswith("Only pimbot admins")


def test_counts_are_written_in_batches_by_a_timer_and_at_stop(database_url) -> None:
    store = Store(database_url)
    batched = Curation(store, flush_every=0.3)
    for _ in range(3):
        batched.count_unanswered("cash for protection")
    assert store.top_gaps(10) == []  # still in memory: answering never waited on the database
    batched.start()
    deadline = time.monotonic() + 5
    while not store.top_gaps(10) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.top_gaps(10) == [("cash for protection", 3)], "written with no further count to trigger it"
    batched.count_unanswered("mhpss")
    batched.stop()
    assert ("mhpss", 1) in store.top_gaps(10), "a clean stop writes what is left"
    store.close()


def test_counts_the_database_refused_are_written_once_it_is_back(tmp_path, caplog) -> None:
    database = tmp_path / "counts.sqlite"
    store = Store(f"sqlite:///{database}")
    curation = Curation(store, flush_every=0)
    curation.count_unanswered("cash for protection")
    curation.flush()
    with read_only([database, Path(f"{database}-wal")]):
        curation.count_unanswered("cash for protection")
        curation.count_unanswered("mhpss")
        curation.count_feedback(["do-no-harm"], helpful=False)
        curation.flush()
        assert "curation counts not stored" in caplog.text
    assert store.top_gaps(10) == [("cash for protection", 1)], "nothing more was written while refused"
    curation.flush()
    assert store.top_gaps(10) == [("cash for protection", 2), ("mhpss", 1)]
    assert store.feedback() == {"do-no-harm": (0, 1)}
    store.close()


def test_counts_older_than_the_retention_period_are_deleted(curation) -> None:
    curation.count_unanswered("old question")
    curation.flush()
    curation.clock.now += timedelta(days=91)
    curation.count_unanswered("new question")
    curation.flush()
    assert curation.store.top_gaps(10) == [("new question", 1)]


def test_an_edit_is_picked_up_and_a_broken_one_keeps_the_last_good(tmp_path) -> None:
    folder = knowledge_copy(tmp_path / "knowledge")
    clock = Clock(0.0)
    reloader = KnowledgeReloader(folder, lambda kb, reload: Responder(kb, reload=reload), clock=clock)
    terms = folder / "terms.yaml"
    terms.write_text(terms.read_text().replace("aliases: [raw data]", "aliases: [raw data, rohdaten]"))
    assert reloader.current().matcher.match("rohdaten").match is None  # not looked at yet
    clock.now += CHECK_EVERY
    assert reloader.current().matcher.match("rohdaten").match is None, "the reload runs off the request path"
    reloader.wait()
    assert reloader.current().matcher.match("rohdaten").match.entry.id == "data"

    terms.write_text(terms.read_text().replace("  - id: data\n", "  - id: data\n    colour: red\n"))
    result = reloader.current().reply("reload")
    assert isinstance(result, ReloadReply) and not result.loaded
    assert any("terms.yaml" in p and "unknown field 'colour'" in p for p in result.problems)
    clock.now += CHECK_EVERY
    assert reloader.current().matcher.match("rohdaten").match.entry.id == "data"
    assert len(reloader.current().kb) == len(load_knowledge(SHIPPED_KNOWLEDGE))
