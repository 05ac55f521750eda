"""Answering a question in two levels: the articles it is about, then the sentence that answers.

Candidates come from three places: the lexical ranking's best sentences, every sentence
of the best-matching articles (the question may name the story in the title's words and
ask for a detail elsewhere), and, with an encoder, the sentences closest in meaning. A
fitted model (`knowledge.model`) ranks them by their signals (`knowledge.features`) and
decides whether the best one answers: sure, with doubt, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from knowledge.encoder import Encoder
from knowledge.features import Evidence, candidate_features
from knowledge.hits import Hit
from knowledge.model import AnswerModel, probability
from knowledge.search import SentenceIndex
from knowledge.semantic import SentenceVectors

LEXICAL_CANDIDATES = 10
"""Sentences taken from the lexical ranking."""
CANDIDATE_ARTICLES = 2
"""Best-matching articles whose sentences are all candidates."""
ARTICLE_CANDIDATES = 60
"""At most this many sentences of one article (those the lexical mix ranks highest), so a
huge article costs no more than a long one."""
RECENCY_BONUS = 0.05
"""Log-odds added to a candidate of the archive's newest article, in proportion for older
ones: enough to put the newer of two about equally good answers first, too little to
outweigh any real difference (on the reader questions, a question's first two candidates
lie a median of 1.9 apart, and 1.4% of them closer than this)."""
FURTHER_SHARE = 0.1
"""A further hit is shown while the ranking model finds it at least this share as likely to
answer as the first: the first answer carries the decision, the others are further places
worth a look, and a keyword found in one sentence does not bring its whole article along.
On the 30 dev articles' German questions, the answer among the three shown: 0.81 with no
cut, 0.79 at 0.1, 0.75 at 0.25."""


@dataclass(frozen=True, slots=True, eq=False)
class Semantics:
    """An encoder and the vectors it gave one index's sentences."""

    encoder: Encoder
    vectors: SentenceVectors


@dataclass(frozen=True, slots=True)
class Decision:
    """The candidates of one question in the model's order, their ranking scores, and the
    probability that the first answers it."""

    evidence: Evidence
    order: tuple[int, ...]
    scores: tuple[float, ...]
    probability: float


class Answerer:
    """Answers from one `SentenceIndex` with a fitted model, and with sentence vectors when
    an encoder has given them."""

    def __init__(
        self, index: SentenceIndex, model: AnswerModel, semantics: Semantics | None = None
    ) -> None:
        self.index = index
        self.model = model
        self.semantics = semantics

    @property
    def default_min_score(self) -> float:
        """The threshold `search` applies when it is given none: the model's own."""
        return self.model.refuse_below

    def evidence(self, question: str) -> Evidence | None:
        """What both levels find for a question; None when it holds no word to search."""
        index = self.index
        reading = index.read(question)
        if reading is None:
            return None
        article_scores = index.article_index.scores(reading.stem_weights)
        similarities = None
        if self.semantics is not None:
            vector = self.semantics.encoder.queries([reading.question])[0]
            similarities = self.semantics.vectors.similarities(vector)
        return Evidence(
            reading,
            index.ranked(reading),
            article_scores,
            tuple(index.article_index.best(article_scores, CANDIDATE_ARTICLES)),
            similarities,
        )

    def candidates(self, evidence: Evidence) -> list[int]:
        """The sentence positions the model chooses from, each once."""
        relevance = evidence.ranked.relevance
        positions = dict.fromkeys(evidence.ranked.positions[:LEXICAL_CANDIDATES])
        for article in evidence.best_articles:
            sentences = self.index.article_index.sentences(article)
            if len(sentences) > ARTICLE_CANDIDATES:
                sentences = sorted(sentences, key=lambda position: -relevance[position])
            positions.update(dict.fromkeys(sentences[:ARTICLE_CANDIDATES]))
        if evidence.similarities is not None:
            positions.update(dict.fromkeys(evidence.similarities.ranked))
        return list(positions)

    def decide(self, question: str) -> Decision | None:
        """The model's ranking of a question's candidates and its decision on the first."""
        evidence = self.evidence(question)
        if evidence is None:
            return None
        candidates = self.candidates(evidence)
        if not candidates:
            return None
        judgement = self.model.judge(candidate_features(self.index, evidence, candidates))
        ranked = [candidates[i] for i in judgement.order.tolist()]
        recency = self.index.article_index.recency[self.index.article_of[ranked]]
        scores = judgement.scores + RECENCY_BONUS * recency
        newer_first = np.argsort(-scores, kind="stable").tolist()
        return Decision(
            evidence,
            tuple(ranked[i] for i in newer_first),
            tuple(scores[newer_first].tolist()),
            judgement.probability,
        )

    def search(self, question: str, *, k: int = 3, min_score: float | None = None) -> list[Hit]:
        """The best sentences for a question, best first; empty when the model judges the best
        one unlikely to answer it (below `min_score`, by default the model's `refuse_below`).

        The first hit's score is that probability, and it is `sure` from the model's
        `sure_from` on; each further hit's score scales it by its ranking probability
        relative to the first, and it is shown while that reaches `FURTHER_SHARE` of the
        first's (`min_score` 0: every candidate, in the model's order). A text that occurs
        twice is returned once.
        """
        threshold = self.model.refuse_below if min_score is None else min_score
        decision = self.decide(question)
        if decision is None or k <= 0 or decision.probability < threshold:
            return []
        return self._hits(decision, k, threshold)

    def _hits(self, decision: Decision, k: int, threshold: float) -> list[Hit]:
        """Up to `k` hits of a decision, the first one always."""
        index = self.index
        keys = index.topic_keys(decision.evidence.reading)
        sure = decision.probability >= self.model.sure_from
        first = probability(decision.scores[0])
        best = decision.probability
        hits: list[Hit] = []
        seen: set[str] = set()
        for position, score in zip(decision.order, decision.scores, strict=True):
            confidence = decision.probability * probability(score) / first
            if len(hits) == k or (hits and threshold and confidence < FURTHER_SHARE * best):
                break
            text = index.folded(position)
            matched = index.matched(position, keys)
            if text in seen:
                continue
            seen.add(text)
            hits.append(index.hit(position, confidence, matched, sure=sure))
        return hits
