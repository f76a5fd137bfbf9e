"""The benchmark's generated knowledge folders load as pimbot reads any other (`make bench` times them)."""

from __future__ import annotations

from bench.synthetic import make_knowledge
from bot.knowledge.loading import load_knowledge


def test_a_generated_folder_loads_with_its_safety_alerts(tmp_path) -> None:
    """pimbot refuses a folder with tools and no safety alerts: the generated folders hold the shipped ones."""
    names = make_knowledge(tmp_path / "k", 300)
    kb = load_knowledge(tmp_path / "k")
    assert len(kb) == 300 and kb.of_kind("tool")
    assert {"data-request", "disclosure", "data-incident", "publication"} <= set(kb.safeguards.by_kind)
    assert len(names) == 300 - 20, "the real framework's 20 entries, and made-up ones"
