"""The console chat: the bot's plain-text replies in a terminal, driven here by scripted input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.console import chat
from bot.markup import PLAIN
from bot.replies import (
    ask_hint_reply,
    small_talk_reply,
    sources_reply,
    unknown_command_reply,
    welcome_reply,
)
from bot.texts import GERMAN
from knowledge import DEFAULT_MIN_SCORE, KnowledgeBase

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@dataclass
class Terminal:
    """Typed lines in, printed text out; reading past the last line is end of input."""

    lines: list[str | BaseException]
    prompts: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)

    def read(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if isinstance(line, BaseException):
            raise line
        return line

    def replies(self) -> list[str]:
        """What the bot said, without the greeting printed at start."""
        return [
            text.removeprefix("Bot: ").removesuffix("\n")
            for text in self.printed
            if text.startswith("Bot: ")
        ]


Talk = Callable[..., tuple[int, Terminal]]


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    knowledge = KnowledgeBase(SEEDS)
    knowledge.reload()
    return knowledge


@pytest.fixture
def talk(knowledge: KnowledgeBase) -> Talk:
    """Run the chat over the given typed lines; return its exit code and the terminal."""

    def run(*lines: str | BaseException) -> tuple[int, Terminal]:
        terminal = Terminal(list(lines))
        code = chat(
            knowledge,
            top_k=3,
            min_score=DEFAULT_MIN_SCORE,
            read=terminal.read,
            write=terminal.printed.append,
        )
        return code, terminal

    return run


def test_chat_opens_with_the_welcome_and_how_to_quit(talk: Talk, knowledge: KnowledgeBase) -> None:
    _, terminal = talk()

    assert terminal.printed[0] == welcome_reply(
        knowledge.articles, knowledge.example_question, PLAIN, GERMAN
    )
    assert "/quit" in terminal.printed[1]


def test_question_is_answered_with_the_sentence_and_its_source(talk: Talk) -> None:
    _, terminal = talk("Wie viel Geld hat xAI eingesammelt?")

    (reply,) = terminal.replies()
    assert "sechs Milliarden Dollar" in reply
    assert "24.12.2024" in reply


def test_greeting_gets_a_hint_instead_of_a_search(talk: Talk, knowledge: KnowledgeBase) -> None:
    _, terminal = talk("hallo")

    assert terminal.replies() == [small_talk_reply(knowledge.example_question, PLAIN, GERMAN)]
    assert "Was weißt du über Elon Musk?" in terminal.replies()[0]


def test_unanswerable_question_gets_a_reply_saying_so(talk: Talk) -> None:
    _, terminal = talk("Gib mir ein Rezept für Apfelkuchen")

    (reply,) = terminal.replies()
    assert "nichts Passendes" in reply


def test_sources_lists_the_articles(talk: Talk, knowledge: KnowledgeBase) -> None:
    _, terminal = talk("/sources")

    assert terminal.replies() == [sources_reply(knowledge.articles, PLAIN, GERMAN)]


@pytest.mark.parametrize("command", ["/help", "/start", "/HILFE"])
def test_help_shows_the_welcome_again(talk: Talk, knowledge: KnowledgeBase, command: str) -> None:
    _, terminal = talk(command)

    assert terminal.replies() == [
        welcome_reply(knowledge.articles, knowledge.example_question, PLAIN, GERMAN)
    ]


@pytest.mark.parametrize("command", ["/ask", "/frage", "/ask@ArtikelBot"])
def test_ask_commands_search_only_the_question_after_them(talk: Talk, command: str) -> None:
    _, terminal = talk(f"{command} Wer hat in xAI investiert?", "Wer hat in xAI investiert?")

    with_command, plain = terminal.replies()
    assert with_command == plain


def test_ask_alone_shows_how_a_question_goes(talk: Talk, knowledge: KnowledgeBase) -> None:
    _, terminal = talk("/frage")

    assert terminal.replies() == [ask_hint_reply(knowledge.example_question, PLAIN, GERMAN)]


def test_an_unknown_command_is_not_searched_but_shows_what_works(
    talk: Talk, knowledge: KnowledgeBase
) -> None:
    _, terminal = talk("/investoren", "/ Katar")

    unknown, not_a_command = terminal.replies()
    assert unknown == unknown_command_reply(
        knowledge.articles, knowledge.example_question, PLAIN, GERMAN
    )
    assert "Katar" in not_a_command


@pytest.mark.parametrize("command", ["/quit", "exit", "/Q"])
def test_quit_ends_the_chat_and_reads_no_further(talk: Talk, command: str) -> None:
    code, terminal = talk(command, "Katar")

    assert code == 0
    assert terminal.replies() == []
    assert len(terminal.prompts) == 1


@pytest.mark.parametrize("ending", [EOFError(), KeyboardInterrupt()], ids=["eof", "ctrl-c"])
def test_end_of_input_or_ctrl_c_ends_the_chat_cleanly(talk: Talk, ending: BaseException) -> None:
    code, terminal = talk("Katar", ending, "Katar")

    assert code == 0
    assert len(terminal.replies()) == 1
    assert terminal.printed[-1] == ""


def test_blank_lines_are_ignored(talk: Talk) -> None:
    _, terminal = talk("", "   ")

    assert terminal.replies() == []
    assert len(terminal.prompts) == 3
