"""The article level: which articles a question is about, from all of its words, and which
words of an article name its story (title and lead)."""

from __future__ import annotations

import numpy as np

from knowledge import Article, SentenceIndex, corpus_sentences
from knowledge.text import stem
from tests.knowledge.conftest import make_article

FAEHRE = make_article(
    "Die Solarfähre fährt seit Mai zwischen Konstanz und Meersburg.",
    "Im Sommer nutzt eine Schulklasse das Schiff.",
    "Der Kapitän heißt Ole Hansen.",
    title="Die Solarfähre vom Bodensee",
    file_name="faehre.txt",
)
HAFEN = make_article(
    "Viele Fahrgäste kommen im Sommer nach Kiel. Sie lieben den Hafen.",
    "Mehr Schiffe als je zuvor legen dort an.",
    title="Der Hafen von Kiel",
    file_name="hafen.txt",
)
BAHN = make_article(
    "Die Lokführer streiken am Montag. Viele Züge fallen aus.",
    title="Streik bei der Bahn",
    file_name="bahn.txt",
)


def index_of(*articles: Article) -> SentenceIndex:
    return SentenceIndex(corpus_sentences(articles))


def article_scores(index: SentenceIndex, question: str) -> np.ndarray:
    reading = index.read(question)
    assert reading is not None, f"{question!r} holds no word to search"
    return index.article_index.scores(reading.stem_weights)


def numbers(index: SentenceIndex, *articles: Article) -> list[int]:
    """The article numbers of the index, as the article level counts them."""
    return [index.articles.index(article) for article in articles]


def test_the_article_whose_title_names_the_subject_ranks_first_though_no_sentence_does() -> None:
    index = index_of(HAFEN, FAEHRE, BAHN)
    faehre, hafen = numbers(index, FAEHRE, HAFEN)
    question = "Wie viele Fahrgäste hat die Solarfähre im Sommer?"
    assert not any("Solarfähre" in s.text and "Fahrgäste" in s.text for s in index.sentences), (
        "no single sentence holds both subject and detail"
    )

    scores = article_scores(index, question)

    assert index.article_index.best(scores, 3)[0] == faehre
    assert scores[hafen] > 0, "the other article shares a word, and still ranks below"


def test_a_word_only_the_title_writes_still_leads_to_its_article() -> None:
    """The title `Bodensee-Fähre` names the story; the text only says `Fähre`. The article
    level counts title words (`ArticleIndex.of` adds them to its vocabulary), so a question
    naming the story by its title must find the article."""
    faehre = make_article(
        "Die Fähre fährt seit Mai mit Sonnenstrom über den See.",
        "Im Sommer nutzen täglich 400 Fahrgäste das Schiff.",
        title="Solarfähre auf dem Bodensee",
        file_name="faehre.txt",
    )
    index = index_of(HAFEN, faehre)

    scores = article_scores(index, "Solarfähre")

    assert index.article_index.best(scores, 2) == numbers(index, faehre)


def test_a_topic_holds_the_title_and_lead_stems_not_those_of_later_paragraphs() -> None:
    index = index_of(HAFEN, FAEHRE)
    faehre, hafen = numbers(index, FAEHRE, HAFEN)
    later = index.article_index.sentences(faehre)[-1]

    topic = index.article_index.topic(faehre, later)

    assert {stem("Bodensee"), stem("Solarfähre"), stem("Meersburg")} <= topic
    assert stem("Schulklasse") not in topic, "second paragraph"
    assert stem("Kapitän") not in topic, "third paragraph"
    assert stem("Meersburg") not in index.article_index.topic(hafen, later), "its own article's"


def test_a_lead_sentence_s_own_words_are_not_topic_to_it() -> None:
    index = index_of(HAFEN, FAEHRE)
    (hafen,) = numbers(index, HAFEN)
    first, second, *_ = index.article_index.sentences(hafen)

    assert stem("Fahrgäste") in index.article_index.topic(hafen, second)
    assert stem("Fahrgäste") not in index.article_index.topic(hafen, first)
    assert stem("Hafen") in index.article_index.topic(hafen, first), "its title's"
    assert stem("lieben") not in index.article_index.topic(hafen, second)


def test_sentences_of_an_article_are_its_positions_in_order() -> None:
    index = index_of(FAEHRE, HAFEN)

    assert index.article_index.sentences(0) == [0, 1, 2]
    assert index.article_index.sentences(1) == [3, 4, 5]


def test_sentences_of_interleaved_articles_are_grouped_by_article_in_order() -> None:
    faehre, hafen = corpus_sentences([FAEHRE]), corpus_sentences([HAFEN])
    interleaved = [faehre[0], hafen[0], faehre[1], hafen[1], faehre[2], hafen[2]]

    index = SentenceIndex(interleaved)

    assert index.articles == (FAEHRE, HAFEN), "numbered in order of first appearance"
    assert index.article_of.tolist() == [0, 1, 0, 1, 0, 1]
    assert index.article_index.sentences(0) == [0, 2, 4]
    assert index.article_index.sentences(1) == [1, 3, 5]


def test_best_gives_only_articles_that_share_a_word_best_first() -> None:
    index = index_of(BAHN, FAEHRE, HAFEN)
    hafen, faehre = numbers(index, HAFEN, FAEHRE)

    scores = article_scores(index, "Fahrgäste Sommer")
    best = index.article_index.best(scores, 3)

    assert best == [hafen, faehre], "the Bahn article shares no word"
    assert scores[best[0]] > scores[best[1]] > 0
    assert index.article_index.best(scores, 1) == [hafen]


def test_an_empty_query_scores_every_article_zero() -> None:
    index = index_of(BAHN, FAEHRE, HAFEN)

    scores = index.article_index.scores({})

    assert scores.tolist() == [0.0, 0.0, 0.0]
    assert index.article_index.best(scores, 3) == []


def test_a_query_of_unknown_stems_scores_every_article_zero() -> None:
    index = index_of(BAHN, FAEHRE)

    scores = index.article_index.scores({"apfelkuch": 1.0})

    assert scores.tolist() == [0.0, 0.0]
