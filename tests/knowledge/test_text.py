"""Normalisation: how German text becomes index terms, identically for articles and questions."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from knowledge.text import (
    MAX_WORD_LENGTH,
    compounds,
    content_words,
    english_stem,
    fold,
    stem,
    topic_form,
    written_index_words,
    written_words,
)


def terms(text: str) -> list[str]:
    """A text's index terms, as `SentenceIndex` derives them: the stems of its index words."""
    return [stem(word) for word in written_index_words(text)[0]]


UMLAUTS_AS_VOWELS = str.maketrans("äöüÄÖÜ", "aouAOU")


def fullwidth(ascii_text: str) -> str:
    """The ASCII text in fullwidth letters (U+FF01..), as East Asian input methods type it."""
    return "".join(chr(ord(char) + 0xFEE0) for char in ascii_text)


german_word = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ", min_size=1, max_size=14
)
german_text = st.lists(german_word, max_size=6).map(" ".join)


# Folding


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("KÜNDIGUNG", "kundigung"),
        ("Straße", "strasse"),
        ("FUẞBALL", "fussball"),
        (fullwidth("Finanz"), "finanz"),
        ("ﬁnanzieren", "finanzieren"),
        ("Café", "cafe"),
        ("für", "fur"),
    ],
)
def test_fold_removes_case_width_ligatures_and_accents(written: str, folded: str) -> None:
    assert fold(written) == folded


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


# Forms that must meet in one term


@pytest.mark.parametrize(
    "forms",
    [
        ["Kündigung", "Kuendigung", "kundigung", "KÜNDIGUNG"],
        ["Straße", "Strasse", "STRASSE"],
        ["Fürsorge", "Fursorge", "Fuersorge"],
        ["Risikokapitalgeber", "Risikokapitalgebern"],
        ["Investition", "Investitionen"],
        ["Finanz", fullwidth("Finanz"), "ﬁnanz"],
    ],
    ids=lambda forms: forms[0],
)
def test_spellings_and_inflections_of_a_word_give_the_same_term(forms: list[str]) -> None:
    assert len({tuple(terms(form)) for form in forms}) == 1
    assert terms(forms[0]) != []


def test_fur_with_or_without_umlaut_is_one_stopword() -> None:
    assert stem("für") == stem("fur")
    assert terms("für") == terms("fur") == []


@given(german_text)
@example("Die Europäer säen Weizen")
def test_terms_do_not_change_when_umlauts_are_written_as_plain_vowels(text: str) -> None:
    assert terms(text.translate(UMLAUTS_AS_VOWELS)) == terms(text)


@given(german_text)
def test_terms_do_not_change_when_the_text_is_upper_cased(text: str) -> None:
    assert terms(text.upper()) == terms(text)


# What is a term


def test_stopwords_and_question_words_are_no_terms() -> None:
    assert terms("Wer hat die und der? Wie viel, bitte!") == []
    assert terms("Weswegen und wofür?") == []
    assert terms("Woran, worin, woraus, wogegen, wonach, inwiefern, inwieweit?") == []


def test_numbers_are_kept_as_tokens() -> None:
    assert {"5,8", "2022"} <= set(terms("5,8 Milliarden Euro im Jahr 2022"))


def test_hyphenated_compounds_are_joined_into_one_word() -> None:
    assert compounds("Das KI-Startup und die Nord-Ost-Bahn, nicht Berlin") == [
        "kistartup",
        "nordostbahn",
    ]
    assert compounds("ohne Bindestrich") == []


def test_hyphenated_compound_gives_its_parts_and_the_joined_word() -> None:
    with_hyphen = set(terms("KI-Startup"))

    assert set(terms("KI Startup")) <= with_hyphen
    assert set(terms("KIStartup")) <= with_hyphen


def test_letters_and_digits_glued_together_are_separate_terms() -> None:
    assert terms("grok2") == terms("Grok 2")


def test_written_words_keep_the_words_as_written_and_split_hyphens() -> None:
    assert written_words("Das KI-Startup xAI (5,8 Mrd.)!") == [
        "Das",
        "KI",
        "Startup",
        "xAI",
        "5,8",
        "Mrd",
    ]


def test_a_token_longer_than_any_word_is_cut_so_word_caches_stay_bounded() -> None:
    (token,) = written_words("x" * 10_000)

    assert token == "x" * MAX_WORD_LENGTH


@given(st.lists(st.one_of(german_word, st.sampled_from(["KI-Startup", "der", "5,8"]))))
@example(["Das", "KI-Startup", "und", "die", "Nord-Ost-Bahn"])
def test_index_words_come_with_the_text_as_written(words: list[str]) -> None:
    """Content words as written fold to themselves; joined compounds come as the hyphenated
    token, whose parts a hit bolds."""
    text = " ".join(words)

    indexed, written = written_index_words(text)

    content = content_words(text)
    assert indexed == content + compounds(text)
    assert [topic_form(form) for form in written[: len(content)]] == content
    assert [fold(form.replace("-", "")) for form in written[len(content) :]] == compounds(text)


def test_english_text_keeps_function_words_and_english_stems() -> None:
    # German stopwords that are English words stay; English question words go.
    assert content_words("What was the war in Warsaw?", english=True) == [
        "was",
        "the",
        "war",
        "in",
        "warsaw",
    ]
    assert english_stem("countries") == english_stem("country")
    assert english_stem("flowed") == english_stem("flow")
