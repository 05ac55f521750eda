"""Questions as people really type them: with typos, on a phone, or as a few keywords.

Every change is deterministic for a given seed, so two runs (and two engines) are
asked exactly the same questions.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable, Sequence

from stop_words import get_stop_words

from bench.datasets import QuestionSet

PLAIN_SPELLING = {"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "Ä": "A", "Ö": "O", "Ü": "U"}
"""How umlauts and ß come out on a keyboard without them."""

TYPO_WORDS = 2
TYPO_MIN_LETTERS = 5
_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"\w+")
_PUNCTUATION = re.compile(r"[^\w\s]")
_JOINERS = re.compile(r"[-/\u2010-\u2015]")
_STOPWORDS = frozenset(get_stop_words("de"))


def misspell(word: str, rng: random.Random) -> str:
    """One edit: a dropped letter, two adjacent letters swapped, or an umlaut spelled plainly."""
    umlauts = [i for i, letter in enumerate(word) if letter in PLAIN_SPELLING]
    swaps = [i for i in range(len(word) - 1) if word[i] != word[i + 1]]
    edits = ["drop"]
    if swaps:
        edits.append("swap")
    if umlauts:
        edits.append("plain")
    edit = rng.choice(edits)
    if edit == "plain":
        i = rng.choice(umlauts)
        return word[:i] + PLAIN_SPELLING[word[i]] + word[i + 1 :]
    if edit == "swap":
        i = rng.choice(swaps)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    i = rng.randrange(len(word))
    return word[:i] + word[i + 1 :]


def with_typos(text: str, rng: random.Random) -> str:
    """Misspell up to two words of five or more letters; short words are rarely mistyped."""
    long_words = [match for match in _WORD.finditer(text) if len(match.group()) >= TYPO_MIN_LETTERS]
    chosen = rng.sample(long_words, min(TYPO_WORDS, len(long_words)))
    for match in sorted(chosen, key=lambda m: m.start(), reverse=True):
        text = text[: match.start()] + misspell(match.group(), rng) + text[match.end() :]
    return text


def as_typed_on_phone(text: str) -> str:
    """Lower case, no punctuation, umlauts folded: `Wofür gibt's Straßen-Geld?` -> `wofur gibts
    strassen geld`. Hyphens and slashes become spaces: dropping them would glue words that a
    phone keyboard separates, and give BM25 words that no article holds."""
    folded = "".join(PLAIN_SPELLING.get(letter, letter) for letter in text.lower())
    return " ".join(_PUNCTUATION.sub("", _JOINERS.sub(" ", folded)).split())


def variant(questions: QuestionSet, suffix: str, change: Callable[[str], str]) -> QuestionSet:
    """The same questions with the same gold answers, reworded by `change`."""
    return QuestionSet(
        f"{questions.name}+{suffix}",
        tuple(dataclasses.replace(q, text=change(q.text)) for q in questions.questions),
    )


def typo_variant(questions: QuestionSet, *, seed: int = 0) -> QuestionSet:
    """Typos seeded by the question itself, so a sample gets the typos of the full set."""
    return variant(
        questions, "typos", lambda text: with_typos(text, random.Random(f"{seed}:{text}"))
    )


def phone_variant(questions: QuestionSet) -> QuestionSet:
    """The questions as typed on a phone (see `as_typed_on_phone`)."""
    return variant(questions, "phone", as_typed_on_phone)


def keyword_questions(
    texts: Sequence[str], count: int, *, seed: int, typo_share: float = 0.25
) -> list[str]:
    """Questions made of 4-8 content words of random sentences, some with a typo.

    For corpora without a question set: such questions touch rare and common terms
    alike, which is what a latency measurement needs.
    """
    rng = random.Random(seed)
    candidates = [
        words
        for text in texts
        if len(words := [w for w in _TOKEN.findall(text) if w.lower() not in _STOPWORDS]) >= 4
    ]
    if not candidates:
        return []
    questions: list[str] = []
    for _ in range(count):
        words = rng.choice(candidates)
        picked = sorted(rng.sample(range(len(words)), rng.randint(4, min(8, len(words)))))
        question = " ".join(words[i] for i in picked)
        questions.append(with_typos(question, rng) if rng.random() < typo_share else question)
    return questions
