from __future__ import annotations

import pytest

from bot.text.language import guess_language, maybe_other_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("une fille de 14 ans a été violée par un enseignant", "fr"),
        ("qu'est-ce que le consentement eclaire", "fr"),
        ("anonymiser les données", "fr"),
        ("c'est quoi la gestion de l'information de protection", "fr"),  # "c'est" folds to "cest"
        ("¿qué es DTM?", "es"),
        ("la protección de datos", "es"),
        ("ما هو التسجيل", "ar"),
        ("we need a tool for returnees in Cúcuta and the border area", None),  # one accented place name
        ("de facto authorities ask for names", None),
        ("the UN agency wants the list", None),
        ("we work en route to the border with the IDPs", None),
        ("", None),
    ],
)
def test_another_language_is_guessed_only_on_clear_signs(text: str, language: str | None) -> None:
    assert guess_language(text) == language


def test_a_single_accent_is_a_sign_but_no_guess() -> None:
    assert maybe_other_language("consentement eclairé") and guess_language("consentement eclairé") is None
    assert not maybe_other_language("violence against children")
