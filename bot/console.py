"""The console chat: the bot's replies in a terminal, for trying it with no token and no network."""

from __future__ import annotations

from collections.abc import Callable

from bot.conversation import respond
from bot.markup import PLAIN
from bot.replies import sources_reply, welcome_reply
from knowledge import KnowledgeBase

QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit", "/q"})


def chat(
    knowledge: KnowledgeBase,
    *,
    top_k: int,
    min_score: float,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
) -> int:
    """Answer lines until end of input or `/quit`; the replies are the bot's, in plain text."""
    write(welcome_reply(knowledge.articles, knowledge.example_question, PLAIN))
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
        if line.lower() in {"/start", "/help", "/hilfe"}:
            reply = welcome_reply(knowledge.articles, knowledge.example_question, PLAIN)
        elif line.lower() == "/sources":
            reply = sources_reply(knowledge.articles, PLAIN)
        else:
            reply = respond(line, knowledge, PLAIN, top_k=top_k, min_score=min_score).text
        write(f"Bot: {reply}\n")
