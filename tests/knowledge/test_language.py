"""Telling English text from German: questions by a few words, articles by their opening."""

from __future__ import annotations

import pytest

from knowledge import corpus_sentences
from knowledge.language import is_english, sentences_in_english
from tests.knowledge.conftest import make_article


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Who won Super Bowl XLIX?", True),
        ("What year did Tesla die?", True),
        ("What administration did Ludwig Mies van der Rohe design?", True),
        ("Wer hat in xAI investiert?", False),
        ("Was macht Doctor Who, wenn sein Körper tödlich verwundet wird?", False),
        ("Welches Prinzip wurde in The Mask of Anarchy dargestellt?", False),
        ("In welchem Jahr wurde der Song „Fog on the Tyne“ veröffentlicht?", False),
        ("Tesla?", False),
        ("", False),
    ],
)
def test_is_english_tells_english_questions_from_german_ones_naming_english_titles(
    text: str, english: bool
) -> None:
    assert is_english(text) is english


def test_an_article_is_judged_as_a_whole_so_its_short_sentences_follow_it() -> None:
    english = make_article(
        "The company raised six billion dollars. Investors were happy.",
        "Yes. It was.",
        title="Funding of the startup",
    )
    german = make_article("Das Unternehmen hat Geld eingesammelt. Ja.", title="Finanzierung")

    flags = sentences_in_english(corpus_sentences([english, german]))

    assert flags.tolist() == [True, True, True, True, False, False]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("How to train your dragon", "Die Fortsetzung läuft ab Donnerstag im Kino."),
        ("Konzert in Berlin", "Die Band The Who spielt am Montag in Berlin."),
    ],
)
def test_a_german_article_naming_english_things_is_german(title: str, body: str) -> None:
    assert sentences_in_english(corpus_sentences([make_article(body, title=title)])).tolist() == [
        False
    ]
