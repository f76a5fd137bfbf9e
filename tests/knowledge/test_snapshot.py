"""One watcher over the knowledge folder: each file parsed once per edit, the knowledge base and the calendar
both views of that reading, and each keeping its last good version when an edit breaks it."""

from __future__ import annotations

import os
import threading
import time

import pytest

from bot.knowledge import yamlfile
from bot.knowledge.reloading import KnowledgeReloader
from bot.reminders.calendar import Calendar
from bot.replies import Responder
from bot.snapshot import KnowledgeFolder
from tests.conftest import knowledge_copy


@pytest.fixture
def folder(tmp_path):
    return knowledge_copy(tmp_path / "knowledge")


def views(folder):
    watcher = KnowledgeFolder(folder)
    reloader = KnowledgeReloader(watcher, lambda kb, reload: Responder(kb, reload=reload))
    return watcher, reloader, Calendar(watcher)


def test_an_edit_is_read_once_and_both_views_take_it(folder, monkeypatch) -> None:
    watcher, reloader, calendar = views(folder)
    terms, events = folder / "terms.yaml", folder / "events.yaml"
    terms.write_text(terms.read_text().replace("aliases: [raw data]", "aliases: [raw data, rohdaten]"))
    events.write_text(events.read_text().replace("Example: webinar on data sharing", "Example: clinic on data sharing"))
    parsed: list[str] = []
    compose = yamlfile.compose
    monkeypatch.setattr(yamlfile, "compose", lambda text: parsed.append(text[:40]) or compose(text))
    watcher.poll(now=True)
    watcher.wait()
    assert len(parsed) == 2, "the two edited files, each parsed once for both readers"
    assert reloader.current().matcher.match("rohdaten").match.entry.id == "data"
    assert any(e.title.startswith("Example: clinic") for e in calendar.events())


def test_an_edit_that_keeps_the_files_size_and_time_is_read_on_reload(folder) -> None:
    """`cp -p`, `rsync -t` or two saves within the file system's time step leave a file's time (and here its
    size) as they were: `/pim reload` must still read what the file now says, not a parse kept from before."""
    watcher, reloader, _ = views(folder)
    terms = folder / "terms.yaml"
    before = terms.stat()
    terms.write_text(terms.read_text().replace("aliases: [raw data]", "aliases: [raw dota]"))
    os.utime(terms, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert terms.stat().st_size == before.st_size
    assert watcher.reread().entries is None
    assert reloader.current().matcher.match("raw dota").match.entry.id == "data"


def test_a_broken_events_file_keeps_the_last_good_events_while_the_entries_take_their_edit(folder) -> None:
    watcher, reloader, calendar = views(folder)
    before = calendar.events()
    (folder / "events.yaml").write_text("events:\n  - id: broken\n")
    terms = folder / "terms.yaml"
    terms.write_text(terms.read_text().replace("aliases: [raw data]", "aliases: [raw data, rohdaten]"))
    reread = watcher.reread()
    assert reread.events is not None and "events.yaml" in str(reread.events) and reread.entries is None
    assert calendar.events() == before
    assert reloader.current().matcher.match("rohdaten").match.entry.id == "data"


def test_a_broken_entry_keeps_the_last_good_knowledge_while_the_events_take_their_edit(folder) -> None:
    _, reloader, calendar = views(folder)
    entries = len(reloader.current().kb)
    terms, events = folder / "terms.yaml", folder / "events.yaml"
    terms.write_text(terms.read_text().replace("  - id: data\n", "  - id: data\n    colour: red\n"))
    events.write_text(events.read_text().replace("Example: webinar on data sharing", "Example: clinic on data sharing"))
    reply = reloader.reload()
    assert not reply.loaded and any("unknown field 'colour'" in p for p in reply.problems)
    assert len(reloader.current().kb) == entries
    assert any(e.title.startswith("Example: clinic") for e in calendar.events())


def test_a_broken_file_keeps_its_last_good_version_while_the_other_files_take_their_edits(folder) -> None:
    _, reloader, _ = views(folder)
    terms, tools = folder / "terms.yaml", folder / "tools.yaml"
    terms.write_text(terms.read_text().replace("  - id: data\n", "  - id: data\n    colour: red\n"))
    tools.write_text(tools.read_text().replace("aliases: [KoBo, ", "aliases: [KoBo, Kobo Humanitarian, "))
    reply = reloader.reload()
    assert not reply.loaded and reply.partly
    assert all("terms.yaml" in p for p in reply.problems)
    assert reloader.current().matcher.match("kobo humanitarian").match.entry.id == "kobotoolbox"
    assert reloader.current().kb.get("data") is not None, "terms.yaml as it last loaded"


def test_an_edit_that_needs_the_broken_file_keeps_the_last_good_knowledge(folder) -> None:
    _, reloader, _ = views(folder)
    entries = len(reloader.current().kb)
    terms, tools = folder / "terms.yaml", folder / "tools.yaml"
    new_term = "  - id: brand-new-term\n    term: Brand new term\n    definition: A term added in this edit.\n"
    terms.write_text(terms.read_text().replace("terms:\n", "terms:\n" + new_term + "    colour: red\n", 1))
    tools.write_text(tools.read_text().replace("related: [odk, ", "related: [brand-new-term, odk, ", 1))
    reply = reloader.reload()
    assert not reply.loaded and not reply.partly
    assert len(reloader.current().kb) == entries and reloader.current().kb.get("brand-new-term") is None


def test_an_edit_seen_by_the_poll_and_by_the_reminder_clock_is_read_once(folder, monkeypatch) -> None:
    import bot.snapshot

    watcher, _, calendar = views(folder)
    terms = folder / "terms.yaml"
    terms.write_text(terms.read_text().replace("aliases: [raw data]", "aliases: [raw data, rohdaten]"))
    loads: list[object] = []
    load = bot.snapshot.load_knowledge
    monkeypatch.setattr(bot.snapshot, "load_knowledge", lambda d, **kw: loads.append(d) or load(d, **kw))
    with watcher._lock:  # both see the edit before either has read it
        watcher.poll(now=True)  # a reading in the background ...
        clock = threading.Thread(target=calendar.refresh)  # ... and the reminder clock's
        clock.start()
        time.sleep(0.2)
    clock.join(timeout=30)
    watcher.wait()
    assert len(loads) == 1
