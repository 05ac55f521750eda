"""Answer-type cues: which questions ask for a kind of answer, and which words show one."""

from __future__ import annotations

import pytest

from knowledge.cues import ANSWER_CUES, AnswerCue
from knowledge.text import fold

AMOUNT, MONEY, TIME = ANSWER_CUES


@pytest.mark.parametrize(
    ("question", "cues"),
    [
        ("Wie viel Geld hat xAI eingesammelt?", [AMOUNT, MONEY]),
        ("Wie viele Menschen leben dort?", [AMOUNT]),
        ("Was kostet der Bau?", [MONEY]),
        ("Wann wurde die Brücke gebaut?", [TIME]),
        ("In welchem Jahr starb Tesla?", [TIME]),
        ("Wer baute die Brücke?", []),
    ],
)
def test_a_question_asks_for_its_kinds_of_answer(question: str, cues: list[AnswerCue]) -> None:
    assert [cue for cue in ANSWER_CUES if cue.asks.search(fold(question))] == cues


def test_words_show_the_kind_of_answer() -> None:
    assert AMOUNT.held_by("5,8") and AMOUNT.held_by("milliarden") and not AMOUNT.held_by("geld")
    assert MONEY.held_by("dollar") and not MONEY.held_by("1990")
    assert TIME.held_by("1990") and TIME.held_by("marz") and not TIME.held_by("5,8")
