"""Sentences with their place in an article: the unit the bot answers with and cites."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.articles import Article
from knowledge.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence and where it stands: paragraph and position count from 1, as people do."""

    text: str
    article: Article
    paragraph: int
    position: int

    @property
    def paragraph_text(self) -> str:
        """The whole paragraph, for answers that need their context."""
        return self.article.paragraphs[self.paragraph - 1]


def article_sentences(article: Article) -> list[Sentence]:
    """Split every paragraph of an article into located sentences."""
    return [
        Sentence(text=text, article=article, paragraph=paragraph, position=position)
        for paragraph, body in enumerate(article.paragraphs, start=1)
        for position, text in enumerate(split_sentences(body), start=1)
    ]


def corpus_sentences(articles: Iterable[Article]) -> list[Sentence]:
    """All sentences of all articles, in article order."""
    return [sentence for article in articles for sentence in article_sentences(article)]
