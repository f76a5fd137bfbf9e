"""One message catalogue: every sentence comes from bot/messages.py, through gettext, in Slack and the terminal,
the problems `pimbot check` finds in knowledge files too."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import bot.messages as messages
import bot.messages_cli as messages_cli
from bot.console.rendering import render_text
from bot.knowledge.loading import load_knowledge
from bot.knowledge.yamlfile import KnowledgeError
from bot.slack.blocks import render

CATALOGUE_MODULES = (messages, messages_cli)
"""bot/messages.py and, for the command line, bot/messages_cli.py: one catalogue in two files."""


def catalogue_constants() -> dict[str, str | tuple[str, str]]:
    """Every message: a sentence, or (singular, plural) for one said with a number."""
    return {name: value for module in CATALOGUE_MODULES for name, value in vars(module).items()
            if name.isupper() and isinstance(value, str | tuple)
            and name not in ("LOCALE_DIR", "DOMAIN", "DEFAULT_LANGUAGE")}  # fmt: skip


def test_each_message_has_one_name_in_the_whole_catalogue() -> None:
    """No name in both files (one would hide the other), and no sentence under two names."""
    names = [name for module in CATALOGUE_MODULES for name, value in vars(module).items()
             if name.isupper() and isinstance(value, str | tuple)]  # fmt: skip
    assert len(names) == len(set(names))
    constants = catalogue_constants()
    assert len(set(constants.values())) == len(constants)


def test_the_gettext_template_holds_every_message_run_make_messages_if_not() -> None:
    with (Path(messages.__file__).parent / "locale" / "pimbot.pot").open("rb") as template:
        extracted = {message.id for message in read_po(template) if message.id}
    assert extracted == set(catalogue_constants().values())


def test_a_message_said_with_a_number_takes_the_form_the_catalogue_gives() -> None:
    assert messages.say_count(messages.SPAN_DAYS, 1) == "1 day"
    assert messages.say_count(messages.SPAN_DAYS, 3) == "3 days"
    assert messages.say_count(messages.SPAN_DAYS, 3, language="fr") == "3 days"


def test_say_fills_fields_and_falls_back_to_english() -> None:
    assert messages.say(messages.KNOWLEDGE_RELOADED, entries=3) == "Knowledge reloaded: 3 entries."
    assert messages.say(messages.KNOWLEDGE_RELOADED, language="fr", entries=3) == "Knowledge reloaded: 3 entries."
    assert messages.say(messages.NOT_FOUND, query="{x}").startswith("I couldn't find “{x}”")


class Shouting(gettext.NullTranslations):
    """A stand-in translation: every sentence in capitals, its {fields} left as they are."""

    def gettext(self, message: str) -> str:
        return re.sub(r"[^{}]+(?=\{|$)|(?<=\})[^{}]+", lambda part: part.group(0).upper(), message)


def test_both_renderers_say_what_the_catalogue_says(responder, monkeypatch) -> None:
    monkeypatch.setattr(messages, "_catalogue", lambda language: Shouting())
    reply = responder.reply("define winterisation")
    assert "I COULDN'T FIND “winterisation”" in render_text(reply)
    assert "I COULDN'T FIND “winterisation”" in render(reply)["text"]
    advice = responder.reply("tools help us with data")
    assert messages.CLARIFY_QUESTION.upper() in render_text(advice)
    assert messages.CLARIFY_QUESTION.upper() in render(advice)["text"]


def test_knowledge_file_problems_come_from_the_catalogue(tmp_path, monkeypatch) -> None:
    """What `pimbot check` and `/pim reload` report about a broken file is said through the catalogue too."""
    monkeypatch.setattr(messages, "_catalogue", lambda language: Shouting())
    (tmp_path / "terms.yaml").write_text(
        "terms:\n  - id: x\n    term: X\n    defintion: d\n    source: https://x.org/\n", encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(tmp_path)
    assert "UNKNOWN FIELD 'defintion' (DID YOU MEAN 'definition'?)" in str(error.value), str(error.value)
