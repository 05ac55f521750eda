"""Bot test fixtures: the local Bot API server and the real `Application` polling it over HTTP.

`start_bot(...)` builds the application with `bot.app.build_application` and starts it the
way `run_polling` does (initialize, post_init, poll, start); it is stopped cleanly after the
test, and every message it sent is then checked to be HTML that Telegram would accept.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.app import BotApplication, build_application
from bot.handlers import SERVICES, Services
from bot.settings import load_settings
from knowledge import KnowledgeBase
from tests.bot.botapi import JSON, BotApiServer
from tests.bot.telegram_html import telegram_html_problems
from tests.conftest import Env

TOKEN = "123456789:SECRET-token-for-tests"
BOT_ID = 123456789
ADMIN = 42
USER = 43
GROUP = -1001

PENGUINS = """Zwergpinguine kehren nach Phillip Island zurück
2024-11-05
Autor: Jana Beispiel <Redaktion & Co>
Quelle: https://example.org/pinguine?teil=1&seite=2
Auf Phillip Island in Australien leben rund 32.000 Zwergpinguine. Jeden Abend watscheln sie \
in Gruppen an Land.
Die Parade der Zwergpinguine zieht jährlich etwa 700.000 Besucher an. Ranger zählen die Vögel \
seit 1968 mit Lichtschranken.
Die Füchse auf der Insel gelten seit 2017 als ausgerottet. Seitdem wächst die Kolonie jedes Jahr.
Der Verein "Pinguin & Co <Schutz>" sammelt Spenden für neue Nistkästen aus Eukalyptusholz.
"""
"""A second article with a URL and `<`, `>`, `&` in its author, text and link, to test escaping."""

PENGUIN_QUESTION = "Wie viele Zwergpinguine leben auf Phillip Island?"
PENGUIN_ANSWER = "rund 32.000 Zwergpinguine"


StartBot = Callable[..., Awaitable[BotApplication]]


@pytest.fixture
def bot_seeds(seeds_dir: Path) -> Path:
    """The repository's seeds plus the penguin article."""
    (seeds_dir / "pinguine.txt").write_text(PENGUINS, encoding="utf-8")
    return seeds_dir


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer(token=TOKEN, bot_username="ArtikelBot") as api:
        yield api


@contextlib.asynccontextmanager
async def running(application: BotApplication) -> AsyncIterator[BotApplication]:
    """Start and stop in `run_polling`'s order, with a short long-poll so stopping is quick."""
    assert application.updater is not None and application.post_init is not None
    await application.initialize()
    await application.post_init(application)
    await application.updater.start_polling(
        poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES, drop_pending_updates=False
    )
    await application.start()
    try:
        yield application
    finally:
        if application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()


def make_application(
    server: BotApiServer,
    seeds: Path,
    knowledge_class: type[KnowledgeBase] = KnowledgeBase,
    **overrides: Any,
) -> BotApplication:
    """The bot as `run_bot` builds it, pointed at the test server; user 42 is its admin."""
    settings = load_settings(
        **{"token": TOKEN, "api_url": server.base_url, "admin_ids": str(ADMIN), "seeds_dir": seeds}
        | overrides
    )
    knowledge = knowledge_class(settings.seeds_dir)
    assert knowledge.reload().applied
    return build_application(settings, knowledge)


@pytest.fixture
async def start_bot(server: BotApiServer, bot_seeds: Path, env: Env) -> AsyncIterator[StartBot]:
    """`await start_bot(group_mode="all")`: a running bot with those settings, stopped after."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(
            knowledge_class: type[KnowledgeBase] = KnowledgeBase, **overrides: Any
        ) -> BotApplication:
            application = make_application(server, bot_seeds, knowledge_class, **overrides)
            return await stack.enter_async_context(running(application))

        yield start
    for message in server.sent_messages():
        assert telegram_html_problems(message["text"]) == [], message["text"]


@pytest.fixture
async def bot(start_bot: StartBot) -> BotApplication:
    """The bot with default settings, running."""
    return await start_bot()


def services_of(application: BotApplication) -> Services:
    found = application.bot_data[SERVICES]
    assert isinstance(found, Services)
    return found


async def ask(
    server: BotApiServer, user_id: int, text: str, *, language_code: str | None = None
) -> JSON:
    """Send a private message and return the bot's one reply to it."""
    before = len(server.sent_messages(user_id))
    server.private_message(user_id, text, language_code=language_code)
    sent = await server.wait_for_messages(user_id, before + 1)
    return sent[before]


def buttons(message: JSON) -> dict[str, str]:
    """Button label -> callback data."""
    rows: list[list[dict[str, Any]]] = message["reply_markup"]["inline_keyboard"]
    return {button["text"]: button["callback_data"] for row in rows for button in row}


async def press(server: BotApiServer, message: JSON, label: str) -> JSON:
    """Press a button and return the bot's new message in that chat."""
    before = len(server.sent_messages(USER))
    server.callback_query(USER, message, buttons(message)[label])
    await server.wait_for_calls("answerCallbackQuery")
    return (await server.wait_for_messages(USER, before + 1))[before]


async def ask_group(
    server: BotApiServer, text: str, *, chat_id: int = GROUP, sender: int = USER, **fields: Any
) -> JSON:
    """Send a group message that must be answered, and return the answer."""
    before = len(server.sent_messages(chat_id))
    server.group_message(chat_id, sender, text, **fields)
    sent = await server.wait_for_messages(chat_id, before + 1)
    return sent[before]


async def assert_ignored(
    server: BotApiServer, text: str, *, chat_id: int = GROUP, **fields: Any
) -> None:
    """Send a group message that must get no reply."""
    await assert_silent_after(
        lambda: server.group_message(chat_id, USER, text, **fields), server, chat_id
    )


async def assert_silent_after(
    send: Callable[[], object], server: BotApiServer, chat_id: int
) -> None:
    """Queue an update with `send` that must get no reply, then prove the bot was listening.

    A question addressed to the bot follows it; once that is answered (and a moment
    more for a search the ignored update may have started), every message the bot
    sent to the chat must be that answer.
    """
    before = len(server.sent_messages(chat_id))
    send()
    probe = server.group_message(chat_id, USER, f"/ask@ArtikelBot {PENGUIN_QUESTION}")
    await server.wait_for_messages(chat_id, before + 1)
    await asyncio.sleep(0.1)
    probe_id = server.update(probe)["message"]["message_id"]
    sent = server.sent_messages(chat_id)[before:]
    assert [m["reply_parameters"]["message_id"] for m in sent] == [probe_id], sent
