"""Occurrences: the words of a corpus numbered once, and terms derived per distinct word."""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.occurrences import Occurrences, Terms, adjacent_pairs

DOCS = [["geld", "musk", "geld"], [], ["chip", "musk"]]


def spelled(terms: Terms) -> list[list[str]]:
    """The terms of each document, by name, in order: what the flat arrays stand for."""
    names = list(terms.vocabulary)
    by_doc: list[list[str]] = [[] for _ in DOCS]
    for term_id, doc in zip(terms.term_ids.tolist(), terms.doc_of.tolist(), strict=True):
        by_doc[doc].append(names[term_id])
    return by_doc


def test_words_are_numbered_in_first_seen_order_with_their_documents() -> None:
    occurrences = Occurrences.of(DOCS)

    assert occurrences.words == ["geld", "musk", "chip"]
    assert occurrences.word_ids.tolist() == [0, 1, 0, 2, 1]
    assert occurrences.doc_of.tolist() == [0, 0, 0, 2, 2]


def test_mapped_gives_each_occurrence_its_term_and_merges_equal_terms() -> None:
    calls: list[str] = []

    def first_letter(word: str) -> str:
        calls.append(word)
        return word[0]

    terms = Occurrences.of(DOCS).mapped(first_letter)

    assert spelled(terms) == [["g", "m", "g"], [], ["c", "m"]]
    assert sorted(calls) == ["chip", "geld", "musk"], "each distinct word is analysed once"


def test_expanded_gives_each_occurrence_all_its_terms_in_order() -> None:
    def halves(word: str) -> Sequence[str]:
        return (word[:2], word[2:])

    terms = Occurrences.of(DOCS).expanded(halves)

    assert spelled(terms) == [
        ["ge", "ld", "mu", "sk", "ge", "ld"],
        [],
        ["ch", "ip", "mu", "sk"],
    ]


def test_adjacent_pairs_stay_within_a_document() -> None:
    pairs = adjacent_pairs(Occurrences.of(DOCS).mapped(str))

    assert spelled(pairs) == [["geld musk", "musk geld"], [], ["chip musk"]]


def test_documents_with_a_word_that_passes_a_test() -> None:
    occurrences = Occurrences.of(DOCS)
    tested: list[str] = []

    def is_musk(word: str) -> bool:
        tested.append(word)
        return word == "musk"

    assert occurrences.documents_with(is_musk, 3).tolist() == [True, False, True]
    assert sorted(tested) == ["chip", "geld", "musk"], "each distinct word is tested once"

    assert occurrences.documents_with(lambda word: word == "chip", 3).tolist() == [
        False,
        False,
        True,
    ]
    assert occurrences.documents_with(lambda word: False, 3).tolist() == [False] * 3
