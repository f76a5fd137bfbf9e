"""The responder that answers right now: a view of the knowledge folder's current entries (bot.snapshot).

Edits are noticed on use or on `/pim reload`, and read off the request path: requests keep being answered
from the last good knowledge meanwhile, and a broken edit is logged with its file:line problems while the
last good knowledge keeps answering.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from bot.knowledge.entries import KnowledgeBase
from bot.replies import ReloadReply, Responder
from bot.snapshot import CHECK_EVERY, KnowledgeFolder, Snapshot

log = logging.getLogger(__name__)

MakeResponder = Callable[[KnowledgeBase, Callable[[], ReloadReply]], Responder]


class KnowledgeReloader:
    def __init__(
        self,
        folder: KnowledgeFolder | Path,
        make: MakeResponder,
        clock: Callable[[], float] = time.monotonic,
        check_every: float = CHECK_EVERY,
    ) -> None:
        """`folder`: the watcher shared with the calendar; a path makes one of its own (`clock`, `check_every`)."""
        self.folder = folder if isinstance(folder, KnowledgeFolder) else KnowledgeFolder(
            folder, check_every=check_every, clock=clock
        )  # fmt: skip
        self._make = make
        kb = self.folder.snapshot.kb
        assert kb is not None, "the folder must read the entries"
        self._kb = kb
        self._responder = make(kb, self.reload)
        self.folder.listen(self._rebuild)

    def current(self) -> Responder:
        """The responder to use for this request; starts a reload in the background if a file changed."""
        self.folder.poll()
        return self._responder

    def wait(self, timeout: float = 30.0) -> None:
        self.folder.wait(timeout)

    def reload(self) -> ReloadReply:
        """Read the folder now and switch to it; or keep the last good knowledge and say why."""
        reread = self.folder.reread()
        if reread.entries is not None:
            return ReloadReply(False, len(self._kb), tuple(str(reread.entries).splitlines()), partly=reread.entries_partly)
        return ReloadReply(True, len(self._kb))

    def _rebuild(self, snapshot: Snapshot) -> None:
        if snapshot.kb is not None and snapshot.kb is not self._kb:
            self._kb = snapshot.kb
            self._responder = self._make(snapshot.kb, self.reload)
