"""Reading a question: topic words, and the index stems each may stand for."""

from __future__ import annotations

import pytest

import knowledge.query
from knowledge.query import (
    MAX_TYPO_MATCHES,
    PREFIX_WEIGHT,
    SHORT_WORD,
    Vocabulary,
    query_terms,
    topic_words,
    typo_keys,
)
from knowledge.text import stem

WORDS = [
    "geld",
    "openai",
    "investitionen",
    "investiert",
    "kapital",
    "maus",
    "laus",
    "haus",
    "baus",
]


@pytest.fixture
def vocabulary() -> Vocabulary:
    return Vocabulary(WORDS)


def by_word(question: str, vocabulary: Vocabulary) -> dict[str, dict[str, float]]:
    return {term.word: term.stems for term in query_terms(question, vocabulary)}


# Topic words


def test_topic_words_drop_question_words_and_the_adjective_of_wie_hoch() -> None:
    assert topic_words("Wie hoch ist das Kapital von xAI?") == ["kapital", "xai"]
    assert topic_words("Wer hat wie viel Geld?") == ["geld"]


# Related forms


def test_related_forms_share_a_long_prefix(vocabulary: Vocabulary) -> None:
    assert vocabulary.related_forms(stem("investiert")) == [stem("investitionen")]


def test_related_forms_of_a_short_stem_add_or_drop_a_few_last_letters() -> None:
    vocabulary = Vocabulary(["india", "indian", "indianapolis", "kenya", "kenyan"])

    assert vocabulary.related_forms("india") == ["indian"]
    assert vocabulary.related_forms("kenyan") == ["kenya"]


@pytest.mark.parametrize(
    ("key", "short"), [("thesis", "the"), ("format", "for"), ("bestand", "best")]
)
def test_related_forms_by_ending_leave_out_stems_of_four_letters_or_fewer(
    key: str, short: str
) -> None:
    """Short stems are mostly function words (`the`, `for`) or words of their own (`best`)."""
    vocabulary = Vocabulary([key, short])

    assert vocabulary.related_forms(key) == []
    assert vocabulary.related_forms(short) == []


@pytest.mark.parametrize("key", ["inv", "geld", "12345678"], ids=["short", "no-sibling", "digits"])
def test_short_keys_and_numbers_have_no_related_forms(vocabulary: Vocabulary, key: str) -> None:
    assert vocabulary.related_forms(key) == []


# Typo matches


def test_a_misspelt_word_maps_to_the_closest_vocabulary_stem(vocabulary: Vocabulary) -> None:
    matches = vocabulary.typo_matches("Gelt")

    assert list(matches) == [stem("geld")]
    assert 0 < matches[stem("geld")] < 1


def test_typo_matches_are_few_and_ties_are_broken_alphabetically(vocabulary: Vocabulary) -> None:
    """`xaus` is as close to maus, laus, haus and baus (listed in that order); the
    alphabetically first three win, whatever order the articles name them in."""
    matches = vocabulary.typo_matches("xaus")

    assert len(matches) == MAX_TYPO_MATCHES == 3
    assert list(matches) == [stem("baus"), stem("haus"), stem("laus")]


@pytest.mark.parametrize("word", ["12345", "zq", "völligunbekannt"])
def test_numbers_short_and_far_words_have_no_typo_match(vocabulary: Vocabulary, word: str) -> None:
    assert vocabulary.typo_matches(word) == {}


@pytest.mark.parametrize(
    "typo", ["nvestitionen", "Ivnestitionen", "Investitonen", "Investitionne", "Investitionenn"]
)
def test_one_edit_anywhere_in_a_long_word_is_found(vocabulary: Vocabulary, typo: str) -> None:
    closest, *_ = vocabulary.typo_matches(typo)

    assert closest == stem("investitionen")


@pytest.mark.parametrize(
    ("typo", "word"), [("Wrschaus", "Warschau"), ("Kompetenzen", "inkompetenten")]
)
def test_two_edits_that_change_both_narrow_keys_are_still_found(typo: str, word: str) -> None:
    """Neither the first two nor the last three letters are left: the wider keys find it."""
    assert list(Vocabulary([word, "erzielen"]).typo_matches(typo)) == [stem(word)]


def one_edit_variants(word: str) -> set[str]:
    """Every way to drop, add or change one letter of a word, or to swap two neighbours."""
    variants = set()
    for at in range(len(word) + 1):
        variants.add(word[:at] + "x" + word[at:])
        if at < len(word):
            variants |= {word[:at] + word[at + 1 :], word[:at] + "x" + word[at + 1 :]}
        if at + 1 < len(word):
            variants.add(word[:at] + word[at + 1] + word[at] + word[at + 2 :])
    return variants


@pytest.mark.parametrize("length", range(3, 13))
def test_one_edit_leaves_a_typo_key_the_word_is_filed_under(length: int) -> None:
    """Distinct letters, so that every edit changes every key it touches."""
    word = "abcdefghijkl"[:length]
    filed = {*typo_keys(word, short=True), *typo_keys(word, short=False)}

    lost = [
        typo
        for typo in one_edit_variants(word)
        if not filed & set(typo_keys(typo, short=len(typo) <= SHORT_WORD))
    ]

    assert lost == (["bac"] if length == 3 else [])


def test_the_typo_cache_stays_bounded(
    vocabulary: Vocabulary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(knowledge.query, "TYPO_CACHE_SIZE", 2)

    for word in ["gelt", "xaus", "kapitl", "gxld"]:
        vocabulary.typo_matches(word)

    assert len(vocabulary._typo_cache) <= 2


# Glued words


@pytest.mark.parametrize(
    ("words", "glued", "parts"),
    [
        (["black", "metal", "gruppe"], "blackmetalgruppe", ["black", "metal", "gruppe"]),
        (["black", "metal", "blackmetal", "gruppe"], "blackmetalgruppe", ["blackmetal", "gruppe"]),
        (
            ["welt", "weltaus", "ausstellung", "stellung"],
            "weltausstellung",
            ["weltaus", "stellung"],
        ),
        (["black", "metal"], "blackmetalxyz", None),
        (["ab", "cdef"], "abcdef", None),
        (["abc", "def", "ghi", "jkl"], "abcdefghijkl", None),
    ],
    ids=["three", "fewest-parts", "longest-first", "unknown-rest", "too-short", "too-many"],
)
def test_an_unknown_word_splits_into_the_known_words_it_is_glued_from(
    words: list[str], glued: str, parts: list[str] | None
) -> None:
    assert Vocabulary(words).glued_parts(glued) == parts


def test_a_glued_word_stands_for_its_parts_as_weakly_as_for_related_forms() -> None:
    (term,) = query_terms("blackmetalgruppe", Vocabulary(["black", "metal", "gruppe"]))

    assert term.stems == dict.fromkeys(map(stem, ["black", "metal", "gruppe"]), PREFIX_WEIGHT)
    assert term.credit.keys() == term.stems.keys()


def test_a_typo_match_comes_before_a_split(vocabulary: Vocabulary) -> None:
    words = [*WORDS, "kap", "itl"]

    assert by_word("Kapitl", Vocabulary(words))["kapitl"] == vocabulary.typo_matches("kapitl")


# Query terms


def test_known_word_stands_for_its_stem_and_weaker_for_related_forms(
    vocabulary: Vocabulary,
) -> None:
    (term,) = query_terms("investiert", vocabulary)

    assert term.stems[stem("investiert")] == 1.0
    assert term.stems[stem("investitionen")] < term.credit[stem("investitionen")] < 1.0


def test_words_the_index_knows_as_one_are_joined(vocabulary: Vocabulary) -> None:
    assert by_word("Kapital von Open AI", vocabulary)["openai"] == {"openai": 1.0}


def test_a_word_of_articles_in_two_languages_keeps_both_stems() -> None:
    vocabulary = Vocabulary(["games", "games"], stems=["gam", "game"])

    assert {"gam", "game"} <= vocabulary.stems
    assert set(vocabulary.typo_matches("gamess")) == {"gam", "game"}


def test_words_the_index_knows_only_hyphenated_are_not_joined() -> None:
    vocabulary = Vocabulary(
        ["amazonas", "regenwald", "amazonasregenwald"], hyphenated=["amazonasregenwald"]
    )

    assert list(by_word("amazonas regenwald", vocabulary)) == ["amazonas", "regenwald"]
    assert "amazonasregenwald" in by_word("Amazonas-Regenwald", vocabulary)


def test_a_misspelt_word_stands_for_its_typo_matches(vocabulary: Vocabulary) -> None:
    (term,) = query_terms("Kapitl", vocabulary)

    assert list(term.stems) == [stem("kapital")]
    assert term.credit[stem("kapital")] == pytest.approx(term.stems[stem("kapital")] ** 0.5)


def test_an_unknown_word_without_any_match_stands_for_nothing(vocabulary: Vocabulary) -> None:
    assert by_word("Quarkspeise", vocabulary) == {"quarkspeise": {}}
