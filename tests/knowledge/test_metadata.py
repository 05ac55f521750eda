"""Questions about an article itself: recognised by an article word and a field word, and
answered from the header of the article their subject names."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge import Article, SentenceIndex, corpus_sentences
from knowledge.metadata import (
    ArticleFact,
    ArticleField,
    MetadataQuestion,
    article_fact,
    asked_about_article,
)
from tests.knowledge.conftest import make_article

AUTHOR, DATE, SOURCE = ArticleField.AUTHOR, ArticleField.DATE, ArticleField.SOURCE

FERRY = make_article(
    "Die Solarfähre fährt seit Mai zwischen Konstanz und Meersburg.",
    "Im Sommer nutzen täglich 400 Fahrgäste das Schiff.",
    title="Die Solarfähre vom Bodensee",
    date="2024-05-02",
    header=("Autor: Jana Beispiel", "Quelle: dpa"),
    file_name="faehre.txt",
)
ADELE = make_article(
    "Adele gibt im August zehn Konzerte in München. Die Bühne steht auf der Messe.",
    title="Adele kommt nach München",
    date="14.08.2024",
    header=("Quelle: https://example.org/adele",),
    file_name="adele.txt",
)
"""Without an `Autor:` line; its source is a link."""
PENGUINS = make_article(
    "Auf Phillip Island leben rund 32.000 Zwergpinguine.",
    "Jeden Abend watscheln sie an Land.",
    title="Zwergpinguine kehren nach Phillip Island zurück",
    date="2024-11-05",
    header=("Autor: Tom Muster",),
    file_name="pinguine.txt",
)
INDEX = SentenceIndex(corpus_sentences([FERRY, ADELE, PENGUINS]))


@pytest.mark.parametrize(
    ("question", "field", "subject"),
    [
        ("Wer hat den Artikel über die Solarfähre geschrieben?", AUTHOR, "die Solarfähre"),
        ("Von wem ist der Artikel über xAI?", AUTHOR, "xAI"),
        ("Wer ist der Autor des Berichts über Adele?", AUTHOR, "Adele"),
        ("Von wem stammt der Beitrag zur Solarfähre?", AUTHOR, "Solarfähre"),
        ("wer hat den artikel ueber xai geschrieben", AUTHOR, "xai"),
        ("Der Artikel über Adele, wer hat ihn verfasst?", AUTHOR, "Adele"),
        ("Wer schrieb den Zeitungsartikel über Elon Musk?", AUTHOR, "Elon Musk"),
        ("Wann ist der Artikel über Adele erschienen?", DATE, "Adele"),
        (
            "Wann wurde der Bericht über die Zwergpinguine veröffentlicht?",
            DATE,
            "die Zwergpinguine",
        ),
        (
            "wann wurde der bericht ueber die zwergpinguine veroeffentlicht",
            DATE,
            "die zwergpinguine",
        ),
        ("Welches Datum hat die Meldung zu Adele?", DATE, "Adele"),
        ("Wann wurde der Text über Adele geschrieben?", DATE, "Adele"),
        ("Woher stammt der Artikel über die Solarfähre?", SOURCE, "die Solarfähre"),
        ("Welche Quelle hat der Artikel über xAI?", SOURCE, "xAI"),
        ("Who wrote the article about the solar ferry?", AUTHOR, "the solar ferry"),
        ("Who is the author of the piece on xAI?", AUTHOR, "xAI"),
        ("When was the article about Adele published?", DATE, "Adele"),
        ("Where is the article about xAI from?", SOURCE, "xAI"),
        ("What is the source of the report about penguins?", SOURCE, "penguins"),
        ("Wann ist der Artikel erschienen?", DATE, ""),
    ],
)
def test_a_question_about_an_article_is_recognised_with_its_field_and_subject(
    question: str, field: ArticleField, subject: str
) -> None:
    asked = asked_about_article(question)

    assert asked is not None
    assert (asked.field, asked.subject) == (field, subject)


@pytest.mark.parametrize(
    "question",
    [
        "Wer hat die Fähre gebaut?",
        "Wann fährt die Fähre?",
        "Wann ist er erschienen?",
        "Woher kommen die Zwergpinguine?",
        "Was steht im Artikel über xAI?",
        "Wie viele Fahrgäste nennt der Bericht?",
        "Wer hat laut dem Artikel die Konzerte organisiert?",
        "Wer hat den Liedtext geschrieben?",
        "Who built the ferry?",
        "When does the ferry leave?",
        "What does the article say about xAI?",
    ],
)
def test_a_question_without_an_article_word_and_a_field_word_is_no_metadata_question(
    question: str,
) -> None:
    assert asked_about_article(question) is None


def test_the_subject_is_read_in_the_language_of_the_whole_question() -> None:
    """`the solar ferry` alone is too short to tell; the question is plainly English."""
    assert asked_about_article("Who wrote the article about the solar ferry?") == (
        MetadataQuestion(AUTHOR, "the solar ferry", english=True)
    )


@pytest.mark.parametrize(
    ("question", "article", "field"),
    [
        ("Wer hat den Artikel über die Solarfähre geschrieben?", FERRY, AUTHOR),
        ("Wann wurde der Bericht über die Zwergpinguine veröffentlicht?", PENGUINS, DATE),
        ("Woher stammt der Artikel über Adele?", ADELE, SOURCE),
        ("Who wrote the article about the Zwergpinguine?", PENGUINS, AUTHOR),
    ],
)
def test_the_subject_finds_its_article_among_others(
    question: str, article: Article, field: ArticleField
) -> None:
    assert article_fact(INDEX, question) == ArticleFact(article, field)


@pytest.mark.parametrize(
    "question",
    [
        "Wer hat den Artikel über die Mondlandung geschrieben?",
        "Wer hat den Artikel über die Fähre nach Helgoland geschrieben?",
        "Wann ist der Artikel erschienen?",
        "Wer hat die Fähre gebaut?",
    ],
    ids=["unknown subject", "half the subject unknown", "no subject", "no metadata question"],
)
def test_no_fact_without_an_article_that_holds_most_of_the_subject(question: str) -> None:
    assert article_fact(INDEX, question) is None


def test_the_value_is_the_header_field_or_none_where_the_header_lacks_it() -> None:
    assert ArticleFact(FERRY, AUTHOR).value == "Jana Beispiel"
    assert ArticleFact(ADELE, AUTHOR).value is None
    assert ArticleFact(ADELE, DATE).value == dt.date(2024, 8, 14)
    assert ArticleFact(FERRY, SOURCE).value == "dpa"
    assert ArticleFact(ADELE, SOURCE).value == "https://example.org/adele", "a link says it too"
    assert ArticleFact(PENGUINS, SOURCE).value is None


def test_the_seed_article_is_found_by_its_subject(seed_index: SentenceIndex) -> None:
    fact = article_fact(seed_index, "Wer hat den Artikel über xAI geschrieben?")

    assert fact is not None
    assert (fact.field, fact.value) == (AUTHOR, "Laura")
    assert fact.article.title.startswith("Elon Musk sammelt erneut Milliarden")
