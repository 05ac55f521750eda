"""Meaning, not only letters: the encoder's vectors of an index's sentences and titles.

A reader's "hinausgeworfen" and the article's "Parteiausschluss" share no letters, and
an English question shares no words with a German article; a multilingual sentence
encoder puts them close all the same. The vectors are computed once per sentence (and
cached on disk, `knowledge.vectors`); a question costs one encoding and one matrix
product.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from knowledge.features import SIMILARITY_RANKS, Similarities
from knowledge.index import IntArray

Vectors = npt.NDArray[np.float32]
AnyVectors = npt.NDArray[np.floating[Any]]

NEIGHBOUR_SHARE = 0.5
"""How much each neighbouring sentence adds to a sentence's context vector: an answer
often needs the sentence before it to make sense ("Sie kostet 3 Millionen.")."""


def normalised(vectors: Vectors) -> Vectors:
    """Rows scaled to length 1 (a zero row stays zero)."""
    lengths = np.linalg.norm(vectors, axis=1, keepdims=True)
    scaled: Vectors = (vectors / np.maximum(lengths, 1e-12)).astype(np.float32)
    return scaled


@dataclass(frozen=True, slots=True, eq=False)
class SentenceVectors:
    """Unit vectors of every sentence and of each article's title, in the positions of one
    `SentenceIndex`, and what a sentence's context vector (it plus `NEIGHBOUR_SHARE` of the
    sentences before and after it in its article) needs to be scored without being stored:
    a context's cosine is its sentences' cosines, mixed the same way, over its length."""

    sentences: Vectors
    titles: Vectors
    title_agreement: Vectors
    """Per sentence, the cosine of its vector with its article's title's."""
    after: npt.NDArray[np.intp]
    """The positions whose next sentence is in the same article."""
    context_lengths: Vectors
    """Per sentence, the length of its context vector."""

    @classmethod
    def of(cls, sentences: AnyVectors, titles: AnyVectors, article_of: IntArray) -> SentenceVectors:
        """Unit vectors, and each context's length from the dot products of neighbours (no
        second matrix of the corpus's size: that was 33 MB and a matrix product a question)."""
        units = normalised(np.asarray(sentences, dtype=np.float32))
        after = np.flatnonzero(article_of[1:] == article_of[:-1])
        # |s + h·p + h·n|² = |s|² + h²|p|² + h²|n|² + 2h s·p + 2h s·n + 2h² p·n, for unit rows.
        share = NEIGHBOUR_SHARE
        squared = np.einsum("ij,ij->i", units, units)
        neighbours = np.einsum("ij,ij->i", units[after], units[after + 1])
        lengths = squared.copy()
        lengths[after] += share * share * squared[after + 1] + 2 * share * neighbours
        lengths[after + 1] += share * share * squared[after] + 2 * share * neighbours
        around = np.flatnonzero(
            np.isin(np.arange(len(units)), after + 1) & np.isin(np.arange(len(units)), after)
        )
        lengths[around] += (
            2 * share * share * np.einsum("ij,ij->i", units[around - 1], units[around + 1])
        )
        title_units = normalised(np.asarray(titles, np.float32))
        agreement = np.einsum("ij,ij->i", units, title_units[article_of]).astype(np.float32)
        return cls(
            units,
            title_units,
            agreement,
            after,
            np.sqrt(np.maximum(lengths, 0)).astype(np.float32),
        )

    def contexts(self, cosines: Vectors) -> Vectors:
        """Each context vector's cosine with the question, from the sentences' cosines."""
        mixed = cosines.copy()
        mixed[self.after] += NEIGHBOUR_SHARE * cosines[self.after + 1]
        mixed[self.after + 1] += NEIGHBOUR_SHARE * cosines[self.after]
        result: Vectors = (mixed / np.maximum(self.context_lengths, 1e-12)).astype(np.float32)
        return result

    def __len__(self) -> int:
        return len(self.sentences)

    def similarities(self, question: Vectors) -> Similarities:
        """The cosines of one question's unit vector with everything, and its best sentences."""
        cosines = self.sentences @ question
        count = min(SIMILARITY_RANKS, len(cosines))
        top = np.argpartition(-cosines, count - 1)[:count] if count else np.zeros(0, np.int64)
        ranked = top[np.argsort(-cosines[top], kind="stable")]
        return Similarities(
            cosines,
            self.contexts(cosines),
            self.titles @ question,
            self.title_agreement,
            tuple(ranked.tolist()),
        )
