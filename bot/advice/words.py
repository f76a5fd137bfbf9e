"""The word lists tool advice reads a situation with: words that say nothing, words that show personal data, sharing
or new collection is at stake, chat shorthand, and acronyms that are also English words.

A design choice of pimbot, not a PIM rule; compared in the normalised form the situation's words are read in.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.text.normalize import normalize

SHORTHAND = {
    "ppl": "people", "hh": "household", "hhs": "households", "info": "information", "docs": "documents",
    "u": "you", "ur": "your", "w": "with", "pls": "please", "plz": "please", "thx": "thanks",
}  # fmt: skip
"""Chat shorthand, read as the words it stands for."""
SAME_MEANING = {"number": "figure", "statistic": "figure", "stat": "figure", "kid": "child"}
"""Words people use for one another, read as one: "refugee numbers" is "refugee statistics"."""
WORDS_NOT_ACRONYMS = frozenset({"deep", "scope", "jet", "primes", "reach"})
"""Acronyms that are also English words: in lower case they are words ("a deep analysis"), not the tool."""


def _words(text: str) -> frozenset[str]:
    """Word lists, written naturally, in the normalised form the situation's words are compared in ("does" -> "doe")."""
    return frozenset(text.split()) | frozenset(normalize(word) for word in text.split())


STOPWORDS = _words(
    """
    a about after all also am an and any are as at be been before best but by can could do does doing for
    from get give go good got has have help how i if in into is it its just keep know let like me more most
    much my need needs new of on one or our out over please recommend right s should so some something
    someone suggest suggestion than that the their them then there these they thing things this those to
    tool tools try us use used using very want wants was way we were what when where which who why will with
    would you your system systems set setup setting start starting create creating build building make making
    plan planning team teams area areas ngo ngos organisation organisations organization organizations
    cannot can't cant don't dont won't wont not did done she he her him his hers herself himself ours yours
    """
)
GENERIC_WORDS = _words(
    """
    people person persons each many much number numbers figure figures already data information check up
    council level new group groups work working support other others different same day days week weeks month
    months year years time times every situation situations context reach report reports reporting project
    projects software app apps platform platforms database databases donor donors partner partners cluster
    clusters sub sub-cluster cp better mess recommendation recommendations site sites location locations im
    cyclone cyclones flood floods earthquake earthquakes disaster disasters emergency emergencies crisis
    per between currently current back two three find finding received receive show showing annual hit hits
    link links now follow
    wk wks quarter quarters team teams field mission missions proper everything started thing things stuff
    meeting meetings manager idea ideas good anything something asking sector sectors think thinking
    no without first across against quick during through see else came instead need needs yr yrs decide moving
    last next tomorrow yesterday today tonight here end smth sth trying side say says said issue issues improve
    improving lead director minister boss supervisor raised send useful must going forward adopt ok okay fine
    asks asked ask staying
    """
)
"""Words that say nothing about which tool fits: they never score a phrase alone, and are never the reason given
("you mentioned 'many'" or "'council'")."""
PEOPLE_WORDS = _words(
    """
    women woman girl girls men man boy boys child children kid kids adolescent adolescents youth family families
    camp camps settlement settlements idp idps refugee refugees returnee returnees migrant migrants community
    communities elderly
    """
)
"""Who a situation is about, and where they live, which say nothing of what is needed: "anything for women in the
camps?" is vague."""
# Words that show what is at stake, mapped to the principles to mind. A design choice of pimbot, not a PIM rule:
# the principles themselves are PIM's (knowledge/principles.yaml), the triggers are ours.
PERSONAL_DATA_WORDS = _words(
    """
    name names list lists phone individual individuals case cases survivor survivors child children biometric
    raped rapes abuse abused assault assaulted exploitation exploited trafficking trafficked torture tortured
    arrested
    biometrics fingerprint fingerprints iris registration register registering registered beneficiary
    beneficiaries personal identifiable identity gbv sgbv rape sexual victim victims unaccompanied separated
    uasc address addresses household households detention detained
    """
)
SHARING_WORDS = _words(
    """
    share shares shared sharing send sending transfer transferring exchange exchanging publish publishing
    hand handover disclose
    """
)
DATA_WORDS = _words("data dataset datasets database list lists information record records file files")
"""With a sharing word, these mean data is to be shared ("send our data"), not a team ("send a team")."""
FIGURE_WORDS = _words("figure figures count counts total totals breakdown disaggregated statistics")
"""Asking for figures ("numbers", "statistic" and "stats" are read as "figure": SAME_MEANING)."""
SENSITIVE_TOPICS = _words(
    """
    gbv sgbv survivor survivors rape raped sexual violence abuse abused child children minor minors uasc
    unaccompanied separated victim victims trafficking trafficked torture incident incidents case cases
    """
)
"""Figures about these, asked for by someone else, are shared data: small counts can point to a person."""
COLLECTION_WORDS = _words(
    """
    survey surveys assessment assessments questionnaire questionnaires interview interviews collect
    collecting collection enumerator enumerators form forms
    """
)
NEEDS_A_TOOL = _words(
    "need needs want wants looking recommend suggest tool tools system systems platform software app apps instead "
    "guidance guide guideline guidelines template refer referral referrals steps"
)
"""Words that ask for a tool, guidance or a referral: after a data incident or a disclosure, tools are suggested only
when one is asked for ("we need a secure case system", "where to refer + which form"); otherwise the alert's steps
are the answer."""
TOOL_WORDS = _words(
    "tool tools system systems platform software app apps template templates guidance guide guideline guidelines form"
    " forms checklist policy"
)
"""Words that name a tool or guidance outright: after people filmed for an outlet, "wants" is the journalist's."""
WHERE_IT_GOES = _words("where anywhere how who mechanism channel formally formal")
IT_GOES = _words("report reported reporting documented document")
"""Together, these ask where or how something is reported ("kids recruited by armed groups, where does that get
reported?", "how to report", "a formal channel for reporting grave violations?"): a reporting system is asked for."""


def asks_for_a_tool(words: Iterable[str]) -> bool:
    """Whether a situation asks for a tool, guidance, a referral, or where or how something gets reported."""
    said = set(words)
    return bool(NEEDS_A_TOOL & said or (WHERE_IT_GOES & said and IT_GOES & said))


def names_a_tool(words: Iterable[str]) -> bool:
    """Whether a situation names a tool or guidance outright ("is there a consent form for filming?")."""
    return bool(TOOL_WORDS & set(words))
