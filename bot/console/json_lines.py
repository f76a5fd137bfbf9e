"""The JSON shapes of `pimbot define --json` and `pimbot tools --json`: one object per input line, for scripts.

README "Command line" documents them; change them only with the README.
"""

from __future__ import annotations

from bot import messages
from bot.advice.ranking import DESCRIBE_OPTION
from bot.advice.suggestions import Advice
from bot.define.matching import MatchResult
from bot.messages import say


def match_as_json(result: MatchResult) -> dict:
    """The `pimbot define --json` shape: `match` only when sure, otherwise the candidates as suggestions."""
    match = result.match
    return {
        "query": result.query,
        "match": (
            {"id": match.entry.id, "title": match.entry.title, "kind": match.entry.kind, "score": match.score}
            if match
            else None
        ),
        "suggestions": (
            [] if match else [{"id": c.entry.id, "title": c.entry.title, "score": c.score} for c in result.candidates]
        ),
    }


def no_advice(situation: str = "") -> Advice:
    """What a blank situation gets in `--json -` mode: no suggestions, no question, so each input line has its line."""
    return Advice(situation=situation, suggestions=(), principles=(), sharing=(), clarify=False)


def advice_as_json(advice: Advice) -> dict:
    """The `pimbot tools --json` shape."""
    return {
        "situation": advice.situation,
        "suggestions": [
            {
                "id": s.tool.id,
                "name": s.tool.title,
                "categories": list(s.tool.tool.categories) if s.tool.tool else [],
                "score": s.score,
                "why": list(s.why),
                "basis": s.basis,
            }
            for s in advice.suggestions
        ],
        "principles": [{"id": p.id, "title": p.title} for p in advice.principles],
        "alerts": [
            {"kind": a.kind, "title": a.title, "points": [p.text for p in a.points], "entries": list(a.entries)}
            for a in advice.alerts
        ],
        "data_sits_in": [e.id for e in advice.data_sits_in],
        "clarify": (
            {
                "question": say(messages.CLARIFY_QUESTION),
                "options": [{"id": c.id, "title": c.title} for c in advice.options]
                + [{"id": DESCRIBE_OPTION, "title": say(messages.DESCRIBE_WHAT_YOU_NEED)}],
            }
            if advice.clarify
            else None
        ),
    }
