"""The knowledge folder as pimbot currently knows it: one watcher, one read of each file, two views.

The entries (the knowledge base) and the events (the calendar) come from the same folder. One watcher
notices edits (a look at the files' modification times at most every few seconds, or on demand) and reads
the folder once per edit: each file is parsed once per version (bot.knowledge.yamlfile), and both readers
take their sections from that parse. When an edit breaks a knowledge file, that file keeps its last good
version while the other files' edits are taken (when they need the broken file, the last good entries are
kept); a broken events file keeps the last good events. Problems are logged. Users never see a half-loaded
or empty bot; a folder that is broken at start stops the start.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.knowledge.entries import KnowledgeBase
from bot.knowledge.loading import load_knowledge
from bot.knowledge.yamlfile import KnowledgeError, Problem, folder_stamp, yaml_files
from bot.reminders.events import Event
from bot.reminders.events_file import load_events

log = logging.getLogger(__name__)
CHECK_EVERY = 5.0
"""Seconds between two looks at the knowledge files' modification times, by default (PIM_RELOAD_SECONDS)."""


@dataclass(frozen=True)
class Snapshot:
    """What the folder said at its last good reading of each part."""

    kb: KnowledgeBase | None
    """None in a process that reads only the events (`pimbot clock`)."""
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Reread:
    """What one reading of the folder found wrong, per part (None: that part took the edit)."""

    entries: KnowledgeError | None = None
    events: KnowledgeError | None = None
    entries_partly: bool = False
    """The files with problems kept their last good version, and the other files' edits were taken."""


class KnowledgeFolder:
    def __init__(
        self,
        directory: Path,
        *,
        entries: bool = True,
        check_every: float = CHECK_EVERY,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Read the folder now; KnowledgeError if it cannot be used. Without `entries`, only the events are read."""
        self.directory = directory
        self.check_every = check_every
        self._clock = clock
        self._now = now
        self._lock = threading.RLock()  # reread_if_changed holds it while it rereads
        self._listeners: list[Callable[[Snapshot], None]] = []
        self._background: threading.Thread | None = None
        self._watcher: threading.Thread | None = None
        self._stamp = folder_stamp(directory)
        self._good_files: dict[str, bytes] = {}
        """Each knowledge file as it was when the entries last loaded without a problem."""
        kb = self._load_entries() if entries else None
        events, warnings = load_events(directory, now=now())
        _log_warnings(warnings)
        self.snapshot = Snapshot(kb, tuple(events))
        self._checked = clock()

    def listen(self, listener: Callable[[Snapshot], None]) -> None:
        """Call `listener` with each new snapshot, in the thread that read it (never in a request)."""
        self._listeners.append(listener)

    def changed(self) -> bool:
        return folder_stamp(self.directory) != self._stamp

    def poll(self, now: bool = False) -> None:
        """Start a reading in the background if a file changed; the files are looked at most every `check_every`
        seconds, unless `now`."""
        moment = self._clock()
        if not now and moment - self._checked < self.check_every:
            return
        self._checked = moment
        if self.changed() and not self.reading():
            self._background = threading.Thread(target=self.reread_if_changed, name="knowledge-reread", daemon=True)
            self._background.start()

    def watch(self) -> None:
        """Look for edited files every `check_every` seconds from a thread of its own, for as long as the process
        runs: an edit is then read before the next question comes, not by it (a running pimbot serves an edit
        within the interval, with or without questions meanwhile)."""
        if self._watcher is None:
            self._watcher = threading.Thread(target=self._watch, name="knowledge-watch", daemon=True)
            self._watcher.start()

    def _watch(self) -> None:
        while True:
            time.sleep(self.check_every)
            self.poll(now=True)

    def reading(self) -> bool:
        return self._background is not None and self._background.is_alive()

    def wait(self, timeout: float = 30.0) -> None:
        """Wait for a reading started in the background to finish (a clean stop; tests)."""
        if self._background is not None:
            self._background.join(timeout)

    def reread_if_changed(self) -> Reread | None:
        """`reread`, only when a file changed since the last reading (judged under the lock: the poll's reading
        and the reminder clock's never read the same edit twice); None when nothing changed."""
        with self._lock:
            if not self.changed():
                return None
            return self.reread()

    def reread(self) -> Reread:
        """Read the folder again; each part that cannot be used keeps its last good version."""
        with self._lock:
            self._stamp = folder_stamp(self.directory)  # a broken edit is reported once, not on every look
            kb, kb_problem, partly = self.snapshot.kb, None, False
            if kb is not None:
                try:
                    kb = self._load_entries()
                    log.info("knowledge reloaded: %d entries", len(kb))
                except KnowledgeError as exc:
                    kb_problem = exc
                    mixed = self._with_last_good(exc)
                    if mixed is not None:
                        kb, partly = mixed, True
                        log.error("knowledge reloaded (%d entries) with the last good version of:\n%s", len(kb), exc)
                    else:
                        log.error("knowledge not reloaded, still serving the last good one (%d entries):\n%s", len(kb), exc)
            events, events_problem = self.snapshot.events, None
            try:
                loaded, warnings = load_events(self.directory, now=self._now())
                events = tuple(loaded)
                _log_warnings(warnings)
                log.info("events loaded: %d", len(events))
            except KnowledgeError as exc:
                events_problem = exc
                log.error("events not reloaded, keeping the last good ones (%d):\n%s", len(events), exc)
            self.snapshot = Snapshot(kb, events)
            for listener in self._listeners:
                listener(self.snapshot)
            return Reread(kb_problem, events_problem, partly)

    def _load_entries(self) -> KnowledgeBase:
        """Load the entries, and remember the files they loaded from (the very bytes) as the last good ones."""
        files: dict[str, bytes] = {}
        kb = _learnt(load_knowledge(self.directory, read=files))
        self._good_files = files
        return kb

    def _with_last_good(self, problem: KnowledgeError) -> KnowledgeBase | None:
        """The entries with each file that has a problem read from its last good version and every other file as
        edited; None when that does not load either (an edit that needs the broken file, say)."""
        broken = {Path(p.file).name for p in problem.problems}
        if problem.more or not broken or not broken <= set(self._good_files):
            return None
        current = {path.name: path.read_bytes() for path in yaml_files(self.directory)}
        if all(current.get(name) == self._good_files.get(name) for name in set(current) - broken):
            return None  # no other edit to take: the last good knowledge as it is
        with tempfile.TemporaryDirectory() as mixed:
            for name, text in current.items():
                (Path(mixed) / name).write_bytes(self._good_files[name] if name in broken else text)
            try:
                return _learnt(load_knowledge(mixed))
            except KnowledgeError:
                return None


def _learnt(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with its safety models trained now, not while the first user waits for an answer."""
    _ = kb.safeguards.models
    return kb


def _log_warnings(warnings: list[Problem]) -> None:
    for warning in warnings:
        log.warning("%s", warning)
