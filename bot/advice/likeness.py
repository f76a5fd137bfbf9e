"""Tools ranked by how alike a situation is to the requests each tool was accepted for.

Each tool's own requests (`asked_as`) and the labelled situations of `tool-examples.yaml` (situations written by
practitioners, each with the tools they would accept) are read as bags of stemmed words and word pairs; a tool is
the average of its bags, each feature weighted by its rarity over all of them (tf-idf centroids). A situation
scores each tool by the weights of the features it shares with it. Unlike the `fits` phrases, it learns the many
ways practitioners put a need, from examples of them, and it costs a few milliseconds to build.
"""

from __future__ import annotations

import functools
import math
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.advice.classifier import features
from bot.text.normalize import crude_stem


@dataclass(frozen=True)
class ToolExample:
    """A situation as a practitioner typed it, with the tools they would accept among the first three."""

    text: str
    tools: tuple[str, ...]
    file: str = ""
    line: int = 0


class Likeness:
    """tf-idf centroids of each tool's requests and accepted situations."""

    def __init__(self, requests: Iterable[tuple[str, Iterable[str]]]) -> None:
        """`requests`: (text, ids of the tools it is a request for), each text once."""
        bags = [(_features(text), tools) for text, tools in requests]
        documents: Counter[str] = Counter()
        totals: dict[str, Counter[str]] = defaultdict(Counter)
        for bag, tools in bags:
            documents.update(bag)
            for tool in tools:
                totals[tool].update(bag)
        # A tool's average bag, each feature by its rarity (a feature in every request tells nothing), made unit length.
        rarity = {feature: math.log(len(bags) / count) for feature, count in documents.items() if count < len(bags)}
        self.centroid: dict[str, dict[str, float]] = {}
        self._postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        """Each feature's tools, with what the feature adds to their likeness."""
        for tool in sorted(totals):
            weights = {f: n * rarity[f] for f, n in totals[tool].items() if f in rarity}
            norm = math.sqrt(math.fsum(w * w for w in weights.values())) or 1.0
            self.centroid[tool] = centroid = {f: w / norm for f, w in weights.items()}
            for f, w in centroid.items():
                self._postings[f].append((tool, w * rarity[f]))

    def scores(self, text: str) -> dict[str, float]:
        """Each tool sharing a telling feature with the text, by likeness."""
        shared: dict[str, list[float]] = defaultdict(list)
        for feature in features(text):  # not kept: situations are many and each is seen once
            for tool, weight in self._postings.get(feature, ()):
                shared[tool].append(weight)
        return {tool: math.fsum(weights) for tool, weights in shared.items()}  # exact: the same in any set order

    def telling(self, tool: str, tokens: Iterable[str], leave_out: frozenset[str]) -> set[str]:
        """Of the situation's words, those that speak most for the tool: its strongest shared single words."""
        weights = self.centroid.get(tool, {})
        shared = {t: weights[s] for t in tokens if t not in leave_out and (s := crude_stem(t)) in weights}
        if not shared:
            return set()
        strongest = max(shared.values())
        return {t for t, w in shared.items() if w >= strongest / 2}


def likeness(requests: list[tuple[str, frozenset[str]]]) -> Likeness:
    """The likeness of these requests, built once per process for the same requests: a reload that changed no
    request or example, and every advisor of the same knowledge, share it (building takes a few tenths of a second)."""
    key = tuple(requests)
    with _BUILT_LOCK:
        if key in _BUILT:
            _BUILT[key] = _BUILT.pop(key)  # used last: dropped last
        else:
            _BUILT[key] = Likeness(requests)
            while len(_BUILT) > _BUILT_KEPT:
                del _BUILT[next(iter(_BUILT))]
        return _BUILT[key]


@functools.lru_cache(maxsize=20_000)
def _features(text: str) -> frozenset[str]:
    """A request's features, kept: a reload, or an advisor learning from all examples but some, reads the same
    requests again (a few thousand texts)."""
    return features(text)


_BUILT: dict[tuple, Likeness] = {}
_BUILT_KEPT = 4
_BUILT_LOCK = threading.Lock()


def requests_of(
    tools: Iterable[tuple[str, Iterable[str]]], examples: Iterable[ToolExample]
) -> list[tuple[str, frozenset[str]]]:
    """Each request text once, with every tool it was given for (a text can be in several tools' `asked_as`)."""
    merged: dict[str, set[str]] = defaultdict(set)
    for tool, asked_as in tools:
        for text in asked_as:
            merged[text].add(tool)
    for example in examples:
        merged[example.text].update(example.tools)
    return [(text, frozenset(merged[text])) for text in merged]


def as_mapping(scores: Mapping[str, float]) -> dict[str, int]:
    """Ranks (1 = most alike) of the scored tools, ties by id."""
    return {tool: rank for rank, tool in enumerate(sorted(scores, key=lambda t: (-scores[t], t)), 1)}
