"""Inline mode: `@BOTNAME question` in any chat offers the answers as results to pick.

Each result shows the sentence (shortened) as its title and the source as its
description; picking one sends that answer with its source, as the bot would.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineQueryResultArticle, InputTextMessageContent
from telegram.constants import InlineQueryLimit, ParseMode

from bot.markup import HTML
from bot.replies import answer_reply, shorten
from bot.texts import Texts
from knowledge import Hit

RESULTS = 10
"""Enough to choose from; Telegram allows 50."""

CACHE_SECONDS = 60
"""Telegram caches answers per query text; short, so a reload shows within a minute."""


def source_text(hit: Hit, texts: Texts) -> str:
    """Title, date, author and paragraph in plain text: descriptions take no markup."""
    article = hit.sentence.article
    parts = [article.title, article.date.strftime(texts.date_format)]
    if article.byline:
        parts.append(article.byline)
    parts.append(texts.paragraph.format(paragraph=hit.sentence.paragraph))
    return shorten(" · ".join(parts), 200)


def inline_results(hits: Sequence[Hit], texts: Texts) -> list[InlineQueryResultArticle]:
    """One result per answer, best first."""
    return [
        InlineQueryResultArticle(
            id=str(number),
            title=shorten(hit.sentence.text, 100),
            description=source_text(hit, texts),
            input_message_content=InputTextMessageContent(
                answer_reply([hit], HTML, texts), parse_mode=ParseMode.HTML
            ),
        )
        for number, hit in enumerate(hits[: min(RESULTS, InlineQueryLimit.RESULTS)])
    ]
