"""The four safety alerts, the word lists each reads, and how sure the examples' models must be.

Kept apart from the alerts themselves (safety.py) and the grammar over the lists (safety_grammar.py), which both
read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

DATA_REQUEST = "data-request"
DISCLOSURE = "disclosure"
PUBLICATION = "publication"
DATA_INCIDENT = "data-incident"
WORD_GROUPS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        DATA_REQUEST: (
            "data",
            "containers",
            "people",
            "not_personal",
            "things",
            "requesters",
            "security",
            "asks",
            "moves",
            "self",
            "channels",
            "negations",
            "sensitive_datasets",
        ),
        DISCLOSURE: (
            "harms",
            "tellings",
            "hypotheticals",
            "victims",
            "recording",
            "stories",
            "trained_systems",
            "threats",
            "armed_violations",
            "armed_actors",
            "child_violations",
            "children",
            "hearsay",
            "violent_acts",
            "aggregates",
        ),
        PUBLICATION: (
            "publishes",
            "places",
            "destinations",
            "data",
            "excluded",
            "negations",
            "captures",
            "subjects",
            "outlets",
            "not_shown",
        ),
        DATA_INCIDENT: ("losses", "data", "hypotheticals", "excluded", "platforms"),
    }
)
"""The word lists each alert needs; `read_safeguards` insists on every one."""
UNMARKED = frozenset(
    {
        (DATA_REQUEST, "sensitive_datasets"),
        (DISCLOSURE, "victims"),
        (DISCLOSURE, "recording"),
        (DISCLOSURE, "stories"),
        (DISCLOSURE, "trained_systems"),
        (DISCLOSURE, "threats"),
        (DISCLOSURE, "armed_violations"),
        (DISCLOSURE, "armed_actors"),
        (DISCLOSURE, "child_violations"),
        (DISCLOSURE, "children"),
        (DISCLOSURE, "hearsay"),
        (DISCLOSURE, "violent_acts"),
        (DISCLOSURE, "aggregates"),
        (PUBLICATION, "captures"),
        (PUBLICATION, "subjects"),
        (PUBLICATION, "outlets"),
        (PUBLICATION, "not_shown"),
        (DATA_INCIDENT, "platforms"),
    }
)
"""Word lists the models do not see: "a boy" or "write" are in most texts, and would tell them nothing; the models
stay as they were learnt."""
LEARNT = (DATA_REQUEST, DISCLOSURE, PUBLICATION)
"""The alerts learnt from safety-examples.yaml. Data incidents have a model of their own (incident-examples.yaml),
and their word lists are no feature of these models, which stay as they were learnt."""

SURE_ALONE = 0.4
"""The examples' model raises an alert on its own when it is at least this sure: phrasings the lists miss.

Most examples call for no alert, so the model leans against one; below 50% is still a strong signal."""
SURE_WITH_LISTS = 0.2
"""When the word lists raise an alert, the model need only be this sure: it still drops their clearest misfires.

Both thresholds were chosen on rounds of examples neither method had seen (README "Safety")."""
SURE_WITH_LISTS_OF_DISCLOSURE = 0.05
"""A disclosure the lists see (a telling near a harm, not a what-if) is dropped only when the model is nearly sure
it is none. The model learnt that questions about recording and referral tools are ordinary work, and so vetoed
disclosures asked as such a question ("survivor disclosed rape ..., where to refer + which form"): on situations
it had not learnt, every disclosure the lists saw between 5% and 20% was a real one (README "Safety")."""
SURE_WITH_LISTS_OF_PUBLICATION = 0.05
"""The same for publishing: on the tools situations nobody tuned for, the lists' publications the model put between 5%
and 20% were nine plans to publish data about people (microdata on HDX, a survey dataset under an open-data clause)
and one false alarm; the photos batch gained two (README "Safety")."""
SURE_WITH_LISTS_OF_DATA_INCIDENT = 0.05
"""The same for data incidents: in a child protection coordinator's trial, the incident model put lost laptops and
phones with case files, and an export e-mailed to the wrong person, between 7% and 20% once the lists saw them; on
the tools situations nobody tuned for, one more text lies there (a laptop stolen last month, in passing), and the
CAR, photos and safety examples none (README "Safety")."""


SURE_WITH_LISTS_OF = {
    DISCLOSURE: SURE_WITH_LISTS_OF_DISCLOSURE,
    PUBLICATION: SURE_WITH_LISTS_OF_PUBLICATION,
    DATA_INCIDENT: SURE_WITH_LISTS_OF_DATA_INCIDENT,
}
"""The bar with the lists, by alert, where it is not SURE_WITH_LISTS."""


SURE_ALONE_OF_DATA_INCIDENT = 0.2
"""The incident model alone: its lists name only some of the ways data goes astray ("the wind blew the consent forms
away", "a volunteer quit and took the notebook with the contacts"). On incident rounds 3 to 7 (run before, and read
as totals to choose this bar), the model put 13 reports the lists missed between 20% and 40%, and no text that was
no incident; on round 10, held out, it was judged once (README "Safety")."""
SURE_ALONE_OF = {DATA_INCIDENT: SURE_ALONE_OF_DATA_INCIDENT}
"""The bar without the lists, by alert, where it is not SURE_ALONE."""
