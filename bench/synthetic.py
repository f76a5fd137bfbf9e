"""Synthetic knowledge bases of any size, for timing: made-up terms and tools, the real PIM framework."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from bot.config import SHIPPED_KNOWLEDGE

SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "pel", "dri", "sun", "gar", "to", "bex", "ni", "qua", "fel", "zor"]
CATEGORIES = [
    "population-data", "protection-needs-assessment", "protection-monitoring", "case-management",
    "protection-response-monitoring-and-evaluation", "security-and-situational-awareness", "sectoral-systems-other",
]  # fmt: skip


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def make_knowledge(folder: Path, entries: int, seed: int = 7) -> list[str]:
    """Write a knowledge folder of exactly `entries` entries: the 20 of the real PIM framework (principles,
    categories, steps, without their links) and made-up terms and tools (one in ten); return the made-up names."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    framework = 0
    for name in ("principles.yaml", "matrix.yaml", "process.yaml"):
        data = yaml.safe_load((SHIPPED_KNOWLEDGE / name).read_text(encoding="utf-8"))
        for items in data.values():
            framework += len(items)
            for item in items:
                item.pop("related", None)
        (folder / name).write_text(yaml.safe_dump(data, sort_keys=False))
    vocabulary = sorted({_word(rng) for _ in range(max(200, entries // 2))})
    names: set[str] = set()
    while len(names) < entries - framework:
        names.add(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 3))))
    ordered = sorted(names)
    rng.shuffle(ordered)
    terms, tools = [], []
    for number, name in enumerate(ordered):
        entry = {
            "id": f"entry-{number}",
            "definition": f"A made-up entry about {name}, for timing only.",
            "aliases": [f"{name} alias {number}"],
            "source": "https://pim.guide/",
        }
        if number % 10 == 0:
            words = name.split()
            tools.append(
                {
                    **entry,
                    "tool": name.title(),
                    "run_by": "Nobody",
                    "categories": [rng.choice(CATEGORIES)],
                    "personal_data": "depends",
                    "fits": [" ".join(rng.sample(vocabulary, 2)) for _ in range(6)] + [" ".join(words)],
                    "not_for": "Anything real.",
                }
            )
        else:
            terms.append({**entry, "term": name.capitalize()})
    (folder / "terms.yaml").write_text(yaml.safe_dump({"terms": terms}, sort_keys=False))
    (folder / "tools.yaml").write_text(yaml.safe_dump({"tools": tools}, sort_keys=False))
    _write_safeguards(folder, link_to=terms[0]["id"])
    return ordered


def _write_safeguards(folder: Path, link_to: str) -> None:
    """The shipped safety alerts and their word lists (a folder with tools must hold them, and advice runs their
    check), each point linked to a made-up entry instead of the real ones, which this folder does not have."""
    data = yaml.safe_load((SHIPPED_KNOWLEDGE / "safeguards.yaml").read_text(encoding="utf-8"))
    for safeguard in data["safeguards"]:
        for point in safeguard["points"]:
            point["entries"] = [link_to]
    (folder / "safeguards.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
