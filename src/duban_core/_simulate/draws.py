"""The simulator's random draws, all from one ``random.Random(seed)``."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

_T = TypeVar("_T")


class Draws:
    """Draws cheaper than ``Random.randint``/``choice``/``randrange``, which check their
    arguments (a million-item year makes tens of millions of draws). Each takes exactly one
    number from the generator: the year's events depend on how many are taken, in order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rnd = self.rng.random

    def ri(self, a: int, b: int) -> int:
        """An int in ``[a, b]``."""
        return a + int(self.rnd() * (b - a + 1))

    def below(self, n: int) -> int:
        """An int in ``[0, n)``."""
        return int(self.rnd() * n)

    def pick(self, seq: Sequence[_T]) -> _T:
        """An element of ``seq``."""
        return seq[int(self.rnd() * len(seq))]
