"""Whether a text is English or German, which decides how its words are stemmed and which
of them are stopwords (see `knowledge.text`).

Only these two languages are told apart, by their commonest function words: 2 microseconds
a question. A language-identification library (py3langid, restricted to German and English)
took 56-68 microseconds a question on XQuAD-R, 7% of a search, for 7 more of its 1,190
English questions recognised; no German question was taken for English by either.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from knowledge.corpus import Sentence

ENGLISH_MARKERS = frozenset(
    """
    the a of and to is are were what whats what's which who whom whose when where why how did
    does do has have with from that this for by on it its their there
    """.split()
)
GERMAN_MARKERS = frozenset(
    """
    der die das und ist sind wer wie wo wann warum welche welcher welches welchen den dem des
    ein eine einer einem eines einen mit von vom zu zum zur fur auf aus bei nach als oder aber
    uber unter durch nicht auch noch nur im ins sich sie er es sein seine seiner ihre wird
    wurde wurden worden werden hat haben sei dass wenn welchem wieso weshalb wofur für über
    """.split()
)
"""The commonest function words of each language, in lower case (German also as typed
without umlauts): few, frequent, and shared by neither."""
ENGLISH_OPENERS = frozenset(
    "what whats what's who whom whose when where which why how did does do".split()
)
"""Words that open an English question: a question's first word counts twice, since a short
question (`Who won Super Bowl XLIX?`) has few other function words."""
_MARKER_SAMPLE = 2000
"""Characters of a text that its language is judged on: enough for an article's opening."""

_OPENER_PUNCTUATION = (
    "\"'\u201e\u201c\u201d\u201a\u2018\u2019\u00bb\u00ab\u00bf\u00a1([-\u2013\u2014*"
)
"""Quotes, brackets and dashes a question may open with (`„Who…`, `¿`)."""


def is_english(text: str) -> bool:
    """Whether a text (its first few thousand characters) reads as English rather than German:
    it writes at least two kinds of the commonest English function words and more than twice
    as many as of the German ones, an English question word to open it counting twice. A
    German question naming an English title (`Wer schrieb The Mask of Anarchy?`) stays
    German. Words are split at spaces, question marks and commas and compared as sets: 2
    microseconds a question, where a word regex took 6."""
    words = text[:_MARKER_SAMPLE].lower().replace("?", " ").replace(",", " ").split()
    if not words:
        return False
    opener = words[0].strip(_OPENER_PUNCTUATION) in ENGLISH_OPENERS
    english = len(ENGLISH_MARKERS.intersection(words)) + opener
    return english >= 2 and english > 2 * len(GERMAN_MARKERS.intersection(words))


ARTICLE_SAMPLE_PARAGRAPHS = 5
"""Paragraphs of an article that its language is judged on; not its title, which is often a
name (`How to Train Your Dragon` over a German review)."""


def sentences_in_english(sentences: Sequence[Sentence]) -> npt.NDArray[np.bool_]:
    """Which sentences belong to an article written in English, judged once per article on its
    first paragraphs: a sentence alone is often too short to tell."""
    by_article: dict[int, bool] = {}
    english = np.zeros(len(sentences), dtype=bool)
    for position, sentence in enumerate(sentences):
        article = sentence.article
        known = by_article.get(id(article))
        if known is None:
            sample = " ".join(article.paragraphs[:ARTICLE_SAMPLE_PARAGRAPHS])
            known = by_article[id(article)] = is_english(sample)
        english[position] = known
    return english
