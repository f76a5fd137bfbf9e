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
    assert shown.startswith("her number is [phone number]") and shown.endswith("…") and len(shown) == 40
