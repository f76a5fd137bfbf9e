import pytest

from bot.text.normalize import fold, normalize, strip_question
from bot.text.query import Query


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("anonymisation", "Anonymization"),
        ("People-centred and inclusive", "people centered and inclusive"),
        ("IDPs", "idp"),
        ("refugees", "Refugee"),
        ("vulnerabilities", "vulnerability"),
        ("Humanitarian programme cycle", "humanitarian program cycle"),
        ("de-identification", "deidentification"),
        ("Café", "cafe"),
        ("Data responsibility, protection & security", "data responsibility protection and security"),
    ],
)
def test_spellings_plurals_accents_and_punctuation_meet(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("What does ISP mean?", "isp"),
        ("what is pseudonymization?", "pseudonymization"),
        ("explain data responsibility", "data responsibility"),
        ("define: SDR", "sdr"),
        ("tell me about the PIM matrix", "pim matrix"),
        ("what's a DSA", "dsa"),
        ("meaning of re-identification", "reidentification"),
        ("who counts as a refugee?", "refugee"),
        ("Please explain what is DPIA", "dpia"),
        ("what do you mean by do no harm", "do no harm"),
        ("wat is psea", "psea"),  # chat spellings of "what"
        ("wats a dsa", "dsa"),
    ],
)
def test_question_phrasing_is_peeled_off(question: str, term: str) -> None:
    assert strip_question(question) == term


def test_words_that_only_look_like_question_words_are_kept() -> None:
    assert strip_question("whatsapp") == "whatsapp"
    assert strip_question("water points") == "water points"
    assert Query("defined purpose").key == "defined purpose"


def test_analysis_and_process_are_not_treated_as_plurals() -> None:
    assert normalize("analysis") == "analysis"
    assert normalize("process") == "process"


@pytest.mark.parametrize("text", ["", "   ", "???", "\x00\x01", "🙂"])
def test_empty_or_symbol_only_text_folds_to_nothing(text: str) -> None:
    assert fold(text) == ""
