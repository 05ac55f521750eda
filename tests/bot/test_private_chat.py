"""Private chats: every text is a question; /start, /help and /sources explain the bot."""

from __future__ import annotations

from bot.app import BotApplication
from bot.replies import MESSAGE_LIMIT
from tests.bot.botapi import BotApiServer
from tests.bot.conftest import PENGUIN_ANSWER, PENGUIN_QUESTION, USER, StartBot, ask
from tests.bot.telegram_html import visible


async def test_a_question_is_answered_with_the_best_sentence_first_and_its_source(
    server: BotApiServer, bot: BotApplication
) -> None:
    reply = await ask(server, USER, PENGUIN_QUESTION)

    first_line, source, link = reply["text"].split("\n")[:3]
    assert PENGUIN_ANSWER in visible(first_line)
    assert "<b>Zwergpinguine</b>" in first_line
    assert visible(source) == (
        "📰 Zwergpinguine kehren nach Phillip Island zurück · 05.11.2024 · "
        "Jana Beispiel <Redaktion & Co> · Absatz 1, Satz 1"
    )
    assert link == '🔗 <a href="https://example.org/pinguine?teil=1&amp;seite=2">Zum Artikel</a>'
    assert reply["parse_mode"] == "HTML"


async def test_an_article_without_url_is_cited_without_a_link(
    server: BotApiServer, bot: BotApplication
) -> None:
    reply = await ask(server, USER, "Welchen Chatbot namens Grok bietet xAI an?")

    assert "Chatbot namens Grok 2" in visible(reply["text"].split("\n")[0])
    assert "· 24.12.2024 · Laura · Absatz 3, Satz 2" in visible(reply["text"])
    assert "<a href" not in reply["text"].split("Weitere Treffer")[0]


async def test_further_answers_follow_the_best_one_up_to_top_k(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(top_k=2)

    text = visible((await ask(server, USER, "Zwergpinguine"))["text"])

    assert "Weitere Treffer:\n2. " in text
    assert "\n3. " not in text


async def test_a_question_about_who_wrote_an_article_gets_its_author(
    server: BotApiServer, bot: BotApplication
) -> None:
    reply = await ask(server, USER, "Wer hat den Artikel über die Zwergpinguine geschrieben?")

    first_line, source, link = reply["text"].split("\n")
    assert first_line == (
        "Den Artikel „Zwergpinguine kehren nach Phillip Island zurück“ "
        "hat Jana Beispiel &lt;Redaktion &amp; Co&gt; geschrieben."
    )
    assert visible(source) == (
        "📰 Zwergpinguine kehren nach Phillip Island zurück · 05.11.2024 · "
        "Jana Beispiel <Redaktion & Co>"
    )
    assert "Zum Artikel" in link
    assert "reply_markup" not in reply, "no sentence, so no Kontext button"


async def test_an_english_user_asking_when_an_article_appeared_gets_its_date_in_english(
    server: BotApiServer, bot: BotApplication
) -> None:
    reply = await ask(server, USER, "When was the article about xAI published?", language_code="en")

    assert visible(reply["text"]).startswith(
        "“Elon Musk sammelt erneut Milliarden für bahnbrechende KI-Technologien \u2013 "
        "Was bedeutet das für die Zukunft?” was published on 2024-12-24.\n📰 "
    )


async def test_greetings_get_a_friendly_hint_instead_of_a_random_sentence(
    server: BotApiServer, bot: BotApplication
) -> None:
    for greeting in ["Hallo!", "danke 🙂", "Guten Morgen"]:
        reply = await ask(server, USER, greeting)
        assert reply["text"].startswith("Hallo! 👋 Ich beantworte Fragen zu meinen Artikeln.")
        assert "reply_markup" not in reply


async def test_an_unanswerable_question_says_so_and_suggests_close_articles(
    server: BotApiServer, bot: BotApplication
) -> None:
    reply = await ask(server, USER, "Wann brüten Zwergpinguine in Neuseeland auf Felsen?")

    text = visible(reply["text"])
    assert text.startswith("Dazu habe ich in den Artikeln nichts Passendes gefunden.")
    assert (
        "Vielleicht hilft einer dieser Artikel:\n• Zwergpinguine kehren nach Phillip Island" in text
    )


async def test_start_and_help_say_what_the_bot_knows_and_how_to_ask(
    server: BotApiServer, bot: BotApplication
) -> None:
    for command in ["/start", "/help", "/hilfe"]:
        text = visible((await ask(server, USER, command))["text"])
        assert text.startswith("Ich beantworte Fragen zu 2 Nachrichtenartikeln")
        assert "Schreib mir einfach deine Frage" in text
        assert "/sources" in text
        assert len(text.split("\n")) <= 3


async def test_sources_lists_the_article_titles_newest_first(
    server: BotApiServer, bot: BotApplication
) -> None:
    text = visible((await ask(server, USER, "/sources"))["text"])

    assert text.split("\n") == [
        "Ich kenne 2 Artikel:",
        "• Elon Musk sammelt erneut Milliarden für bahnbrechende KI-Technologien \u2013 "
        "Was bedeutet das für die Zukunft? (24.12.2024)",
        "• Zwergpinguine kehren nach Phillip Island zurück (05.11.2024)",
    ]


async def test_ask_works_in_private_chats_too_and_without_a_question_shows_how(
    server: BotApiServer, bot: BotApplication
) -> None:
    assert PENGUIN_ANSWER in visible((await ask(server, USER, f"/ask {PENGUIN_QUESTION}"))["text"])
    hint = visible((await ask(server, USER, "/frage"))["text"])
    assert (
        hint
        == "Schreib deine Frage hinter den Befehl, zum Beispiel: /ask Was weißt du über Elon Musk?"
    )


async def test_an_unknown_command_gets_the_help_text(
    server: BotApiServer, bot: BotApplication
) -> None:
    text = visible((await ask(server, USER, "/wetter"))["text"])

    assert text.startswith("Diesen Befehl kenne ich nicht.\nIch beantworte Fragen zu 2")


async def test_html_in_a_question_never_reaches_telegram_unescaped(
    server: BotApiServer, bot: BotApplication
) -> None:
    reply = await ask(server, USER, "<b>x</b> & <script>")

    assert "<script>" not in reply["text"] and "<b>x</b>" not in reply["text"]
    assert visible(reply["text"]).startswith("Dazu habe ich in den Artikeln nichts")


async def test_article_text_with_html_characters_is_escaped_in_answers(
    server: BotApiServer, bot: BotApplication
) -> None:
    reply = await ask(server, USER, "Welcher Verein sammelt Spenden für Nistkästen?")

    assert "&quot;" not in reply["text"]
    assert 'Der <b>Verein</b> "Pinguin &amp; Co &lt;Schutz&gt;" <b>sammelt</b>' in reply["text"]


async def test_a_4000_character_question_is_answered_within_one_message(
    server: BotApiServer, bot: BotApplication
) -> None:
    question = (PENGUIN_QUESTION + " ") * 80
    assert len(question[:4000]) == 4000

    reply = await ask(server, USER, question[:4000])

    assert PENGUIN_ANSWER in visible(reply["text"])
    assert len(visible(reply["text"])) <= MESSAGE_LIMIT


async def test_edited_messages_are_not_answered_again(
    server: BotApiServer, bot: BotApplication
) -> None:
    await ask(server, USER, PENGUIN_QUESTION)
    message = server.sent_messages(USER)[0]
    edited = {**server.message(USER, message["message_id"] - 1), "text": "Zwergpinguine?"}

    server.queue_update({"edited_message": {**edited, "edit_date": edited["date"] + 1}})
    await server.wait_until_idle()
    await server.assert_no_message(USER, within=0.3)
