"""Which tools a situation names outright: "KoBo", "5W", "who does what where", "dtm" in lower case.

One rule for the acronyms that are also English words (`WORDS_NOT_ACRONYMS`: REACH, DEEP, SCOPE): they name
their tool only written in capitals, and as plain words they never score a tool ("a deep analysis" is not DEEP).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from bot.advice.reading import content_tokens
from bot.advice.words import STOPWORDS, WORDS_NOT_ACRONYMS
from bot.knowledge.entries import Entry
from bot.text.normalize import normalize

ASKER_REACH = 2
"""An asking word this close after a tool's name makes the tool the asker: "DTM wants", "the DTM team asked"."""


def not_names(tokens: Iterable[str]) -> set[str]:
    """The words that may score a tool: without the acronyms that are English words."""
    return set(tokens) - WORDS_NOT_ACRONYMS


class ToolNames:
    """Each tool's name and aliases (in any case), its acronyms (in capitals, or in lower case when they are no
    English word), and its `fits` made only of common words ("who is doing what where"), matched whole."""

    def __init__(self, tools: Sequence[Entry]) -> None:
        self._names: dict[str, list[str]] = defaultdict(list)
        self._acronyms: dict[str, str] = {}
        for tool in tools:
            assert tool.tool is not None
            plain = [f for f in tool.tool.fits if not content_tokens(f)]
            for name in (tool.title, *tool.aliases, *plain):
                if normalize(name) in WORDS_NOT_ACRONYMS:  # "REACH" is named in capitals only, as an acronym
                    continue
                if tool.id not in self._names[normalize(name)]:
                    self._names[normalize(name)].append(tool.id)
            for acronym in tool.acronyms:
                self._acronyms.setdefault(acronym.upper().rstrip("S"), tool.id)
        self._longest = max((len(n.split()) for n in self._names), default=1)

    def named_in(self, words: list[str], tokens: list[str]) -> dict[str, set[str]]:
        """Tools the situation names outright, with the words that named them."""
        found: dict[str, set[str]] = {}
        for word in words:
            if len(word) > 1 and _written_as_acronym(word):
                tool_id = self._acronyms.get(word.upper().rstrip("S"))
                if tool_id:
                    found.setdefault(tool_id, set()).update(normalize(word).split())
        for size in range(self._longest, 0, -1):
            for start in range(len(tokens) - size + 1):
                window = tokens[start : start + size]
                if size == 1 and window[0] in STOPWORDS:
                    continue
                for tool_id in self._names.get(" ".join(window), ()):
                    found.setdefault(tool_id, set()).update(window)
        return found


def names_the_asker(naming: set[str], tokens: list[str], ask_words: frozenset[str]) -> bool:
    """A tool named as the one asking ("IOM DTM wants our UASC data"): its name just before an asking word. Such a
    system is who asks for the data, not where it sits."""
    return any(
        token in naming and any(t in ask_words for t in tokens[place + 1 : place + 1 + ASKER_REACH])
        for place, token in enumerate(tokens)
    )


def _written_as_acronym(word: str) -> bool:
    """ "DEEP", "5W"; or in lower case ("dtm", "hdx") when the acronym is no English word."""
    if word.isupper() or any(c.isdigit() for c in word):
        return True
    return len(word) > 2 and word.islower() and {word, word.removesuffix("s")}.isdisjoint(WORDS_NOT_ACRONYMS)
