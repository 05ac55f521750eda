"""Flood control end to end: a user over `BOT_USER_RATE` is warned once, then ignored,
whatever makes the bot reply: questions, commands, buttons, refused admin commands."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from bot.texts import GERMAN
from tests.bot.botapi import BotApiServer
from tests.bot.conftest import (
    ADMIN,
    GROUP,
    PENGUIN_ANSWER,
    PENGUIN_QUESTION,
    PENGUINS,
    USER,
    StartBot,
    ask,
    buttons,
    press,
)
from tests.bot.telegram_html import visible

OTHER = 44

Send = Callable[[BotApiServer], object]
"""Queues one update from `USER`."""


def private(text: str) -> Send:
    return lambda server: server.private_message(USER, text)


def in_group(text: str) -> Send:
    return lambda server: server.group_message(GROUP, USER, text)


def upload(server: BotApiServer) -> None:
    server.document_message(USER, "pinguine2.txt", PENGUINS.encode())


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
    assert warning["text"] == GERMAN.flood_warning
    assert len(server.sent_messages(USER)) == 3
    assert PENGUIN_ANSWER in visible(other["text"])


async def test_inline_queries_count_a_quarter_and_over_the_limit_get_an_empty_uncached_answer(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(user_rate=1)
    for _ in range(5):
        server.inline_query(USER, PENGUIN_QUESTION)
    answers = await server.wait_for_calls("answerInlineQuery", 5)
    # A refusal needs no search, so it may well be answered first.
    empty, *full = sorted(answers, key=lambda answer: len(answer["results"]))
    warning = await ask(server, USER, PENGUIN_QUESTION)
    replies = [(await ask(server, ADMIN, PENGUIN_QUESTION))["text"] for _ in range(3)]

    assert all(answer["results"] for answer in full), "four inline queries make one question"
    assert empty["results"] == []
    assert (empty["cache_time"], empty["is_personal"]) == (0, True)
    assert warning["text"] == GERMAN.flood_warning, (
        "an inline refusal cannot warn, so it keeps the warning"
    )
    assert all(PENGUIN_ANSWER in visible(text) for text in replies), "admins are exempt"


@pytest.mark.parametrize(
    ("rate", "chatter", "reply"),
    [
        pytest.param(2, 4, PENGUIN_ANSWER, id="four-make-one-question"),
        pytest.param(1, 8, GERMAN.flood_warning, id="over-the-limit-warned-only-when-asked"),
    ],
)
async def test_group_chatter_in_all_mode_counts_a_quarter_and_is_never_warned_about(
    server: BotApiServer, start_bot: StartBot, rate: int, chatter: int, reply: str
) -> None:
    await start_bot(user_rate=rate, group_mode="all")
    for evening in range(chatter):
        server.group_message(GROUP, USER, f"Kommt ihr heute Abend {evening}?")

    asked = server.group_message(GROUP, USER, f"/ask@ArtikelBot {PENGUIN_QUESTION}")
    (sent,) = await server.wait_for_messages(GROUP, 1)
    await asyncio.sleep(0.1)

    assert len(server.sent_messages(GROUP)) == 1, "chatter gets neither answers nor warnings"
    assert reply in visible(sent["text"])
    assert sent["reply_parameters"]["message_id"] == server.update(asked)["message"]["message_id"]


async def test_group_chatter_the_bot_answers_in_all_mode_counts_a_whole_question(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(user_rate=2, group_mode="all")
    for answered in range(1, 3):
        server.group_message(GROUP, USER, PENGUIN_QUESTION)
        await server.wait_for_messages(GROUP, answered)
    for _ in range(2):
        server.group_message(GROUP, USER, PENGUIN_QUESTION)

    await ask(server, OTHER, PENGUIN_QUESTION)  # handled after the chatter
    await asyncio.sleep(0.1)

    answers = server.sent_messages(GROUP)
    assert len(answers) == 2, "two answered questions use up the limit, and none is warned"
    assert all(PENGUIN_ANSWER in visible(answer["text"]) for answer in answers)


@pytest.mark.parametrize(
    ("send", "chat"),
    [
        pytest.param(private("/start"), USER, id="start"),
        pytest.param(private("/help"), USER, id="help"),
        pytest.param(private("/sources"), USER, id="sources"),
        pytest.param(private("/ask"), USER, id="ask-without-a-question"),
        pytest.param(private("/gibtsnicht"), USER, id="unknown-command"),
        pytest.param(private("/reload"), USER, id="reload-refused"),
        pytest.param(private("/stats"), USER, id="stats-refused"),
        pytest.param(private("/unanswered"), USER, id="unanswered-refused"),
        pytest.param(upload, USER, id="upload-refused"),
        pytest.param(in_group("/sources@ArtikelBot"), GROUP, id="group-sources"),
        pytest.param(in_group("/help@ArtikelBot"), GROUP, id="group-help"),
        pytest.param(in_group("@ArtikelBot"), GROUP, id="group-mention-alone"),
        pytest.param(in_group("/stats@ArtikelBot"), GROUP, id="group-stats-refused"),
    ],
)
async def test_every_reply_counts_like_a_question_so_a_flood_is_warned_once_then_ignored(
    server: BotApiServer, start_bot: StartBot, send: Send, chat: int
) -> None:
    await start_bot(user_rate=2)

    replies = []
    for _ in range(3):
        send(server)
        replies.append((await server.wait_for_messages(chat, len(replies) + 1))[len(replies)])
    send(server)
    await ask(server, OTHER, PENGUIN_QUESTION)  # handled after the 4th request
    await asyncio.sleep(0.1)

    first, second, warning = (reply["text"] for reply in replies)
    assert first == second != GERMAN.flood_warning
    assert warning == GERMAN.flood_warning
    assert len(server.sent_messages(chat)) == 3


@pytest.mark.parametrize("label", ["📖 Kontext", "🔎 Mehr"])
async def test_a_button_counts_like_a_question_and_over_the_limit_gets_the_warning_as_an_alert(
    server: BotApiServer, start_bot: StartBot, label: str
) -> None:
    await start_bot(user_rate=2, top_k=1)
    answer = await ask(server, USER, "Zwergpinguine")
    await press(server, answer, label)

    for _ in range(2):
        server.callback_query(USER, answer, buttons(answer)[label])
    alerts = (await server.wait_for_calls("answerCallbackQuery", 3))[1:]
    await ask(server, OTHER, PENGUIN_QUESTION)
    await asyncio.sleep(0.1)

    assert all(alert["show_alert"] for alert in alerts)
    assert {alert.get("text") for alert in alerts} == {GERMAN.flood_warning, None}, "warned once"
    assert len(server.sent_messages(USER)) == 2, "the question's answer and one button's reply"


@pytest.mark.parametrize("data", ["k:not-a-reference", "m:not-a-question"])
async def test_a_stale_button_is_answered_as_stale_and_costs_nothing(
    server: BotApiServer, start_bot: StartBot, data: str
) -> None:
    await start_bot(user_rate=1)
    answer = await ask(server, USER, PENGUIN_QUESTION)

    server.callback_query(USER, answer, data)
    (popup,) = await server.wait_for_calls("answerCallbackQuery", 1)

    assert popup["text"] == GERMAN.stale_button


async def test_every_refused_admin_command_is_logged_also_over_the_limit(
    server: BotApiServer, start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    await start_bot(user_rate=1)
    for _ in range(3):
        server.private_message(USER, "/stats")

    await ask(server, OTHER, PENGUIN_QUESTION)  # handled after the three

    refusals = [record for record in caplog.records if "refused /stats" in record.getMessage()]
    assert len(refusals) == 3
    assert len(server.sent_messages(USER)) == 2, "one refusal and one warning"


async def test_admins_are_exempt_from_the_limit_for_every_command(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(user_rate=1)

    replies = [
        (await ask(server, ADMIN, command))["text"]
        for command in ["/stats", "/sources", "/help", "/stats", "/unanswered", PENGUIN_QUESTION]
    ]

    assert GERMAN.flood_warning not in replies
