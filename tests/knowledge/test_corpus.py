"""Sentences with their place in an article: paragraph and position count from 1."""

from __future__ import annotations

from knowledge import Article, article_sentences, corpus_sentences
from tests.knowledge.conftest import make_article


def test_sentences_are_located_by_paragraph_and_position_from_one() -> None:
    article = make_article(
        "Erster Satz hier. Zweiter Satz dort.", "Dritter Satz im zweiten Absatz."
    )

    located = [(s.paragraph, s.position, s.text) for s in article_sentences(article)]

    assert located == [
        (1, 1, "Erster Satz hier."),
        (1, 2, "Zweiter Satz dort."),
        (2, 1, "Dritter Satz im zweiten Absatz."),
    ]


def test_sentence_knows_its_article_and_its_whole_paragraph() -> None:
    article = make_article("Erster Satz hier. Zweiter Satz dort.")

    second = article_sentences(article)[1]

    assert second.article is article
    assert second.paragraph_text == "Erster Satz hier. Zweiter Satz dort."


def test_corpus_keeps_article_order(seed_article: Article) -> None:
    other = make_article("Ein anderer Artikel.", file_name="zweiter.txt")

    sentences = corpus_sentences([seed_article, other])

    assert [s.article.id for s in sentences[-1:]] == ["zweiter"]
    assert {s.article.id for s in sentences[:-1]} == {seed_article.id}
    assert len(sentences) == len(article_sentences(seed_article)) + 1


def test_corpus_of_no_articles_is_empty() -> None:
    assert corpus_sentences([]) == []
