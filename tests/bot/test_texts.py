"""The bot's own words: English for users whose Telegram is in English, German for the rest."""

from __future__ import annotations

import dataclasses
import string

import pytest

from bot.texts import ENGLISH, GERMAN, TRANSLATIONS, Texts, texts_for

LANGUAGES = [pytest.param(texts, id=code) for code, texts in {"de": GERMAN, **TRANSLATIONS}.items()]
TRANSLATED = [pytest.param(texts, id=code) for code, texts in TRANSLATIONS.items()]


@pytest.mark.parametrize("language_code", ["en", "en-GB", "EN-us", "en_US"])
def test_an_english_language_code_gets_english(language_code: str) -> None:
    assert texts_for(language_code) is ENGLISH


@pytest.mark.parametrize("language_code", ["de", "de-AT", None, "", "fr", "eng", "ne"])
def test_any_other_or_no_language_code_gets_german(language_code: str | None) -> None:
    assert texts_for(language_code) is GERMAN


def strings(texts: Texts) -> dict[str, str]:
    """Every text by field name, a noun's two forms as two texts."""
    found: dict[str, str] = {}
    for field in dataclasses.fields(texts):
        value = getattr(texts, field.name)
        forms = value if isinstance(value, tuple) else (value,)
        found |= {f"{field.name}[{number}]": form for number, form in enumerate(forms)}
    return found


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("texts", LANGUAGES)
def test_every_text_is_written_and_safe_to_send_as_html_as_it_is(texts: Texts) -> None:
    for name, text in strings(texts).items():
        assert text.strip(), name
        assert not set(text) & set("<>&"), name


@pytest.mark.parametrize("texts", TRANSLATED)
def test_a_translation_fills_in_what_german_fills_in_and_leaves_no_text_german(
    texts: Texts,
) -> None:
    german = strings(GERMAN)
    for name, text in strings(texts).items():
        assert placeholders(text) == placeholders(german[name]), name
        assert text != german[name], name
