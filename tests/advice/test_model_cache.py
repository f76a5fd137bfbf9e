"""Trained safety models kept on disk: the same model as training gives, learnt afresh after any change."""

from __future__ import annotations

import pytest

from bot.advice import model_cache, safety
from bot.advice.classifier import train_all
from bot.advice.safety import WORD_GROUPS
from bot.config import SHIPPED_KNOWLEDGE
from bot.knowledge.loading import load_knowledge

EXAMPLES = """\
examples:
  - text: the police want our list of names
    alerts: [data-request]
  - text: the army asked for the phone numbers of the families
    alerts: [data-request]
  - text: we send enumerators to count arrivals
    alerts: []
  - text: share the monthly totals with the cluster
    alerts: []
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of its own, and no model learnt earlier in this process."""
    monkeypatch.setattr(safety, "_LEARNT", {})
    model_cache.use(tmp_path / "cache")
    yield tmp_path / "cache"
    model_cache.use(None)


def folder(make_knowledge, examples: str = EXAMPLES):
    """The shipped knowledge with a few examples of its own to learn from."""
    knowledge = make_knowledge({})
    for path in SHIPPED_KNOWLEDGE.glob("*.yaml"):
        (knowledge / path.name).write_bytes(path.read_bytes())
    (knowledge / "safety-examples.yaml").write_text(examples, encoding="utf-8")
    return knowledge


def test_a_kept_model_is_the_model_training_gives(make_knowledge, cache, monkeypatch) -> None:
    kb = load_knowledge(folder(make_knowledge))
    learnt = kb.safeguards.models
    [kept] = cache.glob("safety-*.json")
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    monkeypatch.setattr(safety, "_LEARNT", {})  # as a new process: only the disk remembers
    monkeypatch.setattr(safety, "train_all", lambda *args: pytest.fail("learnt again instead of read"))
    read = load_knowledge(folder(make_knowledge)).safeguards.models
    fresh = train_all(kb.safeguards.examples, WORD_GROUPS, kb.safeguards.features)
    for kind in fresh:
        assert dict(read[kind].weights) == dict(learnt[kind].weights) == dict(fresh[kind].weights)
        assert read[kind].bias == fresh[kind].bias
    assert kept.exists()


def test_an_edited_example_is_learnt_afresh(make_knowledge, cache, monkeypatch) -> None:
    _ = load_knowledge(folder(make_knowledge)).safeguards.models
    monkeypatch.setattr(safety, "_LEARNT", {})
    edited = EXAMPLES.replace("count arrivals", "count the arrivals at the border")
    _ = load_knowledge(folder(make_knowledge, edited)).safeguards.models
    assert len(list(cache.glob("safety-*.json"))) == 2


def test_a_damaged_file_is_ignored_and_learnt_again(make_knowledge, cache, monkeypatch) -> None:
    learnt = load_knowledge(folder(make_knowledge)).safeguards.models
    [kept] = cache.glob("safety-*.json")
    kept.write_text('{"data-request": {"weights": ', encoding="utf-8")
    monkeypatch.setattr(safety, "_LEARNT", {})
    again = load_knowledge(folder(make_knowledge)).safeguards.models
    assert {k: dict(m.weights) for k, m in again.items()} == {k: dict(m.weights) for k, m in learnt.items()}


def test_a_model_is_kept_under_the_code_that_learns_it_and_the_code_that_reads_its_words() -> None:
    """The features pass through bot/text/normalize.py (folding, singulars, crude_stem): an edit there must
    not load a model learnt from words read the old way."""
    from pathlib import Path

    from bot.advice import classifier
    from bot.text import normalize

    for module in (classifier, normalize):
        assert Path(module.__file__).read_bytes() in model_cache._TRAINING_CODE, module.__name__
