"""In Telegram the bot's own words follow the user's language: English for `en`, else German.

Quoted article sentences and titles stay as written; in a group each user gets their own
language, and a button press the presser's.
"""

from __future__ import annotations

from bot.app import BotApplication
from bot.texts import ENGLISH
from tests.bot.botapi import BotApiServer
from tests.bot.conftest import (
    GROUP,
    PENGUIN_ANSWER,
    PENGUIN_QUESTION,
    USER,
    StartBot,
    ask,
    ask_group,
    buttons,
)
from tests.bot.telegram_html import visible

ENGLISH_USER = 45
UNANSWERABLE = "Wann brüten Zwergpinguine in Neuseeland auf Felsen?"


async def test_start_greets_an_english_user_in_english(
    server: BotApiServer, bot: BotApplication
) -> None:
    text = visible((await ask(server, ENGLISH_USER, "/start", language_code="en-GB"))["text"])

    assert text.startswith("I answer questions about 2 news articles and name the source.")
    assert "Just write me your question" in text
    assert text.endswith("/sources shows the articles.")


async def test_start_greets_a_german_user_in_german(
    server: BotApiServer, bot: BotApplication
) -> None:
    text = visible((await ask(server, USER, "/start", language_code="de"))["text"])

    assert text.startswith("Ich beantworte Fragen zu 2 Nachrichtenartikeln")


async def test_an_english_user_hears_in_english_that_the_articles_do_not_answer(
    server: BotApiServer, bot: BotApplication
) -> None:
    text = visible((await ask(server, ENGLISH_USER, UNANSWERABLE, language_code="en"))["text"])

    assert text.startswith("I found nothing in the articles that answers this. 🤷\n")
    assert (
        "Perhaps one of these articles helps:\n• Zwergpinguine kehren nach Phillip Island" in text
    )


async def test_an_english_users_answer_quotes_the_article_as_written_with_english_around_it(
    server: BotApiServer, bot: BotApplication
) -> None:
    answer = await ask(server, ENGLISH_USER, PENGUIN_QUESTION, language_code="en")

    first_line, source, link = answer["text"].split("\n")[:3]
    assert PENGUIN_ANSWER in visible(first_line)
    assert visible(source) == (
        "📰 Zwergpinguine kehren nach Phillip Island zurück · 2024-11-05 · "
        "Jana Beispiel <Redaktion & Co> · Paragraph 1, sentence 1"
    )
    assert visible(link) == "🔗 Read the article"


async def test_an_english_user_gets_english_buttons_and_more_results_in_english(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(top_k=1)
    answer = await ask(server, ENGLISH_USER, "Zwergpinguine", language_code="en")
    before = len(server.sent_messages(ENGLISH_USER))

    server.callback_query(ENGLISH_USER, answer, buttons(answer)["🔎 More"])
    more = (await server.wait_for_messages(ENGLISH_USER, before + 1))[before]

    assert list(buttons(answer)) == ["📖 Context", "🔎 More"]
    assert visible(more["text"]).startswith("More results:\n2. ")
    assert "— Zwergpinguine kehren nach Phillip Island zurück, Paragraph 1" in visible(more["text"])


async def test_in_a_group_each_user_is_answered_in_their_own_language(
    server: BotApiServer, bot: BotApplication
) -> None:
    english = await ask_group(
        server, f"/ask@ArtikelBot {UNANSWERABLE}", sender=ENGLISH_USER, language_code="en"
    )
    german = await ask_group(server, f"/ask@ArtikelBot {UNANSWERABLE}", sender=USER)

    assert visible(english["text"]).startswith("I found nothing in the articles")
    assert visible(german["text"]).startswith("Dazu habe ich in den Artikeln nichts")


async def test_a_button_answers_in_the_language_of_whoever_presses_it(
    server: BotApiServer, bot: BotApplication
) -> None:
    hello = await ask_group(
        server, "/ask@ArtikelBot Hello", sender=ENGLISH_USER, language_code="en"
    )
    german_answer = await ask_group(server, f"/ask@ArtikelBot {PENGUIN_QUESTION}", sender=USER)
    before = len(server.sent_messages(GROUP))

    server.callback_query(
        ENGLISH_USER, german_answer, buttons(german_answer)["📖 Kontext"], chat_id=GROUP
    )
    context = (await server.wait_for_messages(GROUP, before + 1))[before]

    assert visible(hello["text"]).startswith("Hello! 👋 I answer questions about my articles.")
    assert PENGUIN_ANSWER in visible(context["text"])
    assert "· Paragraph 1, sentence 1" in visible(context["text"])


async def test_inline_results_describe_their_source_in_the_language_of_who_asks(
    server: BotApiServer, bot: BotApplication
) -> None:
    await ask(server, ENGLISH_USER, "Hello", language_code="en")  # the fake Telegram learns it
    server.inline_query(ENGLISH_USER, PENGUIN_QUESTION)
    (answer,) = await server.wait_for_calls("answerInlineQuery")

    best = answer["results"][0]
    assert best["description"].endswith(
        "· 2024-11-05 · Jana Beispiel <Redaktion & Co> · Paragraph 1"
    )
    assert "Paragraph 1, sentence 1" in visible(best["input_message_content"]["message_text"])


async def test_an_english_user_is_refused_an_admin_command_in_english(
    server: BotApiServer, bot: BotApplication
) -> None:
    reply = await ask(server, ENGLISH_USER, "/stats", language_code="en")

    assert reply["text"] == ENGLISH.refusal
