"""The responder that answers right now, rebuilt when the knowledge files change.

Edits are noticed on use (a look at the files' modification times at most every few seconds) or on
`/pim reload`. The new knowledge is read, checked and learnt from off the request path: requests keep
being answered from the last good knowledge meanwhile, and a broken edit is logged with its file:line
problems while the last good knowledge keeps answering. Users never see a half-loaded or empty bot.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bot.knowledge.entries import KnowledgeBase
from bot.knowledge.loading import load_knowledge
from bot.knowledge.yamlfile import KnowledgeError, folder_stamp
from bot.replies import ReloadReply, Responder

log = logging.getLogger(__name__)
CHECK_EVERY = 5.0
"""Seconds between two looks at the knowledge files' modification times, by default (PIM_RELOAD_SECONDS)."""

MakeResponder = Callable[[KnowledgeBase, Callable[[], ReloadReply]], Responder]


class KnowledgeReloader:
    def __init__(
        self,
        directory: Path,
        make: MakeResponder,
        clock: Callable[[], float] = time.monotonic,
        check_every: float = CHECK_EVERY,
    ) -> None:
        self.directory = directory
        self.check_every = check_every
        self._make = make
        self._clock = clock
        self._lock = threading.Lock()
        self._stamp = folder_stamp(directory)
        self._responder = make(_learnt(load_knowledge(directory)), self.reload)  # a broken knowledge base stops the start
        self._checked = clock()
        self._background: threading.Thread | None = None

    def current(self) -> Responder:
        """The responder to use for this request; starts a reload in the background if a file changed."""
        now = self._clock()
        if now - self._checked >= self.check_every:
            self._checked = now
            if folder_stamp(self.directory) != self._stamp and not self._reloading():
                self._background = threading.Thread(target=self.reload, name="knowledge-reload", daemon=True)
                self._background.start()
        return self._responder

    def wait(self, timeout: float = 30.0) -> None:
        """Wait for a reload started in the background to finish (a clean stop; tests)."""
        if self._background is not None:
            self._background.join(timeout)

    def reload(self) -> ReloadReply:
        """Read, check and learn from the knowledge folder, then switch to it; or keep the last good one."""
        with self._lock:
            self._stamp = folder_stamp(self.directory)  # a broken edit is reported once, not on every look
            try:
                kb = _learnt(load_knowledge(self.directory))
            except KnowledgeError as exc:
                log.error(
                    "knowledge not reloaded, still serving the last good one (%d entries):\n%s", len(self._responder.kb), exc
                )
                return ReloadReply(False, len(self._responder.kb), tuple(str(exc).splitlines()))
            self._responder = self._make(kb, self.reload)
            log.info("knowledge reloaded: %d entries", len(kb))
            return ReloadReply(True, len(kb))

    def _reloading(self) -> bool:
        return self._background is not None and self._background.is_alive()


def _learnt(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with its safety models trained now, not while the first user waits for an answer."""
    _ = kb.safeguards.models
    return kb
