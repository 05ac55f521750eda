"""Flood control end to end: a user over `BOT_USER_RATE` is warned once, then ignored."""

from __future__ import annotations

import asyncio

from bot.replies import FLOOD_WARNING
from tests.bot.botapi import BotApiServer
from tests.bot.conftest import ADMIN, PENGUIN_ANSWER, PENGUIN_QUESTION, USER, StartBot, ask
from tests.bot.telegram_html import visible

OTHER = 44


async def test_a_user_over_the_limit_is_warned_once_then_ignored_and_others_are_not(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(user_rate=2)

    answers = [await ask(server, USER, PENGUIN_QUESTION) for _ in range(2)]
    warning = await ask(server, USER, PENGUIN_QUESTION)
    server.private_message(USER, PENGUIN_QUESTION)
    other = await ask(server, OTHER, PENGUIN_QUESTION)  # handled after the 4th question
    await asyncio.sleep(0.1)

    assert all(PENGUIN_ANSWER in visible(answer["text"]) for answer in answers)
    assert warning["text"] == FLOOD_WARNING
    assert len(server.sent_messages(USER)) == 3
    assert PENGUIN_ANSWER in visible(other["text"])


async def test_over_the_limit_inline_queries_get_an_empty_uncached_answer_and_admins_are_exempt(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(user_rate=1)

    server.inline_query(USER, PENGUIN_QUESTION)
    server.inline_query(USER, PENGUIN_QUESTION)
    answers = await server.wait_for_calls("answerInlineQuery", 2)
    # The refusal needs no search, so it may well be answered first.
    empty, full = sorted(answers, key=lambda answer: len(answer["results"]))
    replies = [(await ask(server, ADMIN, PENGUIN_QUESTION))["text"] for _ in range(3)]

    assert full["results"] and empty["results"] == []
    assert (empty["cache_time"], empty["is_personal"]) == (0, True)
    assert server.sent_messages(USER) == []
    assert all(PENGUIN_ANSWER in visible(text) for text in replies)


async def test_the_mehr_button_counts_too_and_over_the_limit_warns_in_a_popup_once(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(user_rate=1, top_k=1)
    answer = await ask(server, USER, "Zwergpinguine")
    more = answer["reply_markup"]["inline_keyboard"][0][1]["callback_data"]

    server.callback_query(USER, answer, more)
    warned = (await server.wait_for_calls("answerCallbackQuery"))[0]
    server.callback_query(USER, answer, more)
    silent = (await server.wait_for_calls("answerCallbackQuery", 2))[1]
    await asyncio.sleep(0.1)

    assert (warned["text"], warned["show_alert"]) == (FLOOD_WARNING, True)
    assert "text" not in silent
    assert len(server.sent_messages(USER)) == 1
