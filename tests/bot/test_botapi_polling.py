"""A polling ``telegram.ext.Application`` against the local Bot API server, end to end.

The ``app`` fixture below is an example of how bot tests can wire an application to the server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from tests.bot.botapi import BotApiServer
from tests.bot.conftest import TOKEN

AnyApp = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
async def app(server: BotApiServer) -> AsyncIterator[AnyApp]:
    """A polling application; tests add handlers before queueing updates."""
    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


async def test_the_application_polls_through_the_expected_calls(
    server: BotApiServer, app: AnyApp
) -> None:
    await server.wait_for(lambda: server.calls("getUpdates"), timeout=1, what="first poll")
    methods = [call.method for call in server.requests]
    assert methods[:3] == ["getMe", "deleteWebhook", "getUpdates"]
    times = [call.at for call in server.requests]
    assert times == sorted(times)


async def test_echo_reply_arrives_in_the_senders_chat(server: BotApiServer, app: AnyApp) -> None:
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    server.private_message(1001, "Hallo", first_name="Anna")
    server.private_message(1002, "Servus", username="bernd_b")
    [to_anna] = await server.wait_for_messages(1001)
    [to_bernd] = await server.wait_for_messages(1002)
    assert (to_anna["text"], to_bernd["text"]) == ("Hallo", "Servus")
    assert "reply_parameters" not in to_anna  # PTB quotes by default only outside private chats
    await server.wait_until_idle()


async def test_group_replies_quote_the_question_and_stay_in_its_topic(
    server: BotApiServer, app: AnyApp
) -> None:
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    update_id = server.group_message(
        -100123, 1001, "Frage im Thema", message_thread_id=77, is_topic_message=True
    )
    [reply] = await server.wait_for_messages(-100123)
    question_id = server.update(update_id)["message"]["message_id"]
    assert reply["message_thread_id"] == 77
    assert reply["reply_parameters"]["message_id"] == question_id
    stored = server.message(-100123, reply["message_id"])
    assert stored["reply_to_message"]["message_id"] == question_id
    assert server.sent_messages(1001) == []


async def test_commands_fire_only_when_addressed_to_this_bot(
    server: BotApiServer, app: AnyApp
) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Willkommen")

    app.add_handler(CommandHandler("start", start))
    server.private_message(5, "/start")
    server.private_message(5, "/start@ArtikelBot")
    assert [m["text"] for m in await server.wait_for_messages(5, count=2)] == ["Willkommen"] * 2
    server.private_message(5, "/start@OtherBot")
    await server.assert_no_message(5, within=0.4)


async def test_callback_queries_are_answered_and_edit_their_message(
    server: BotApiServer, app: AnyApp
) -> None:
    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        button = InlineKeyboardButton("Politik", callback_data="topic:politik")
        await update.effective_message.reply_text(
            "Thema?", reply_markup=InlineKeyboardMarkup([[button]])
        )

    async def choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("Gewählt")
        await update.callback_query.edit_message_text(f"Thema: {update.callback_query.data}")

    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(CallbackQueryHandler(choose))
    server.private_message(5, "/menu")
    [menu_message] = await server.wait_for_messages(5)
    update_id = server.callback_query(5, menu_message, "topic:politik")
    [answer] = await server.wait_for_calls("answerCallbackQuery")
    assert answer["callback_query_id"] == server.update(update_id)["callback_query"]["id"]
    assert answer["text"] == "Gewählt"
    edit = (await server.wait_for_messages(5, count=2))[1]
    assert (edit["method"], edit["message_id"]) == ("editMessageText", menu_message["message_id"])
    assert server.message(5, menu_message["message_id"])["text"] == "Thema: topic:politik"


async def test_inline_queries_are_answered_with_recorded_results(
    server: BotApiServer, app: AnyApp
) -> None:
    async def search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.inline_query is not None
        query = update.inline_query.query
        article = InlineQueryResultArticle("1", query, InputTextMessageContent(f"Zu {query}"))
        await update.inline_query.answer([article], cache_time=0)

    app.add_handler(InlineQueryHandler(search))
    update_id = server.inline_query(9, "Wahl")
    [answer] = await server.wait_for_calls("answerInlineQuery")
    assert answer["inline_query_id"] == server.update(update_id)["inline_query"]["id"]
    assert answer["results"][0]["title"] == "Wahl"
    assert answer["results"][0]["input_message_content"]["message_text"] == "Zu Wahl"
