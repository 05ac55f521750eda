"""Admin commands and article uploads: only for BOT_ADMIN_IDS, politely refused to everyone else."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from bot.admin_replies import UNANSWERED_ONLY_PRIVATE
from bot.app import BotApplication
from bot.texts import GERMAN
from tests.bot.botapi import JSON, BotApiServer
from tests.bot.conftest import (
    ADMIN,
    PENGUIN_QUESTION,
    PENGUINS,
    USER,
    StartBot,
    ask,
    ask_group,
)
from tests.bot.telegram_html import visible

OTTERS = PENGUINS.replace("Zwergpinguine", "Seeotter").replace("Phillip Island", "Monterey")


async def upload(server: BotApiServer, user_id: int, file_name: str, content: str) -> JSON:
    """Send a document privately and return the bot's reply."""
    before = len(server.sent_messages(user_id))
    server.document_message(user_id, file_name, content.encode())
    return (await server.wait_for_messages(user_id, before + 1))[before]


async def test_non_admins_are_refused_politely_and_the_attempt_is_logged(
    server: BotApiServer, bot: BotApplication, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.admin")

    for command in ["/reload", "/stats", "/unanswered"]:
        assert (await ask(server, USER, command))["text"] == GERMAN.refusal

    refusals = [r.getMessage() for r in caplog.records if r.name == "bot.admin"]
    assert refusals == [
        f"refused {c} for user {USER} (not in BOT_ADMIN_IDS)"
        for c in ["/reload", "/stats", "/unanswered"]
    ]


async def test_a_refused_reload_changes_nothing(
    server: BotApiServer, bot: BotApplication, bot_seeds: Path
) -> None:
    (bot_seeds / "otter.txt").write_text(OTTERS, encoding="utf-8")

    await ask(server, USER, "/reload")

    assert "Ich kenne 2 Artikel" in visible((await ask(server, ADMIN, "/sources"))["text"])


async def test_reload_reports_articles_sentences_time_and_each_broken_file(
    server: BotApiServer, bot: BotApplication, bot_seeds: Path
) -> None:
    (bot_seeds / "otter.txt").write_text(OTTERS, encoding="utf-8")
    (bot_seeds / "kaputt.txt").write_text("Ein Titel\nkein Datum\nText.\n", encoding="utf-8")

    report = visible((await ask(server, ADMIN, "/reload"))["text"])

    assert re.fullmatch(
        r"✅ Neu geladen: 3 Artikel, \d+ Sätze in \d+\.\d\d s\.\n"
        r"1 Datei übersprungen:\n"
        r"• kaputt\.txt:2: not a date: 'kein Datum' \(expected 2024-12-24 or 24\.12\.2024\)",
        report,
    ), report
    assert "Seeotter" in visible(
        (await ask(server, USER, "Wie viele Seeotter leben in Monterey?"))["text"]
    )


async def test_a_reload_that_loads_nothing_keeps_the_old_articles(
    server: BotApiServer, bot: BotApplication, bot_seeds: Path
) -> None:
    for path in bot_seeds.glob("*.txt"):
        path.write_text("nur ein Titel\n", encoding="utf-8")

    report = visible((await ask(server, ADMIN, "/reload"))["text"])

    assert report.startswith("❌ Nichts geladen; die bisherigen Artikel bleiben aktiv.\n2 Dateien")
    assert "32.000" in visible((await ask(server, USER, PENGUIN_QUESTION))["text"])


async def test_stats_count_answered_and_unanswered_questions_since_start(
    server: BotApiServer, bot: BotApplication
) -> None:
    await ask(server, USER, PENGUIN_QUESTION)
    await ask(server, USER, "Hallo")
    await ask(server, USER, "Wann landet die Mondfähre auf dem Mars?")

    stats = visible((await ask(server, ADMIN, "/stats"))["text"]).split("\n")

    assert stats[0] == "📊 Statistik seit dem Start"
    assert re.fullmatch(r"Läuft seit: \d+ s", stats[1])
    assert re.fullmatch(r"Artikel: 2 · Sätze: \d+", stats[2])
    assert stats[3] == "Fragen beantwortet: 1 · ohne Antwort: 1"
    assert re.fullmatch(r"Antwortzeit \(Median\): \d+ ms", stats[4])


async def test_unanswered_lists_the_last_20_questions_newest_first_escaped(
    server: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(user_rate=30)  # 22 questions from one user: above the flood limit
    for number in range(21):
        await ask(server, USER, f"Frage Nummer {number} über Mondfähren?")
    await ask(server, USER, "<b>x</b> & <script>")

    reply = (await ask(server, ADMIN, "/unanswered"))["text"]

    lines = visible(reply).split("\n")
    assert lines[0] == "Die letzten 20 Fragen ohne Antwort:"
    assert lines[1].endswith(": <b>x</b> & <script>")
    assert lines[2].endswith(": Frage Nummer 20 über Mondfähren?")
    assert len(lines) == 21
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;" in reply


async def test_unanswered_in_a_group_does_not_post_what_people_asked_privately(
    server: BotApiServer, bot: BotApplication
) -> None:
    await ask(server, USER, "Frage Nummer 1 über Mondfähren?")

    reply = await ask_group(server, "/unanswered", sender=ADMIN)

    assert reply["text"] == UNANSWERED_ONLY_PRIVATE
    assert "Mondfähren" in (await ask(server, ADMIN, "/unanswered"))["text"]


async def test_an_admin_uploads_an_article_that_is_saved_and_answered_at_once(
    server: BotApiServer, bot: BotApplication, bot_seeds: Path
) -> None:
    reply = visible((await upload(server, ADMIN, "otter.txt", OTTERS))["text"])

    assert reply.startswith(
        "💾 Seeotter kehren nach Monterey zurück gespeichert als otter.txt.\n"
        "✅ Neu geladen: 3 Artikel"
    )
    assert (bot_seeds / "otter.txt").read_text(encoding="utf-8") == OTTERS
    assert "Seeotter" in visible(
        (await ask(server, USER, "Wie viele Seeotter leben in Monterey?"))["text"]
    )


async def test_an_invalid_upload_is_rejected_with_the_line_to_fix(
    server: BotApiServer, bot: BotApplication, bot_seeds: Path
) -> None:
    reply = visible(
        (await upload(server, ADMIN, "falsch.txt", "Titel\n31.02.2024\nText\n"))["text"]
    )
    other = visible((await upload(server, ADMIN, "bild.png", "kein Artikel"))["text"])

    assert reply.startswith("❌ Das ist keine gültige Artikeldatei:\nfalsch.txt:2:")
    assert other == "Ich nehme nur .txt-Dateien im Artikelformat an."
    assert not (bot_seeds / "falsch.txt").exists() and not (bot_seeds / "bild.png").exists()


async def test_an_upload_never_overwrites_unless_the_admin_confirms(
    server: BotApiServer, bot: BotApplication, bot_seeds: Path
) -> None:
    question = await upload(server, ADMIN, "pinguine.txt", OTTERS)
    assert (
        visible(question["text"])
        == "Es gibt schon eine Datei pinguine.txt. Soll ich sie überschreiben?"
    )
    assert (bot_seeds / "pinguine.txt").read_text(encoding="utf-8") == PENGUINS

    rows = question["reply_markup"]["inline_keyboard"]
    overwrite = next(
        b["callback_data"] for row in rows for b in row if b["text"] == "Überschreiben"
    )
    server.callback_query(ADMIN, question, overwrite)
    await server.wait_for_calls("editMessageText")

    edited = server.message(ADMIN, question["message_id"])
    assert visible(edited["text"]).startswith(
        "💾 Seeotter kehren nach Monterey zurück gespeichert als pinguine.txt."
    )
    assert "reply_markup" not in edited
    assert (bot_seeds / "pinguine.txt").read_text(encoding="utf-8") == OTTERS


async def test_cancelling_an_overwrite_keeps_the_file(
    server: BotApiServer, bot: BotApplication, bot_seeds: Path
) -> None:
    question = await upload(server, ADMIN, "pinguine.txt", OTTERS)
    rows = question["reply_markup"]["inline_keyboard"]
    cancel = next(b["callback_data"] for row in rows for b in row if b["text"] == "Abbrechen")

    server.callback_query(ADMIN, question, cancel)
    await server.wait_for_calls("editMessageText")

    assert visible(server.message(ADMIN, question["message_id"])["text"]) == (
        "Abgebrochen: pinguine.txt bleibt, wie es ist."
    )
    assert (bot_seeds / "pinguine.txt").read_text(encoding="utf-8") == PENGUINS


async def test_non_admins_cannot_upload_articles(
    server: BotApiServer, bot: BotApplication, bot_seeds: Path
) -> None:
    reply = await upload(server, USER, "otter.txt", OTTERS)

    assert reply["text"] == GERMAN.refusal
    assert not (bot_seeds / "otter.txt").exists()
