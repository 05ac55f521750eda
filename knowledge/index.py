"""A BM25 inverted index in flat numpy arrays.

Scoring a question gathers only the postings of its terms and sums them with one
`bincount`: no loop over sentences in Python, and the work grows with how often the
question's terms occur, not with how many sentences share none of them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]


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
        return cls.build_grouped(docs, np.zeros(len(docs), dtype=np.int32), k1=k1, b=b)[0]

    @classmethod
    def build_grouped(
        cls,
        docs: Sequence[Sequence[str]],
        group_of: IntArray,
        *,
        k1: float = 1.2,
        b: float = 0.75,
        group_b: float = 0.75,
    ) -> tuple[TermIndex, TermIndex]:
        """An index of the documents and one of their groups (sentences and their paragraphs).

        Both share one pass that numbers the terms, which is most of the cost of building;
        `group_b` is the groups' own length weight.
        """
        terms = list(chain.from_iterable(docs))
        vocabulary = {term: number for number, term in enumerate(dict.fromkeys(terms))}
        lengths = np.fromiter((len(doc) for doc in docs), dtype=np.int64, count=len(docs))
        term_ids = np.fromiter(map(vocabulary.__getitem__, terms), dtype=np.int64, count=len(terms))
        doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        n_groups = int(group_of.max()) + 1 if len(group_of) else 0
        return (
            cls._from_numbered(vocabulary, term_ids, doc_of, len(docs), k1=k1, b=b),
            cls._from_numbered(
                vocabulary, term_ids, group_of.astype(np.int64)[doc_of], n_groups, k1=k1, b=group_b
            ),
        )

    @classmethod
    def _from_numbered(
        cls,
        vocabulary: Mapping[str, int],
        term_ids: npt.NDArray[np.int64],
        doc_of: npt.NDArray[np.int64],
        n_docs: int,
        *,
        k1: float,
        b: float,
    ) -> TermIndex:
        """Postings from (term id, document) pairs: one sort groups them by term, then document."""
        pairs, tf = np.unique(term_ids * max(n_docs, 1) + doc_of, return_counts=True)
        terms = pairs // max(n_docs, 1)
        posting_docs = (pairs % max(n_docs, 1)).astype(np.int32)
        doc_freq = np.bincount(terms, minlength=len(vocabulary))
        offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(doc_freq, out=offsets[1:])

        lengths = np.bincount(doc_of, minlength=n_docs).astype(np.float32)
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

    def scores(self, query: Mapping[str, float]) -> FloatArray:
        """BM25 score of every document for weighted query terms (weight 1 = one exact term)."""
        found = [
            (term_id, weight)
            for term, weight in query.items()
            if weight > 0 and (term_id := self.vocabulary.get(term)) is not None
        ]
        if not found:
            return np.zeros(self.n_docs, dtype=np.float32)
        term_ids = np.fromiter((term_id for term_id, _ in found), dtype=np.int64, count=len(found))
        factors = np.fromiter((weight for _, weight in found), dtype=np.float32, count=len(found))
        starts, ends = self.offsets[term_ids], self.offsets[term_ids + 1]
        spans = [
            slice(start, end) for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
        ]
        weights = np.concatenate([self.weights[span] for span in spans])
        weights *= np.repeat(factors * self.idf[term_ids], ends - starts)
        docs = np.concatenate([self.doc_ids[span] for span in spans])
        return np.bincount(docs, weights, minlength=self.n_docs).astype(np.float32)

    def contains(self, term: str, doc_ids: IntArray) -> npt.NDArray[np.bool_]:
        """Which of the given documents hold a term (postings are sorted by document)."""
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return np.zeros(len(doc_ids), dtype=bool)
        postings = self.doc_ids[self.offsets[term_id] : self.offsets[term_id + 1]]
        found = np.searchsorted(postings, doc_ids)
        found[found == len(postings)] = 0
        return (
            np.asarray(postings[found] == doc_ids)
            if len(postings)
            else np.zeros(len(doc_ids), dtype=bool)
        )
