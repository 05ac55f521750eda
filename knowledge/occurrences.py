"""Every word occurrence of a corpus, numbered once, as the shared input of its term indexes.

Stems, character n-grams and stem pairs are all functions of the words. Computing
them per distinct word and spreading the results over the occurrences with numpy
keeps the Python work proportional to the vocabulary, not to the corpus: ten
copies of an archive cost little more Python than one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

Ids = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Terms:
    """Term occurrences: what each is (an id into `vocabulary`) and which document holds it."""

    vocabulary: dict[str, int]
    term_ids: Ids
    doc_of: Ids


def numbered(terms: Sequence[str]) -> tuple[dict[str, int], Ids]:
    """Ids for terms in first-seen order, and the id of each given term."""
    vocabulary = {term: number for number, term in enumerate(dict.fromkeys(terms))}
    ids = np.fromiter(map(vocabulary.__getitem__, terms), dtype=np.int64, count=len(terms))
    return vocabulary, ids


@dataclass(frozen=True, slots=True)
class Occurrences:
    """The words of each document, flattened: the distinct words, and per occurrence its word
    and its document."""

    words: list[str]
    word_ids: Ids
    doc_of: Ids

    @classmethod
    def of(cls, docs: Sequence[Sequence[str]]) -> Occurrences:
        flat = list(chain.from_iterable(docs))
        vocabulary, word_ids = numbered(flat)
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
        return cls(
            list(vocabulary), word_ids, np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        )

    def mapped(self, term_of: Callable[[str], str]) -> Terms:
        """One term per occurrence (its stem, say), computed once per distinct word."""
        vocabulary, per_word = numbered([term_of(word) for word in self.words])
        return Terms(vocabulary, per_word[self.word_ids], self.doc_of)

    def documents_with(self, test: Callable[[str], bool], n_docs: int) -> npt.NDArray[np.bool_]:
        """Which documents hold a word that passes `test`, testing each distinct word once."""
        passed = np.fromiter(map(test, self.words), dtype=bool, count=len(self.words))
        return np.bincount(self.doc_of[passed[self.word_ids]], minlength=n_docs) > 0

    def expanded(self, terms_of: Callable[[str], Sequence[str]]) -> Terms:
        """Several terms per occurrence (its n-grams, say), computed once per distinct word."""
        per_word = [terms_of(word) for word in self.words]
        vocabulary, flat = numbered(list(chain.from_iterable(per_word)))
        counts = np.fromiter(map(len, per_word), dtype=np.int64, count=len(per_word))
        starts = np.cumsum(counts) - counts
        spread = counts[self.word_ids]
        first = np.repeat(starts[self.word_ids] - (np.cumsum(spread) - spread), spread)
        positions = first + np.arange(int(spread.sum()), dtype=np.int64)
        return Terms(vocabulary, flat[positions], np.repeat(self.doc_of, spread))


def adjacent_pairs(terms: Terms) -> Terms:
    """Pairs of consecutive terms within a document, named `first second`."""
    names = list(terms.vocabulary)
    same_doc = terms.doc_of[1:] == terms.doc_of[:-1]
    first, second = terms.term_ids[:-1][same_doc], terms.term_ids[1:][same_doc]
    keys, pair_ids = np.unique(first * max(len(names), 1) + second, return_inverse=True)
    vocabulary = {
        f"{names[key // len(names)]} {names[key % len(names)]}": number
        for number, key in enumerate(keys.tolist())
    }
    return Terms(vocabulary, pair_ids.astype(np.int64), terms.doc_of[1:][same_doc])
