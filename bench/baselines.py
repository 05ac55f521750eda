"""The two references the engine must beat: plain BM25 (bm25s) and fuzzy matching (rapidfuzz).

Both rank the same sentence texts as the engine and return sentence positions, best
first. A sentence that scores 0 shares nothing with the question and is not returned,
as the engine returns no sentence without evidence either.
"""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np
import numpy.typing as npt
import Stemmer
from rapidfuzz import fuzz, process, utils

SNOWBALL_LANGUAGES = {"de": "german", "en": "english"}


class Bm25Baseline:
    """BM25 over Snowball stems without stopwords: the standard lexical retriever."""

    name = "bm25s"

    def __init__(self, texts: Sequence[str], *, language: str, backend: str = "numpy") -> None:
        """`backend="numba"` retrieves several times faster, the reference for speed; rankings
        come from numpy. Neither keeps equal scores in corpus order, which moves BM25's figures
        by at most 0.003 (measured by reversing and shuffling the corpus)."""
        self._language = language
        self._stemmer = Stemmer.Stemmer(SNOWBALL_LANGUAGES[language])
        self._size = len(texts)
        self._retriever = bm25s.BM25(backend=backend)
        self._retriever.index(self._tokenize(texts, ids=True), show_progress=False)

    def _tokenize(self, texts: Sequence[str], *, ids: bool) -> object:
        # Questions are tokenised as strings: ids would come from a vocabulary of their own.
        return bm25s.tokenize(
            list(texts),
            stopwords=self._language,
            stemmer=self._stemmer,
            return_ids=ids,
            show_progress=False,
        )

    def rank_all(self, questions: Sequence[str], *, k: int) -> list[list[int]]:
        """The top k sentence positions per question."""
        documents, scores = self._retriever.retrieve(
            self._tokenize(questions, ids=False), k=min(k, self._size), show_progress=False
        )
        return _positive(np.asarray(documents), np.asarray(scores))


class FuzzBaseline:
    """rapidfuzz `token_set_ratio` of question and whole sentence, lower-cased and stripped.

    The scorer and processor are chosen deliberately: the default `WRatio` without
    processing ties hundreds of sentences at the top.
    """

    name = "rapidfuzz"

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = list(texts)

    def rank_all(self, questions: Sequence[str], *, k: int) -> list[list[int]]:
        """The top k sentence positions per question; ties keep corpus order."""
        scores = process.cdist(
            list(questions),
            self._texts,
            scorer=fuzz.token_set_ratio,
            processor=utils.default_process,
            workers=-1,
        )
        top = np.argsort(-scores, axis=1, kind="stable")[:, :k]
        return _positive(top, np.take_along_axis(scores, top, axis=1))


def _positive(positions: npt.NDArray[np.int_], scores: npt.NDArray[np.float32]) -> list[list[int]]:
    return [
        [int(p) for p, s in zip(row, row_scores, strict=True) if s > 0]
        for row, row_scores in zip(positions, scores, strict=True)
    ]
