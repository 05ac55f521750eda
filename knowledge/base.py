"""The knowledge base the bot asks: the current index, and a reload that never loses it."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from knowledge.answerer import Answerer, Semantics
from knowledge.articles import Article, ArticleError, load_articles
from knowledge.corpus import corpus_sentences
from knowledge.counts import counted
from knowledge.encoder import Encoder
from knowledge.examples import example_question
from knowledge.hits import Hit
from knowledge.memory import release_freed_memory
from knowledge.metadata import ArticleFact, article_fact
from knowledge.model import AnswerModel, model_for
from knowledge.search import SentenceIndex
from knowledge.semantic import SentenceVectors
from knowledge.vectors import BATCH, VectorCache

logger = logging.getLogger(__name__)

PROGRESS_STEPS = 20
"""Log lines a vector build writes at most: one each twentieth of the way."""


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
    answerer: Answerer
    example: str | None = None

    @property
    def index(self) -> SentenceIndex:
        """The lexical index both levels read."""
        return self.answerer.index


class Superseded(Exception):
    """A vector build for articles that a later reload has replaced."""


class KnowledgeBase:
    """Answers questions from the articles of one folder, and reloads it atomically.

    The current articles and index live in one attribute. A reload builds a complete new index
    aside and then replaces that attribute in a single assignment, so a search that
    runs meanwhile uses either the old or the new index, never a mix, and a reload
    that finds no article keeps the old one.

    With an encoder, a reload answers lexically at once, and a background thread then
    encodes the sentences the vector cache does not have yet (progress in the log) and
    swaps in the answerer that uses them, unless a later reload replaced the articles.
    """

    def __init__(
        self,
        seeds_dir: Path,
        *,
        encoder: Encoder | None = None,
        vectors_dir: Path | None = None,
        model: AnswerModel | None = None,
    ) -> None:
        """`model` replaces the shipped models, with the encoder and without (a benchmark that
        fits new ones)."""
        self.seeds_dir = seeds_dir
        self.encoder = encoder
        self._lexical_model = model if model is not None else model_for(None)
        self._model: AnswerModel | None = None
        if encoder is not None:
            self._model = model if model is not None else model_for(encoder)
        self._cache = (
            VectorCache(vectors_dir, encoder)
            if encoder is not None and vectors_dir is not None
            else None
        )
        self._current = _Snapshot((), Answerer(SentenceIndex([]), self._lexical_model))
        self._reload_lock = threading.Lock()
        self._vectors_lock = threading.Lock()
        self._vectors_ready = threading.Event()
        self._vectors_ready.set()

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
            snapshot = _Snapshot(loaded.articles, Answerer(index, self._lexical_model), example)
            self._current = snapshot
            release_freed_memory()
            self._start_vectors(snapshot)
            return ReloadReport(
                applied=True,
                articles=len(loaded.articles),
                sentences=len(index),
                errors=loaded.errors,
                seconds=time.perf_counter() - started,
            )

    @property
    def answerer(self) -> Answerer:
        """What answers now: the current index with the lexical model, or with the encoder's
        model and vectors once they are built."""
        return self._current.answerer

    @property
    def default_min_score(self) -> float:
        """The threshold `search` applies when it is given none: the answer model's own."""
        return self._current.answerer.default_min_score

    @property
    def semantic(self) -> bool:
        """Whether answers use the encoder's vectors now (they join once they are built)."""
        return self._current.answerer.semantics is not None

    def wait_for_vectors(self, timeout: float | None = None) -> bool:
        """Block until the current articles' vector build (if any) has ended; False on timeout."""
        return self._vectors_ready.wait(timeout)

    def search(self, question: str, *, k: int = 3, min_score: float | None = None) -> list[Hit]:
        """Ranked answers for a question from the current articles (see `Answerer.search`);
        `min_score` None means the fitted model's own threshold."""
        return self._current.answerer.search(question, k=k, min_score=min_score)

    def about_article(self, question: str) -> ArticleFact | None:
        """The answer to a question about an article itself ("Wer hat den Artikel über die
        Solarfähre geschrieben?") from the current articles; None when the question asks
        something else or names no article (see `knowledge.metadata`)."""
        return article_fact(self._current.index, question)

    def related_articles(self, question: str, *, limit: int = 3) -> list[Article]:
        """Articles that share words with a question it could not answer, best first.

        Only sentences holding a word of the question count: at no threshold, a search also
        ranks sentences that share a few letters (`ner#` of `Döner`) or stand beside one."""
        related: dict[str, Article] = {}
        for hit in self._current.index.search(question, k=5 * limit, min_score=0.0):
            if hit.matched:
                related.setdefault(hit.sentence.article.id, hit.sentence.article)
        return list(related.values())[:limit]

    def _start_vectors(self, snapshot: _Snapshot) -> None:
        """Encode the snapshot's sentences in the background, then answer with them."""
        if self._cache is None or self._model is None or not len(snapshot.index):
            return
        self._vectors_ready.clear()
        threading.Thread(
            target=self._build_vectors, args=(snapshot,), name="sentence-vectors", daemon=True
        ).start()

    def _build_vectors(self, snapshot: _Snapshot) -> None:
        """The body of the background build: one build at a time, abandoned when a reload
        replaced its articles (that reload's own build then ends the wait)."""
        cache, model, encoder = self._cache, self._model, self.encoder
        assert cache is not None and model is not None and encoder is not None
        index = snapshot.index
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if self._current is not snapshot:
                raise Superseded
            step = max(total // PROGRESS_STEPS, 1)
            if done == total or done // step != (done - BATCH) // step:
                logger.info("sentence vectors: %d of %d new sentences encoded", done, total)

        try:
            with self._vectors_lock:
                if self._current is not snapshot:
                    return
                sentences = cache.vectors([s.text for s in index.sentences], progress=progress)
                titles = cache.vectors([a.title for a in index.articles])
            semantics = Semantics(encoder, SentenceVectors.of(sentences, titles, index.article_of))
        except Superseded:
            return
        except Exception:
            logger.exception("sentence vectors failed; answering without the encoder")
            self._vectors_ready.set()
            return
        with self._reload_lock:
            if self._current is not snapshot:
                return
            self._current = replace(snapshot, answerer=Answerer(index, model, semantics))
            self._vectors_ready.set()
        logger.info(
            "sentence vectors ready for %d sentences in %.1f s; the encoder answers too",
            len(index),
            time.perf_counter() - started,
        )
