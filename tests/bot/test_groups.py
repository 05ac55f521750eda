"""Groups and supergroups: the bot answers only when addressed, as a reply in the same topic."""

from __future__ import annotations

import datetime as dt

from telegram import Chat, ForumTopicCreated, Message, User

from bot.app import BotApplication
from bot.handlers import replies_to_bot
from tests.bot.botapi import BotApiServer, auto_entities
from tests.bot.conftest import (
    BOT_ID,
    GROUP,
    PENGUIN_ANSWER,
    PENGUIN_QUESTION,
    USER,
    StartBot,
    ask_group,
    assert_ignored,
    assert_silent_after,
)
from tests.bot.telegram_html import visible


def replied_message_id(sent: dict[str, object]) -> object:
    parameters = sent["reply_parameters"]
    assert isinstance(parameters, dict)
    return parameters["message_id"]


async def test_ask_and_ask_at_botname_and_frage_are_answered_as_replies(
    server: BotApiServer, bot: BotApplication
) -> None:
    for text in [
        f"/ask {PENGUIN_QUESTION}",
        f"/ask@ArtikelBot {PENGUIN_QUESTION}",
        f"/ask@artikelbot {PENGUIN_QUESTION}",
        f"/frage@ArtikelBot {PENGUIN_QUESTION}",
    ]:
        answer = await ask_group(server, text)
        assert PENGUIN_ANSWER in visible(answer["text"]), text
        asked = server.sent_messages(GROUP)[-1]
        assert replied_message_id(asked) == answer["message_id"] - 1


async def test_a_mention_is_answered_without_the_mention_in_the_question(
    server: BotApiServer, bot: BotApplication
) -> None:
    for text in [
        f"@ArtikelBot {PENGUIN_QUESTION}",
        f"{PENGUIN_QUESTION} @artikelbot",
        f"Hey @ARTIKELBOT, {PENGUIN_QUESTION}",
    ]:
        answer = await ask_group(server, text)
        assert PENGUIN_ANSWER in visible(answer["text"]), text


async def test_a_reply_to_the_bots_message_is_answered(
    server: BotApiServer, bot: BotApplication
) -> None:
    first = await ask_group(server, f"/ask {PENGUIN_QUESTION}")

    answer = await ask_group(
        server, "Und wie viele Besucher kommen zur Parade?", reply_to_message=first
    )

    assert "700.000 Besucher" in visible(answer["text"])


async def test_a_mention_alone_gets_the_group_help(
    server: BotApiServer, bot: BotApplication
) -> None:
    answer = await ask_group(server, "@ArtikelBot")

    assert "Schreib /ask und deine Frage" in visible(answer["text"])


async def test_group_help_explains_ask(server: BotApiServer, bot: BotApplication) -> None:
    answer = await ask_group(server, "/help@ArtikelBot")

    assert "Schreib /ask und deine Frage" in visible(answer["text"])


async def test_unaddressed_group_messages_get_no_reply(
    server: BotApiServer, bot: BotApplication
) -> None:
    await assert_ignored(server, PENGUIN_QUESTION)
    await assert_ignored(server, "Hallo zusammen")


async def test_commands_and_mentions_for_other_bots_get_no_reply(
    server: BotApiServer, bot: BotApplication
) -> None:
    await assert_ignored(server, f"/ask@OtherBot {PENGUIN_QUESTION}")
    await assert_ignored(server, "/help@OtherBot")
    await assert_ignored(server, f"@OtherBot {PENGUIN_QUESTION}")
    await assert_ignored(server, f"@ArtikelBotFan {PENGUIN_QUESTION}")
    await assert_ignored(server, "/unbekannt")


async def test_replies_to_other_peoples_messages_get_no_reply(
    server: BotApiServer, bot: BotApplication
) -> None:
    someone_elses = server.update(server.group_message(GROUP, 7, "Ich war auf Phillip Island."))

    await assert_ignored(server, PENGUIN_QUESTION, reply_to_message=someone_elses["message"])


async def test_answers_in_a_forum_topic_stay_in_that_topic(
    server: BotApiServer, bot: BotApplication
) -> None:
    answer = await ask_group(
        server, f"/ask {PENGUIN_QUESTION}", message_thread_id=77, is_topic_message=True
    )

    assert server.sent_messages(GROUP)[-1]["message_thread_id"] == 77
    assert answer["message_id"] > 0


async def test_plain_groups_are_handled_like_supergroups(
    server: BotApiServer, bot: BotApplication
) -> None:
    answer = await ask_group(
        server, f"@ArtikelBot {PENGUIN_QUESTION}", chat_id=-5, chat_type="group"
    )

    assert PENGUIN_ANSWER in visible(answer["text"])
    await assert_ignored(server, PENGUIN_QUESTION, chat_id=-5, chat_type="group")


async def test_all_mode_answers_unaddressed_questions_it_knows(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(group_mode="all")

    answer = await ask_group(server, PENGUIN_QUESTION)
    without_mark = await ask_group(server, "wie viele Zwergpinguine leben auf Phillip Island")

    assert PENGUIN_ANSWER in visible(answer["text"])
    assert PENGUIN_ANSWER in visible(without_mark["text"])


async def test_all_mode_stays_silent_on_chatter_and_on_questions_it_cannot_answer(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(group_mode="all")

    await assert_ignored(server, "Ich habe heute Zwergpinguine gesehen.")
    await assert_ignored(server, "Wer kommt heute Abend zum Grillen?")
    await assert_ignored(server, "Hallo?")


async def test_our_own_inline_answers_posted_in_a_group_are_not_answered(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(group_mode="all")
    text = f"@ArtikelBot {PENGUIN_QUESTION}"
    posted_via_us = {
        "message_id": 999,
        "from": {"id": USER, "is_bot": False, "first_name": "Test"},
        "chat": {"id": GROUP, "type": "supergroup", "title": "Test Group"},
        "date": 1_700_000_000,
        "text": text,
        "entities": auto_entities(text),
        "via_bot": server.bot_user,
    }

    await assert_silent_after(
        lambda: server.queue_update({"message": posted_via_us}), server, GROUP
    )


def test_a_message_in_a_forum_topic_the_bot_opened_is_not_a_reply_to_the_bot() -> None:
    now = dt.datetime.now(dt.UTC)
    chat = Chat(GROUP, "supergroup", is_forum=True)
    bot_user = User(BOT_ID, "Artikel Bot", is_bot=True)
    topic = Message(
        1, now, chat, from_user=bot_user, forum_topic_created=ForumTopicCreated("Fragen", 0)
    )
    answer = Message(2, now, chat, from_user=bot_user, text="Antwort")
    person = User(USER, "Test", is_bot=False)

    def reply_to(message: Message) -> Message:
        return Message(3, now, chat, from_user=person, text="Und?", reply_to_message=message)

    assert not replies_to_bot(reply_to(topic), BOT_ID)
    assert replies_to_bot(reply_to(answer), BOT_ID)
