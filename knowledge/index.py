"""A BM25 inverted index in flat numpy arrays.

Scoring a question adds up only the postings of its terms, in one compiled loop
(`knowledge.kernels`): the work grows with how often the question's terms occur, not
with how many sentences share none of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from knowledge.kernels import add_postings, postings_hold
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

    def known(self, query: Mapping[str, float]) -> tuple[list[int], list[float]]:
        """The ids and weights of the query's terms that the index holds (weight above 0)."""
        term_ids: list[int] = []
        factors: list[float] = []
        vocabulary = self.vocabulary
        for term, factor in query.items():
            term_id = vocabulary.get(term)
            if term_id is not None and factor > 0:
                term_ids.append(term_id)
                factors.append(factor)
        return term_ids, factors

    def scores(self, query: Mapping[str, float]) -> Scores:
        """Every document's BM25 score for a weighted query (0 = shares no term)."""
        term_ids, factors = self.known(query)
        return add_postings(
            self.offsets,
            self.doc_ids,
            self.weights,
            self.idf,
            np.asarray(term_ids, dtype=np.int64),
            np.asarray(factors, dtype=np.float64),
            np.zeros(len(term_ids), dtype=np.int64),
            self.n_docs,
        )

    def held(self, terms: Iterable[str], doc: int) -> set[str]:
        """Which of the given terms one document holds."""
        known = [term for term in terms if term in self.vocabulary]
        term_ids = np.fromiter(map(self.vocabulary.__getitem__, known), np.int64, len(known))
        held = postings_hold(self.offsets, self.doc_ids, term_ids, doc)
        return {term for term, holds in zip(known, held.tolist(), strict=True) if holds}


@dataclass(frozen=True, slots=True, eq=False)
class SignalIndex:
    """Several term indexes (stems, n-grams, of sentences or paragraphs) scored in one pass.

    Their postings lie end to end in one joint index, and each part is a view into
    it, so a question's postings of all its signals are added up in one call, and the
    memory is not doubled.
    """

    parts: tuple[TermIndex, ...]
    joint: TermIndex
    first_ids: tuple[int, ...]
    """Where each part's term ids start in the joint index."""
    first_docs: tuple[int, ...]
    """Where each part's documents start in the joint scores, and where the last part's end."""

    @classmethod
    def of(cls, parts: Sequence[TermIndex]) -> SignalIndex:
        """Join indexes, each keeping its own documents and vocabulary."""
        first_postings = np.cumsum([0] + [len(part.doc_ids) for part in parts])
        first_ids = np.cumsum([0] + [len(part.idf) for part in parts])
        first_docs = np.cumsum([0] + [part.n_docs for part in parts])
        joint = TermIndex(
            {},
            np.concatenate(
                [
                    part.offsets[:-1] + first
                    for part, first in zip(parts, first_postings[:-1], strict=True)
                ]
                + [first_postings[-1:]]
            ).astype(np.int64),
            np.concatenate([part.doc_ids for part in parts] or [np.zeros(0, np.int32)]),
            np.concatenate([part.weights for part in parts] or [np.zeros(0, np.float32)]),
            np.concatenate([part.idf for part in parts] or [np.zeros(0, np.float32)]),
            int(first_docs[-1]),
        )
        views = tuple(
            TermIndex(
                part.vocabulary,
                part.offsets,
                joint.doc_ids[first_posting : first_posting + len(part.doc_ids)],
                joint.weights[first_posting : first_posting + len(part.doc_ids)],
                joint.idf[first_id : first_id + len(part.idf)],
                part.n_docs,
            )
            for part, first_posting, first_id in zip(
                parts, first_postings[:-1], first_ids[:-1], strict=True
            )
        )
        return cls(views, joint, tuple(first_ids[:-1].tolist()), tuple(first_docs.tolist()))

    def scores(self, queries: Sequence[Mapping[str, float]]) -> list[Scores]:
        """BM25 scores of every document of each part, for that part's weighted query.

        Parts that share a vocabulary and are given the same query look its terms up once.
        """
        if len(queries) != len(self.parts):
            raise ValueError(f"{len(self.parts)} queries expected, one per part")
        term_ids: list[int] = []
        factors: list[float] = []
        shifts: list[int] = []
        known: dict[tuple[int, int], tuple[list[int], list[float]]] = {}
        for part, query, first_id, first_doc in zip(
            self.parts, queries, self.first_ids, self.first_docs[:-1], strict=True
        ):
            key = (id(part.vocabulary), id(query))
            if key not in known:
                known[key] = part.known(query)
            ids, weights = known[key]
            term_ids += [first_id + term_id for term_id in ids]
            factors += weights
            shifts += [first_doc] * len(ids)
        joint = self.joint
        flat = add_postings(
            joint.offsets,
            joint.doc_ids,
            joint.weights,
            joint.idf,
            np.asarray(term_ids, dtype=np.int64),
            np.asarray(factors, dtype=np.float64),
            np.asarray(shifts, dtype=np.int64),
            joint.n_docs,
        )
        return [flat[start:end] for start, end in pairwise(self.first_docs)]
