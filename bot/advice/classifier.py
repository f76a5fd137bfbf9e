"""Learn from example situations which alerts a text calls for, to catch what the word lists miss.

The word lists in `safeguards.yaml` are precise on the phrasings they know and blind to the rest; a fresh
batch of situations found them missing about one request or disclosure in four. A small logistic regression
over the words and word pairs of labelled examples (`safety-examples.yaml`) generalises better, and the two
together do better than either (README "Safety"). It is plain Python, not worth a numerical library: about
1,300 examples train in three seconds, and the same examples always give the same model.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from types import MappingProxyType

from bot.text.normalize import crude_stem, normalize

EPOCHS = 40
LEARNING_RATE = 0.3
L2 = 0.001
"""Chosen on rounds of development examples held out in turn, never on the test split (README "Safety")."""
_SEED = 1


@dataclass(frozen=True)
class Example:
    """A situation and the alerts a practitioner expects for it ([] for ordinary work)."""

    text: str
    kinds: frozenset[str]
    file: str = ""
    line: int = 0


def features(text: str) -> frozenset[str]:
    """The stemmed words of a text and its pairs of neighbouring words."""
    words = [crude_stem(word) for word in normalize(text).split()]
    return frozenset([*words, *(f"{a} {b}" for a, b in pairwise(words))])


Featurize = Callable[[str], frozenset[str]]
"""What the model sees of a text: `features`, or those plus marks from elsewhere (the safety word lists)."""


@dataclass(frozen=True)
class Model:
    """Weights of one yes/no question ("does this text call for a data-request alert?")."""

    weights: Mapping[str, float]
    bias: float

    def evidence(self, seen: Iterable[str]) -> float:
        """How strongly a text's features speak for (above 0) or against (below 0) the alert, in log-odds.

        Unlike `probability`, it leaves out the prior: a short text with little to go on is not evidence against.
        """
        return math.fsum(self.weights.get(f, 0.0) for f in seen)  # exact: the same in any set order

    def probability(self, seen: Iterable[str]) -> float:
        return _sigmoid(self.bias + self.evidence(seen))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def train(examples: Sequence[Example], kind: str, featurize: Featurize = features) -> Model | None:
    """A model for one alert; None unless the examples hold both texts that call for it and texts that don't."""
    return _train([featurize(e.text) for e in examples], [kind in e.kinds for e in examples])


def train_all(examples: Sequence[Example], kinds: Iterable[str], featurize: Featurize = features) -> Mapping[str, Model]:
    """One model per alert, the examples' features worked out once for all of them."""
    seen = [featurize(e.text) for e in examples]
    models = {kind: _train(seen, [kind in e.kinds for e in examples]) for kind in kinds}
    return MappingProxyType({kind: model for kind, model in models.items() if model is not None})


def _train(seen: Sequence[frozenset[str]], calls_for: Sequence[bool]) -> Model | None:
    answers = [1.0 if yes else 0.0 for yes in calls_for]
    if not 0 < sum(answers) < len(answers):
        return None
    vocabulary: dict[str, int] = {}
    rows = [[vocabulary.setdefault(f, len(vocabulary)) for f in sorted(row)] for row in seen]
    weights = [0.0] * len(vocabulary)
    bias = 0.0
    order = list(range(len(rows)))
    shuffle = random.Random(_SEED).shuffle
    for _ in range(EPOCHS):  # stochastic gradient descent with L2 decay on the weights a row touches
        shuffle(order)
        for i in order:
            row = rows[i]
            error = _sigmoid(bias + sum(weights[j] for j in row)) - answers[i]
            for j in row:
                weights[j] -= LEARNING_RATE * (error + L2 * weights[j])
            bias -= LEARNING_RATE * error
    learnt = {f: weights[j] for f, j in vocabulary.items() if weights[j]}
    return Model(MappingProxyType(learnt), bias)
