"""Inline mode: `@ArtikelBot question` in any chat offers the answers as results."""

from __future__ import annotations

from bot.app import BotApplication
from tests.bot.botapi import BotApiServer
from tests.bot.conftest import PENGUIN_ANSWER, PENGUIN_QUESTION, USER
from tests.bot.telegram_html import telegram_html_problems, visible


async def test_results_show_the_sentence_as_title_and_the_source_as_description(
    server: BotApiServer, bot: BotApplication
) -> None:
    server.inline_query(USER, PENGUIN_QUESTION)
    (answer,) = await server.wait_for_calls("answerInlineQuery")

    best = answer["results"][0]
    assert best["type"] == "article"
    assert PENGUIN_ANSWER in best["title"]
    assert best["description"] == (
        "Zwergpinguine kehren nach Phillip Island zurück · 05.11.2024 · "
        "Jana Beispiel <Redaktion & Co> · Absatz 1"
    )
    sent = best["input_message_content"]
    assert sent["parse_mode"] == "HTML"
    assert telegram_html_problems(sent["message_text"]) == []
    assert PENGUIN_ANSWER in visible(sent["message_text"])
    assert len({result["id"] for result in answer["results"]}) == len(answer["results"])


async def test_empty_and_small_talk_queries_get_no_results(
    server: BotApiServer, bot: BotApplication
) -> None:
    server.inline_query(USER, "")
    server.inline_query(USER, "hallo")
    answers = await server.wait_for_calls("answerInlineQuery", 2)

    assert [answer["results"] for answer in answers] == [[], []]


async def test_long_titles_are_shortened(server: BotApiServer, bot: BotApplication) -> None:
    server.inline_query(USER, "Welche Giganten dominieren im Bereich der KI wie Microsoft?")
    (answer,) = await server.wait_for_calls("answerInlineQuery")

    assert answer["results"]
    assert all(len(result["title"]) <= 100 for result in answer["results"])
