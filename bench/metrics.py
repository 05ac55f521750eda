"""Ranking metrics and the paired bootstrap that says whether a difference is more than noise.

A ranking is a list of sentence positions, best first. Everything is computed from
the gold answer's rank in it, so every method is scored by the same few lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

MRR_CUTOFF = 10
RANKING_DEPTH = MRR_CUTOFF
"""How many sentences a ranking is asked for: all that MRR@10 and R@10 look at."""


def gold_rank(ranking: Sequence[int], gold: int) -> int | None:
    """The 1-based rank of the gold sentence, or None when the ranking does not contain it."""
    for rank, position in enumerate(ranking, start=1):
        if position == gold:
            return rank
    return None


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """R@k: the share of questions whose answer is among the first k sentences."""
    return sum(rank is not None and rank <= k for rank in ranks) / len(ranks)


def reciprocal_ranks(
    ranks: Sequence[int | None], cutoff: int = MRR_CUTOFF
) -> npt.NDArray[np.float64]:
    """1/rank per question, 0 beyond the cutoff: the per-question figure the bootstrap pairs."""
    return np.asarray(
        [1.0 / rank if rank is not None and rank <= cutoff else 0.0 for rank in ranks],
        dtype=np.float64,
    )


@dataclass(frozen=True, slots=True)
class Interval:
    """A mean difference and its bootstrap percentile interval."""

    mean: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.mean:+.3f} [{self.low:+.3f}, {self.high:+.3f}]"


def paired_bootstrap(
    ours: npt.NDArray[np.float64],
    reference: npt.NDArray[np.float64],
    *,
    resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> Interval:
    """Mean per-question difference `ours - reference`, with a percentile interval.

    Resampling questions, not scores, keeps each question's pair together, so the
    interval reflects how much the result depends on which questions were asked.
    """
    differences = ours - reference
    rng = np.random.default_rng(seed)
    samples = rng.integers(0, len(differences), size=(resamples, len(differences)))
    means = differences[samples].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return Interval(float(differences.mean()), float(low), float(high))
