"""Deciding what to say to a message: the one answer pipeline shared by Telegram and the console."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.markup import Markup
from bot.replies import answer_reply, fact_reply, more_reply, no_answer_reply, small_talk_reply
from bot.texts import Texts
from knowledge import MAX_QUESTION_LENGTH, ArticleFact, Hit, KnowledgeBase
from knowledge.text import fold

QUESTION_LIMIT = MAX_QUESTION_LENGTH
"""Characters of a message searched (and kept for "Mehr"); a longer one is still answered."""

MORE_ANSWERS = 5
"""Answers kept beyond the first `top_k`, for the "Mehr" button."""

SMALL_TALK_WORDS = frozenset(
    "hallo hi hey hej huhu moin servus gruss grussgott gruezi tag guten morgen abend nacht "
    "danke dankeschon schon vielen dank merci thanks thank you hello bye tschuss ciao adieu "
    "wie gehts geht es dir ihnen euch und ok okay super cool toll prima klasse gut ja nein "
    "bot na du ihr lol haha test".split()
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Reply:
    """The text to send and, for answers, the hits behind it (for buttons and statistics) or
    the article fact it gives."""

    text: str
    hits: tuple[Hit, ...] = ()
    is_question: bool = True
    fact: ArticleFact | None = None

    @property
    def answered(self) -> bool:
        return bool(self.hits) or self.fact is not None


def is_small_talk(message: str) -> bool:
    """Greetings, thanks and empty messages: nothing to look up."""
    message_words = _WORD.findall(fold(message))
    return all(word in SMALL_TALK_WORDS for word in message_words)


def respond(
    message: str,
    knowledge: KnowledgeBase,
    markup: Markup,
    texts: Texts,
    *,
    top_k: int,
    min_score: float | None,
) -> Reply:
    """Answer a question from the articles, or say why not. A question about an article
    itself (its author, date or source) is answered from that article's header, which no
    sentence search finds."""
    if is_small_talk(message):
        return Reply(small_talk_reply(knowledge.example_question, markup, texts), is_question=False)
    fact = knowledge.about_article(message[:QUESTION_LIMIT])
    if fact is not None:
        return Reply(fact_reply(fact, markup, texts), fact=fact)
    hits = _search(message, knowledge, top_k=top_k, min_score=min_score)
    if not hits:
        related = knowledge.related_articles(message[:QUESTION_LIMIT])
        return Reply(no_answer_reply(related, markup, texts))
    return Reply(answer_reply(hits[:top_k], markup, texts), tuple(hits))


def more_answers(
    message: str,
    knowledge: KnowledgeBase,
    markup: Markup,
    texts: Texts,
    *,
    top_k: int,
    min_score: float | None,
) -> Reply:
    """The answers after the first `top_k`, numbered on, for the "Mehr" button.

    Searched again rather than remembered, so a button pressed after a reload shows
    what the current articles say.
    """
    hits = _search(message, knowledge, top_k=top_k, min_score=min_score)[top_k:]
    if not hits:
        return Reply(markup.text(texts.no_more))
    return Reply(more_reply(hits, top_k + 1, markup, texts), tuple(hits))


def _search(
    message: str, knowledge: KnowledgeBase, *, top_k: int, min_score: float | None
) -> list[Hit]:
    """The first `top_k` answers and the ones "Mehr" would show, for a possibly long message."""
    return knowledge.search(message[:QUESTION_LIMIT], k=top_k + MORE_ANSWERS, min_score=min_score)
