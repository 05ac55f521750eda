"""The updates tests queue on the local Bot API server, as python-telegram-bot receives them.

Update and message ids, entities in UTF-16 units and documents are built like Telegram builds
them; getUpdates delivers and confirms them with long polling and offsets.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, MessageEntity
from telegram.error import BadRequest, Conflict

from tests.bot.botapi import BotApiServer
from tests.bot.conftest import TOKEN


@pytest.fixture
async def bot(server: BotApiServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=server.base_url, base_file_url=server.base_file_url) as client:
        yield client


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


async def test_a_newer_get_updates_ends_a_waiting_one_with_conflict() -> None:
    """As on Telegram when two instances poll with one token: the older poll gets 409."""
    async with (
        BotApiServer(token=TOKEN, max_poll_timeout=5) as server,
        Bot(TOKEN, base_url=server.base_url) as first,
        Bot(TOKEN, base_url=server.base_url) as second,
    ):
        waiting = asyncio.create_task(first.get_updates(timeout=30))
        await asyncio.sleep(0.1)

        assert await second.get_updates(timeout=0) == ()

        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(waiting, 1)


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
