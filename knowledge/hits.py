"""What a lexical search reads of a question, how it ranks sentences, and what it returns.

Shared by the lexical index (`knowledge.search`), the answerer's signals
(`knowledge.features`) and everything that shows an answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.corpus import Sentence
from knowledge.index import Scores
from knowledge.query import QueryTerm


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked answer: the sentence, how much of the question it covers (0..1), what matched."""

    sentence: Sentence
    score: float
    matched: tuple[str, ...]
    before: str | None
    after: str | None
    sure: bool = True
    """False when the answer is likely but not certain: the bot then shows it with doubt."""


@dataclass(frozen=True, slots=True)
class Reading:
    """A question as an index reads it: its language, its topic words with the index stems
    each may stand for, its content words as asked, and each topic word's rarity (idf)."""

    question: str
    english: bool
    query: tuple[QueryTerm, ...]
    asked: tuple[str, ...]
    rarity: tuple[float, ...]

    @property
    def stem_weights(self) -> dict[str, float]:
        """Each index stem the question asks for, at the highest weight any of its words gives."""
        weights: dict[str, float] = {}
        for term in self.query:
            for key, weight in term.stems.items():
                weights[key] = max(weights.get(key, 0.0), weight)
        return weights


@dataclass(frozen=True, slots=True)
class Ranked:
    """The lexical ranking of one question: every sentence's mix, and the best few re-ranked."""

    relevance: Scores
    positions: tuple[int, ...]
    scores: tuple[float, ...]
