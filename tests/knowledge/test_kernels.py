"""The compiled loops, each against the plain numpy it replaces."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st

import knowledge
from knowledge.kernels import add_postings, best, mixed, postings_hold, words_held
from tests.conftest import SEEDS

scores = st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.25]), max_size=40)


@st.composite
def postings(draw: st.DrawFn) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], int]:
    """CSR postings as an index lays them out: per term, its documents in ascending order."""
    n_docs = draw(st.integers(1, 8))
    per_term = draw(
        st.lists(st.sets(st.integers(0, n_docs - 1)).map(sorted), min_size=1, max_size=6)
    )
    offsets = np.cumsum([0] + [len(docs) for docs in per_term]).astype(np.int64)
    doc_ids = np.array([doc for docs in per_term for doc in docs], dtype=np.int32)
    return offsets, doc_ids, n_docs


@given(postings(), st.data())
def test_add_postings_sums_like_a_bincount(
    layout: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], int], data: st.DataObject
) -> None:
    offsets, doc_ids, n_docs = layout
    n_terms = len(offsets) - 1
    weights = np.linspace(0.5, 2.0, len(doc_ids)).astype(np.float32)
    idf = np.linspace(1.0, 3.0, n_terms).astype(np.float32)
    term_ids = np.array(data.draw(st.lists(st.integers(0, n_terms - 1))), dtype=np.int64)
    factors = np.linspace(0.3, 1.0, len(term_ids))
    shifts = np.array(
        data.draw(st.lists(st.integers(0, 3), min_size=len(term_ids), max_size=len(term_ids))),
        dtype=np.int64,
    )
    size = n_docs + 3

    lengths = offsets[term_ids + 1] - offsets[term_ids]
    positions = np.concatenate(
        [np.arange(offsets[term], offsets[term + 1]) for term in term_ids] or [np.zeros(0, int)]
    ).astype(np.int64)
    expected = np.bincount(
        doc_ids[positions] + np.repeat(shifts, lengths),
        weights[positions] * np.repeat(factors * idf[term_ids], lengths),
        minlength=size,
    )

    summed = add_postings(offsets, doc_ids, weights, idf, term_ids, factors, shifts, size)

    np.testing.assert_array_equal(summed, expected)


@given(postings(), st.integers(0, 8))
def test_postings_hold_finds_exactly_the_terms_listing_the_document(
    layout: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], int], doc: int
) -> None:
    offsets, doc_ids, _ = layout
    term_ids = np.arange(len(offsets) - 1, dtype=np.int64)

    held = postings_hold(offsets, doc_ids, term_ids, doc)

    expected = [doc in doc_ids[offsets[term] : offsets[term + 1]] for term in term_ids]
    assert held.tolist() == expected


@given(
    st.lists(st.lists(st.integers(0, 5), max_size=8), min_size=1, max_size=6),
    st.lists(st.integers(0, 6), unique=True, max_size=4),
    st.data(),
)
def test_words_held_sums_the_weights_of_the_asked_words_each_document_holds_once(
    documents: list[list[int]], asked: list[int], data: st.DataObject
) -> None:
    starts = np.cumsum([0] + [len(words) for words in documents]).astype(np.int64)
    words = np.array([word for doc in documents for word in doc], dtype=np.int32)
    chosen = data.draw(st.lists(st.integers(0, len(documents) - 1), max_size=5))
    weights = np.linspace(0.25, 1.0, len(asked))

    sums = words_held(starts, words, np.array(chosen, np.int32), np.array(asked, np.int32), weights)

    expected = [
        sum(weight for word, weight in zip(asked, weights, strict=True) if word in documents[doc])
        for doc in chosen
    ]
    np.testing.assert_allclose(sums, expected)


def reference_mix(
    signals: list[npt.NDArray[np.float64]],
    paragraph_ids: npt.NDArray[np.int32],
    weights: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """The mix in numpy, as the search computed it before it was compiled."""
    own, ngrams, pairs, paragraph, paragraph_ngrams = (
        signal / signal.max() if signal.size and signal.max() > 0 else signal for signal in signals
    )
    same = paragraph_ids[1:] == paragraph_ids[:-1]
    beside = np.zeros_like(own)
    beside[1:] = own[:-1] * same
    beside[:-1] = np.maximum(beside[:-1], own[1:] * same)
    return (
        own
        + weights[0] * ngrams
        + weights[1] * pairs
        + (weights[2] * paragraph + weights[3] * paragraph_ngrams)[paragraph_ids]
        + weights[4] * beside
    )


@given(st.lists(st.integers(0, 3), min_size=1, max_size=30), st.data())
def test_mixed_is_the_weighted_sum_of_scaled_signals_with_paragraph_and_neighbours(
    paragraph_sizes: list[int], data: st.DataObject
) -> None:
    paragraph_ids = np.repeat(np.arange(len(paragraph_sizes)), paragraph_sizes).astype(np.int32)
    count, groups = len(paragraph_ids), len(paragraph_sizes)
    values = st.floats(0, 10, allow_nan=False, allow_subnormal=False)
    signals = [
        np.array(data.draw(st.lists(values, min_size=size, max_size=size)), dtype=np.float64)
        for size in (count, count, count, groups, groups)
    ]
    weights = np.array([1.5, 0.3, 1.2, 1.0, 0.15])

    relevance = mixed(*signals, paragraph_ids, weights)

    np.testing.assert_allclose(relevance, reference_mix(signals, paragraph_ids, weights))


def test_mixed_counts_only_neighbours_in_the_same_paragraph() -> None:
    own = np.array([0.0, 1.0, 0.0, 0.0])
    nothing = np.zeros(4)
    paragraph_ids = np.array([0, 0, 1, 1], dtype=np.int32)

    relevance = mixed(
        own, nothing, nothing, np.zeros(2), np.zeros(2), paragraph_ids, np.array([0, 0, 0, 0, 0.5])
    )

    assert relevance.tolist() == [0.5, 1.0, 0.0, 0.0]


@given(scores, st.integers(0, 12))
def test_best_orders_the_top_positive_scores_ties_by_position(
    values: list[float], count: int
) -> None:
    array = np.array(values, dtype=np.float64)
    positive = np.flatnonzero(array > 0)
    expected = positive[np.lexsort((positive, -array[positive]))][:count]

    assert best(array, count).tolist() == expected.tolist()


SEARCH = """
import sys
from pathlib import Path
from knowledge import KnowledgeBase
knowledge = KnowledgeBase(Path(sys.argv[1]))
knowledge.reload()
for hit in knowledge.search(sys.argv[2]):
    print(hit.sentence.text)
"""
NO_HOME = "/dev/null"
"""A home folder in which no cache folder can be made, not even by root."""


def test_the_search_works_where_numba_can_write_no_cache(tmp_path: Path) -> None:
    """A read-only install under systemd hardening: `__pycache__` beside the code cannot be
    made, nor numba's user cache folder, and `NUMBA_CACHE_DIR` is not set. The kernels are
    then compiled uncached, with one warning, instead of failing at import."""
    try:
        os.makedirs(f"{NO_HOME}/.cache/numba")
    except OSError:
        pass
    else:
        pytest.skip(f"a cache folder can be made in {NO_HOME}: no unwritable home to simulate")
    install = tmp_path / "install"
    shutil.copytree(
        Path(knowledge.__file__).parent,
        install / "knowledge",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (install / "knowledge" / "__pycache__").touch()  # a file where numba would make its folder
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("NUMBA_", "PYTHON", "XDG_"))
    }
    environment |= {"PYTHONPATH": str(install), "PYTHONDONTWRITEBYTECODE": "1", "HOME": NO_HOME}

    finished = subprocess.run(
        [sys.executable, "-c", SEARCH, str(SEEDS), "Wie viel Geld hat xAI eingesammelt?"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
    assert "sechs Milliarden Dollar" in finished.stdout
    assert finished.stderr.count("set NUMBA_CACHE_DIR to a writable folder") == 1, finished.stderr
    assert not list(install.rglob("*.nbi"))
