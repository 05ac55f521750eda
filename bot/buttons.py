"""Inline buttons and what their callback data means.

Telegram hands a button's callback data (at most 64 bytes) back when it is pressed,
possibly days later and after any number of reloads. So "Kontext" carries a stable
reference to its sentence (hashes of the article id and of the sentence text, and its
place), looked up in the current articles; "Mehr" and the upload confirmation carry a
token for what is kept in memory. A reference that no longer resolves, or a token lost
to a restart, gets a polite "please ask again" instead of the wrong text.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit

from bot.texts import Texts
from knowledge import Article, Hit, Sentence, article_sentences

CONTEXT = "k"
MORE = "m"
OVERWRITE = "w"
CANCEL = "x"
"""Callback data is `KIND:VALUE`; handlers are registered per kind."""

CALLBACK_DATA_LIMIT = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA

T = TypeVar("T")


def _digest(text: str, size: int) -> str:
    """A short URL-safe hash: 6 bytes tell apart far more articles than a folder will hold."""
    raw = hashlib.blake2b(text.encode(), digest_size=size).digest()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """Where a sentence stood, and a fingerprint of its text to notice when it changed."""

    article: str
    paragraph: int
    position: int
    text: str

    @classmethod
    def of(cls, sentence: Sentence) -> SentenceRef:
        return cls(
            _digest(sentence.article.id, 6),
            sentence.paragraph,
            sentence.position,
            _digest(sentence.text, 4),
        )

    def encode(self) -> str:
        return f"{self.article}.{self.paragraph}.{self.position}.{self.text}"

    @classmethod
    def decode(cls, value: str) -> SentenceRef | None:
        """None for anything this version did not write."""
        parts = value.split(".")
        if len(parts) != 4 or not parts[1].isdigit() or not parts[2].isdigit():
            return None
        return cls(parts[0], int(parts[1]), int(parts[2]), parts[3])

    def find(self, articles: Mapping[str, Article]) -> Sentence | None:
        """The sentence in the current articles (by `articles_by_digest`): at its old place, or
        moved within its article."""
        article = articles.get(self.article)
        if article is None:
            return None
        same_text = [s for s in article_sentences(article) if _digest(s.text, 4) == self.text]
        in_place = [
            s for s in same_text if (s.paragraph, s.position) == (self.paragraph, self.position)
        ]
        candidates = in_place or same_text
        return candidates[0] if candidates else None


def articles_by_digest(articles: Iterable[Article]) -> dict[str, Article]:
    """The articles under the digest a "Kontext" button names them by (the first of a kind)."""
    found: dict[str, Article] = {}
    for article in articles:
        found.setdefault(_digest(article.id, 6), article)
    return found


class ArticleDigests:
    """`articles_by_digest` of the current articles, made again only after a reload.

    Hashing every article id at each button press would cost milliseconds per press on
    the event loop with an archive of thousands of articles.
    """

    def __init__(self) -> None:
        self._articles: Sequence[Article] | None = None
        self._by_digest: dict[str, Article] = {}

    def __call__(self, articles: Sequence[Article]) -> Mapping[str, Article]:
        if articles is not self._articles:
            self._articles, self._by_digest = articles, articles_by_digest(articles)
        return self._by_digest


def callback_data(kind: str, value: str) -> str:
    data = f"{kind}:{value}"
    if len(data.encode()) > CALLBACK_DATA_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_DATA_LIMIT} bytes: {data!r}")
    return data


def callback_value(data: str | None) -> str:
    """The part after `KIND:`; handlers only see data of their own kind."""
    return (data or "").partition(":")[2]


def answer_keyboard(
    hits: Sequence[Hit], texts: Texts, *, more_token: str | None
) -> InlineKeyboardMarkup | None:
    """ "Kontext" for the best answer, and "Mehr" when there are further answers to show."""
    if not hits:
        return None
    buttons = [
        InlineKeyboardButton(
            texts.context_button,
            callback_data=callback_data(CONTEXT, SentenceRef.of(hits[0].sentence).encode()),
        )
    ]
    if more_token is not None:
        buttons.append(
            InlineKeyboardButton(texts.more_button, callback_data=callback_data(MORE, more_token))
        )
    return InlineKeyboardMarkup([buttons])


def overwrite_keyboard(token: str) -> InlineKeyboardMarkup:
    """Replace an existing article file, or keep it."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "Überschreiben", callback_data=callback_data(OVERWRITE, token)
                ),
                InlineKeyboardButton("Abbrechen", callback_data=callback_data(CANCEL, token)),
            ]
        ]
    )


class TokenStore(Generic[T]):
    """Values behind button tokens, the oldest forgotten first once `capacity` is reached."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._values: OrderedDict[str, T] = OrderedDict()

    def put(self, value: T) -> str:
        """A new token (8 URL-safe characters) for the value."""
        token = secrets.token_urlsafe(6)
        self._values[token] = value
        while len(self._values) > self.capacity:
            self._values.popitem(last=False)
        return token

    def get(self, token: str) -> T | None:
        return self._values.get(token)

    def pop(self, token: str) -> T | None:
        """Take the value out, so a second press of the same button finds nothing."""
        return self._values.pop(token, None)
