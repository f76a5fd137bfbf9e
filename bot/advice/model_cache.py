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
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import IO

import numpy as np

from bot.advice import classifier
from bot.advice.classifier import Model
from bot.text import normalize

log = logging.getLogger(__name__)
_FORMAT = 1
KEPT = 8
"""Models kept: the few used last (an edit of the examples makes a new one; the one in use is never the one dropped).
Each knowledge version keeps two safety files (its three learnt alerts, and data incidents)."""
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
    path = _used(f"safety-{key}.json")
    if path is None:
        return None
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return MappingProxyType(
            {kind: Model(MappingProxyType(m["weights"]), float(m["bias"])) for kind, m in stored.items()}
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save(key: str, models: Mapping[str, Model]) -> None:
    stored = {kind: {"weights": dict(m.weights), "bias": m.bias} for kind, m in models.items()}
    _keep("safety", key, ".json", lambda out: out.write(json.dumps(stored).encode("utf-8")))


def load_arrays(key: str) -> dict[str, np.ndarray] | None:
    """Arrays kept by `save_arrays` (numbers and text only: nothing in the file is ever run)."""
    path = _used(f"arrays-{key}.npz")
    if path is None:
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {name: stored[name] for name in stored.files}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError):
        return None


def save_arrays(key: str, arrays: Mapping[str, np.ndarray]) -> None:
    _keep("arrays", key, ".npz", lambda out: np.savez(out, **arrays))


def _used(name: str) -> Path | None:
    """The kept file of that name, marked used now: kept over those of trial edits saved since."""
    if _directory is None:
        return None
    path = _directory / name
    with contextlib.suppress(OSError):
        os.utime(path)
    return path


def _keep(kind: str, key: str, suffix: str, write: Callable[[IO[bytes]], object]) -> None:
    """Write atomically (a reader never sees half a file) and drop the files of that kind used longest ago; a
    folder that cannot be written is no error."""
    if _directory is None:
        return
    try:
        _directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=_directory, suffix=".tmp", delete=False) as out:
            write(out)
        os.replace(out.name, _directory / f"{kind}-{key}{suffix}")
        for old in sorted(_directory.glob(f"{kind}-*{suffix}"), key=lambda p: p.stat().st_mtime)[:-KEPT]:
            old.unlink(missing_ok=True)
    except OSError as error:
        log.debug("%s not kept on disk: %s", kind, error)
