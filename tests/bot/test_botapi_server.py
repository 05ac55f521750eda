"""Specification of the local Bot API server, checked with python-telegram-bot's real client.

Every test talks HTTP through ``telegram.Bot`` or a polling ``telegram.ext.Application``, so a
passing suite means PTB accepts what the server sends and the server understands what PTB posts.
The fixtures below are examples of how bot tests can wire the server up.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, InvalidToken
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

from tests.bot.botapi_server import BotApiServer
from tests.bot.conftest import TOKEN

AnyApp = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
async def bot(server: BotApiServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=server.base_url, base_file_url=server.base_file_url) as client:
        yield client


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


# -- plumbing -------------------------------------------------------------------------------


async def test_get_me_describes_the_configured_bot(server: BotApiServer, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.first_name) == (123456789, "ArtikelBot", "Artikel Bot")
    assert me.is_bot and me.can_join_groups and me.supports_inline_queries
    assert me.can_read_all_group_messages is False
    assert [call.method for call in server.requests] == ["getMe", "getMe"]


async def test_a_wrong_token_is_rejected_as_unauthorized(server: BotApiServer) -> None:
    stranger = Bot("42:WRONG", base_url=server.base_url, base_file_url=server.base_file_url)
    with pytest.raises(InvalidToken, match="was rejected"):
        await stranger.initialize()
    await stranger.shutdown()
    assert [(call.method, call.error) for call in server.requests] == [("getMe", "Unauthorized")]


async def test_unimplemented_methods_are_recorded_and_answered_with_404(
    server: BotApiServer, bot: Bot
) -> None:
    # PTB maps HTTP 404 to InvalidToken; the server's description survives in the message.
    with pytest.raises(InvalidToken, match="not implemented in test server"):
        await bot.set_chat_menu_button()
    assert server.calls("setChatMenuButton") == [{}]
    assert server.requests[-1].error == "Not Found: method not implemented in test server"


async def test_method_names_are_case_insensitive_and_json_bodies_work(
    server: BotApiServer,
) -> None:
    server.private_message(42, "hi")
    async with aiohttp.ClientSession() as http:
        me = await (await http.post(f"{server.base_url}{TOKEN}/GETME")).json()
        url = f"{server.base_url}{TOKEN}/sendmessage"
        sent = await (await http.post(url, json={"chat_id": 42, "text": "123"})).json()
    assert me["ok"] and me["result"]["username"] == "ArtikelBot"
    assert sent["ok"] and sent["result"]["text"] == "123"
    assert [call.method for call in server.requests] == ["getMe", "sendMessage"]


async def test_form_values_are_json_decoded_except_free_text(
    server: BotApiServer, bot: Bot
) -> None:
    server.private_message(42, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Mehr", callback_data="more:1")]])
    await bot.send_message(
        42,
        "123",
        disable_notification=True,
        reply_markup=keyboard,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    await bot.send_chat_action(42, ChatAction.TYPING)
    [params] = server.calls("sendMessage")
    assert params["chat_id"] == 42 and params["text"] == "123"
    assert params["disable_notification"] is True
    assert params["link_preview_options"] == {"is_disabled": True}
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "more:1"
    assert server.calls("sendChatAction") == [{"chat_id": 42, "action": "typing"}]


async def test_webhook_and_session_methods_succeed(server: BotApiServer, bot: Bot) -> None:
    server.private_message(1, "pending")
    assert (await bot.get_webhook_info()).pending_update_count == 1
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates() == ()
    assert await bot.log_out() and await bot.close()


async def test_commands_are_kept_per_scope(server: BotApiServer, bot: Bot) -> None:
    groups = BotCommandScopeAllGroupChats()
    await bot.set_my_commands([BotCommand("start", "Begrüßung")])
    await bot.set_my_commands([BotCommand("frage", "Frage stellen")], scope=groups)
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert [c.command for c in await bot.get_my_commands(scope=groups)] == ["frage"]
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    assert server.calls("setMyCommands")[1]["scope"] == {"type": "all_group_chats"}


# -- messages ---------------------------------------------------------------------------------


async def test_sent_messages_are_real_messages_that_edits_change(
    server: BotApiServer, bot: Bot
) -> None:
    question = server.update(server.private_message(42, "Was gibt es Neues?"))["message"]
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Quelle", callback_data="src")]])
    reply = await bot.send_message(
        42,
        "<b>Antwort</b>",
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard,
        reply_parameters=ReplyParameters(question["message_id"]),
    )
    assert reply.from_user is not None and reply.from_user.id == bot.id
    assert reply.chat.id == 42 and reply.chat.type == "private"
    assert reply.reply_to_message is not None and reply.reply_to_message.text == question["text"]
    assert reply.reply_markup == keyboard
    assert reply.message_id > question["message_id"]

    edited = await bot.edit_message_text("Neu", chat_id=42, message_id=reply.message_id)
    assert isinstance(edited, type(reply)) and edited.text == "Neu" and edited.edit_date
    assert server.message(42, reply.message_id)["text"] == "Neu"
    assert "reply_markup" not in server.message(42, reply.message_id)
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Neu", chat_id=42, message_id=reply.message_id)
    assert await bot.edit_message_text("Inline", inline_message_id="abc") is True
    texts = [(m["method"], m["text"]) for m in server.sent_messages(42)]
    assert texts == [("sendMessage", "<b>Antwort</b>"), ("editMessageText", "Neu")]


async def test_requests_telegram_would_reject_fail_the_same_way(
    server: BotApiServer, bot: Bot
) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(404, "niemand da")
    server.private_message(42, "hi")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(42, "x" * 4097)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(42, "<b></b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("neu", chat_id=42, message_id=999)
    await bot.send_message(42, f"<b>{'x' * 4096}</b>", parse_mode=ParseMode.HTML)
    assert len(server.sent_messages(42)) == 1


# -- updates ----------------------------------------------------------------------------------


async def test_get_updates_long_polls_until_an_update_is_queued(
    server: BotApiServer, bot: Bot
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await asyncio.sleep(0.1)
    server.private_message(7, "da bin ich")
    [update] = await asyncio.wait_for(poll, 1)
    assert update.message is not None and update.message.text == "da bin ich"
    assert time.monotonic() - started < 0.5


async def test_long_poll_timeout_is_capped_for_fast_tests() -> None:
    async with (
        BotApiServer(token=TOKEN, max_poll_timeout=0.2) as server,
        Bot(TOKEN, base_url=server.base_url) as bot,
    ):
        started = time.monotonic()
        assert await bot.get_updates(timeout=30) == ()
        assert 0.2 <= time.monotonic() - started < 0.6
        assert server.calls("getUpdates") == [{"timeout": 30}]


async def test_an_offset_confirms_and_drops_earlier_updates(server: BotApiServer, bot: Bot) -> None:
    first, second, third = (server.private_message(7, text) for text in ("a", "b", "c"))
    assert second == first + 1 and third == second + 1
    assert [u.update_id for u in await bot.get_updates(limit=2)] == [first, second]
    assert [u.update_id for u in await bot.get_updates(offset=second)] == [second, third]
    assert [u.update_id for u in await bot.get_updates()] == [second, third]
    assert await bot.get_updates(offset=third + 1) == ()
    await server.wait_until_idle(timeout=0.1)
    messages = [server.update(u)["message"]["message_id"] for u in (first, second, third)]
    assert messages == sorted(set(messages))


async def test_entities_are_derived_in_utf16_units_like_telegram(
    server: BotApiServer, bot: Bot
) -> None:
    mention = server.private_message(7, "😀 frag @ArtikelBot bitte")
    command = server.private_message(7, "/start@ArtikelBot los")
    plain = server.private_message(7, "mail a@b.de", entities=[])
    assert server.update(mention)["message"]["entities"] == [
        {"type": "mention", "offset": 8, "length": 11}
    ]
    assert server.update(command)["message"]["entities"] == [
        {"type": "bot_command", "offset": 0, "length": 17}
    ]
    assert "entities" not in server.update(plain)["message"]
    updates = await bot.get_updates()
    assert updates[0].message is not None and updates[1].message is not None
    assert list(updates[0].message.parse_entities().values()) == ["@ArtikelBot"]
    assert updates[1].message.parse_entities([MessageEntity.BOT_COMMAND]) == {
        updates[1].message.entities[0]: "/start@ArtikelBot"
    }


async def test_documents_can_be_fetched_and_downloaded(server: BotApiServer, bot: Bot) -> None:
    content = "Überschrift\nText".encode()
    update_id = server.document_message(3, "notiz.txt", content, caption="/import")
    [update] = await bot.get_updates()
    assert update.update_id == update_id and update.message is not None
    document = update.message.document
    assert document is not None
    assert (document.file_name, document.mime_type, document.file_size) == (
        "notiz.txt",
        "text/plain",
        len(content),
    )
    assert update.message.caption_entities[0].type == MessageEntity.BOT_COMMAND
    file = await bot.get_file(document.file_id)
    assert file.file_path is not None and file.file_path.startswith(server.base_file_url)
    assert await file.download_as_bytearray() == content
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("unknown")


# -- a polling application ----------------------------------------------------------------------


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


# -- the assertion helpers themselves -----------------------------------------------------------


async def test_waiting_helpers_fail_with_a_readable_report(server: BotApiServer, bot: Bot) -> None:
    server.private_message(1, "hi")
    await bot.send_message(1, "schon da")
    with pytest.raises(AssertionError, match=r"2 message.*schon da"):
        await server.wait_for_messages(1, count=2, timeout=0.1)
    silence = asyncio.create_task(server.assert_no_message(1, within=1))
    await asyncio.sleep(0.05)
    await bot.send_message(1, "doch noch")
    with pytest.raises(AssertionError, match=r"expected no message.*doch noch"):
        await silence
