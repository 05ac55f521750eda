"""Specification of the local Bot API server, checked with python-telegram-bot's real client.

Every test talks HTTP through ``telegram.Bot``, so a passing suite means PTB accepts what the
server sends and the server understands what PTB posts. The ``bot`` fixture below is an example
of how tests can wire a client to the server; ``test_botapi_updates.py`` covers the updates
tests queue and ``test_botapi_polling.py`` a polling application.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    ReplyParameters,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, InvalidToken

from tests.bot.botapi import BotApiServer
from tests.bot.conftest import TOKEN


@pytest.fixture
async def bot(server: BotApiServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=server.base_url, base_file_url=server.base_file_url) as client:
        yield client


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
