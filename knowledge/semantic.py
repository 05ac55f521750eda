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
    """Unit vectors of every sentence, of each sentence with its neighbours, and of each
    article's title, in the positions of one `SentenceIndex`."""

    sentences: Vectors
    contexts: Vectors
    titles: Vectors
    title_agreement: Vectors
    """Per sentence, the cosine of its vector with its article's title's."""

    @classmethod
    def of(cls, sentences: AnyVectors, titles: AnyVectors, article_of: IntArray) -> SentenceVectors:
        """Context vectors from the sentence vectors: each plus `NEIGHBOUR_SHARE` of the
        sentences before and after it in the same article."""
        units = normalised(np.asarray(sentences, dtype=np.float32))
        contexts = units.copy()
        after = np.flatnonzero(article_of[1:] == article_of[:-1])
        contexts[after] += NEIGHBOUR_SHARE * units[after + 1]
        contexts[after + 1] += NEIGHBOUR_SHARE * units[after]
        title_units = normalised(np.asarray(titles, np.float32))
        agreement = np.einsum("ij,ij->i", units, title_units[article_of]).astype(np.float32)
        return cls(units, normalised(contexts), title_units, agreement)

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
            self.contexts @ question,
            self.titles @ question,
            self.title_agreement,
            tuple(ranked.tolist()),
        )
