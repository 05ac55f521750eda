"""What admins read: statistics, the unanswered questions and the outcome of uploads.

Pure formatting like `bot.replies`, kept apart because only admins ever see it; so it stays
German, without `bot.texts`, except the refusal that anyone else gets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.markup import Markup
from bot.replies import fit_message, reload_reply, shorten
from bot.stats import Stats, Unanswered
from knowledge import Article, ArticleError, ReloadReport


def duration(value: dt.timedelta) -> str:
    """`3 d 4 h`, `2 h 5 min`, `42 s`: the two largest units are enough for an uptime."""
    days, rest = divmod(int(value.total_seconds()), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "min"), (seconds, "s")]
    return " ".join([f"{count} {unit}" for count, unit in parts if count][:2]) or "0 s"


def stats_reply(stats: Stats, *, articles: int, sentences: int, markup: Markup) -> str:
    """Uptime, what the bot knows, and how well it answered since start."""
    median = stats.median_seconds
    timing = "noch keine" if median is None else f"{median * 1000:.0f} ms"
    return "\n".join(
        [
            markup.bold("📊 Statistik seit dem Start"),
            markup.text(f"Läuft seit: {duration(stats.uptime)}"),
            markup.text(f"Artikel: {articles} · Sätze: {sentences}"),
            markup.text(f"Fragen beantwortet: {stats.answered} · ohne Antwort: {stats.unanswered}"),
            markup.text(f"Antwortzeit (Median): {timing}"),
        ]
    )


UNANSWERED_ONLY_PRIVATE = "Die Fragen ohne Antwort zeige ich nur im privaten Chat mit mir."
"""/unanswered in a group: the list holds what people asked the bot privately."""


def unanswered_reply(questions: Sequence[Unanswered], markup: Markup) -> str:
    """The latest questions without an answer, newest first: what the articles are missing."""
    if not questions:
        return "Seit dem Start blieb keine Frage unbeantwortet. 🎉"

    def render(limit: int) -> str:
        latest = (
            "Die letzte Frage" if len(questions) == 1 else f"Die letzten {len(questions)} Fragen"
        )
        lines = [markup.bold(f"{latest} ohne Antwort:")]
        for item in questions:
            # The server's time zone, named: a bare UTC time reads an hour or two off in Berlin.
            asked = item.asked.astimezone().strftime("%d.%m. %H:%M %Z")
            lines.append(
                f"• {markup.text(asked)}: {markup.text(shorten(item.question, limit // 4))}"
            )
        return "\n".join(lines)

    return fit_message(render)


def upload_saved_reply(article: Article, report: ReloadReport, markup: Markup) -> str:
    """The saved article, then the reload that put it in service."""
    title = markup.italic(shorten(article.title, 200))
    saved = f"💾 {title} gespeichert als {markup.text(article.file_name)}."
    return fit_message(lambda _: f"{saved}\n{reload_reply(report, markup)}")


def upload_exists_reply(file_name: str, markup: Markup) -> str:
    return f"Es gibt schon eine Datei {markup.bold(file_name)}. Soll ich sie überschreiben?"


def upload_cancelled_reply(file_name: str, markup: Markup) -> str:
    return f"Abgebrochen: {markup.text(file_name)} bleibt, wie es ist."


def upload_invalid_reply(error: ArticleError, markup: Markup) -> str:
    """The parser's located message, so the admin can fix the file and send it again."""
    return fit_message(
        lambda limit: (
            "❌ Das ist keine gültige Artikeldatei:\n" + markup.text(shorten(str(error), limit))
        )
    )
