"""The article bot's knowledge engine: articles in, ranked answers with sources out.

Pure Python with no Telegram import, so the console, the CLI, the benchmarks and
the bot all answer through the same code.
"""

from knowledge.articles import Article, ArticleError, LoadedArticles, load_articles, parse_article
from knowledge.base import KnowledgeBase, ReloadReport
from knowledge.corpus import Sentence, article_sentences, corpus_sentences
from knowledge.hits import Hit
from knowledge.metadata import ArticleFact, ArticleField
from knowledge.search import DEFAULT_MIN_SCORE, MAX_QUESTION_LENGTH, SentenceIndex

__all__ = [
    "DEFAULT_MIN_SCORE",
    "MAX_QUESTION_LENGTH",
    "Article",
    "ArticleError",
    "ArticleFact",
    "ArticleField",
    "Hit",
    "KnowledgeBase",
    "LoadedArticles",
    "ReloadReport",
    "Sentence",
    "SentenceIndex",
    "article_sentences",
    "corpus_sentences",
    "load_articles",
    "parse_article",
]
