"""The small model that learns safety alerts from example situations (bot/classifier.py)."""

from __future__ import annotations

from bot.advice.classifier import Example, features, train

REQUEST = "data-request"
EXAMPLES = [
    Example("the police want the names of the families", frozenset({REQUEST})),
    Example("the mayor asks for our list of names", frozenset({REQUEST})),
    Example("HQ wants the case files with names", frozenset({REQUEST})),
    Example("we share aggregated figures with the cluster", frozenset()),
    Example("training for enumerators on the survey", frozenset()),
    Example("count arrivals at the border each day", frozenset()),
]


def test_word_forms_count_as_one_word() -> None:
    assert features("Sharing lists") == features("shared list") == {"shar", "list", "shar list"}


def test_no_model_without_examples_on_both_sides() -> None:
    assert train(EXAMPLES[:3], REQUEST) is None
    assert train(EXAMPLES[3:], REQUEST) is None
    assert train(EXAMPLES, REQUEST) is not None


def test_the_same_examples_give_the_same_model() -> None:
    assert train(EXAMPLES, REQUEST) == train(list(EXAMPLES), REQUEST)


def test_it_learns_which_words_speak_for_and_against() -> None:
    model = train(EXAMPLES, REQUEST)
    assert model is not None
    assert (
        model.evidence(features("the army wants names")) > 0 > model.evidence(features("aggregated figures for the cluster"))
    )
    assert model.probability(features("the police want names of families")) > model.probability(
        features("count arrivals each day")
    )


def test_words_it_never_saw_are_no_evidence_either_way() -> None:
    """Most examples call for no alert, so the prior is against one; a short, unfamiliar text only has the prior."""
    model = train(EXAMPLES, REQUEST)
    assert model is not None
    unfamiliar = features("gendarmerie demande registre")
    assert model.evidence(unfamiliar) == 0
    assert model.probability(unfamiliar) < 0.5
