"""Errors, load, restarts and start-up: the bot keeps answering everyone exactly once."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

import pytest
from telegram.error import Conflict, NetworkError
from telegram.ext import AIORateLimiter

from bot.app import BotApplication, admin_commands, group_commands, private_commands
from bot.handlers import CONFLICT_REMINDER_SECONDS, polling_failed
from bot.texts import GERMAN
from knowledge import Hit, KnowledgeBase
from tests.bot.botapi import JSON, ApiError, BotApiServer
from tests.bot.conftest import (
    ADMIN,
    PENGUIN_ANSWER,
    PENGUIN_QUESTION,
    TOKEN,
    USER,
    StartBot,
    ask,
    make_application,
    running,
    services_of,
)
from tests.bot.telegram_html import visible
from tests.conftest import Env

SLOW_SECONDS = 1.0


class ExplodingKnowledge(KnowledgeBase):
    """Fails on questions containing `fail_on`, like a bug would."""

    fail_on = "Explosion"

    def search(self, question: str, **options: Any) -> list[Hit]:
        if self.fail_on in question:
            raise RuntimeError("boom")
        return super().search(question, **options)


class SlowKnowledge(KnowledgeBase):
    """Blocks its thread on questions marked `langsam`, like a search over a huge archive."""

    def search(self, question: str, **options: Any) -> list[Hit]:
        if "langsam" in question:
            time.sleep(SLOW_SECONDS)
        return super().search(question, **options)


async def test_a_failing_handler_is_logged_with_the_update_id_and_the_user_gets_an_apology(
    server: BotApiServer, start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    await start_bot(ExplodingKnowledge)

    update_id = server.private_message(USER, "Gab es eine Explosion?")
    (apology,) = await server.wait_for_messages(USER)

    assert apology["text"] == GERMAN.apology
    (record,) = [
        r for r in caplog.records if r.name == "bot.handlers" and r.levelno == logging.ERROR
    ]
    assert record.getMessage() == f"handling update {update_id} failed"
    assert record.exc_info is not None and str(record.exc_info[1]) == "boom"
    assert PENGUIN_ANSWER in visible((await ask(server, USER, PENGUIN_QUESTION))["text"])


async def test_a_failing_button_gets_the_apology_in_its_chat(
    server: BotApiServer, start_bot: StartBot
) -> None:
    application = await start_bot(ExplodingKnowledge, top_k=1)
    answer = await ask(server, USER, "Zwergpinguine")
    knowledge = services_of(application).knowledge
    assert isinstance(knowledge, ExplodingKnowledge)
    knowledge.fail_on = "Zwergpinguine"

    rows = answer["reply_markup"]["inline_keyboard"]
    server.callback_query(USER, answer, rows[0][1]["callback_data"])
    sent = await server.wait_for_messages(USER, 2)

    assert sent[1]["text"] == GERMAN.apology


async def test_fifty_users_asking_at_once_each_get_their_answer_in_their_own_chat(
    server: BotApiServer, bot: BotApplication
) -> None:
    users = range(1000, 1050)
    for user in users:
        server.private_message(user, PENGUIN_QUESTION)

    for user in users:
        (answer,) = await server.wait_for_messages(user, timeout=10)
        assert PENGUIN_ANSWER in visible(answer["text"])
    assert len(server.sent_messages()) == 50


async def test_a_slow_answer_never_delays_another_users_answer(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(SlowKnowledge)
    started = time.monotonic()

    server.private_message(USER, "Zwergpinguine, aber langsam")
    fast = await ask(server, 44, PENGUIN_QUESTION)
    fast_at = time.monotonic() - started
    (slow,) = await server.wait_for_messages(USER)

    assert PENGUIN_ANSWER in visible(fast["text"])
    assert "Zwergpinguine" in visible(slow["text"])
    assert fast_at < SLOW_SECONDS
    assert [message["chat_id"] for message in server.sent_messages()] == [44, USER]


async def test_the_command_menus_are_set_for_private_chats_groups_and_each_admin(
    server: BotApiServer, bot: BotApplication
) -> None:
    menus = {
        call["scope"]["type"] + str(call["scope"].get("chat_id", "")): call["commands"]
        for call in server.calls("setMyCommands")
        if "language_code" not in call
    }

    def names(commands: list[dict[str, str]]) -> list[str]:
        return [command["command"] for command in commands]

    assert names(menus["all_private_chats"]) == [c.command for c in private_commands(GERMAN)]
    assert names(menus["all_group_chats"]) == [c.command for c in group_commands(GERMAN)]
    assert names(menus[f"chat{ADMIN}"]) == [c.command for c in admin_commands(GERMAN)]
    assert {"reload", "stats", "unanswered"} <= set(names(menus[f"chat{ADMIN}"]))
    assert {"ask", "frage"} <= set(names(menus["all_group_chats"]))


async def test_english_users_get_the_same_menus_described_in_english(
    server: BotApiServer, bot: BotApplication
) -> None:
    def menu(scope: dict[str, object], language_code: str | None) -> list[dict[str, str]]:
        (call,) = [
            call
            for call in server.calls("setMyCommands")
            if call["scope"] == scope and call.get("language_code") == language_code
        ]
        commands: list[dict[str, str]] = call["commands"]
        return commands

    for scope in ({"type": "all_private_chats"}, {"type": "all_group_chats"}):
        german, english = menu(scope, None), menu(scope, "en")
        assert [c["command"] for c in english] == [c["command"] for c in german]
    english_private = menu({"type": "all_private_chats"}, "en")
    assert english_private[0] == {"command": "help", "description": "What I know and how to ask"}
    admin_menu = menu({"type": "chat", "chat_id": ADMIN}, "en")
    assert {"command": "stats", "description": "Statistics since the start"} in admin_menu


async def test_flood_control_and_concurrent_handling_are_switched_on(bot: BotApplication) -> None:
    assert isinstance(bot.bot.rate_limiter, AIORateLimiter)
    assert bot.update_processor.max_concurrent_updates > 1


async def test_questions_sent_while_the_bot_was_down_are_answered_once_after_a_restart(
    server: BotApiServer, bot_seeds: Path, env: Env
) -> None:
    server.private_message(USER, PENGUIN_QUESTION)
    async with running(make_application(server, bot_seeds)):
        await server.wait_for_messages(USER)
        await server.wait_until_idle()

    async with running(make_application(server, bot_seeds)):
        await ask(server, 44, PENGUIN_QUESTION)

    assert len(server.sent_messages(USER)) == 1


async def test_a_stop_during_a_slow_answer_still_sends_it_and_a_restart_does_not_repeat_it(
    server: BotApiServer, bot_seeds: Path, env: Env
) -> None:
    async with running(make_application(server, bot_seeds, SlowKnowledge)):
        server.private_message(USER, "Zwergpinguine, aber langsam")
        await server.wait_until_idle()
        assert server.sent_messages(USER) == []
    assert len(server.sent_messages(USER)) == 1

    async with running(make_application(server, bot_seeds)):
        await ask(server, 44, PENGUIN_QUESTION)
        await asyncio.sleep(0.1)

    assert len(server.sent_messages(USER)) == 1


async def test_start_up_warns_when_all_mode_meets_privacy_mode(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    await start_bot(group_mode="all")

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        message.startswith("privacy mode is on: groups deliver only /ask@ArtikelBot")
        for message in warnings
    )


class RefusesChatMenus(BotApiServer):
    """Telegram's answer to a menu for a user who never wrote to the bot."""

    async def _handle(self, method: str, params: JSON) -> Any:
        if method == "setMyCommands" and (params.get("scope") or {}).get("type") == "chat":
            raise ApiError("Bad Request: chat not found")
        return await super()._handle(method, params)


async def test_a_command_menu_telegram_refuses_is_logged_and_the_bot_starts_anyway(
    bot_seeds: Path, env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    server = RefusesChatMenus(token=TOKEN, bot_username="ArtikelBot")
    async with server, running(make_application(server, bot_seeds)):
        answer = await ask(server, USER, PENGUIN_QUESTION)

    assert PENGUIN_ANSWER in visible(answer["text"])
    assert f"command menu for admin {ADMIN} not set" in caplog.text
    assert caplog.text.count("command menu for") == 1, "once, not once per language"


def test_a_lasting_conflict_is_reported_again_only_every_reminder_interval(
    server: BotApiServer,
    bot_seeds: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = services_of(make_application(server, bot_seeds, KnowledgeBase))
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    conflict = Conflict("Conflict: terminated by other getUpdates request")

    with caplog.at_level(logging.WARNING, logger="bot.handlers"):
        for seconds in (0, 1, CONFLICT_REMINDER_SECONDS - 2, 1, 5):
            clock[0] += seconds
            polling_failed(conflict, found)
        polling_failed(NetworkError("connection reset"), found)

    reports = [r.getMessage() for r in caplog.records if "another instance" in r.getMessage()]
    assert len(reports) == 2, "at the first conflict and once the reminder interval has passed"
    assert caplog.records[-1].getMessage() == "polling Telegram failed, retrying: connection reset"
    assert all(record.exc_info is None for record in caplog.records), "no tracebacks"
