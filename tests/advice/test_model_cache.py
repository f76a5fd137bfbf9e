"""Trained safety models kept on disk: the same model as training gives, learnt afresh after any change."""

from __future__ import annotations

import os

import pytest

from bot.advice import likeness as likeness_module
from bot.advice import model_cache, safety
from bot.advice.classifier import train_all
from bot.advice.safety import LEARNT
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
    """A cache folder of its own, and no model learnt earlier in this process; the session's folder afterwards."""
    monkeypatch.setattr(safety, "_LEARNT", {})
    monkeypatch.setattr(model_cache, "_directory", tmp_path / "cache")
    return tmp_path / "cache"


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
    kept = list(cache.glob("safety-*.json"))
    assert len(kept) == 2, "the three learnt alerts, and data incidents"
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    monkeypatch.setattr(safety, "_LEARNT", {})  # as a new process: only the disk remembers
    monkeypatch.setattr(safety, "train_all", lambda *args: pytest.fail("learnt again instead of read"))
    read = load_knowledge(folder(make_knowledge)).safeguards.models
    fresh = train_all(kb.safeguards.examples, LEARNT, kb.safeguards.features)
    for kind in fresh:
        assert dict(read[kind].weights) == dict(learnt[kind].weights) == dict(fresh[kind].weights)
        assert read[kind].bias == fresh[kind].bias
    assert read.keys() == learnt.keys() and "data-incident" in read
    assert all(path.exists() for path in kept)


def test_an_edited_example_is_learnt_afresh(make_knowledge, cache, monkeypatch) -> None:
    _ = load_knowledge(folder(make_knowledge)).safeguards.models
    monkeypatch.setattr(safety, "_LEARNT", {})
    edited = EXAMPLES.replace("count arrivals", "count the arrivals at the border")
    _ = load_knowledge(folder(make_knowledge, edited)).safeguards.models
    assert len(list(cache.glob("safety-*.json"))) == 4, "two versions, two files each"


def test_a_damaged_file_is_ignored_and_learnt_again(make_knowledge, cache, monkeypatch) -> None:
    learnt = load_knowledge(folder(make_knowledge)).safeguards.models
    [kept] = [path for path in cache.glob("safety-*.json") if "data-request" in path.read_text(encoding="utf-8")]
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


def test_the_model_in_use_outlives_the_models_of_trial_edits(make_knowledge, cache, monkeypatch) -> None:
    """Only a few models are kept: a coordinator trying edits of the examples must not push out the model every
    start reads (the test suite did, and each later `pimbot serve` learnt it again)."""
    in_use = load_knowledge(folder(make_knowledge)).safeguards.models
    for n in range(model_cache.KEPT // 2 - 1):  # each version keeps two files
        monkeypatch.setattr(safety, "_LEARNT", {})
        trial = EXAMPLES.replace("count arrivals", f"count {n} arrivals")
        _ = load_knowledge(folder(make_knowledge, trial)).safeguards.models
    kept = sorted(cache.glob("safety-*.json"))
    assert len(kept) == model_cache.KEPT
    for age, path in enumerate(sorted(kept, key=lambda p: p.stat().st_mtime)):  # saved in turn, a minute apart
        os.utime(path, (1_000_000 + age * 60, 1_000_000 + age * 60))
    monkeypatch.setattr(safety, "_LEARNT", {})
    monkeypatch.setattr(safety, "train_all", lambda *args: pytest.fail("learnt again instead of read"))
    read = load_knowledge(folder(make_knowledge)).safeguards.models  # a start reads the oldest file
    assert {k: dict(m.weights) for k, m in read.items()} == {k: dict(m.weights) for k, m in in_use.items()}
    monkeypatch.setattr(safety, "train_all", train_all)
    monkeypatch.setattr(safety, "_LEARNT", {})
    _ = load_knowledge(folder(make_knowledge, EXAMPLES.replace("count arrivals", "count all arrivals"))).safeguards.models
    monkeypatch.setattr(safety, "_LEARNT", {})
    monkeypatch.setattr(safety, "train_all", lambda *args: pytest.fail("the model in use was dropped"))
    _ = load_knowledge(folder(make_knowledge)).safeguards.models
    assert len(list(cache.glob("safety-*.json"))) == model_cache.KEPT


REQUESTS = [
    ("count the people crossing at the border post every day", frozenset({"flows"})),
    ("a form on phones for household visits with no signal", frozenset({"forms"})),
    ("arrivals survey at the crossing", frozenset({"flows", "forms"})),
]


def test_tool_likeness_is_kept_and_read_back_as_learnt(cache, monkeypatch) -> None:
    monkeypatch.setattr(likeness_module, "_BUILT", {})
    learnt = likeness_module.likeness(REQUESTS)
    fresh = likeness_module.Likeness.learn(REQUESTS)
    learn = likeness_module._learn
    [kept] = cache.glob("arrays-*.npz")
    monkeypatch.setattr(likeness_module, "_BUILT", {})  # as a new process: only the disk remembers
    monkeypatch.setattr(likeness_module, "_learn", lambda requests: pytest.fail("learnt again instead of read"))
    read = likeness_module.likeness(REQUESTS)
    text = "how many people cross the border each day, with a phone survey"
    assert read.scores(text) == learnt.scores(text) == fresh.scores(text)
    assert read.tools == ["flows", "forms"]
    kept.write_bytes(b"PK\x03\x04 not a whole file")
    monkeypatch.setattr(likeness_module, "_learn", learn)
    monkeypatch.setattr(likeness_module, "_BUILT", {})
    assert likeness_module.likeness(REQUESTS).scores(text) == learnt.scores(text), "a damaged file is learnt again"
    assert kept.stat().st_size > 100, "and kept again"


def test_the_likeness_in_use_outlives_those_of_trial_edits(cache, monkeypatch) -> None:
    in_use = [("count arrivals at the border", frozenset({"flows"})), ("forms on phones", frozenset({"forms"}))]
    key = model_cache.digest("in use")
    model_cache.save_arrays(key, likeness_module._learn(in_use))
    for n in range(model_cache.KEPT - 1):
        model_cache.save_arrays(model_cache.digest(("trial", n)), likeness_module._learn(in_use))
    kept = sorted(cache.glob("arrays-*.npz"), key=lambda p: p.stat().st_mtime)
    for age, path in enumerate(kept):  # saved in turn, a minute apart, the one in use first
        os.utime(path, (1_000_000 + age * 60, 1_000_000 + age * 60))
    assert model_cache.load_arrays(key) is not None  # a start reads it
    model_cache.save_arrays(model_cache.digest("one more trial"), likeness_module._learn(in_use))
    assert len(list(cache.glob("arrays-*.npz"))) == model_cache.KEPT
    assert model_cache.load_arrays(key) is not None, "the arrays in use were dropped"
