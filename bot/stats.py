"""Counters since start and the questions nobody could answer, for `/stats` and `/unanswered`.

Kept in memory on purpose: the numbers describe this run, and the unanswered list
is a to-do list for whoever maintains the articles, not an archive of what people asked.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections import deque
from dataclasses import dataclass

UNANSWERED_KEPT = 20
"""How many unanswered questions `/unanswered` shows, newest first."""

TIMINGS_KEPT = 1000
"""Answer times kept for the median: recent enough to reflect the current load."""


@dataclass(frozen=True, slots=True)
class Unanswered:
    """A question the articles had no answer for, and when it was asked."""

    question: str
    asked: dt.datetime


class Stats:
    """What the bot did since it started; every method is cheap and safe to call per update."""

    def __init__(self) -> None:
        self._started = time.monotonic()
        self.answered = 0
        self.unanswered = 0
        self._timings: deque[float] = deque(maxlen=TIMINGS_KEPT)
        self._unanswered: deque[Unanswered] = deque(maxlen=UNANSWERED_KEPT)

    def record(self, question: str, *, answered: bool, seconds: float) -> None:
        """Count one question; remember it if it went unanswered."""
        self._timings.append(seconds)
        if answered:
            self.answered += 1
        else:
            self.unanswered += 1
            self._unanswered.append(Unanswered(question, dt.datetime.now(dt.UTC)))

    @property
    def uptime(self) -> dt.timedelta:
        return dt.timedelta(seconds=time.monotonic() - self._started)

    @property
    def median_seconds(self) -> float | None:
        """The median answer time, or None before the first question."""
        return statistics.median(self._timings) if self._timings else None

    def last_unanswered(self) -> list[Unanswered]:
        """The most recent unanswered questions, newest first."""
        return list(reversed(self._unanswered))
