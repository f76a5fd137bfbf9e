"""Logging that keeps what users typed out of the logs (see README, "Privacy").

Our own code logs only kinds of answers and entry ids. Bolt, though, puts the request body, with the
user's text and id, into some messages (an invalid signature; an unhandled request, whose body Bolt trims
but not of a dialog's submission or a search's typed value); the filter below cuts those messages at the
body: at the word "body", or at the first "{" of a payload, whichever comes first.
"""

from __future__ import annotations

import logging

WITHHELD = "[request body withheld]"


class WithholdRequestBodies(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(("slack_bolt", "slack_sdk", "bot.slack.bolt")):
            message = record.getMessage()
            cut = min((at for at in (message.find("body"), message.find("{")) if at != -1), default=-1)
            if cut != -1:
                record.msg = message[:cut].rstrip(" ,(:") + " " + WITHHELD
                record.args = ()
        return True


QUIET_LIBRARIES = ("apscheduler",)
"""Libraries whose INFO lines say nothing an operator acts on ("Running job ...", every 30 s per process):
only their warnings and errors are logged. pimbot logs its own "reminder sent" and "scheduler started"."""


def setup_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, WithholdRequestBodies) for f in handler.filters):
            handler.addFilter(WithholdRequestBodies())
