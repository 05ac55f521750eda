"""An example question the loaded articles answer, for the bot's help texts.

A fixed example would send users after articles the bot may not have. The topic
of the newest article's title makes one (`Elon Musk sammelt erneut Milliarden …`
-> `Was weißt du über Elon Musk?`), kept only if the articles answer it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from knowledge.articles import Article
from knowledge.text import MAX_WORD_LENGTH, topic_form

TOPIC_WORDS = 3
"""Capitalised words of a title taken as its topic: a name (`Apple-Chef Tim Cook`) or a noun."""

_ABBREVIATION = re.compile(r"[^\W\d_]{1,4}\.")
"""`Dr.`, `St.`, `Prof.`: part of a name, not a topic of their own."""

_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
"""Quotes, commas and dashes around a title's word; a hyphen inside (`KI-Startup`) stays."""

TRIED_ARTICLES = 5
"""Newest articles whose titles are tried before the help texts go without an example."""


def title_topic(title: str) -> str | None:
    """The first capitalised words of a title that carry a topic, or None if it has none.

    German capitalises nouns and names, so the first run of capitalised words that are
    not stopwords (`Die`, `Wie`) is what the title is about; a comma or colon ends it,
    an abbreviation (`Dr.`) is skipped. A word longer than any German word is no topic:
    the example must fit every help text.
    """
    topic: list[str] = []
    for token in title.split():
        if _ABBREVIATION.fullmatch(token):
            continue
        word = _EDGE_PUNCTUATION.sub("", token)
        if word[:1].isupper() and len(word) <= MAX_WORD_LENGTH and topic_form(word) is not None:
            topic.append(word)
            if len(topic) == TOPIC_WORDS or not token[-1].isalnum():
                break
        elif topic:
            break
    return " ".join(topic) or None


def example_question(articles: Sequence[Article], answers: Callable[[str], bool]) -> str | None:
    """A question about the topic of one of the newest articles that `answers` accepts."""
    newest = sorted(articles, key=lambda article: (article.date, article.title), reverse=True)
    for article in newest[:TRIED_ARTICLES]:
        topic = title_topic(article.title)
        if topic is not None and answers(question := f"Was weißt du über {topic}?"):
            return question
    return None
