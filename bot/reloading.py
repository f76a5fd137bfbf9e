"""The responder that answers right now, rebuilt when the knowledge files change.

Edits are noticed on use (a look at the files' modification times at most every few seconds) or on
`/pim reload`. A broken edit is logged with its file:line problems and the last good knowledge base
keeps answering: users never see a half-loaded or empty bot.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.replies import ReloadReply, Responder
from bot.yamlfile import folder_stamp

log = logging.getLogger(__name__)
CHECK_EVERY = 5.0
"""Seconds between two looks at the knowledge files' modification times."""

MakeResponder = Callable[[KnowledgeBase, Callable[[], ReloadReply]], Responder]


class KnowledgeReloader:
    def __init__(self, directory: Path, make: MakeResponder, clock: Callable[[], float] = time.monotonic) -> None:
        self.directory = directory
        self._make = make
        self._clock = clock
        self._lock = threading.Lock()
        self._stamp = folder_stamp(directory)
        self._responder = make(_learnt(load_knowledge(directory)), self.reload)  # a broken knowledge base stops the start
        self._checked = clock()

    def current(self) -> Responder:
        """The responder to use for this request; reloads first if a file changed since the last look."""
        now = self._clock()
        if now - self._checked >= CHECK_EVERY:
            self._checked = now
            if folder_stamp(self.directory) != self._stamp:
                self.reload()
        return self._responder

    def reload(self) -> ReloadReply:
        with self._lock:
            self._stamp = folder_stamp(self.directory)  # a broken edit is reported once, not on every look
            try:
                kb = _learnt(load_knowledge(self.directory))
            except KnowledgeError as exc:
                log.error(
                    "knowledge not reloaded, still serving the last good one (%d entries):\n%s", len(self._responder.kb), exc
                )
                return ReloadReply(False, len(self._responder.kb), tuple(str(p) for p in exc.problems))
            self._responder = self._make(kb, self.reload)
            log.info("knowledge reloaded: %d entries", len(kb))
            return ReloadReply(True, len(kb))


def _learnt(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with its safety models trained now, not while the first user waits for an answer."""
    _ = kb.safeguards.models
    return kb
