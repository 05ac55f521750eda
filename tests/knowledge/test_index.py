"""TermIndex and SignalIndex: BM25 over flat arrays, specified by its properties and by a
plain-Python twin, and several indexes scored in one pass as each alone."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.index import SignalIndex, TermIndex
from knowledge.occurrences import Occurrences

K1 = 1.2
B = 0.75


def reference_bm25(docs: list[list[str]], query: dict[str, float]) -> list[float]:
    """Textbook BM25 (Lucene's idf, which is never negative), one document at a time."""
    n_docs = len(docs)
    average_length = sum(len(doc) for doc in docs) / n_docs
    scores = []
    for doc in docs:
        counts = Counter(doc)
        score = 0.0
        for term, weight in query.items():
            tf = counts[term]
            if tf == 0 or weight <= 0:
                continue
            doc_freq = sum(term in other for other in docs)
            idf = math.log(1 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))
            norm = K1 * (1 - B + B * len(doc) / max(average_length, 1e-9))
            score += weight * idf * tf * (K1 + 1) / (tf + norm)
        scores.append(score)
    return scores


def bm25(index: TermIndex, query: dict[str, float]) -> npt.NDArray[np.float64]:
    """Every document's score for a query: the index as the only part of a SignalIndex."""
    return SignalIndex.of((index,)).scores((query,))[0]


def score(docs: list[list[str]], **query: float) -> list[float]:
    scores: list[float] = bm25(TermIndex.build(docs), query).tolist()
    return scores


vocabulary = st.sampled_from(["geld", "musk", "xai", "dollar", "chip", "katar", "grok"])
corpora = st.lists(st.lists(vocabulary, max_size=8), min_size=1, max_size=12)
queries = st.dictionaries(
    st.one_of(vocabulary, st.just("unbekannt")),
    st.floats(min_value=0.0, max_value=2.0, allow_nan=False),
    max_size=4,
)


@given(corpora, queries)
def test_scores_match_a_plain_python_bm25(docs: list[list[str]], query: dict[str, float]) -> None:
    fast = bm25(TermIndex.build(docs, k1=K1, b=B), query)

    np.testing.assert_allclose(fast, reference_bm25(docs, query), rtol=1e-4, atol=1e-5)


def test_there_is_one_score_per_document() -> None:
    scores = bm25(TermIndex.build([["geld"], [], ["chip", "geld"]]), {"geld": 1, "chip": 1})

    assert scores.shape == (3,)


def test_document_with_the_term_scores_above_zero_and_one_without_scores_zero() -> None:
    with_term, without, other = score([["geld", "musk"], ["chip"], ["katar", "musk"]], geld=1)

    assert with_term > 0
    assert without == other == 0.0


def test_rarer_term_weighs_more() -> None:
    docs = [["selten", "füll"], ["häufig", "füll"], ["häufig", "x"], ["häufig", "y"]]
    index = TermIndex.build(docs)

    rare, common = bm25(index, {"selten": 1, "häufig": 1})[:2]

    assert rare > common
    assert index.term_idf("selten") > index.term_idf("häufig")


def test_shorter_document_with_the_same_term_scores_higher() -> None:
    short, long = score([["geld"], ["geld", "musk", "xai", "dollar"]], geld=1)

    assert short > long


def test_repeated_term_scores_higher_but_saturates() -> None:
    once, twice, many = score(
        [["geld", "a", "b"], ["geld", "geld", "a"], ["geld", "geld", "geld"]], geld=1
    )

    assert once < twice < many
    assert many < 2 * once


def test_query_weight_scales_the_score_and_zero_weight_ignores_the_term() -> None:
    docs = [["geld", "musk"], ["chip"]]

    assert score(docs, geld=2) == pytest.approx([2 * s for s in score(docs, geld=1)])
    assert score(docs, geld=0) == [0.0, 0.0]


def test_unknown_term_gives_zeros_and_counts_as_rarest() -> None:
    index = TermIndex.build([["geld"], ["chip"]])

    assert bm25(index, {"unbekannt": 1}).tolist() == [0.0, 0.0]
    assert index.term_idf("unbekannt") > index.term_idf("geld")


@pytest.mark.parametrize(
    "docs", [[], [[]], [[], []]], ids=["no-documents", "one-empty", "two-empty"]
)
def test_empty_index_answers_with_zeros(docs: list[list[str]]) -> None:
    index = TermIndex.build(docs)

    assert bm25(index, {"geld": 1}).tolist() == [0.0] * len(docs)
    assert index.n_docs == len(docs)


def test_held_names_exactly_the_given_terms_a_document_holds() -> None:
    index = TermIndex.build([["geld", "musk"], ["chip", "geld"], ["chip"]])

    assert index.held({"geld", "chip", "musk", "unbekannt"}, 1) == {"geld", "chip"}
    assert index.held({"musk"}, 2) == set()
    assert index.held(set(), 0) == set()


def test_signal_index_scores_each_part_as_the_part_alone_would() -> None:
    docs = [["geld", "musk"], ["chip", "geld", "geld"], ["chip"], []]
    stems, grams = TermIndex.build(docs), TermIndex.build(docs, k1=2.0, b=0.3)
    joined = SignalIndex.of((stems, grams))

    rows = joined.scores(({"geld": 1, "chip": 0.5}, {"musk": 2, "unbekannt": 1}))

    assert rows[0].tolist() == pytest.approx(bm25(stems, {"geld": 1, "chip": 0.5}).tolist())
    assert rows[1].tolist() == pytest.approx(bm25(grams, {"musk": 2}).tolist())
    assert joined.parts[1].held({"musk", "chip"}, 0) == {"musk"}


def test_signal_index_parts_keep_their_own_documents() -> None:
    sentences = TermIndex.build([["geld"], ["chip"], ["geld", "chip"]])
    paragraphs = TermIndex.build([["geld", "chip", "geld", "chip"]])

    by_sentence, by_paragraph = SignalIndex.of((sentences, paragraphs)).scores(
        ({"chip": 1}, {"chip": 1})
    )

    assert by_sentence.tolist() == pytest.approx(bm25(sentences, {"chip": 1}).tolist())
    assert by_paragraph.tolist() == pytest.approx(bm25(paragraphs, {"chip": 1}).tolist())


def test_signal_index_wants_one_query_per_part() -> None:
    joined = SignalIndex.of((TermIndex.build([["a"]]), TermIndex.build([["a"], ["b"]])))

    with pytest.raises(ValueError, match="2 queries expected"):
        joined.scores(({"a": 1},))


def test_signal_index_parts_sharing_a_vocabulary_keep_their_own_queries() -> None:
    """Parts built from the same terms share one vocabulary, which is looked up once per
    query; a different query for each must still score each part with its own."""
    terms = Occurrences.of([["geld", "musk"], ["chip"]]).mapped(str)
    first, second = TermIndex.of_terms(terms, 2), TermIndex.of_terms(terms, 2, k1=2.0)

    by_geld, by_chip = SignalIndex.of((first, second)).scores(({"geld": 1}, {"chip": 1}))

    assert by_geld.tolist() == pytest.approx(bm25(first, {"geld": 1}).tolist())
    assert by_chip.tolist() == pytest.approx(bm25(second, {"chip": 1}).tolist())


def test_signal_index_takes_parts_without_terms_or_documents() -> None:
    no_terms, no_docs = TermIndex.build([[], []]), TermIndex.build([])
    words = TermIndex.build([["geld"], ["chip"]])

    empty, nothing, scored = SignalIndex.of((no_terms, no_docs, words)).scores(
        ({"geld": 1}, {"geld": 1}, {"geld": 1})
    )

    assert empty.tolist() == [0.0, 0.0]
    assert nothing.tolist() == []
    assert scored.tolist() == pytest.approx(bm25(words, {"geld": 1}).tolist())
