"""The knowledge base the bot asks: the current index, and a reload that never loses it."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from knowledge.articles import Article, ArticleError, load_articles
from knowledge.corpus import corpus_sentences
from knowledge.counts import counted
from knowledge.examples import example_question
from knowledge.memory import release_freed_memory
from knowledge.search import DEFAULT_MIN_SCORE, Hit, SentenceIndex


@dataclass(frozen=True, slots=True)
class ReloadReport:
    """What a reload did, in the words an admin needs to act on it."""

    applied: bool
    articles: int
    sentences: int
    errors: tuple[ArticleError, ...]
    seconds: float

    def summary(self) -> str:
        """One line for logs and replies."""
        skipped = f"{counted(len(self.errors), 'file', 'files')} skipped, in {self.seconds:.2f} s"
        if not self.applied:
            return f"no article loaded ({skipped}); kept the previous articles"
        return (
            f"loaded {counted(self.articles, 'article', 'articles')}, "
            f"{counted(self.sentences, 'sentence', 'sentences')}, {skipped}"
        )


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """Articles and their index, replaced together so readers never pair one with another's."""

    articles: tuple[Article, ...]
    index: SentenceIndex
    example: str | None = None


class KnowledgeBase:
    """Answers questions from the articles of one folder, and reloads it atomically.

    The current articles and index live in one attribute. A reload builds a complete new index
    aside and then replaces that attribute in a single assignment, so a search that
    runs meanwhile uses either the old or the new index, never a mix, and a reload
    that finds no article keeps the old one.
    """

    def __init__(self, seeds_dir: Path) -> None:
        self.seeds_dir = seeds_dir
        self._current = _Snapshot(articles=(), index=SentenceIndex([]))
        self._reload_lock = threading.Lock()

    @property
    def articles(self) -> tuple[Article, ...]:
        """The articles of the current index."""
        return self._current.articles

    @property
    def example_question(self) -> str | None:
        """A question about the articles that they answer, for help texts; None if no title
        yields one."""
        return self._current.example

    @property
    def sentence_count(self) -> int:
        """The number of sentences the current index answers from."""
        return len(self._current.index)

    def reload(self) -> ReloadReport:
        """Re-read the seeds folder; swap in the result only if at least one article loaded."""
        with self._reload_lock:
            started = time.perf_counter()
            loaded = load_articles(self.seeds_dir)
            if not loaded.articles:
                return ReloadReport(
                    applied=False,
                    articles=0,
                    sentences=0,
                    errors=loaded.errors,
                    seconds=time.perf_counter() - started,
                )
            index = SentenceIndex(corpus_sentences(loaded.articles))
            # Fully answered (score 1: a sentence holds every topic word), so the example works
            # whatever threshold the bot is configured with.
            example = example_question(
                loaded.articles, lambda question: bool(index.search(question, min_score=1.0))
            )
            self._current = _Snapshot(loaded.articles, index, example)
            release_freed_memory()
            return ReloadReport(
                applied=True,
                articles=len(loaded.articles),
                sentences=len(index),
                errors=loaded.errors,
                seconds=time.perf_counter() - started,
            )

    def search(
        self, question: str, *, k: int = 3, min_score: float = DEFAULT_MIN_SCORE
    ) -> list[Hit]:
        """Ranked answers for a question from the current index (see `SentenceIndex.search`)."""
        return self._current.index.search(question, k=k, min_score=min_score)

    def related_articles(self, question: str, *, limit: int = 3) -> list[Article]:
        """Articles that share words with a question it could not answer, best first.

        Only sentences holding a word of the question count: at no threshold, a search also
        ranks sentences that share a few letters (`ner#` of `Döner`) or stand beside one."""
        related: dict[str, Article] = {}
        for hit in self._current.index.search(question, k=5 * limit, min_score=0.0):
            if hit.matched:
                related.setdefault(hit.sentence.article.id, hit.sentence.article)
        return list(related.values())[:limit]
