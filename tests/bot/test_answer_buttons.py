"""The buttons under an answer: "Kontext" and "Mehr", small for Telegram, and reload-proof."""

from __future__ import annotations

from pathlib import Path

from bot.app import BotApplication
from bot.buttons import CALLBACK_DATA_LIMIT
from bot.texts import GERMAN
from tests.bot.botapi import JSON, BotApiServer
from tests.bot.conftest import (
    PENGUIN_ANSWER,
    PENGUIN_QUESTION,
    PENGUINS,
    USER,
    StartBot,
    ask,
    buttons,
    make_application,
    press,
    running,
)
from tests.bot.telegram_html import visible
from tests.conftest import Env


async def press_stale(server: BotApiServer, message: JSON, data: str) -> JSON:
    """Press a button that should only get a polite pop-up; return the callback answer."""
    before = len(server.calls("answerCallbackQuery"))
    server.callback_query(USER, message, data)
    return (await server.wait_for_calls("answerCallbackQuery", before + 1))[before]


async def test_an_answer_has_kontext_and_mehr_buttons_with_small_callback_data(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(top_k=1)

    answer = await ask(server, USER, "Zwergpinguine")

    assert list(buttons(answer)) == ["📖 Kontext", "🔎 Mehr"]
    assert all(len(data.encode()) <= CALLBACK_DATA_LIMIT for data in buttons(answer).values())


async def test_mehr_appears_only_when_there_are_further_answers(
    server: BotApiServer, bot: BotApplication
) -> None:
    answer = await ask(server, USER, "Eukalyptusholz")

    assert list(buttons(answer)) == ["📖 Kontext"]


async def test_kontext_shows_the_whole_paragraph_with_the_answer_in_bold(
    server: BotApiServer, bot: BotApplication
) -> None:
    answer = await ask(server, USER, PENGUIN_QUESTION)

    context = await press(server, answer, "📖 Kontext")

    assert context["text"].startswith(
        "<b>Auf Phillip Island in Australien leben rund 32.000 Zwergpinguine.</b>"
        " Jeden Abend watscheln sie in Gruppen an Land.\n📰 "
    )


async def test_mehr_shows_the_next_answers_numbered_on(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(top_k=1)
    answer = await ask(server, USER, "Zwergpinguine")

    more = visible((await press(server, answer, "🔎 Mehr"))["text"])

    assert more.startswith("Weitere Treffer:\n2. ")
    assert "Zwergpinguine" in more


async def test_kontext_still_works_after_a_reload_moved_its_sentence(
    server: BotApiServer, bot: BotApplication, bot_seeds: Path
) -> None:
    answer = await ask(server, USER, PENGUIN_QUESTION)
    head, body = PENGUINS.split("Auf Phillip Island", 1)
    new_first = "Ein neuer erster Absatz steht jetzt vor allem anderen.\n"
    (bot_seeds / "pinguine.txt").write_text(head + new_first + "Auf Phillip Island" + body)
    await ask(server, 42, "/reload")

    context = await press(server, answer, "📖 Kontext")

    assert PENGUIN_ANSWER in visible(context["text"])
    assert "Absatz 2, Satz 1" in visible(context["text"])


async def test_buttons_whose_sentence_or_question_is_gone_answer_politely(
    server: BotApiServer, start_bot: StartBot, bot_seeds: Path
) -> None:
    await start_bot(top_k=1)
    answer = await ask(server, USER, "Zwergpinguine")
    (bot_seeds / "pinguine.txt").unlink()
    await ask(server, 42, "/reload")

    gone = await press_stale(server, answer, buttons(answer)["📖 Kontext"])
    unknown = await press_stale(server, answer, "k:not-a-reference")
    old_layout = await press_stale(server, answer, "v1:whatever")

    for popup in (gone, unknown, old_layout):
        assert popup["text"] == GERMAN.stale_button and popup["show_alert"] is True


async def test_mehr_after_a_restart_answers_politely(
    server: BotApiServer, bot_seeds: Path, env: Env
) -> None:
    async with running(make_application(server, bot_seeds, top_k=1)):
        answer = await ask(server, USER, "Zwergpinguine")

    async with running(make_application(server, bot_seeds, top_k=1)):
        popup = await press_stale(server, answer, buttons(answer)["🔎 Mehr"])
        kontext = await press(server, answer, "📖 Kontext")

    assert popup["text"] == GERMAN.stale_button
    assert "Zwergpinguine" in visible(kontext["text"])
