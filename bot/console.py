"""The console chat: the bot's replies in a terminal, for trying it with no token and no network.

It speaks German, as the bot does to every Telegram user whose language has no texts of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.addressing import ASK_COMMANDS, HELP_COMMANDS, command_argument
from bot.conversation import respond
from bot.markup import PLAIN
from bot.replies import ask_hint_reply, sources_reply, unknown_command_reply, welcome_reply
from bot.texts import GERMAN
from knowledge import KnowledgeBase

QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit", "/q"})
_COMMAND = re.compile(r"/\w+")
"""What Telegram marks as a command; a lone `/` or `/?` reaches the bot as text."""


def chat(
    knowledge: KnowledgeBase,
    *,
    top_k: int,
    min_score: float | None,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
) -> int:
    """Answer lines until end of input or `/quit`; the replies are the bot's, in plain text."""
    write(welcome_reply(knowledge.articles, knowledge.example_question, PLAIN, GERMAN))
    write("(Beenden mit /quit oder Strg-D)\n")
    while True:
        try:
            line = read("Du: ").strip()
        except (EOFError, KeyboardInterrupt):
            write("")
            return 0
        if not line:
            continue
        if line.lower() in QUIT_WORDS:
            return 0
        write(f"Bot: {reply_to(line, knowledge, top_k=top_k, min_score=min_score)}\n")


def reply_to(line: str, knowledge: KnowledgeBase, *, top_k: int, min_score: float | None) -> str:
    """What the bot replies to this line in a private chat, commands routed as its handlers
    route them: `/frage` searched as part of the question would find sentences about a
    `Frage`."""
    word = line.split(maxsplit=1)[0].lower().partition("@")[0]
    command = word.removeprefix("/") if _COMMAND.fullmatch(word) else None
    if command in HELP_COMMANDS:
        return welcome_reply(knowledge.articles, knowledge.example_question, PLAIN, GERMAN)
    if command == "sources":
        return sources_reply(knowledge.articles, PLAIN, GERMAN)
    if command in ASK_COMMANDS:
        line = command_argument(line)
        if not line:
            return ask_hint_reply(knowledge.example_question, PLAIN, GERMAN)
    elif command is not None:
        return unknown_command_reply(knowledge.articles, knowledge.example_question, PLAIN, GERMAN)
    return respond(line, knowledge, PLAIN, GERMAN, top_k=top_k, min_score=min_score).text
