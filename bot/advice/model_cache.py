"""Trained safety models, and the arrays tool likeness learns (bot/advice/likeness.py), kept on disk, so that
each new pimbot process does not spend seconds learning again what the same examples always teach (learning is
deterministic: same examples, same model).

A model is stored under a digest of everything it was learnt from, with the training code and the text
normalising it reads words through, so an edited example, word list, training rule or normalising rule is
learnt afresh. The folder belongs to the user running pimbot
(mode 700): a model there decides which safety alerts are raised. Anything unreadable is ignored and learnt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import numpy as np

from bot.advice import classifier
from bot.advice.classifier import Model
from bot.text import normalize

log = logging.getLogger(__name__)
_FORMAT = 1
KEPT = 4
"""Models kept: the few used last (an edit of the examples makes a new one; the one in use is never the one dropped)."""
_TRAINING_CODE = b"".join(Path(module.__file__).read_bytes() for module in (classifier, normalize))  # type: ignore[arg-type]
"""The learning and the words it sees (normalising, stemming): edit either and the model is learnt afresh.
The word-list marks come from the word lists themselves, which are part of what a model is stored under."""
_directory: Path | None = None


def use(directory: Path | None) -> None:
    """Keep models in this folder from now on (None: keep none, learn in every process)."""
    global _directory
    _directory = directory


def digest(learnt_from: object, code: bytes = b"") -> str:
    """The name a model learnt from these examples and word lists (and, with `code`, by that code too) is kept
    under."""
    hashed = hashlib.sha256(repr((_FORMAT, learnt_from)).encode("utf-8"))
    hashed.update(_TRAINING_CODE)
    hashed.update(code)
    return hashed.hexdigest()


def load(key: str) -> Mapping[str, Model] | None:
    if _directory is None:
        return None
    path = _directory / f"safety-{key}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        with contextlib.suppress(OSError):  # used now: kept over the models of trial edits saved since
            os.utime(path)
        return MappingProxyType(
            {kind: Model(MappingProxyType(m["weights"]), float(m["bias"])) for kind, m in stored.items()}
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save(key: str, models: Mapping[str, Model]) -> None:
    """Write atomically (a reader never sees half a model); a folder that cannot be written is no error."""
    if _directory is None:
        return
    stored = {kind: {"weights": dict(m.weights), "bias": m.bias} for kind, m in models.items()}
    try:
        _directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=_directory, suffix=".tmp", delete=False, encoding="utf-8") as out:
            json.dump(stored, out)
        os.replace(out.name, _directory / f"safety-{key}.json")
        for old in sorted(_directory.glob("safety-*.json"), key=lambda p: p.stat().st_mtime)[:-KEPT]:
            old.unlink(missing_ok=True)
    except OSError as error:
        log.debug("safety model not kept on disk: %s", error)


def load_arrays(key: str) -> dict[str, np.ndarray] | None:
    """Arrays kept by `save_arrays` (numbers and text only: nothing in the file is ever run)."""
    if _directory is None:
        return None
    path = _directory / f"arrays-{key}.npz"
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        with contextlib.suppress(OSError):  # used now: kept over those of trial edits saved since
            os.utime(path)
        return arrays
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError):
        return None


def save_arrays(key: str, arrays: Mapping[str, np.ndarray]) -> None:
    """Write atomically; a folder that cannot be written is no error."""
    if _directory is None:
        return
    try:
        _directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=_directory, suffix=".tmp", delete=False) as out:
            np.savez(out, **arrays)
        os.replace(out.name, _directory / f"arrays-{key}.npz")
        for old in sorted(_directory.glob("arrays-*.npz"), key=lambda p: p.stat().st_mtime)[:-KEPT]:
            old.unlink(missing_ok=True)
    except OSError as error:
        log.debug("arrays not kept on disk: %s", error)
