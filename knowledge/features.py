"""The evidence for one candidate sentence, named once for the index, the model and training.

A learned model weighs these signals (`knowledge.model`); the benchmark that fits it and
the bot that answers compute them with the same function, `candidate_features`, so a
model can never be fitted on one definition and applied to another. Every signal is a
float, most of them within 0..1, and 0 where it does not apply (the encoder's signals
when the encoder is off).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from knowledge.article_index import in_lead
from knowledge.cues import ANSWER_CUES
from knowledge.hits import Ranked, Reading
from knowledge.index import Scores
from knowledge.search import SentenceIndex
from knowledge.text import fold

FloatRows = npt.NDArray[np.float64]

LENGTH_SCALE = 400
"""Characters at which a sentence counts as long; longer ones count the same."""
WORDS_SCALE = 10
"""Question words at which a question counts as long."""
SIMILARITY_RANKS = 10
"""Sentences the encoder alone proposes; a candidate's rank among them is a signal."""


class Features(NamedTuple):
    """The signals of one candidate sentence for one question."""

    lexical: float
    """The lexical mix (`SentenceIndex`), relative to the question's best sentence."""
    lexical_rank: float
    """1 / (1 + rank) in the lexical ranking after its re-rank; 0 beyond its candidates."""
    coverage: float
    """Share of the question's rarity-weighted topic words the sentence holds."""
    exact: float
    """Share of the question's words the sentence writes exactly as asked."""
    article: float
    """The article's BM25 over all its words, relative to the best article."""
    article_rank: float
    """1 / (1 + rank) among the best articles; 0 beyond them."""
    article_coverage: float
    """Share of the question's rarity-weighted topic words the whole article holds (title
    included): a share, so it means the same in an archive of one article or of thousands."""
    focus: float
    """Share of the question's words that are not the article's topic (title and lead) which
    the sentence holds: what the question asks beyond naming the story."""
    focus_fuzzy: float
    """A rapidfuzz comparison of those words with the sentence, for typos and inflections."""
    article_focus: float
    """Share of those words that the sentence's article holds anywhere: a question whose
    focus the article never mentions is likely one it does not answer."""
    focus_words: float
    """How many such words the question has, up to 5, over 5."""
    answer_type: float
    """1 when the question asks for a kind of answer (a number, a date) the sentence holds."""
    asks_type: float
    """1 when the question asks for a kind of answer at all."""
    opening: float
    """1 for an article's first sentence, which restates its topic more than it answers."""
    lead: float
    """1 for a sentence of the article's lead (`knowledge.article_index.in_lead`)."""
    position: float
    """1 / (1 + the sentence's place in its article)."""
    length: float
    """The sentence's length, up to `LENGTH_SCALE` characters, over that."""
    words: float
    """The question's topic words, up to `WORDS_SCALE`, over that."""
    english: float
    """1 for a question read as English."""
    similarity: float
    """The encoder's cosine of question and sentence."""
    context_similarity: float
    """The cosine with the sentence plus half of each neighbour in its article."""
    title_similarity: float
    """The cosine with the article's title."""
    similarity_gap: float
    """The cosine minus the best cosine of any sentence: 0 for the encoder's own first."""
    similarity_rank: float
    """1 / (1 + rank) among the encoder's `SIMILARITY_RANKS` best; 0 beyond them."""
    focus_similarity: float
    """The cosine with the sentence of the question without what the article's title says
    (the question's vector less its part along the title's): what it asks beyond the story."""
    titled_similarity: float
    """The cosine with the sentence and its title together: the title carries the story's
    subject to every sentence of it."""
    lexical_in_article: float
    """The lexical mix relative to the best candidate of the same article: the first level
    found the article, this is the second level's choice within it."""
    similarity_in_article: float
    """The cosine minus the best cosine among the candidates of the same article."""
    focus_in_article: float
    """`focus_similarity` minus the best of it among the candidates of the same article."""
    english_similarity: float
    """The following repeat signals for English questions only, so that the model can weigh
    meaning more and letters less when the question's words are not the article's."""
    english_context_similarity: float
    english_title_similarity: float
    english_similarity_gap: float
    english_similarity_rank: float
    english_lexical: float
    english_coverage: float
    english_article: float


FEATURE_NAMES: tuple[str, ...] = Features._fields
ENGLISH_REPEATED = (
    "similarity",
    "context_similarity",
    "title_similarity",
    "similarity_gap",
    "similarity_rank",
    "lexical",
    "coverage",
    "article",
)
"""The signals repeated as `english_<name>` for English questions."""


@dataclass(frozen=True, slots=True)
class Similarities:
    """The encoder's cosines of one question with every sentence, context and title."""

    sentences: npt.NDArray[np.float32]
    contexts: npt.NDArray[np.float32]
    titles: npt.NDArray[np.float32]
    title_agreement: npt.NDArray[np.float32]
    """Per sentence, the cosine of its vector and its article's title's (not the question's)."""
    ranked: tuple[int, ...]
    """The sentences with the highest cosine, best first (`SIMILARITY_RANKS` of them)."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the two levels found for one question, from which each candidate's signals are read."""

    reading: Reading
    ranked: Ranked
    article_scores: Scores
    best_articles: tuple[int, ...]
    similarities: Similarities | None


def candidate_features(
    index: SentenceIndex, evidence: Evidence, candidates: Sequence[int]
) -> FloatRows:
    """One row of `Features` per candidate sentence position, in the given order."""
    reading, ranked = evidence.reading, evidence.ranked
    best_relevance = float(ranked.relevance.max()) or 1.0
    best_article = float(evidence.article_scores.max()) or 1.0
    lexical_rank = {position: rank for rank, position in enumerate(ranked.positions)}
    article_rank = {article: rank for rank, article in enumerate(evidence.best_articles)}
    exact = index.exact_shares(reading, np.asarray(candidates, dtype=np.int32))
    folded = fold(reading.question)
    asked_types = [cue.asks.search(folded) is not None for cue in ANSWER_CUES]
    asks_type = float(any(asked_types))
    asked_cues = list(enumerate(asked_types))
    topical = [
        (term, rarity)
        for term, rarity in zip(reading.query, reading.rarity, strict=True)
        if term.topical
    ]
    words = min(len(topical), WORDS_SCALE) / WORDS_SCALE
    similarities = evidence.similarities
    similarity_rank = (
        {position: rank for rank, position in enumerate(similarities.ranked)}
        if similarities is not None
        else {}
    )
    best_similarity = (
        float(similarities.sentences[similarities.ranked[0]])
        if similarities is not None and similarities.ranked
        else 0.0
    )
    article_coverage: dict[int, float] = {}
    rows = np.zeros((len(candidates), len(FEATURE_NAMES)), dtype=np.float64)
    for row, position in enumerate(candidates):
        article = int(index.article_of[position])
        sentence = index.sentences[position]
        topic = index.article_index.topic(article, position)
        focus_terms = [(term, rarity) for term, rarity in topical if term.key not in topic]
        focus, focus_fuzzy = index.focus(focus_terms, position)
        place = position - index.article_index.sentences(article)[0]
        semantic = (0.0,) * 7
        if similarities is not None:
            similarity = float(similarities.sentences[position])
            title = float(similarities.titles[article])
            agreement = float(similarities.title_agreement[position])
            semantic = (
                similarity,
                float(similarities.contexts[position]),
                title,
                similarity - best_similarity,
                1 / (1 + similarity_rank[position]) if position in similarity_rank else 0.0,
                (similarity - title * agreement) / max(1 - title * title, 1e-6) ** 0.5,
                (similarity + title) / (2 + 2 * agreement) ** 0.5,
            )
        signals = Features(
            float(ranked.relevance[position]) / best_relevance,
            1 / (1 + lexical_rank[position]) if position in lexical_rank else 0.0,
            index.coverage(reading, position),
            exact[row],
            float(evidence.article_scores[article]) / best_article,
            1 / (1 + article_rank[article]) if article in article_rank else 0.0,
            article_coverage.setdefault(article, index.article_index.coverage(topical, article)),
            focus,
            focus_fuzzy,
            index.article_index.coverage(focus_terms, article) if focus_terms else 1.0,
            min(len(focus_terms), 5) / 5,
            float(any(asked and index.holds_cue(cue, position) for cue, asked in asked_cues)),
            asks_type,
            float(place == 0),
            float(in_lead(sentence)),
            1 / (1 + place),
            min(len(sentence.text), LENGTH_SCALE) / LENGTH_SCALE,
            words,
            float(reading.english),
            *semantic,
            0.0,
            0.0,
            0.0,
            *(0.0,) * len(ENGLISH_REPEATED),
        )
        if reading.english:
            signals = signals._replace(
                **{f"english_{name}": getattr(signals, name) for name in ENGLISH_REPEATED}
            )
        rows[row] = signals
    _within_articles(rows, [int(index.article_of[position]) for position in candidates])
    return rows


_IN_ARTICLE = tuple(
    (FEATURE_NAMES.index(relative), FEATURE_NAMES.index(absolute), ratio)
    for relative, absolute, ratio in (
        ("lexical_in_article", "lexical", True),
        ("similarity_in_article", "similarity", False),
        ("focus_in_article", "focus_similarity", False),
    )
)


def _within_articles(rows: FloatRows, articles: Sequence[int]) -> None:
    """Fill the `*_in_article` signals: each candidate against the best candidate of its own
    article, as a share (`lexical`) or a difference (cosines)."""
    groups = np.asarray(articles)
    for article in set(articles):
        members = groups == article
        for relative, absolute, ratio in _IN_ARTICLE:
            values = rows[members, absolute]
            top = values.max()
            rows[members, relative] = values / top if ratio and top > 0 else values - top
