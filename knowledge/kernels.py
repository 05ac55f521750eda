"""The inner loops of a search, compiled with numba.

Per question, a search adds up tens of thousands of postings, mixes five signals over
every sentence and picks the best few. In numpy each of these is a chain of passes
over temporary arrays (gather the postings, repeat the factors, `bincount`, scale,
`take`, add, partition), and each call pays a fixed cost; a compiled loop does each
job in one pass. Measured on the seed + 10kGNAD (22,633 sentences): adding up a
question's postings took 0.39 ms with numpy and takes 0.12 ms here.

Each kernel is compiled for its exact argument types when this module is first
imported, and cached beside it (`cache=True`), so later processes load it in
milliseconds. `nogil`: the bot searches in worker threads, which may then run at once.
Where numba can write no cache (see `_compiled`), each start compiles them again.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
from numba import njit

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Ids = npt.NDArray[np.int32]

NO_CACHE_FOLDER = "no locator available"
"""What numba's error says when it finds no folder to write a function's cache to."""


def _compiled(signature: str) -> Callable[[F], F]:
    """Compile a function for one signature, now, with its machine code cached on disk.

    numba caches in `NUMBA_CACHE_DIR` if set, else in `__pycache__` beside this file,
    else in the user's cache folder (`~/.cache/numba`), whichever it can write to. A
    read-only install run by a user without a writable home (under systemd hardening:
    `ProtectSystem=strict`, `ProtectHome=`, `DynamicUser=`) can write to none, and
    `cache=True` then makes numba raise at import, which would stop every command. The
    kernels are then compiled without a cache instead: the search works, and each start
    takes a few seconds longer (a warning says so, once).
    """

    def compile_now(function: F) -> F:
        try:
            return cast(F, njit(signature, cache=True, nogil=True)(function))
        except RuntimeError as error:
            if NO_CACHE_FOLDER not in str(error):
                raise
        _warn_uncached()
        return cast(F, njit(signature, nogil=True)(function))

    return compile_now


@functools.cache
def _warn_uncached() -> None:
    """Once per process: the kernels share one file, so none of them can be cached."""
    logger.warning(
        "numba finds no writable folder to cache the search's compiled loops in, so every "
        "start compiles them (a few seconds); set NUMBA_CACHE_DIR to a writable folder"
    )


@_compiled(
    "float64[::1](int64[::1], int32[::1], float32[::1], float32[::1], int64[::1], float64[::1],"
    " int64[::1], int64)"
)
def add_postings(
    offsets: Ints,
    doc_ids: npt.NDArray[np.int32],
    weights: npt.NDArray[np.float32],
    idf: npt.NDArray[np.float32],
    term_ids: Ints,
    factors: Floats,
    shifts: Ints,
    size: int,
) -> Floats:
    """Each document's sum of the BM25 weights of the given terms, times each term's idf and
    factor, with a term's documents counted `shift` places on. Terms are added in order,
    so the sums are exactly those of a `bincount` over the same postings."""
    scores = np.zeros(size)
    for index in range(len(term_ids)):
        term = term_ids[index]
        factor = factors[index] * idf[term]
        shift = shifts[index]
        for posting in range(offsets[term], offsets[term + 1]):
            scores[doc_ids[posting] + shift] += weights[posting] * factor
    return scores


@_compiled("boolean[::1](int64[::1], int32[::1], int64[::1], int64)")
def postings_hold(
    offsets: Ints, doc_ids: npt.NDArray[np.int32], term_ids: Ints, doc: int
) -> npt.NDArray[np.bool_]:
    """Whether each term's postings hold the document: a binary search each, since a term's
    postings are sorted by document (a common term has thousands)."""
    held = np.zeros(len(term_ids), dtype=np.bool_)
    for index in range(len(term_ids)):
        start, end = offsets[term_ids[index]], offsets[term_ids[index] + 1]
        position = start + np.searchsorted(doc_ids[start:end], doc)
        held[index] = position < end and doc_ids[position] == doc
    return held


@_compiled("float64[::1](int64[::1], int32[::1], int32[::1], int32[::1], float64[::1])")
def words_held(starts: Ints, words: Ids, documents: Ids, asked: Ids, weights: Floats) -> Floats:
    """For each given document, the summed weights of the asked words it holds, each word
    counted once however often it occurs (`words[starts[d]:starts[d + 1]]` are document d's)."""
    sums = np.zeros(len(documents))
    for index in range(len(documents)):
        document = documents[index]
        found = np.zeros(len(asked), dtype=np.bool_)
        for occurrence in range(starts[document], starts[document + 1]):
            word = words[occurrence]
            for slot in range(len(asked)):
                found[slot] |= asked[slot] == word
        for slot in range(len(asked)):
            sums[index] += weights[slot] * found[slot]
    return sums


@_compiled("float64(float64[::1])")
def _inverse_max(values: Floats) -> float:
    """What scales `values` to a maximum of 1 (1 if none is above 0)."""
    top = 0.0
    for value in values:
        top = max(top, value)
    return 1 / top if top > 0 else 1.0


@_compiled(
    "float64[::1](float64[::1], float64[::1], float64[::1], float64[::1], float64[::1],"
    " int32[::1], float64[::1])"
)
def mixed(
    own: Floats,
    ngrams: Floats,
    pairs: Floats,
    paragraph: Floats,
    paragraph_ngrams: Floats,
    paragraph_ids: npt.NDArray[np.int32],
    weights: Floats,
) -> Floats:
    """Each sentence's weighted sum of its signals, each scaled to 0..1 for the question:
    its own stems (weight 1), n-grams, stem pairs, its paragraph's stems and n-grams, and
    the higher own score of its neighbours in the same paragraph (`weights` in that order,
    from n-grams on). A neighbour's score is multiplied by whether it is in the same
    paragraph: that costs less than a branch, which paragraph ends would keep mispredicting."""
    own_scale = _inverse_max(own)
    ngram_scale = weights[0] * _inverse_max(ngrams)
    pair_scale = weights[1] * _inverse_max(pairs)
    paragraph_scale = weights[2] * _inverse_max(paragraph)
    paragraph_ngram_scale = weights[3] * _inverse_max(paragraph_ngrams)
    beside_scale = weights[4] * own_scale
    count = len(own)
    relevance = np.empty(count)
    for sentence in range(count):
        group = paragraph_ids[sentence]
        before = own[sentence - 1] * (paragraph_ids[sentence - 1] == group) if sentence else 0.0
        after = (
            own[sentence + 1] * (paragraph_ids[sentence + 1] == group)
            if sentence + 1 < count
            else 0.0
        )
        relevance[sentence] = (
            paragraph[group] * paragraph_scale
            + paragraph_ngrams[group] * paragraph_ngram_scale
            + own[sentence] * own_scale
            + ngrams[sentence] * ngram_scale
            + pairs[sentence] * pair_scale
            + max(before, after) * beside_scale
        )
    return relevance


@_compiled("int32[::1](float64[::1], int64)")
def best(scores: Floats, count: int) -> npt.NDArray[np.int32]:
    """The positions of the `count` highest scores above 0, highest first, equal scores in
    position order: one pass, keeping the best so far in order."""
    top = np.empty(max(count, 0), dtype=np.int32)
    kept = 0
    if count <= 0:
        return top
    for position in range(len(scores)):
        score = scores[position]
        if score <= 0 or (kept == count and score <= scores[top[kept - 1]]):
            continue
        slot = min(kept, count - 1)
        while slot > 0 and scores[top[slot - 1]] < score:
            top[slot] = top[slot - 1]
            slot -= 1
        top[slot] = position
        kept = min(kept + 1, count)
    return top[:kept]
