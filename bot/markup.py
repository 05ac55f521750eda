"""Two renderings of one reply: Telegram HTML, and plain text for the console.

Replies are written once against this small interface, so the console chat shows
exactly what the bot would send, and every piece of text passes through `text()`
(escaping) before it reaches Telegram.
"""

from __future__ import annotations

import html
from typing import Protocol


class Markup(Protocol):
    """The few text styles replies use."""

    def text(self, value: str) -> str: ...
    def bold(self, value: str) -> str: ...
    def italic(self, value: str) -> str: ...
    def link(self, label: str, url: str) -> str: ...


class HtmlMarkup:
    """Telegram's HTML parse mode: everything escaped, styles as tags."""

    def text(self, value: str) -> str:
        return html.escape(value, quote=False)

    def bold(self, value: str) -> str:
        return f"<b>{self.text(value)}</b>"

    def italic(self, value: str) -> str:
        return f"<i>{self.text(value)}</i>"

    def link(self, label: str, url: str) -> str:
        return f'<a href="{html.escape(url, quote=True)}">{self.text(label)}</a>'


class PlainMarkup:
    """The console: styles become light punctuation, links are shown in full."""

    def text(self, value: str) -> str:
        return value

    def bold(self, value: str) -> str:
        return f"*{value}*"

    def italic(self, value: str) -> str:
        return value

    def link(self, label: str, url: str) -> str:
        return f"{label}: {url}"


HTML = HtmlMarkup()
PLAIN = PlainMarkup()


def message_length(rendered: str) -> int:
    """How much of Telegram's 4096 a rendered reply may use up, never less than Telegram counts.

    Telegram counts a message after entity parsing, by some accounts in UTF-16 code units
    (an emoji is two); counting the escaped text, tags and all, in those units is more than
    either reading, so a reply measured this way is never refused as too long.
    """
    return len(rendered.encode("utf-16-le")) // 2
