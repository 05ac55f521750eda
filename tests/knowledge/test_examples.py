"""The example question of the help texts: about the newest article, and answered by it."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.examples import TRIED_ARTICLES, example_question, title_topic
from tests.knowledge.conftest import ArticleFolder, make_article


@pytest.mark.parametrize(
    ("title", "topic"),
    [
        ("Elon Musk sammelt erneut Milliarden für KI \u2013 Was bedeutet das?", "Elon Musk"),
        ("Zwergpinguine kehren nach Phillip Island zurück", "Zwergpinguine"),
        ("Die Bundesregierung plant ein neues Gesetz", "Bundesregierung"),
        ("Wie viel kostet ein KI-Startup?", "KI-Startup"),
        ("„Tesla“: Rekord bei den Auslieferungen", "Tesla"),
        ("Ministerin Müller, Kanzler Scholz und die Bahn", "Ministerin Müller"),
        ("Apple-Chef Tim Cook stellt das neue iPhone vor", "Apple-Chef Tim Cook"),
        ("Dr. Müller warnt vor der Grippe", "Müller"),
        ("Prof. Drosten: Die Welle kommt", "Drosten"),
    ],
)
def test_the_topic_of_a_title_is_its_first_capitalised_words(title: str, topic: str) -> None:
    assert title_topic(title) == topic


@pytest.mark.parametrize("title", ["ganz klein geschrieben", "Wie und Was?", ""])
def test_a_title_without_a_capitalised_content_word_has_no_topic(title: str) -> None:
    assert title_topic(title) is None


def test_a_word_longer_than_any_german_word_is_no_topic() -> None:
    """The example must fit every help text, which Telegram limits to 4,096 characters."""
    assert title_topic("A" + "b" * 5000 + " geht") is None


def test_the_example_is_about_the_newest_article_that_answers_it() -> None:
    older = make_article("Die Werft baut Schiffe.", title="Werft in Kiel", date="2024-01-01")
    newer = make_article("Der Hafen wächst.", title="Hafen in Hamburg", date="2024-06-01")
    asked: list[str] = []

    def answers(question: str) -> bool:
        asked.append(question)
        return "Werft" in question

    assert example_question([older, newer], answers) == "Was weißt du über Werft?"
    assert asked == ["Was weißt du über Hafen?", "Was weißt du über Werft?"]


def test_no_example_when_no_title_gives_an_answered_question() -> None:
    articles = [make_article("Text.", title=f"Titel {n}") for n in range(TRIED_ARTICLES + 2)]
    asked: list[str] = []

    def answers(question: str) -> bool:
        asked.append(question)
        return False

    assert example_question(articles, answers) is None
    assert len(asked) == TRIED_ARTICLES


def test_the_knowledge_base_offers_an_example_its_articles_answer(seeds: ArticleFolder) -> None:
    seeds.write(
        "pinguine.txt",
        "Auf Phillip Island leben rund 32.000 Zwergpinguine.",
        title="Zwergpinguine kehren zurück",
    )
    knowledge = KnowledgeBase(seeds.path)
    assert knowledge.example_question is None, "nothing loaded, nothing to ask"

    knowledge.reload()

    example = knowledge.example_question
    assert example is not None
    assert example == "Was weißt du über Zwergpinguine?"
    assert knowledge.search(example)


def test_an_example_answered_only_in_part_is_not_offered(seeds: ArticleFolder) -> None:
    """`Investitionen` is found only as `investiert`: a partial answer, which a bot with a
    high BOT_MIN_SCORE would refuse, so it makes no example."""
    seeds.write(
        "kiel.txt", "Die Stadt investiert viel in den Hafen.", title="Investitionen in Kiel"
    )
    knowledge = KnowledgeBase(seeds.path)
    knowledge.reload()

    assert knowledge.search("Was weißt du über Investitionen?")
    assert knowledge.example_question is None
