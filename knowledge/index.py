"""A BM25 inverted index in flat numpy arrays.

Scoring a question gathers only the postings of its terms and sums them with one
`bincount`: no loop over sentences in Python, and the work grows with how often the
question's terms occur, not with how many sentences share none of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from knowledge.occurrences import Occurrences, Terms

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]
Scores = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class TermIndex:
    """Postings per term in CSR form, with BM25 weights precomputed at build time."""

    vocabulary: Mapping[str, int]
    offsets: npt.NDArray[np.int64]
    doc_ids: IntArray
    weights: FloatArray
    idf: FloatArray
    n_docs: int

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]], *, k1: float = 1.2, b: float = 0.75) -> TermIndex:
        """Index each document's terms; k1 and b are BM25's saturation and length weights."""
        occurrences = Occurrences.of(docs)
        return cls.of_terms(occurrences.mapped(str), len(docs), k1=k1, b=b)

    @classmethod
    def of_terms(cls, terms: Terms, n_docs: int, *, k1: float = 1.2, b: float = 0.75) -> TermIndex:
        """Postings from numbered term occurrences: one sort groups them by term, then document."""
        pairs, tf = np.unique(terms.term_ids * max(n_docs, 1) + terms.doc_of, return_counts=True)
        term_of_posting = pairs // max(n_docs, 1)
        posting_docs = (pairs % max(n_docs, 1)).astype(np.int32)
        vocabulary = terms.vocabulary
        doc_freq = np.bincount(term_of_posting, minlength=len(vocabulary))
        offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(doc_freq, out=offsets[1:])

        lengths = np.bincount(terms.doc_of, minlength=n_docs).astype(np.float32)
        average_length = float(lengths.mean()) if n_docs else 1.0
        norm = k1 * (1 - b + b * lengths[posting_docs] / max(average_length, 1e-9))
        weights = (tf * (k1 + 1) / (tf + norm)).astype(np.float32)
        idf = np.log1p((n_docs - doc_freq + 0.5) / (doc_freq + 0.5)).astype(np.float32)
        return cls(vocabulary, offsets, posting_docs, weights, idf, n_docs)

    def term_idf(self, term: str) -> float:
        """A term the index never saw is as rare as a term can be."""
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return math.log1p((self.n_docs + 0.5) / 0.5)
        return float(self.idf[term_id])

    def scores(self, query: Mapping[str, float]) -> Scores:
        """BM25 score of every document for weighted query terms (weight 1 = one exact term)."""
        found = [
            (term_id, weight)
            for term, weight in query.items()
            if weight > 0 and (term_id := self.vocabulary.get(term)) is not None
        ]
        if not found:
            return np.zeros(self.n_docs)
        term_ids = np.fromiter((term_id for term_id, _ in found), dtype=np.int64, count=len(found))
        factors = np.fromiter((weight for _, weight in found), dtype=np.float32, count=len(found))
        spans, lengths = self._spans(term_ids)
        weights = np.concatenate([self.weights[span] for span in spans])
        weights *= np.repeat(factors * self.idf[term_ids], lengths)
        docs = np.concatenate([self.doc_ids[span] for span in spans])
        # float64 weights: numpy's bincount is several times slower on int32 with float32.
        scores = np.bincount(docs, weights.astype(np.float64), minlength=self.n_docs)
        return np.asarray(scores, dtype=np.float64)

    def held(self, terms: Iterable[str], doc: int) -> set[str]:
        """Which of the given terms one document holds, from one pass over their postings."""
        known = [term for term in terms if term in self.vocabulary]
        if not known:
            return set()
        term_ids = np.fromiter(map(self.vocabulary.__getitem__, known), np.int64, len(known))
        spans, lengths = self._spans(term_ids)
        owners = np.repeat(np.arange(len(known)), lengths)
        docs = np.concatenate([self.doc_ids[span] for span in spans])
        return {known[owner] for owner in owners[docs == doc].tolist()}

    def _spans(self, term_ids: npt.NDArray[np.int64]) -> tuple[list[slice], npt.NDArray[np.int64]]:
        """Where each term's postings lie, and how many there are."""
        starts, ends = self.offsets[term_ids], self.offsets[term_ids + 1]
        spans = [
            slice(start, end) for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
        ]
        return spans, ends - starts
