from __future__ import annotations

import pytest

from bot.text.echo import one_line, redact


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("call Olena +380 67 123 4567 or olena.k@ngo.org", "call Olena [phone number] or [email]"),
        ("case 0712345678, tel: 07 12 34 56 78", "case [phone number], tel: [phone number]"),
        ("since 2024-11-30, 1 000 000 people", "since 2024-11-30, 1 000 000 people"),  # a date and a figure stay
        ("idp numbers 12,500 in 2023 for the 5W", "idp numbers 12,500 in 2023 for the 5W"),
    ],
)
def test_phone_numbers_and_emails_are_masked_and_figures_kept(text: str, shown: str) -> None:
    assert redact(text) == shown


def test_one_line_masks_before_it_shortens() -> None:
    shown = one_line("her   number\nis +380 67 123 4567 " + "x" * 200, limit=40)
    assert shown.startswith("her number is [phone number]") and shown.endswith("…") and len(shown) <= 40


def test_one_line_shortens_at_a_word_end_when_one_is_near() -> None:
    """An everyday user's trial: quotes were cut mid-word ("which tools would hel…")."""
    shown = one_line("which tools would help us consolidate the partner protection monitoring data", limit=30)
    assert shown == "which tools would help us…"
    assert one_line("x" * 80, limit=30) == "x" * 29 + "…", "one long word: cut where the limit is"
