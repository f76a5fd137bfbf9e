"""Which way a bare `/pim` text goes: a term to look up, a question naming one, or a situation to advise on."""

from __future__ import annotations

import re

from bot.advice.words import GENERIC_WORDS, STOPWORDS
from bot.define.matching import MatchResult, Status
from bot.knowledge.entries import Entry
from bot.text.normalize import fold
from bot.text.query import Query

SITUATION_MIN_WORDS = 3
"""Text that is no known term and has at least this many meaningful words is read as a situation."""
REQUEST_WORDS = frozenset({"need", "needs", "want", "wants", "tool", "tools", "system", "systems", "something"})
"""Words of asking for something: with one meaningful word more, the text is a need, not a term looked up."""
TERM_MAX_WORDS = 4
"""No longer than this, a text that asks for nothing and that no tool fits is a term we lack, not a vague need."""

_ASKS_FOR_TOOLS = re.compile(
    r"\b(?:what|which) (?:\w+ )?(?:tools?|systems?|software|platforms?|apps?)\b"
    r"|\bwhat (?:should|could|can|do) (?:we|i|they|partners) (?:be )?us(?:e|ing)\b"
    r"|\b(?:any|a|is there a) (?:good )?(?:tools?|systems?|software|platform|app) (?:for|to|that)\b"
    r"|\b(?:what|which) (?:\w+ )?(?:data )?sources?\b|\bwhere (?:can|could|do|should) (?:we|i) (?:find|get) (?:the )?data\b"
)
"""Asking for a tool or a source of data anywhere in the text ("... What should we be using?", "Which sources are
most reliable?"): tools, even where PIM itself is named."""

_FOLLOW_UP = re.compile(
    r"^(?:ok(?:ay)? )?(?:and|but|so|then|what about|how about|what now|now what"
    r"|(?:what|wat) (?:do|should) (?:i|we) do(?: now)?$)\b ?"
)
FOLLOW_UP_MAX_WORDS = 8
"""A short text that leans on an earlier message ("and for that?", "ok and what about minors"): pimbot reads each
message on its own, so it says so when it finds nothing, instead of "not a PIM term"."""

_QUESTION_WORDS = frozenset(
    ("who", "what", "whats", "why", "when", "where", "which", "how", "can", "could", "do", "does", "is", "are", "should",
     "may", "must", "will", "would")
)  # fmt: skip


def asks(text: str | Query) -> bool:
    """Whether a text is a question: "who started PIM", "can a child consent?"."""
    query = Query.of(text)
    return bool(query.words) and (query.words[0] in _QUESTION_WORDS or query.raw.rstrip().endswith("?"))


def reads_as_situation(query: Query, result: MatchResult) -> bool:
    """Long text that is no known term describes a situation; a definition question stays a definition."""
    if result.status in (Status.MATCH, Status.AMBIGUOUS):
        return False
    is_question = query.is_phrased_as_question
    if is_question and result.status is Status.UNSURE:
        return False
    meaningful = [w for w in query.words if w not in STOPWORDS]
    if meaningful and not is_question and REQUEST_WORDS & set(query.words):
        return True  # "we need something for the returnees": fewer words, but a need
    return len(meaningful) >= SITUATION_MIN_WORDS


def reads_as_a_term(query: Query) -> bool:
    """A few words that ask for nothing and name no need, tool or data: the name of something, looked up."""
    if query.is_phrased_as_question or len(query.words) > TERM_MAX_WORDS:
        return False
    return not set(query.key.split()) & (STOPWORDS | GENERIC_WORDS)  # not a question: its key is its words, normalised


_OWN_ACTION = re.compile(r"^(?:can|could|should|may|must|shall|do) (?:we|i)\b")


def asks_about_own_work(query: Query) -> bool:
    """ "can we put the monitoring dataset on HDX?": a question about what the user may do, a need, never a question
    about PIM itself, even when it names a Matrix category ("protection monitoring")."""
    return bool(_OWN_ACTION.match(query.folded))


def asks_for_tools(query: Query) -> bool:
    return bool(_ASKS_FOR_TOOLS.search(query.folded))


_POINTS_BACK = frozenset({"that", "this", "it", "they", "them", "those", "these", "there", "he", "she"})


def reads_as_follow_up(query: Query) -> bool:
    """ "and for that?" or "what about minors" leans on an earlier message; "so many IDPs arrived in the camp, what
    tool" is a need of its own (it says four things and points back at nothing)."""
    if len(query.words) > FOLLOW_UP_MAX_WORDS or not _FOLLOW_UP.match(query.folded):
        return False
    rest = without_follow_up_words(query).split()
    return len(rest) <= 4 or bool(_POINTS_BACK & set(rest))


def without_follow_up_words(query: Query) -> str:
    """The text after "and", "so", "what about" and the like: "so what is DTM" is "what is DTM"."""
    return _FOLLOW_UP.sub("", query.folded, count=1)


_DEFINITION_OPENER = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|and|hi|hello|hey)\W+)?(?:what\s*['\u2019]?\s*s|whats|what (?:is|are)|define|explain)\s+", re.I
)
_PART_BREAK = re.compile(r"\s*[,;?]+\s*(?:and\s+|also\s+)?|\s+(?:and|also)\s+", re.I)
_OWN_WORK = re.compile(r"\b(?:we|i|our|us|my)\b", re.I)


def definition_then_need(query: Query) -> list[tuple[str, str, bool]]:
    """ "What is a DPIA, and when in a registration should we do one?": a term asked first, then more. Each way the
    text splits into the two (the term may hold "and": "do no harm and ..."), shortest term first, with whether the
    rest is a need of the user's own: it asks for a tool, or says something of their work ("... do we need one for
    the MSNA?"); "what is DTM, and who runs it?" asks more about DTM. None when no definition question opens it."""
    opener = _DEFINITION_OPENER.match(query.raw)
    if opener is None:
        return []
    after = query.raw[opener.end() :]
    splits = []
    for part_break in _PART_BREAK.finditer(after):
        term, rest = after[: part_break.start()].strip(), after[part_break.end() :].strip()
        rest_query = Query(rest)
        meaningful = [w for w in rest_query.words if w not in STOPWORDS]
        if term and rest_query.words:
            splits.append((term, rest, asks_for_tools(rest_query) or bool(meaningful and _OWN_WORK.search(rest))))
    return splits


_WHETHER_NEEDED = re.compile(
    r"\b(?:do|does|should|must|shall) (?:we|i|they|you|partners) (?:really )?"
    r"(?:need|have to do|need to do|do|run|sign|use|have to notify|need to notify|notify|have to report|need to report)"
    r" (?:a |an |the |any )?(?P<term>[a-z0-9+&/ -]{2,40}?)(?: (?:for|before|with|within|in|on|from|first|too)\b.*)?$"
)


_IS_NEEDED = re.compile(
    r"\b(?:is|are) (?:a |an |the |any )?(?P<term>[a-z0-9+&/ -]{2,40}?) (?:really )?(?:needed|required|necessary|mandatory)"
    r"\b"
)
""""is a DPIA needed for our proposal", "is an ISP required": the same question, asked the other way round."""


_HOW_LONG_KEPT = re.compile(
    r"\bhow long (?:should|do|can|must|may|to|are|is) (?:we |i |you |partners )?(?:keep|store|retain|hold|kept|stored)\b"
)
""""how long should we keep beneficiary data after the project ends": a question about data retention."""


_WHAT_GOES_IN = re.compile(
    r"\bwhat (?:should|must|does|do|would|can) (?:a |an |the |our |my )?(?P<term>[a-z0-9+&/ -]{2,40}?)"
    r" (?:contain|include|cover|say|have in it)\b"
    r"|\bwhat (?:should|do|must|can) (?:we|i) (?:put|include|write|cover) in (?:a |an |the |our |my )?"
    r"(?P<put_in>[a-z0-9+&/ -]{2,40}?)(?: (?:with|for|between|to|on)\b.*)?$"
)
""""what should a data sharing agreement contain?", "what should we put in a DSA with the ministry?": the same
question about the term."""


def asked_whether_needed(query: Query) -> str:
    """The term a need asks about ("..., do we need a DPIA?": "dpia", "what should a DSA contain?": "dsa"), folded;
    "" when it asks about none. Its entry is said in short before the tools: the question was about it."""
    found = _WHETHER_NEEDED.search(query.folded) or _IS_NEEDED.search(query.folded)
    if found:
        return found.group("term").strip()
    goes_in = _WHAT_GOES_IN.search(query.folded)
    if goes_in:
        return (goes_in.group("term") or goes_in.group("put_in")).strip()
    return RETENTION if asks_how_long_kept(query) else ""


RETENTION = "data retention"
"""The term a question about how long to keep something asks about."""


def asks_how_long_kept(query: Query) -> bool:
    """ "how long should we keep protection monitoring data?": a question about data retention, whatever it names."""
    return _HOW_LONG_KEPT.search(query.folded) is not None


def asks_which(entry: Entry, folded: str) -> bool:
    """ "what data do we need?", "which information should we collect": the entry's one-word name asked about as a
    kind of thing, with more to the question, not as a term to define ("what is data?")."""
    name = fold(entry.title)
    return " " not in name and re.search(rf"\b(?:what|which|whose) {re.escape(name)} \w", folded) is not None


_WHO_RUNS_PIM = re.compile(
    r"^(?:and )?who (?:runs|leads|started|created|made|founded|coordinates|manages|is behind|owns|facilitates)"
    r" (?:the )?(?:pim|protection information management)\b"
)
""""who runs PIM?", "who made PIM": the PIM Initiative, not the definition of PIM (the fact sheet's question 24)."""


def asks_who_runs_pim(query: Query) -> bool:
    """ "who runs PIM and how can I get trained?": the PIM Initiative, whose entry links to its training pack."""
    return _WHO_RUNS_PIM.search(query.folded) is not None
