"""Whether a group message is meant for the bot, and what its question is: pure rules."""

from __future__ import annotations

import pytest

from bot.addressing import (
    Addressed,
    command_argument,
    group_question,
    looks_like_question,
    strip_mention,
)
from bot.settings import GroupMode

QUESTION = "Wie viele Zwergpinguine gibt es?"


def addressed(
    text: str, *, replies_to_bot: bool = False, mode: GroupMode = GroupMode.MENTION
) -> Addressed | None:
    return group_question(text, bot_username="ArtikelBot", replies_to_bot=replies_to_bot, mode=mode)


@pytest.mark.parametrize(
    "text",
    [
        f"@ArtikelBot {QUESTION}",
        f"@artikelbot {QUESTION}",
        f"@ARTIKELBOT, {QUESTION}",
        f"@ArtikelBot: {QUESTION}",
        f"{QUESTION} @ArtikelBot",
        f"Hey @ArtikelBot - {QUESTION}",
    ],
)
def test_a_mention_in_any_case_addresses_the_bot_and_is_removed(text: str) -> None:
    result = addressed(text)

    assert result is not None and result.explicit
    assert result.question.removeprefix("Hey ") == QUESTION


@pytest.mark.parametrize(
    "text",
    [
        QUESTION,
        f"@OtherBot {QUESTION}",
        f"@ArtikelBotFan {QUESTION}",
        f"{QUESTION} @ArtikelBotX",
        f"mail@ArtikelBot.de {QUESTION}",
        "Hallo zusammen",
    ],
)
def test_in_mention_mode_anything_not_addressed_is_ignored(text: str) -> None:
    assert addressed(text) is None


def test_a_reply_to_the_bot_is_a_question_as_written() -> None:
    assert addressed(f"  {QUESTION} ", replies_to_bot=True) == Addressed(QUESTION, explicit=True)


def test_a_mention_alone_is_addressed_with_an_empty_question() -> None:
    assert addressed("@ArtikelBot") == Addressed("", explicit=True)


def test_all_mode_picks_up_questions_but_not_chatter() -> None:
    assert addressed(QUESTION, mode=GroupMode.ALL) == Addressed(QUESTION, explicit=False)
    assert addressed("Bis morgen!", mode=GroupMode.ALL) is None
    assert addressed(f"@ArtikelBot {QUESTION}", mode=GroupMode.ALL) == Addressed(
        QUESTION, explicit=True
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gibt es Pinguine?", True),
        ("wie viele pinguine", True),
        ("Welche Firmen investieren", True),
        ("Woran liegt das", True),
        ("Ich mag Pinguine.", False),
        ("Welch ein Spiel gestern", False),
        ("", False),
    ],
)
def test_a_question_has_a_question_mark_or_opens_with_a_question_word(
    text: str, expected: bool
) -> None:
    assert looks_like_question(text) is expected


def test_strip_mention_returns_none_without_a_mention() -> None:
    assert strip_mention(QUESTION, "ArtikelBot") is None
    assert strip_mention("a @ArtikelBot  b", "artikelbot") == "a b"


@pytest.mark.parametrize(
    ("text", "argument"),
    [
        (f"/ask {QUESTION}", QUESTION),
        (f"/ask@ArtikelBot   {QUESTION}  ", QUESTION),
        (f"/frage\n{QUESTION}", QUESTION),
        ("/ask", ""),
        ("/ask@ArtikelBot", ""),
    ],
)
def test_the_command_argument_is_everything_after_the_command(text: str, argument: str) -> None:
    assert command_argument(text) == argument
