"""Whether a group message is meant for the bot, and the question it holds.

Pure functions over plain text, so every group rule is tested without Telegram.
In groups the bot speaks only when addressed (`/ask`, `@BOTNAME`, a reply to
one of its messages) unless `BOT_GROUP_MODE=all` also lets it answer questions
nobody addressed to it; commands never reach this module (`CommandHandler`
already drops `/cmd@otherbot`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.settings import GroupMode
from knowledge.text import INTERROGATIVES, fold

HELP_COMMANDS = ("start", "help", "hilfe")
ASK_COMMANDS = ("ask", "frage")
"""Command names (without `/`) that the bot's handlers and the console chat both route."""

QUESTION_OPENERS = INTERROGATIVES | frozenset("gibt stimmt kann konnen ist sind hat haben".split())
"""First words that make a German sentence a question even without a question mark."""

_SEPARATORS = r"\s,;:\-\u2013\u2014"
"""Spaces, commas, colons and dashes (en and em dashes too) around a mention."""
_SPACES = re.compile(r"[ \t]{2,}")
_FIRST_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Addressed:
    """A group message the bot should answer.

    `explicit` is false when only `all` mode picked the message up: then the bot
    answers if it knows something and otherwise stays quiet, instead of telling
    a group chat "nothing found" about questions nobody asked it.
    """

    question: str
    explicit: bool


def mention_pattern(username: str) -> re.Pattern[str]:
    """`@username` as a whole word in any case (Telegram usernames are case-insensitive),
    with the punctuation that only separated it from the question (`@Bot, wer ...`)."""
    return re.compile(
        rf"(?<![\w@.])@{re.escape(username)}(?!\w|\.\w)[{_SEPARATORS}]*", re.IGNORECASE
    )


def strip_mention(text: str, username: str) -> str | None:
    """The text without `@username`, tidied; None when the text does not mention it."""
    pattern = mention_pattern(username)
    if not pattern.search(text):
        return None
    rest = _SPACES.sub(" ", pattern.sub(" ", text))
    return rest.strip()


def looks_like_question(text: str) -> bool:
    """A question mark, or a first word such as `wer` or `wie`."""
    if "?" in text:
        return True
    first = _FIRST_WORD.search(fold(text))
    return first is not None and first.group() in QUESTION_OPENERS


def group_question(
    text: str, *, bot_username: str, replies_to_bot: bool, mode: GroupMode
) -> Addressed | None:
    """What to answer for a plain group message, or None to stay silent."""
    without_mention = strip_mention(text, bot_username)
    if without_mention is not None:
        return Addressed(without_mention, explicit=True)
    if replies_to_bot:
        return Addressed(text.strip(), explicit=True)
    if mode is GroupMode.ALL and looks_like_question(text):
        return Addressed(text.strip(), explicit=False)
    return None


def command_argument(text: str) -> str:
    """Everything after the command word: `/ask@Bot  Wer?` -> `Wer?`, line breaks included."""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
