"""Telegram's HTML parse mode, checked the way Telegram parses it.

The test server accepts any text, but Telegram rejects a message whose HTML it cannot
parse ("can't parse entities"), so every message a bot test sends is checked here:
only Telegram's tags, balanced, and every `<`, `>` and `&` outside a tag escaped.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre"}
    | {"tg-spoiler", "span", "tg-emoji", "blockquote"}
)
ENTITIES = frozenset({"lt", "gt", "amp", "quot"})


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.problems.append(f"unsupported tag <{tag}>")
        if tag == "a" and [name for name, _ in attrs] != ["href"]:
            self.problems.append(f"<a> needs exactly an href, got {attrs}")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")

    def handle_entityref(self, name: str) -> None:
        if name not in ENTITIES:
            self.problems.append(f"unknown entity &{name};")

    def handle_data(self, data: str) -> None:
        for character in "<>&":
            if character in data:
                self.problems.append(f"unescaped {character!r} in {data!r}")


def telegram_html_problems(text: str) -> list[str]:
    """What Telegram would reject in `text`; empty when it parses."""
    checker = _Checker()
    checker.feed(text)
    checker.close()
    return checker.problems + [f"unclosed <{tag}>" for tag in checker.open]


def visible(text: str) -> str:
    """What a user reads: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))
