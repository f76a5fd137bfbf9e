"""What every reply has, whichever job it answers for (bot/replies/types.py, reminder_types.py, admin_types.py)."""

from __future__ import annotations

DATABASE_DOWN = "database down"
"""A reply's `problem` when the database did not answer."""


class BaseReply:
    """What every reply has: a `ref` to rebuild it from a button ("" when it cannot be), and the entries a
    "helpful / not helpful" vote on it counts for (none by default)."""

    @property
    def ref(self) -> str:
        return ""

    @property
    def rated_ids(self) -> list[str]:
        return []
