"""The store gives up in time when the database cannot answer (README "When the database is down")."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.database import Store


def test_a_sqlite_file_locked_by_another_process_is_waited_on_for_the_timeout_only(tmp_path) -> None:
    """SQLite waits for a lock held elsewhere (a long write by another pimbot process, a backup): within the
    store's timeout, then it gives up with an error a command turns into "the database is not answering"."""
    database = tmp_path / "locked.sqlite"
    store = Store(f"sqlite:///{database}", timeout=1.0)
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    assert store.subscribe("C1", "webinar", now)
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(SQLAlchemyError):
            store.subscribe("C2", "webinar", now)
        waited = time.monotonic() - started
        assert 0.9 <= waited < 4, f"waited {waited:.1f} s for a 1 s timeout"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.subscribe("C2", "webinar", now), "answers again once the lock is gone"
    assert sorted(store.subscriptions()) == [("C1", "webinar"), ("C2", "webinar")]
    store.close()
