"""The shipped knowledge base is complete, and a broken file is reported by file, line and field."""

from __future__ import annotations

import dataclasses

import pytest

from bot import messages
from bot.knowledge.entries import Entry, acronym_key
from bot.knowledge.loading import load_knowledge
from bot.knowledge.yamlfile import KnowledgeError
from bot.messages import say
from bot.text.query import Query
from tests.conftest import DATA, MINI_TERMS, knowledge_copy, read_yaml

PRINCIPLES = [
    "People-centred and inclusive",
    "Do no harm",
    "Defined purpose",
    "Informed consent and confidentiality",
    "Data responsibility, protection and security",
    "Competency and capacity",
    "Impartiality",
    "Coordination and collaboration",
]
CATEGORIES = [
    "Population data",
    "Protection needs assessment",
    "Protection monitoring",
    "Case management",
    "Protection response monitoring and evaluation",
    "Security and situational awareness",
    "Sectoral systems / other",
    "Communicating with(in) affected communities",
]
STEPS = ["Assess information landscape", "Design IM systems", "Implement IM systems", "Evaluate impact"]
FRAMEWORK = ["pim", "pim-principles", "pim-matrix", "pim-process", "pim-core-competencies", "pim-champions"]
# Section 5 of shared/pim-facts.md, as the issue lists it: each must be answerable by name.
SECTION_5_TERMS = [
    "data", "information", "personal data", "sensitive data", "DII", "data responsibility", "anonymisation",
    "pseudonymisation", "de-identification", "re-identification", "SDC", "data sharing", "ISP", "DSA", "DPIA", "SDR",
    "information landscape", "MIRA", "MSNA", "case management", "referral pathway", "FTR", "registration",
    "identity management", "biometrics", "profiling", "mobility tracking", "flow monitoring", "disaggregation",
    "protection analysis", "protection risk equation", "threat", "vulnerability", "capacity", "PAF", "joint analysis",
    "IDP", "refugee", "asylum-seeker", "returnee", "stateless person", "durable solutions", "HNO", "HRP", "KII", "FGD",
    "AAP", "CFM", "SADD", "AGD",
]  # fmt: skip


def test_shipped_principles_categories_and_steps_are_complete_and_in_order(knowledge_base) -> None:
    assert [e.title for e in knowledge_base.of_kind("principle")] == PRINCIPLES
    assert [e.title for e in knowledge_base.of_kind("matrix_category")] == CATEGORIES
    assert [e.title for e in knowledge_base.of_kind("process_step")] == STEPS


def test_shipped_knowledge_has_framework_entries_and_enough_terms(knowledge_base) -> None:
    for entry_id in FRAMEWORK:
        assert knowledge_base.get(entry_id) is not None, entry_id
    assert len(knowledge_base.of_kind("term")) >= 60


@pytest.mark.parametrize("name", SECTION_5_TERMS)
def test_every_section_5_term_is_answered(responder, name: str) -> None:
    assert responder.matcher.match(name).match is not None, name


def test_every_shipped_entry_has_a_public_source_and_a_short_definition(knowledge_base) -> None:
    for entry in knowledge_base.entries:
        assert entry.sources and all(s.startswith(("http://", "https://")) for s in entry.sources), entry.id
        assert 20 <= len(entry.definition) <= 600, entry.id


def test_an_acronym_that_is_the_name_itself_is_not_shown_again_after_it(knowledge_base) -> None:
    """An everyday user's trial: suggestions read "ACAPS (ACAPS)"."""
    assert knowledge_base.get("acaps").acronyms_besides_name == ()
    assert knowledge_base.get("dtm").acronyms_besides_name == ("DTM",)


def test_a_shared_acronym_is_allowed(make_knowledge) -> None:
    kb = load_knowledge(make_knowledge({"terms.yaml": MINI_TERMS}))
    assert [e.acronyms for e in kb.entries] == [("PM",), ("PM",)]


def problems_of(make_knowledge, text: str) -> list[str]:
    folder = make_knowledge({"terms.yaml": text})
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    return [str(p) for p in caught.value.problems]


def entry(extra: str = "", **fields: str) -> str:
    values = {"id": "x-term", "term": "X term", "definition": "A test definition.", "source": "https://pim.guide/"}
    values.update(fields)
    lines = [f"    {k}: {v}" for k, v in values.items() if v != ""]
    lines[0] = "  - " + lines[0].lstrip()
    return "\n".join(lines) + extra + "\n"


def test_unknown_field_names_file_line_and_field(make_knowledge) -> None:
    [problem] = problems_of(make_knowledge, "terms:\n" + entry("\n    colour: blue"))
    assert "terms.yaml:6: unknown field 'colour'" in problem


def test_one_misspelt_field_gives_one_problem(make_knowledge) -> None:
    """`defintion:` once gave six problems, among them wrong "did you mean" hints for every link to the entry."""
    linked = entry("\n    related: [x-term]", id="y-term", term="Y term")
    text = "terms:\n" + entry().replace("definition:", "defintion:") + linked
    [problem] = problems_of(make_knowledge, text)
    assert "terms.yaml:4: unknown field 'defintion' (did you mean 'definition'?)" in problem


def test_missing_required_field_names_the_entry_line(make_knowledge) -> None:
    [problem] = problems_of(make_knowledge, "terms:\n" + entry(definition=""))
    assert "terms.yaml:2: " in problem
    assert "missing required field 'definition'" in problem


def test_duplicate_id_points_to_both_places(make_knowledge) -> None:
    [problem] = problems_of(make_knowledge, "terms:\n" + entry() + entry(term="Other"))
    assert "terms.yaml:6: " in problem
    assert "'x-term' is already used at" in problem and "terms.yaml:2" in problem


def test_duplicate_alias_across_entries_is_an_error(make_knowledge) -> None:
    text = "terms:\n" + entry("\n    aliases: [shared name]") + entry("\n    aliases: [Shared Name]", id="y-term", term="Y")
    [problem] = problems_of(make_knowledge, text)
    assert "terms.yaml:11: " in problem
    assert "field 'aliases'" in problem and "'x-term'" in problem


def test_related_id_that_does_not_exist(make_knowledge) -> None:
    [problem] = problems_of(make_knowledge, "terms:\n" + entry("\n    related: [nowhere]"))
    assert "terms.yaml:6: " in problem
    assert "field 'related': no entry has the id 'nowhere'" in problem


def test_broken_yaml_names_the_line(make_knowledge) -> None:
    [problem] = problems_of(make_knowledge, "terms:\n  - id: a\n    term: [unclosed\n    definition: x\n")
    assert "terms.yaml:" in problem and "not valid YAML" in problem


@pytest.mark.parametrize(
    ("entry", "line", "hint"),
    [
        ("    term: A\n      definition: pushed right\n", 4, "every field of an entry lines up under 'id'"),
        ("    term: A\n    definition: a note: with a colon\n", 4, "a ':' inside a text? Put the text in quotes"),
    ],
)
def test_a_yaml_slip_gets_the_hint_that_fits_it(make_knowledge, entry: str, line: int, hint: str) -> None:
    """PyYAML says the same ("mapping values are not allowed") of a field indented too far and of a colon in a
    text; the hint tells them apart."""
    [problem] = problems_of(make_knowledge, "terms:\n  - id: a\n" + entry + "    source: https://x.org/\n")
    assert f"terms.yaml:{line}: " in problem and hint in problem


def test_field_given_twice_and_bad_values(make_knowledge) -> None:
    text = "terms:\n" + entry("\n    id: again\n    aliases: just-a-string\n    source2: x", source="not-a-url")
    problems = problems_of(make_knowledge, text)
    joined = "\n".join(problems)
    assert "field 'id' is given twice" in joined
    assert "field 'aliases': must be a list" in joined
    assert "is not a web address" in joined
    assert "unknown field 'source2'" in joined


def test_unknown_top_level_key_and_wrong_name_field(make_knowledge) -> None:
    problems = problems_of(make_knowledge, "glossary:\n  - id: a\n")
    assert "unknown top-level key 'glossary'" in problems[0]
    problems = problems_of(make_knowledge, "principles:\n" + entry("\n    number: 1"))
    assert any("'principles' entries use 'principle', not 'term'" in p for p in problems)


def test_numbers_must_be_unique_within_a_kind(make_knowledge) -> None:
    text = (
        "steps:\n"
        "  - {id: a, step: A, number: 1, definition: first step here, source: 'https://pim.guide/'}\n"
        "  - {id: b, step: B, number: 1, definition: second step here, source: 'https://pim.guide/'}\n"
    )
    [problem] = problems_of(make_knowledge, text)
    assert "terms.yaml:3: " in problem and "field 'number': 1 is already used by 'a'" in problem


def test_empty_folder_and_missing_folder(tmp_path) -> None:
    with pytest.raises(KnowledgeError, match=r"no \.yaml files"):
        load_knowledge(tmp_path)
    with pytest.raises(KnowledgeError, match="knowledge folder not found"):
        load_knowledge(tmp_path / "nope")


TOOL = """\
categories:
  - {id: case-management, category: Case management, number: 1, definition: Following individual cases., source: 'https://pim.guide/'}
"""


def test_a_tool_entry_is_checked_like_the_others(make_knowledge) -> None:
    tool = (
        "tools:\n"
        "  - id: box\n"
        "    tool: Box\n"
        "    definition: A box for data.\n"
        "    run_by: Someone\n"
        "    categories: [case-management, pizza]\n"
        "    personal_data: maybe\n"
        "    fits: []\n"
        "    not_for: Nothing.\n"
        "    source: https://example.org/\n"
    )
    folder = make_knowledge({"matrix.yaml": TOOL, "tools.yaml": tool})
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    joined = "\n".join(str(p) for p in caught.value.problems)
    assert "tools.yaml:7: entry 'box', field 'personal_data': must be yes, no, depends or n/a" in joined
    assert "tools.yaml:8: entry 'box', field 'fits'" in joined
    fixed = tool.replace("personal_data: maybe", "personal_data: yes").replace("fits: []", "fits: [boxes]")
    make_knowledge({"tools.yaml": fixed})
    with pytest.raises(KnowledgeError, match="'pizza' is not a PIM Matrix category id"):
        load_knowledge(folder)
    make_knowledge({"tools.yaml": fixed.replace(", pizza", "")})
    with pytest.raises(KnowledgeError) as caught:  # the tool is right now: what is missing is the safety alerts
        load_knowledge(folder)
    assert [p.message for p in caught.value.problems] == [say(messages.CHECK_NO_SAFEGUARDS)]
    with_alerts = knowledge_copy(folder.parent / "with-alerts")
    (with_alerts / "box.yaml").write_text(fixed.replace(", pizza", ""))
    box = load_knowledge(with_alerts).get("box")
    assert box.tool.personal_data == "yes" and box.tool.categories == ("case-management",)


def test_a_folder_of_terms_alone_needs_no_safety_alerts(make_knowledge) -> None:
    """Safety alerts go before tools: a glossary with no tools suggests nothing, so needs none."""
    assert len(load_knowledge(make_knowledge({"terms.yaml": MINI_TERMS}))) > 0


def test_one_yaml_slip_gives_one_problem_not_a_cascade(tmp_path) -> None:
    folder = knowledge_copy(tmp_path / "kb")
    with (folder / "terms.yaml").open("a") as terms:
        terms.write("  - id: gbv\n    term:Gender-based violence\n    definition: x\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    [problem] = caught.value.problems
    assert "not valid YAML" in problem.message and "indented differently" in problem.message


def test_a_field_indented_into_the_definition_is_caught(make_knowledge) -> None:
    text = "terms:\n" + entry("\n    aliases: [x]").replace(
        "definition: A test definition.", "definition: >-\n      A test.\n        aliases: [lost]"
    )
    [problem] = problems_of(make_knowledge, text)
    assert "contains 'aliases:'" in problem


def test_a_title_written_as_a_related_id_gets_a_hint(make_knowledge) -> None:
    text = "terms:\n" + entry("\n    related: [Y term, y-trem]") + entry(id="y-term", term="Y term")
    problems = problems_of(make_knowledge, text)
    assert "did you mean 'y-term'?" in problems[0] and "lowercase with hyphens" in problems[0]
    assert "did you mean 'y-term'?" in problems[1]


def test_a_file_that_is_not_utf8_names_the_line(make_knowledge) -> None:
    folder = make_knowledge({})
    (folder / "terms.yaml").write_bytes(b"terms:\n  - id: x\n    term: caf\xe9\n")
    with pytest.raises(KnowledgeError, match=r"terms\.yaml:3: is not UTF-8"):
        load_knowledge(folder)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path) -> None:
    folder = knowledge_copy(tmp_path / "knowledge")
    (folder / "huge.yaml").write_text("terms:\n" + "# padding\n" * 600_000)
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(folder)
    [problem] = error.value.problems
    assert problem.file.endswith("huge.yaml") and "over the 5 MB limit" in problem.message


def test_problems_are_capped_with_a_count_of_the_rest(tmp_path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    entries = "".join(f"  - id: t{i}\n    term: T{i}\n    colour: red\n" for i in range(200))
    (folder / "terms.yaml").write_text("terms:\n" + entries)
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(folder)
    assert len(error.value.problems) == 50 and error.value.more > 150
    assert str(error.value).endswith(f"... and {error.value.more} more problems")


def test_a_folder_with_too_many_entries_is_refused(tmp_path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    entry = "  - id: t{0}\n    term: T{0}\n    definition: d\n    source: https://x.org/\n"
    for part in range(3):  # three files of 7,000 entries: each under the size limit, 21,000 in all
        body = "".join(entry.format(part * 7000 + i) for i in range(7000))
        (folder / f"terms-{part}.yaml").write_text("terms:\n" + body)
    with pytest.raises(KnowledgeError, match="21000 entries, over the limit of 20000"):
        load_knowledge(folder)


COVERAGE = DATA / "coverage"


def coverage_terms() -> list[str]:
    terms: dict[str, None] = {}
    for path in sorted(COVERAGE.glob("*.yaml")):
        for item in read_yaml(path)["terms"]:
            terms.setdefault(item["term"])
    return list(terms)


def test_terms_practitioners_ask_are_answered_by_an_entry_of_that_name(responder) -> None:
    """The coverage list was written before the entries, by two voices who did not read the knowledge base."""
    terms = coverage_terms()
    unanswered = []
    for term in terms:
        found = responder.matcher.match(term).match
        by_name = found is not None and (
            Query(term).key in found.entry.keys or acronym_key(term) in map(acronym_key, found.entry.acronyms)
        )
        if not by_name:
            unanswered.append(term)
    assert len(terms) >= 250
    assert len(unanswered) <= 0.1 * len(terms), unanswered


def test_the_knowledge_base_has_the_breadth_practitioners_expect(knowledge_base) -> None:
    assert len(knowledge_base) >= 320


def test_a_summary_is_the_first_sentence_or_two_when_the_first_says_little(knowledge_base) -> None:
    """Suggestions show the summary, so three tools fit a phone's screen; the entry keeps the whole definition."""
    dtm = knowledge_base.by_id["dtm"]
    assert dtm.definition.startswith(dtm.summary) and len(dtm.summary) < len(dtm.definition)
    assert dtm.summary.endswith(".") and dtm.summary.count(". ") == 0
    bims = knowledge_base.by_id["bims"]
    assert bims.summary.startswith("UNHCR's main biometric tool since 2015. It records")
    for tool in knowledge_base.of_kind("tool"):
        assert 30 <= len(tool.summary) <= 400, tool.id


def test_loaded_entries_are_the_entries_their_constructor_makes(knowledge_base) -> None:
    """The loader builds entries without the frozen dataclass's `__init__` (bot/knowledge/loading.py, `_new_entry`,
    for speed): each must still have every field, and equal the entry `Entry(...)` makes from them."""
    names = [f.name for f in dataclasses.fields(Entry)]
    for entry in knowledge_base.entries:
        assert set(names) <= set(vars(entry)), entry.id
        made = Entry(**{name: getattr(entry, name) for name in names})
        assert made == entry and made.keys == entry.keys and hash(made) == hash(entry)
