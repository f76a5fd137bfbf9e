"""Plain BM25 over each tool's own text (names, definition, fits), through bm25s.

pimbot's own scorer reads only the `fits` phrases; BM25 also sees names and definitions and generalises
better to situations nobody tuned for. The advisor fuses the two rankings.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence

import bm25s

from bot.knowledge.entries import Entry
from bot.text.normalize import normalize

logging.getLogger("bm25s").setLevel(logging.WARNING)


def tool_text(tool: Entry, with_not_for: bool = False, with_requests: bool = True) -> str:
    """What BM25 indexes for a tool: its names, definition, fits and the requests it answers (`asked_as`), and, for
    the plain baseline, `not_for`."""
    assert tool.tool is not None
    requests = tool.tool.asked_as if with_requests else ()
    parts = [tool.title, *tool.aliases, *tool.acronyms, tool.definition, *tool.tool.fits, *requests]
    if with_not_for:
        parts.append(tool.tool.not_for)
    return " ".join(parts)


class Bm25:
    """A BM25 index over documents given as (id, text); texts are compared in pimbot's normalised form."""

    def __init__(self, documents: Sequence[tuple[str, str]]) -> None:
        self._ids = [doc_id for doc_id, _ in documents]
        corpus = [normalize(text).split() or ["_"] for _, text in documents]
        self.words_of = {doc_id: frozenset(tokens) for doc_id, tokens in zip(self._ids, corpus, strict=True)}
        """Each document's words, as indexed."""
        self.vocabulary = frozenset().union(*self.words_of.values())
        self._index = bm25s.BM25()
        if corpus:
            self._index.index(corpus, show_progress=False)

    def scores(self, tokens: Iterable[str]) -> dict[str, float]:
        """Every document with a positive score for the (normalised) tokens."""
        known = [t for t in tokens if t in self.vocabulary]
        if not known or not self._ids:
            return {}
        found, scores = self._index.retrieve([known], k=len(self._ids), show_progress=False)
        return {self._ids[d]: float(s) for d, s in zip(found[0], scores[0], strict=True) if s > 0}

    def top(self, text: str, k: int = 3) -> list[str]:
        ranked = sorted(self.scores(normalize(text).split()).items(), key=lambda item: -item[1])
        return [doc_id for doc_id, _ in ranked[:k]]


COMMON_REQUEST_SHARE = 0.5
"""A word in the `asked_as` requests of at least this share of tools is the askers' ("GBV", "donor"), not the tool's."""


def askers_words(requests: list[list[str]]) -> frozenset[str]:
    """The words at least half the tools' `asked_as` requests use: who asks and how ("GBV", "donor"), not what for."""
    share: dict[str, int] = defaultdict(int)
    for words in requests:
        for word in set(words):
            share[word] += 1
    return frozenset(w for w, n in share.items() if n >= COMMON_REQUEST_SHARE * len(requests))


def expanded_text(own: str, not_for: str, requests: list[str], askers: frozenset[str]) -> str:
    """A tool's text for BM25, with its `asked_as` requests minus the askers' words its own text does not use:
    "GBV" in a GBV coordinator's request for conflict data says nothing of that tool."""
    own_words = set(own.split()) | set(not_for.split())
    return " ".join([own, not_for, *(w for w in requests if w not in askers or w in own_words)])
