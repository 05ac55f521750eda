"""The two renderings of a reply, and how much of Telegram's limit a rendered reply uses."""

from __future__ import annotations

import pytest

from bot.markup import HTML, PLAIN, message_length
from tests.bot.botapi import utf16_len
from tests.bot.telegram_html import visible


def test_html_escapes_every_piece_of_text_and_plain_leaves_it_alone() -> None:
    assert HTML.bold("a < b & c") == "<b>a &lt; b &amp; c</b>"
    assert PLAIN.bold("a < b & c") == "*a < b & c*"
    assert HTML.link("Zum Artikel", 'https://x.org/?a=1&b="2"') == (
        '<a href="https://x.org/?a=1&amp;b=&quot;2&quot;">Zum Artikel</a>'
    )


@pytest.mark.parametrize(
    "text", ["Mehr & <weniger>", "Emoji 📰😀 zählen doppelt", "ä ö ü ß", ""], ids=repr
)
def test_message_length_is_never_less_than_telegram_counts(text: str) -> None:
    rendered = HTML.bold(text) + HTML.text(text)

    assert message_length(rendered) >= utf16_len(visible(rendered))
    assert message_length(rendered) >= len(rendered)


def test_an_emoji_counts_as_two() -> None:
    assert message_length("📰") == 2
