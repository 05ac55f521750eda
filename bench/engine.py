"""The engine under test, loaded as the bot loads it and speaking the harness's language.

Hits are mapped back to corpus positions by where their sentence stands (article id,
paragraph, position), which holds whether the engine built its own sentence objects
(`KnowledgeBase`) or was given the corpus's (`SentenceIndex`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from bench.datasets import Corpus
from knowledge import Hit, KnowledgeBase, Sentence, SentenceIndex

ALL_CANDIDATES = 100
"""More hits than the engine ever considers, so a search with this k sees all its candidates."""


class Searcher(Protocol):
    """What `KnowledgeBase` and `SentenceIndex` have in common."""

    @property
    def default_min_score(self) -> float: ...

    def search(
        self, question: str, *, k: int = ..., min_score: float | None = ...
    ) -> list[Hit]: ...


def load_engine(corpus: Corpus) -> Searcher:
    """A folder through `KnowledgeBase.reload`, as the bot loads seeds; else the sentences."""
    if corpus.folder is None:
        return SentenceIndex(corpus.sentences)
    return load_folder(corpus.folder)


def load_folder(folder: Path) -> KnowledgeBase:
    """A folder of article files loaded as the bot loads its seeds, with nothing split twice.

    For benchmarks that score hits by their article and text rather than by corpus
    position, and so need no `Corpus` of the same sentences beside the engine's own.
    """
    base = KnowledgeBase(folder)
    base.reload()
    return base


def best_score(searcher: Searcher, question: str) -> float:
    """The highest score among the engine's hits: it answers iff this reaches min_score.

    Taken over all hits rather than from the first, so it stays right whether the
    engine's scores fall with rank or a later hit may outscore the first; the harness
    test checks the equivalence against the engine's own refusals.
    """
    hits = searcher.search(question, k=ALL_CANDIDATES, min_score=0.0)
    return max((hit.score for hit in hits), default=-math.inf)


def _key(sentence: Sentence) -> tuple[str, int, int]:
    return sentence.article.id, sentence.paragraph, sentence.position


class EngineRanker:
    """Rankings of corpus positions from the engine, like the baselines give them."""

    name = "engine"

    def __init__(self, searcher: Searcher, sentences: Sequence[Sentence]) -> None:
        self._searcher = searcher
        self._positions = {_key(sentence): i for i, sentence in enumerate(sentences)}

    def rank_all(self, questions: Sequence[str], *, k: int) -> list[list[int]]:
        """The top k positions per question, with no threshold: ranking quality alone."""
        return [
            [
                self._positions[_key(hit.sentence)]
                for hit in self._searcher.search(q, k=k, min_score=0.0)
            ]
            for q in questions
        ]

    def refusals(self, questions: Sequence[str]) -> list[bool]:
        """Whether the bot would say it has no answer, at the engine's default threshold."""
        return [not self._searcher.search(q, k=1) for q in questions]
