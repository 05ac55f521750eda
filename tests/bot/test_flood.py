"""Flood control: `FloodGuard` allows `rate` questions per window, warns once, then ignores."""

from __future__ import annotations

import asyncio

import pytest

from bot.flood import FloodGuard, Verdict

WINDOW = 0.2
"""A tiny window, so capacity returns within the test (aiolimiter reads the loop's clock)."""


async def verdicts(guard: FloodGuard, user_id: int, count: int) -> list[Verdict]:
    return [await guard.allow(user_id) for _ in range(count)]


async def test_questions_are_allowed_up_to_the_rate_then_one_warning_then_silence() -> None:
    guard = FloodGuard(3, 60)

    assert await verdicts(guard, 7, 6) == [
        *[Verdict.ALLOWED] * 3,
        Verdict.WARN,
        Verdict.SILENT,
        Verdict.SILENT,
    ]


async def test_capacity_and_the_warning_return_after_the_window() -> None:
    guard = FloodGuard(2, WINDOW)
    assert await verdicts(guard, 7, 3) == [Verdict.ALLOWED, Verdict.ALLOWED, Verdict.WARN]
    await asyncio.sleep(WINDOW / 4)
    assert await guard.allow(7) is Verdict.SILENT  # still within the window

    await asyncio.sleep(WINDOW)

    assert await verdicts(guard, 7, 3) == [Verdict.ALLOWED, Verdict.ALLOWED, Verdict.WARN]


async def test_users_are_limited_independently() -> None:
    guard = FloodGuard(1, 60)

    assert await verdicts(guard, 7, 2) == [Verdict.ALLOWED, Verdict.WARN]
    assert await guard.allow(8) is Verdict.ALLOWED


async def test_exempt_users_are_never_limited_nor_remembered() -> None:
    guard = FloodGuard(1, 60, exempt=[42])

    assert await verdicts(guard, 42, 50) == [Verdict.ALLOWED] * 50
    assert len(guard) == 0


async def test_at_most_kept_users_are_remembered_and_the_least_recent_is_dropped() -> None:
    guard = FloodGuard(1, 60, kept=3)
    for user_id in (1, 2, 3):
        assert await guard.allow(user_id) is Verdict.ALLOWED
    assert await guard.allow(1) is Verdict.WARN  # 1 is now the most recently seen

    assert await guard.allow(4) is Verdict.ALLOWED

    assert len(guard) == 3
    assert [user_id for user_id in (1, 2, 3, 4) if user_id in guard] == [1, 3, 4]
    assert await guard.allow(1) is Verdict.SILENT  # kept: still over its limit
    assert await guard.allow(2) is Verdict.ALLOWED  # dropped: starts afresh


async def test_a_question_that_cannot_be_warned_about_leaves_the_warning_for_the_next() -> None:
    guard = FloodGuard(1, 60)
    assert await guard.allow(7) is Verdict.ALLOWED

    assert await guard.allow(7, warn=False) is Verdict.SILENT
    assert await guard.allow(7) is Verdict.WARN


async def test_a_question_may_cost_a_share_of_one() -> None:
    guard = FloodGuard(1, 60)

    assert [await guard.allow(7, cost=0.25, warn=False) for _ in range(5)] == [
        *[Verdict.ALLOWED] * 4,
        Verdict.SILENT,
    ]


@pytest.mark.parametrize(("rate", "seconds", "kept"), [(0, 60, 10), (1, 0, 10), (1, 60, 0)])
def test_a_limit_must_be_positive(rate: int, seconds: float, kept: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        FloodGuard(rate, seconds, kept=kept)
