"""Property-based tests: whatever a user types, nothing raises, no reply breaks Slack's limits, and nothing
typed comes back as a live mention or link."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.replies import parse_command
from bot.slack.blocks import render
from bot.slack.text import from_slack
from bot.text.normalize import normalize
from bot.text.query import Query

SLACK_MARKUP = st.sampled_from(
    ["<@U1>", "<@U123|amina>", "<!here>", "<!channel>", "<!everyone>", "<http://x|y>", "<https://evil.example>",
     "<#C1|general>", "<!subteam^S1|@team>", "@channel", "@here", "&lt;!channel&gt;", "&amp;", "*bold*", "`code`"]
)  # fmt: skip
WORDS = st.sampled_from(["define", "tools", "what is", "DPIA", "IDPs", "do no harm", "harm", "events", "help", "list"])
TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.lists(st.one_of(SLACK_MARKUP, WORDS, st.text(max_size=20)), max_size=20).map(" ".join),
    st.sampled_from(["", " ", "\t\n", "\x00\x01\x1f", "x" * 100_000, "🙂" * 1000, "\u202e\u200b"]),
)
# Slack's own live syntax: <@U..>, <!here|channel|everyone|subteam>, <#C..>, <http...>
LIVE = re.compile(r"<[@!#]|<https?:")


def slack_limits_hold(message: dict) -> None:
    assert message["text"].strip()
    assert len(message["text"]) <= 3000
    assert len(message["blocks"]) <= 50
    for block in message["blocks"]:
        if block["type"] in ("section", "header"):
            assert len(block["text"]["text"]) <= (3000 if block["type"] == "section" else 150)
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75
                assert len(element.get("value", "")) <= 2000


def live_markup_outside_our_own_links(message: dict) -> list[str]:
    """Live syntax in what a reply shows (button values are data, never shown) that pimbot did not write itself."""
    shown = {**message, "blocks": [_without_values(b) for b in message["blocks"]]}
    text = json.dumps(shown, ensure_ascii=False)
    ours = re.compile(r"<https?://[^|>\s]+\|[^>]*>|<!date\^\d+\^[^|>]*\|[^>]*>")
    return LIVE.findall(ours.sub("", text))


def _without_values(value):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        return {k: _without_values(v) for k, v in value.items() if k != "value"}
    if isinstance(value, list):
        return [_without_values(v) for v in value]
    return value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_normalising_and_parsing_never_raise(text: str) -> None:
    normalize(text)
    _ = Query(text).key
    command = parse_command(text)
    assert command.action


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TEXT)
def test_any_text_gets_a_reply_within_slack_limits_that_pings_nobody(responder, text: str) -> None:
    reply = responder.reply(from_slack(text))
    message = render(reply)
    slack_limits_hold(message)
    assert live_markup_outside_our_own_links(message) == []
    shown = json.dumps([_without_values(b) for b in message["blocks"]]) + message["text"]
    assert "@channel" not in shown and "@here" not in shown and "@everyone" not in shown


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TEXT)
def test_tool_advice_for_any_text_stays_within_limits(responder, text: str) -> None:
    message = render(responder.advise(text))
    slack_limits_hold(message)
    assert live_markup_outside_our_own_links(message) == []
