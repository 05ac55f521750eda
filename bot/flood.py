"""Per-user flood control: how many questions one Telegram user may ask in a time window.

Everything else that makes the bot reply (a command, a button press, an admin command
refused) is counted the same way, as one question (`bot.handlers.within_limit`).
`AIORateLimiter` only throttles what the bot sends; this decides whether a request is
handled at all. Each user gets an `aiolimiter.AsyncLimiter` (a leaky bucket: a burst of
`rate` questions, then capacity drips back at `rate` per `seconds`). It is only ever asked
`has_capacity()` and then `acquire()`d, so no handler ever waits for it. Users over the
limit get one warning per window, then silence until capacity returns. The warning is spent
only where it can be shown: a question the bot cannot warn about (an inline query, a group
message nobody addressed to it) must not use it up and leave the user's next real question
without any reply.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum

from aiolimiter import AsyncLimiter

UNASKED_COST = 0.25
"""The share of a question counted for one the user did not put to the bot as such: an inline
query (clients send a new one whenever the user pauses while typing) or a group message
the bot picked up in `all` mode. Counted, so nobody makes the bot search without limit;
lightly, so typing a question or chatting in a group does not use up anyone's questions."""

USERS_KEPT = 10_000
"""Users whose limiter is remembered; the least recently seen is dropped (and starts afresh)."""


class Verdict(Enum):
    """What to do with a question: answer it, warn once, or ignore it."""

    ALLOWED = "allowed"
    WARN = "warn"
    SILENT = "silent"


@dataclass(slots=True)
class _User:
    limiter: AsyncLimiter
    warned_at: float | None = None


class FloodGuard:
    """At most `rate` questions per `seconds` per user id; ids in `exempt` are never limited.

    Limiters are bound to the running event loop on first use, so `allow` is called from
    it (it is async for `AsyncLimiter.acquire`, but never suspends).
    """

    def __init__(
        self, rate: int, seconds: float, *, exempt: Collection[int] = (), kept: int = USERS_KEPT
    ) -> None:
        if rate < 1 or seconds <= 0 or kept < 1:
            raise ValueError("rate, seconds and kept must be positive")
        self.rate = rate
        self.seconds = seconds
        self._exempt = frozenset(exempt)
        self._kept = kept
        self._users: OrderedDict[int, _User] = OrderedDict()

    def __len__(self) -> int:
        """How many users are remembered right now (at most `kept`)."""
        return len(self._users)

    def __contains__(self, user_id: object) -> bool:
        return user_id in self._users

    async def allow(self, user_id: int, *, cost: float = 1.0, warn: bool = True) -> Verdict:
        """ALLOWED (and counted at `cost` questions) while the user has capacity; once over
        it, WARN at most once per `seconds` if the caller can show a warning, SILENT
        otherwise. Never waits."""
        if user_id in self._exempt:
            return Verdict.ALLOWED
        user = self._remember(user_id)
        if user.limiter.has_capacity(cost):
            # No suspension between the check and the acquire, so acquire cannot wait.
            await user.limiter.acquire(cost)
            return Verdict.ALLOWED
        now = asyncio.get_running_loop().time()  # the clock the limiter itself uses
        if warn and (user.warned_at is None or now - user.warned_at >= self.seconds):
            user.warned_at = now
            return Verdict.WARN
        return Verdict.SILENT

    def _remember(self, user_id: int) -> _User:
        """The user's state, marked most recently used; the oldest user is dropped if full."""
        user = self._users.get(user_id)
        if user is None:
            user = self._users[user_id] = _User(AsyncLimiter(self.rate, self.seconds))
            if len(self._users) > self._kept:
                self._users.popitem(last=False)
        else:
            self._users.move_to_end(user_id)
        return user
