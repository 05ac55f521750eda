"""A BM25 inverted index in flat numpy arrays.

Scoring a question touches only the postings of its terms and sums them with one
`bincount`, so a question costs the same whether the archive holds one article or
ten thousand sentences more than the terms it shares with them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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
    def build(cls, docs: Sequence[Iterable[str]], *, k1: float = 1.2, b: float = 0.75) -> TermIndex:
        """Index each document's terms; k1 and b are BM25's saturation and length weights."""
        vocabulary: dict[str, int] = {}
        term_ids: list[int] = []
        doc_ids: list[int] = []
        freqs: list[int] = []
        lengths = np.zeros(len(docs), dtype=np.float32)
        for doc_id, doc in enumerate(docs):
            counts = Counter(vocabulary.setdefault(term, len(vocabulary)) for term in doc)
            lengths[doc_id] = sum(counts.values())
            term_ids.extend(counts.keys())
            doc_ids.extend([doc_id] * len(counts))
            freqs.extend(counts.values())

        terms = np.asarray(term_ids, dtype=np.int32)
        order = np.argsort(terms, kind="stable")
        posting_docs = np.asarray(doc_ids, dtype=np.int32)[order]
        tf = np.asarray(freqs, dtype=np.float32)[order]
        doc_freq = np.bincount(terms, minlength=len(vocabulary))
        offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(doc_freq, out=offsets[1:])

        average_length = float(lengths.mean()) if len(docs) else 1.0
        norm = k1 * (1 - b + b * lengths[posting_docs] / max(average_length, 1e-9))
        weights = (tf * (k1 + 1) / (tf + norm)).astype(np.float32)
        n_docs = len(docs)
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
        parts_docs: list[IntArray] = []
        parts_weights: list[FloatArray] = []
        for term, weight in query.items():
            term_id = self.vocabulary.get(term)
            if term_id is None or weight <= 0:
                continue
            start, end = self.offsets[term_id], self.offsets[term_id + 1]
            parts_docs.append(self.doc_ids[start:end])
            parts_weights.append(self.weights[start:end] * (self.idf[term_id] * weight))
        if not parts_docs:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.bincount(
            np.concatenate(parts_docs), np.concatenate(parts_weights), minlength=self.n_docs
        ).astype(np.float32)

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
