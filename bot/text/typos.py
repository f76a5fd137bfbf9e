"""Fixing 1-2 letter typos toward a known vocabulary, shared by definitions and tool suggestions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_LENGTH = 4


def allowed_edits(word: str) -> int:
    """One letter in a short word, two from 7 letters: "vulnerabilty", "pseudonimisaton"."""
    return 1 if len(word) <= 6 else 2


class TypoFixer:
    """Known words bucketed by length, so a lookup compares against a few buckets, not the whole vocabulary.

    `length_change` is how much longer or shorter a match may be: 1 where a different word would give a wrong
    answer ("processor" is not "process"), 2 where a related form helps ("regularly" for "regular").
    """

    def __init__(
        self, words: Iterable[str], popularity: Callable[[str], int] = lambda word: 0, length_change: int = 1
    ) -> None:
        self._length_change = length_change
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for word in set(words):
            if len(word) >= MIN_LENGTH and word.isalpha():
                self._by_length[len(word)].append(word)
        self._popularity = popularity

    def closest(self, word: str) -> list[tuple[str, int]]:
        """Every known word at the smallest distance (within the allowed edits), most popular first, then A-Z."""
        if len(word) < MIN_LENGTH or not word.isalpha():
            return []
        sizes = range(len(word) - self._length_change, len(word) + self._length_change + 1)
        nearby = [w for size in sizes for w in self._by_length.get(size, ())]
        found = process.extract(word, nearby, scorer=OSA.distance, score_cutoff=allowed_edits(word), limit=None)
        if not found:
            return []
        nearest = min(int(d) for _, d, _ in found)
        tied = [(w, nearest) for w, d, _ in found if int(d) == nearest]
        return sorted(tied, key=lambda pair: (-self._popularity(pair[0]), pair[0]))
