"""One ranking of tools from three: pimbot's own scores, BM25's and likeness's, by reciprocal rank fusion."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from bot.advice.suggestions import holds_personal_data
from bot.knowledge.entries import Entry

FUSION_K = 3.0
"""Reciprocal rank fusion: a tool scores weight/(K + rank) in each ranking; a small K trusts the top ranks more."""
BM25_WEIGHT = 3.0
"""How much BM25's ranking counts next to pimbot's own (which counts 1)."""
LIKENESS_WEIGHT = 4.0
"""How much the ranking by likeness to labelled requests (bot/advice/likeness.py) counts next to pimbot's own:
the most, as it generalises best to new writers (README "How tool suggestions work")."""

Scored = tuple[float, set[str], Entry]
"""A candidate tool: pimbot's own score (with any bonus), the user's words that speak for it, the tool."""


def fuse(
    scored: list[Scored],
    lexical: Mapping[str, float],
    alike_rank: Mapping[str, int],
    most_alike: Collection[str],
    boosted: Mapping[str, float],
    demoted: Collection[str],
    category: Entry | None,
) -> list[Scored]:
    """The candidates in one order.

    Tools the user named, and the sharing guidance when data is shared (`boosted`), come first; a tool whose
    `not_for` describes the situation (`demoted`) comes after the others; with a chosen category, its own tools
    break ties."""
    own_order = [t.id for score, _, t in sorted(scored, key=lambda s: -s[0]) if score > 0]
    own_rank = {tool_id: rank for rank, tool_id in enumerate(own_order, 1)}
    scored_ids = {t.id for _, _, t in scored}
    bm25_order = sorted((i for i in lexical if i in scored_ids), key=lambda i: -lexical[i])
    bm25_rank = {tool_id: rank for rank, tool_id in enumerate(bm25_order, 1)}

    def fused(tool_id: str) -> float:
        value = 1 / (FUSION_K + own_rank[tool_id]) if tool_id in own_rank else 0.0
        value += LIKENESS_WEIGHT / (FUSION_K + alike_rank[tool_id]) if tool_id in alike_rank else 0.0
        return value + (BM25_WEIGHT / (FUSION_K + bm25_rank[tool_id]) if tool_id in bm25_rank else 0.0)

    def fit(tool: Entry) -> int:
        categories = tool.tool.categories  # type: ignore[union-attr]
        return categories.index(category.id) if category and category.id in categories else len(categories) + 1

    # Without a chosen category, a tool must share a telling word with the situation: BM25 alone can rank a
    # tool on "people" and "day", and a suggestion needs a reason in the user's words.
    kept = (
        scored
        if category is not None
        else [s for s in scored if s[2].id in own_rank or (s[2].id in bm25_rank and s[1]) or s[2].id in most_alike]
    )
    return sorted(
        kept,
        key=lambda s: (
            s[2].id not in boosted,
            -boosted.get(s[2].id, 0.0),
            s[2].id in demoted,
            # a tool with no telling word ranks by fit alone, unless it is among the most alike (not when a
            # category is chosen: the category's own tools come first then)
            -fused(s[2].id) if s[1] or (category is None and s[2].id in most_alike) else 0.0,
            fit(s[2]),
            not s[1] and holds_personal_data(s[2]),  # with no reason to pick it, a system of records comes last
        ),
    )
