"""Answer-type cues: what kind of answer a question asks for, and which sentences hold one.

`wie viel` wants a number, `wie teuer` a currency, `wann` a year or a month; a sentence
holding that kind of answer gains a little in the ranking (`knowledge.search`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from knowledge.occurrences import Occurrences
from knowledge.query import ASKS_FOR_AMOUNT


@dataclass(frozen=True, slots=True)
class AnswerCue:
    """A kind of answer a question asks for, and the words or signs of a sentence that holds one."""

    asks: re.Pattern[str]
    words: frozenset[str]
    numbers: re.Pattern[str] | None = None
    signs: str = ""

    def held_by(self, word: str) -> bool:
        """Whether a folded index word shows this kind of answer."""
        numbers = self.numbers
        return word in self.words or (
            numbers is not None and word[0].isdigit() and numbers.fullmatch(word) is not None
        )

    def sentences_holding(
        self, occurrences: Occurrences, texts: Sequence[str]
    ) -> npt.NDArray[np.bool_]:
        """Which sentences (their index words, and their texts for signs) hold this kind of
        answer; each distinct word is tested once."""
        held = occurrences.documents_with(self.held_by, len(texts))
        if self.signs:
            held |= np.fromiter(
                (any(sign in text for sign in self.signs) for text in texts), bool, len(texts)
            )
        return held


ANSWER_CUES = (
    AnswerCue(
        asks=ASKS_FOR_AMOUNT,
        words=frozenset(
            "millionen milliarden tausend hundert prozent zwei drei vier funf sechs sieben acht "
            "neun zehn elf zwolf zwanzig dreissig".split()
        ),
        numbers=re.compile(r"\d.*"),
    ),
    AnswerCue(
        asks=re.compile(
            r"\b(geld|kost\w*|teuer|preis\w*|wert|bewert\w*|umsatz|gewinn|verdien\w*|investi\w*)\b"
        ),
        words=frozenset("dollar euro franken pfund yen usd eur".split()),
        signs="€$£",
    ),
    AnswerCue(
        asks=re.compile(r"\bwann\b|\bin welchem jahr|\bseit wann|\bbis wann"),
        words=frozenset(
            "januar janner februar marz april mai juni juli august september oktober november "
            "dezember jahrhundert".split()
        ),
        numbers=re.compile(r"1[0-9]{3}|20[0-9]{2}"),
    ),
)
"""Question words that ask for a kind of answer (on folded text), and how a sentence holding one
looks: `wie viel` wants a number, `wie teuer` a currency, `wann` a year or a month."""
