"""Tools ranked by how alike a situation is to the requests each tool was accepted for.

Each tool's own requests (`asked_as`) and the labelled situations of `tool-examples.yaml` (situations written by
practitioners, each with the tools they would accept) are read as bags of stemmed words and word pairs; a tool is
the average of its bags, each feature weighted by its rarity over all of them (tf-idf centroids). A situation
scores each tool by the weights of the features it shares with it. Unlike the `fits` phrases, it learns the many
ways practitioners put a need, from examples of them. Building it takes about a fifth of a second (mostly reading
the texts' words); sums are taken in a fixed order, so every process gives the same scores.
"""

from __future__ import annotations

import functools
import math
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.advice import model_cache
from bot.advice.classifier import features
from bot.text.normalize import crude_stem

TELLING_REQUESTS = 2
TELLING_SHARE = 0.25
"""A word is quoted as a reason for a tool found by likeness when at least this many of the tool's requests, and
this share of all requests using the word, are the tool's."""


@dataclass(frozen=True)
class ToolExample:
    """A situation as a practitioner typed it, with the tools they would accept among the first three."""

    text: str
    tools: tuple[str, ...]
    file: str = ""
    line: int = 0


class Likeness:
    """tf-idf centroids of each tool's requests and accepted situations, kept as each feature's list of tools."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        """From `learn`'s arrays, freshly learnt or read back from the model cache."""
        self.tools = _texts(arrays["tools"])
        self._vocabulary = {feature: number for number, feature in enumerate(_texts(arrays["features"]))}
        self._tool_of, self._centroid, self._adds = arrays["tool_of"], arrays["centroid"], arrays["adds"]
        self._times, self._requests_with, self._starts = arrays["times"], arrays["requests_with"], arrays["starts"]

    @classmethod
    def learn(cls, requests: Sequence[tuple[str, Iterable[str]]]) -> Likeness:
        """`requests`: (text, ids of the tools it is a request for), each text once."""
        return cls(_learn(requests))

    def knows(self, word: str) -> bool:
        """Whether some request uses the word (in any of its forms)."""
        return crude_stem(word) in self._vocabulary

    def scores(self, text: str) -> dict[str, float]:
        """Each tool sharing a telling feature with the text, by likeness."""
        ids = sorted(i for f in features(text) if (i := self._vocabulary.get(f)) is not None)  # a fixed order
        spans = [np.arange(self._starts[i], self._starts[i + 1]) for i in ids]
        if not spans:
            return {}
        at = np.concatenate(spans)
        at = at[self._adds[at] > 0]
        totals = np.bincount(self._tool_of[at], weights=self._adds[at], minlength=len(self.tools))
        found = np.unique(self._tool_of[at])
        return {self.tools[t]: float(totals[t]) for t in found.tolist()}

    def telling(self, tool: str, tokens: Iterable[str], leave_out: frozenset[str]) -> set[str]:
        """Of the situation's words, those that speak for the tool: used by at least two of its requests, and by
        its requests for at least a quarter of all the requests using them ("darfur" or "really" in a few requests
        for many tools says nothing of any one)."""
        if tool not in self.tools:
            return set()
        number = self.tools.index(tool)
        telling = set()
        for token in tokens:
            feature = self._vocabulary.get(crude_stem(token))
            if token in leave_out or feature is None:
                continue
            span = slice(self._starts[feature], self._starts[feature + 1])
            mine = np.flatnonzero(self._tool_of[span] == number)
            if len(mine):
                times = int(self._times[span][mine[0]])
                if times >= TELLING_REQUESTS and times >= TELLING_SHARE * int(self._requests_with[feature]):
                    telling.add(token)
        return telling


def _learn(requests: Sequence[tuple[str, Iterable[str]]]) -> dict[str, np.ndarray]:
    vocabulary: dict[str, int] = {}
    tools = sorted({tool for _, tools in requests for tool in tools})
    number = {tool: n for n, tool in enumerate(tools)}
    pair_tool: list[int] = []
    pair_feature: list[int] = []
    each_request: list[int] = []
    for text, needs in requests:
        ids = [vocabulary.setdefault(f, len(vocabulary)) for f in sorted(_features(text))]  # ids alike everywhere
        each_request.extend(ids)
        for tool in sorted(needs):
            pair_tool.extend([number[tool]] * len(ids))
            pair_feature.extend(ids)
    # A feature's rarity over all requests (one in every request tells nothing); np.log could differ by a last
    # bit between processors, math.log is the same everywhere.
    requests_with = np.bincount(np.array(each_request, dtype=np.int64), minlength=len(vocabulary))
    rarity = np.array([math.log(len(requests) / n) for n in requests_with.tolist()])
    # How often each tool's requests have each feature: one key per (tool, feature).
    keys = np.array(pair_tool, dtype=np.int64) * len(vocabulary) + np.array(pair_feature, dtype=np.int64)
    unique, times = np.unique(keys, return_counts=True)
    tool_of, feature_of = unique // len(vocabulary), unique % len(vocabulary)
    weights = times * rarity[feature_of]
    norms = np.sqrt(np.bincount(tool_of, weights=weights * weights, minlength=len(tools)))
    centroid = weights / np.where(norms > 0, norms, 1.0)[tool_of]
    # Each feature's tools, with what the feature adds to their likeness (its centroid weight times rarity).
    order = np.lexsort((tool_of, feature_of))
    return {
        "tools": _packed(tools),
        "features": _packed(vocabulary),
        "tool_of": tool_of[order],
        "centroid": centroid[order],
        "adds": (centroid * rarity[feature_of])[order],
        "times": times[order],
        "requests_with": requests_with,
        "starts": np.searchsorted(feature_of[order], np.arange(len(vocabulary) + 1)),
    }


def likeness(requests: list[tuple[str, frozenset[str]]]) -> Likeness:
    """The likeness of these requests, built once per process for the same requests: a reload that changed no
    request or example, and every advisor of the same knowledge, share it (building takes a few tenths of a second)."""
    key = tuple(requests)
    with _BUILT_LOCK:
        if key in _BUILT:
            _BUILT[key] = _BUILT.pop(key)  # used last: dropped last
        else:
            _BUILT[key] = _kept_or_learnt(requests)
            while len(_BUILT) > _BUILT_KEPT:
                del _BUILT[next(iter(_BUILT))]
        return _BUILT[key]


def _packed(texts: Iterable[str]) -> np.ndarray:
    """Texts as one array of UTF-8 bytes, a line each (features hold no line breaks): a quarter of numpy's
    fixed-width text, and read back without pickle."""
    return np.frombuffer("\n".join(texts).encode("utf-8"), dtype=np.uint8)


def _texts(packed: np.ndarray) -> list[str]:
    text = packed.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def _kept_or_learnt(requests: list[tuple[str, frozenset[str]]]) -> Likeness:
    """Read from the model cache when these requests were learnt before (by any process), else learnt and kept."""
    stored_as = model_cache.digest(("likeness", sorted((text, sorted(tools)) for text, tools in requests)), _CODE)
    arrays = model_cache.load_arrays(stored_as)
    if arrays is None:
        arrays = _learn(requests)
        model_cache.save_arrays(stored_as, arrays)
    return Likeness(arrays)


_CODE = Path(__file__).read_bytes()
"""This module's code: edit how likeness is learnt and it is learnt afresh."""


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


def ahead(scores: Mapping[str, float]) -> tuple[str | None, float]:
    """The most alike tool, and by how much it leads the next (ties by id, as in `ranks`)."""
    order = sorted(scores, key=lambda t: (-scores[t], t))[:2]
    if not order:
        return None, 0.0
    return order[0], scores[order[0]] - (scores[order[1]] if len(order) > 1 else 0.0)


def ranks(scores: Mapping[str, float]) -> dict[str, int]:
    """Ranks (1 = most alike) of the scored tools, ties by id."""
    return {tool: rank for rank, tool in enumerate(sorted(scores, key=lambda t: (-scores[t], t)), 1)}
