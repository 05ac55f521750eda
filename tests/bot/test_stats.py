"""Counters since start and the unanswered list, for /stats and /unanswered."""

from __future__ import annotations

import datetime as dt

from bot.stats import UNANSWERED_KEPT, Stats


def test_questions_are_counted_as_answered_or_unanswered() -> None:
    stats = Stats()

    stats.record("a", answered=True, seconds=0.01)
    stats.record("b", answered=False, seconds=0.03)
    stats.record("c", answered=True, seconds=0.02)

    assert (stats.answered, stats.unanswered) == (2, 1)
    assert stats.median_seconds == 0.02


def test_the_median_is_unknown_before_the_first_question() -> None:
    assert Stats().median_seconds is None


def test_only_the_latest_unanswered_questions_are_kept_newest_first() -> None:
    stats = Stats()
    for number in range(UNANSWERED_KEPT + 5):
        stats.record(f"Frage {number}", answered=False, seconds=0.0)

    kept = stats.last_unanswered()

    assert [item.question for item in kept] == [f"Frage {n}" for n in range(24, 4, -1)]
    assert all(item.asked.tzinfo is dt.UTC for item in kept)


def test_uptime_grows_from_zero() -> None:
    assert dt.timedelta(0) <= Stats().uptime < dt.timedelta(seconds=5)
