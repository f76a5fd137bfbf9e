"""What pimbot shows back of a user's own text: one line, shortened, without phone numbers or email addresses.

Replies quote what was asked ("Suggested tools for “...”"); in a channel thread that quote is posted again.
Users paste contact details of the people they work with, so those are masked wherever text is shown back.
Names cannot be told apart from other words reliably and are left as typed.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
PHONE_MIN_DIGITS = 9
"""A run of at least this many digits (one space, dot, dash or bracket between) is taken for a phone number: a
date (2024-11-30) or a figure (1 000 000) has fewer."""
_PHONE = re.compile(rf"(?<![\w+])\+?\(?\d(?:[ ().-]{{0,2}}\d){{{PHONE_MIN_DIGITS - 1},}}+(?!\w)")
"""Possessive quantifiers (++, {n,}+) and a start only where a run begins: a long run of digits or letters is
read once, not tried again from every position (40,000 digits took 13 s)."""


def redact(text: str, phone_mask: str = "[phone number]", email_mask: str = "[email]") -> str:
    """The text with phone numbers and email addresses replaced by the masks (which may be "")."""

    return _PHONE.sub(phone_mask, _EMAIL.sub(email_mask, text))


def without_contacts(text: str) -> str:
    """The text with phone numbers and emails left out, for what is kept rather than shown (a button's value):
    a mask's words ("phone number") would read as part of the situation when it is advised on again."""
    return redact(text, "", "")


def one_line(text: str, limit: int = 100) -> str:
    """The text on one line, masked, shortened to `limit` characters with an ellipsis, at a word's end when one is
    near ("which tools would help…", not "which tools would hel…")."""
    flat = " ".join(text[: limit * 4].split())  # what cannot be shown is not read
    flat = redact(flat[: limit * 2])
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space].rstrip(",;:.-") if space >= limit * 2 // 3 else cut) + "…"
