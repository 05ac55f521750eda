"""The answer pipeline shared by Telegram and the console: small talk, answers, no answer, more."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation import MORE_ANSWERS, QUESTION_LIMIT, is_small_talk, more_answers, respond
from bot.markup import HTML, PLAIN
from bot.texts import GERMAN
from knowledge import KnowledgeBase
from tests.bot.conftest import PENGUIN_ANSWER, PENGUIN_QUESTION, PENGUINS
from tests.bot.telegram_html import visible


@pytest.fixture
def knowledge(seeds_dir: Path) -> KnowledgeBase:
    (seeds_dir / "pinguine.txt").write_text(PENGUINS, encoding="utf-8")
    base = KnowledgeBase(seeds_dir)
    assert base.reload().applied
    return base


@pytest.mark.parametrize("message", ["Hallo", "hi!", "Danke schön", "Guten Morgen 👋", "", "  "])
def test_greetings_thanks_and_empty_messages_are_small_talk(message: str) -> None:
    assert is_small_talk(message)


@pytest.mark.parametrize("message", [PENGUIN_QUESTION, "Zwergpinguine", "Hallo, wer ist Musk?"])
def test_anything_with_a_topic_is_a_question(message: str) -> None:
    assert not is_small_talk(message)


def test_small_talk_gets_a_hint_and_is_not_counted_as_a_question(knowledge: KnowledgeBase) -> None:
    reply = respond("Hallo!", knowledge, HTML, GERMAN, top_k=3, min_score=0.45)

    assert not reply.is_question and not reply.answered
    assert "/sources" in reply.text


def test_a_question_gets_answers_and_keeps_further_hits_for_mehr(knowledge: KnowledgeBase) -> None:
    reply = respond("Zwergpinguine", knowledge, PLAIN, GERMAN, top_k=1, min_score=0.45)

    assert reply.answered and reply.is_question
    assert 1 < len(reply.hits) <= 1 + MORE_ANSWERS
    assert "Weitere Treffer" not in reply.text


def test_the_best_answer_is_the_first_line(knowledge: KnowledgeBase) -> None:
    reply = respond(PENGUIN_QUESTION, knowledge, HTML, GERMAN, top_k=3, min_score=0.45)

    assert PENGUIN_ANSWER in visible(reply.text.split("\n")[0])


def test_no_answer_is_an_unanswered_question_with_suggestions(knowledge: KnowledgeBase) -> None:
    reply = respond(
        "Wann brüten Zwergpinguine in Neuseeland?",
        knowledge,
        PLAIN,
        GERMAN,
        top_k=3,
        min_score=0.99,
    )

    assert reply.is_question and not reply.answered
    assert "Zwergpinguine kehren nach Phillip Island zurück" in reply.text


def test_a_question_about_an_article_itself_is_answered_from_its_header(
    knowledge: KnowledgeBase,
) -> None:
    reply = respond(
        "Wer hat den Artikel über die Zwergpinguine geschrieben?",
        knowledge,
        PLAIN,
        GERMAN,
        top_k=3,
        min_score=None,
    )

    assert reply.answered and reply.is_question and reply.hits == ()
    assert reply.fact is not None and reply.fact.article.id == "pinguine"
    assert reply.text.startswith(
        "Den Artikel „Zwergpinguine kehren nach Phillip Island zurück“ "
        "hat Jana Beispiel <Redaktion & Co> geschrieben.\n📰 "
    )


def test_a_question_about_an_article_no_article_is_about_is_searched_as_usual(
    knowledge: KnowledgeBase,
) -> None:
    reply = respond(
        "Wer hat den Artikel über die Mondlandung geschrieben?",
        knowledge,
        PLAIN,
        GERMAN,
        top_k=3,
        min_score=None,
    )

    assert reply.fact is None and not reply.answered
    assert reply.text.startswith(GERMAN.nothing_found)


def test_a_very_long_message_is_searched_by_its_beginning(knowledge: KnowledgeBase) -> None:
    message = PENGUIN_QUESTION + " bla" * QUESTION_LIMIT

    assert PENGUIN_ANSWER in visible(
        respond(message, knowledge, HTML, GERMAN, top_k=3, min_score=None).text
    )


def test_more_answers_continue_after_top_k(knowledge: KnowledgeBase) -> None:
    first = respond("Zwergpinguine", knowledge, PLAIN, GERMAN, top_k=1, min_score=0.45)

    more = more_answers("Zwergpinguine", knowledge, PLAIN, GERMAN, top_k=1, min_score=0.45)

    assert more.hits == first.hits[1:]
    assert more.text.startswith("*Weitere Treffer:*\n2. ")


def test_more_answers_say_so_when_there_are_none(knowledge: KnowledgeBase) -> None:
    assert (
        more_answers("Eukalyptusholz", knowledge, PLAIN, GERMAN, top_k=3, min_score=0.45).text
        == GERMAN.no_more
    )
