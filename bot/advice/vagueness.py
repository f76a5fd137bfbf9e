"""When a situation says too little to advise on, so pimbot asks one question instead of guessing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.advice.fusion import Scored
from bot.advice.likeness import ahead

MIN_SCORE = 2.5
"""Below this best score of pimbot's own (its `fits` phrases) the situation may be too vague to advise on."""
BM25_SURE = 4.0
"""A BM25 score this high means the situation says enough to advise on, even when no `fits` phrase matched."""
LIKENESS_SURE = 1.2
"""A situation whose most alike tool is this far ahead of the next says enough to advise on, however short
("deportees arriving at the border, who is counting them?"): vague ones are alike to many tools a little."""
LIKENESS_STRONG = 2.0
"""A situation this alike to the requests for one tool, which BM25 ranks first too, says enough to advise on."""


def too_vague(
    ranked: Sequence[Scored], lexical: Mapping[str, float], alike: Mapping[str, float], named: bool, known: int
) -> bool:
    """Whether to ask instead of advising, from the fused ranking, BM25's and likeness's scores, whether a tool was
    named, and how many of the situation's words any tool's text or request uses (besides generic ones).

    Too vague: no `fits` phrase and no BM25 match strong enough, or no word of the situation that speaks for any
    of the first three ("our partners need a tool urgently, things are moving fast"), unless two rankings agree on
    one of the first three; or, naming no tool, at most one known word ("need a tool for the idps"). Unless one
    tool is far more alike than any other, with a word that speaks for it."""
    best_own = max((score for score, _, _ in ranked), default=0.0)
    vague = best_own < MIN_SCORE and max(lexical.values(), default=0.0) < BM25_SURE
    vague = vague or not any(matched for _, matched, _ in ranked[:3])
    leader, lead = ahead(alike)
    agreed = alike.get(leader or "", 0.0) >= LIKENESS_STRONG and leader == max(
        sorted(lexical), key=lexical.get, default=None
    )
    vague = vague and not (agreed and any(t.id == leader for _, _, t in ranked[:3]))
    vague = vague or (not named and known <= 1)
    return vague and not (lead >= LIKENESS_SURE and any(matched for _, matched, t in ranked if t.id == leader))
