"""The tables, and the engine that reaches them: SQLite tuned for several processes, PostgreSQL with timeouts."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import Column, Date, DateTime, Engine, Integer, MetaData, String, Table, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

DATABASE_TIMEOUT = 5.0
"""Seconds to connect, to run one statement, or (SQLite) to wait for another process's write: then give up
(the default of PIM_DATABASE_TIMEOUT)."""

metadata = MetaData()
reminder_deliveries = Table(
    "reminder_deliveries",
    metadata,
    Column("key", String(400), primary_key=True),
    Column("event_id", String(100), nullable=False),
    Column("occurrence", DateTime, nullable=False),  # all times are naive UTC, the same in every database
    Column("offset_seconds", Integer, nullable=False),
    Column("channel", String(40), nullable=False),
    Column("due_at", DateTime, nullable=False),
    Column("status", String(10), nullable=False),
    Column("claimed_at", DateTime, nullable=False),
    Column("claimed_by", String(100), nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
    Column("sent_at", DateTime),
    Column("message_ts", String(40)),
)
channel_subscriptions = Table(
    "channel_subscriptions",
    metadata,
    Column("channel", String(40), primary_key=True),
    Column("kind", String(40), primary_key=True),  # an event kind, or "all"
    Column("created_at", DateTime, nullable=False),
)


# Slack events already answered and public votes already counted, so several processes answer and count once.
# Keys are event ids and keyed hashes of (message, voter, answer): never a user id. Rows expire.
seen_once = Table(
    "seen_once",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("expires_at", DateTime, nullable=False, index=True),
)


# Curation counts, per day so that old ones can be deleted (PIM_RETENTION_DAYS). No user or channel ids.
query_gaps = Table(
    "query_gaps",
    metadata,
    Column("query", String(100), primary_key=True),  # normalised text of a query that found no sure answer
    Column("day", Date, primary_key=True),
    Column("count", Integer, nullable=False),
)
entry_feedback = Table(
    "entry_feedback",
    metadata,
    Column("entry_id", String(100), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("helpful", Integer, nullable=False),
    Column("not_helpful", Integer, nullable=False),
)


def create_tables(engine: Engine, attempts: int = 6) -> None:
    """Create missing tables. Two processes starting together on a new database (serve and clock) race to
    create them: the loser's error means the tables now exist, so it looks again after a short wait. A server
    that does not answer at all is no race: that fails at once."""
    if engine.dialect.name != "sqlite":
        engine.connect().close()
    for attempt in range(attempts):
        try:
            metadata.create_all(engine)
            return
        except (OperationalError, IntegrityError, ProgrammingError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def make_engine(url: str, timeout: float = DATABASE_TIMEOUT) -> Engine:
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":  # a first start makes the folder of the SQLite file
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": timeout, "check_same_thread": False}, pool_pre_ping=True)

        @event.listens_for(engine, "connect")
        def _sqlite_for_several_processes(connection, _record) -> None:  # type: ignore[no-untyped-def]
            # WAL lets one process read while another writes; the timeout waits out the other's write.
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={round(timeout * 1000)}")
            cursor.close()

        return engine
    # A frozen server must not hold requests: give up connecting, and any statement, after a few seconds,
    # and check a pooled connection before use (one broken by a restart is discarded, not reused).
    # Options given in the URL (`?options=-csearch_path%3Dpimbot`) are kept, not replaced by the timeout.
    given = make_url(url).query.get("options", "")
    options = " ".join([*([given] if isinstance(given, str) else given), f"-c statement_timeout={round(timeout * 1000)}"])
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_timeout=timeout,
        connect_args={"connect_timeout": max(1, round(timeout)), "options": options.strip()},
    )
