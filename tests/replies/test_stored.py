"""Replies that read or write the database: subscriptions, as a channel's members see them."""

from __future__ import annotations

from bot.replies.stored import subscription
from bot.storage.database import Store


def test_one_kind_where_the_channel_gets_every_kind_says_that_subscription_decides(tmp_path) -> None:
    """With "all", unsubscribing webinars said they would stop, and they kept coming."""
    store = Store(f"sqlite:///{tmp_path / 'subs.sqlite'}")

    def say(subscribe: bool, kind: str) -> str:
        return subscription(store, subscribe, kind, "C1").message(lambda text: text)

    assert say(True, "webinars").startswith("This channel will now get reminders for webinars.")
    assert say(True, "").startswith("This channel will now get reminders for all PIM events.")
    assert say(False, "webinars").startswith("This channel gets reminders for all PIM events, webinars among them")
    assert store.subscriptions() == [("C1", "all")], "the webinars subscription made before 'all' is gone, as asked"
    assert say(True, "trainings") == "This channel already gets reminders for all PIM events, trainings among them."
    assert store.subscriptions() == [("C1", "all")]
    assert say(False, "") == "This channel will no longer get reminders for all PIM events."
    assert say(False, "webinars") == "This channel had no subscription for webinars."
    store.close()
