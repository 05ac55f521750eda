"""Questions about an article itself: who wrote it, when it appeared, where it comes from.

"Wer hat den Artikel über die Solarfähre geschrieben?" asks for a line of the article's
header, which no sentence of its text holds: a sentence search would refuse it or quote a
random sentence. Such a question names the article (`Artikel`, `Bericht`, `article`…) and
asks for a field of its header with a word of that field (`geschrieben`, `Autor`,
`erschienen`, `Quelle`, `published`…); both are required, so "Wer hat die Fähre gebaut?"
and "Wann fährt die Fähre?" stay questions about the articles' content. The words after the
article word (`über die Solarfähre`) name the subject that finds the article.

Words are compared folded (`fold`), and each cue word also as typed without umlauts
(`ueber`, `veroeffentlicht`), so a phone-typed question is recognised too.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from knowledge.articles import Article
from knowledge.language import is_english
from knowledge.search import SentenceIndex
from knowledge.text import fold_word

MIN_SUBJECT_COVERAGE = 0.5
"""Share of the subject's rarity-weighted words the best article must hold to be the one
named: below it, the subject is about no article, and the question goes to the search."""


class ArticleField(enum.Enum):
    """The header fields a reader asks for; the values are the names `ask --json` shows."""

    AUTHOR = "author"
    DATE = "date"
    SOURCE = "source"


@dataclass(frozen=True, slots=True)
class MetadataQuestion:
    """A recognised question about an article: the field asked for, and the words naming the
    article as written (empty when it names none: "Wann ist der Artikel erschienen?")."""

    field: ArticleField
    subject: str
    english: bool
    """The question's language, in which its subject is read."""


@dataclass(frozen=True, slots=True)
class ArticleFact:
    """The answer to a metadata question: the article it names and the field asked for."""

    article: Article
    field: ArticleField

    @property
    def value(self) -> str | dt.date | None:
        """What the header says: the author, the date, or the source (its name, else its link,
        which says where the article comes from as well); None when it names no author or
        source."""
        article = self.article
        match self.field:
            case ArticleField.AUTHOR:
                return article.author
            case ArticleField.DATE:
                return article.date
            case ArticleField.SOURCE:
                return article.source or article.url


def _spellings(words: str) -> frozenset[str]:
    """Each word folded, and as typed without umlauts (`über` also as `ueber`)."""
    typed = (
        word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue") for word in words.split()
    )
    return frozenset(fold_word(word) for word in [*words.split(), *typed])


_ARTICLE_NOUNS = _spellings(
    "artikel artikels bericht berichts berichte beitrag beitrags beiträge text textes texte "
    "meldung meldungen story storys stories article articles piece report"
)
_COMPOUND_ENDINGS = ("artikel", "artikels", "bericht", "berichts", "beitrag", "beitrags", "meldung")
"""Article nouns that also end a compound (`Zeitungsartikel`, `Pinguin-Bericht`, `Eilmeldung`).
Not `Text`: a `Liedtext` is no article."""
_SUBJECT_PREPOSITIONS = _spellings("über zu zum zur von vom about on regarding of")
"""Between the article word and its subject: `Artikel über`, `article about`."""

_AUTHOR_NOUNS = _spellings("autor autorin autoren verfasser verfasserin author writer")
_WRITTEN = _spellings("geschrieben verfasst schrieb verfasste wrote written write")
_WHO = _spellings("wer who")
_PUBLISHED = _spellings(
    "erschienen erschien veröffentlicht publiziert herausgekommen rausgekommen "
    "datum erscheinungsdatum published released date"
)
_WHEN = _spellings("wann when")
_SOURCE_WORDS = _spellings("quelle quellen herkunft woher stammt stammen source")
_AUTHOR_PAIRS = frozenset({("von", "wem"), ("by", "whom")})
_SOURCE_PAIRS = frozenset({("von", "wo"), ("from", "where")})

_SUBJECT_ENDS = _WRITTEN | _PUBLISHED | _spellings("from come comes came out stammt stammen")
"""Words that end the subject: the field's verb after it (`über Adele erschienen`, `about X
from`)."""
_WORD = re.compile(r"\w+")
_CLAUSE_END = re.compile(r"[,;:?!]|\.\s")
"""Punctuation between two words that ends the subject: "Der Artikel über X, wer schrieb ihn?"."""


@dataclass(frozen=True, slots=True)
class _Word:
    folded: str
    start: int
    end: int


def asked_about_article(question: str) -> MetadataQuestion | None:
    """The field and subject of a question about an article itself, or None for any other."""
    words = [_Word(fold_word(m.group()), m.start(), m.end()) for m in _WORD.finditer(question)]
    folded = [word.folded for word in words]
    noun = next((i for i, word in enumerate(folded) if _is_article_noun(word)), None)
    if noun is None:
        return None
    field = _field_asked(folded)
    if field is None:
        return None
    return MetadataQuestion(field, _subject(question, words[noun + 1 :]), is_english(question))


def _is_article_noun(word: str) -> bool:
    return word in _ARTICLE_NOUNS or (len(word) > 8 and word.endswith(_COMPOUND_ENDINGS))


def _field_asked(words: Sequence[str]) -> ArticleField | None:
    """The field a question's words ask for; the author first, so that "Von wem stammt…" asks
    for the author, though `stammt` alone asks for the source."""
    present = set(words)
    pairs = set(pairwise(words))
    if present & _AUTHOR_NOUNS or pairs & _AUTHOR_PAIRS or (present & _WHO and present & _WRITTEN):
        return ArticleField.AUTHOR
    if present & _PUBLISHED or (present & _WHEN and present & _WRITTEN):
        return ArticleField.DATE
    if present & _SOURCE_WORDS or pairs & _SOURCE_PAIRS or _where_from(words):
        return ArticleField.SOURCE
    return None


def _where_from(words: Sequence[str]) -> bool:
    """ "Where is the article about X from?": `where`, and `from` after it."""
    return "where" in words and "from" in words[words.index("where") :]


def _subject(question: str, after_noun: Iterable[_Word]) -> str:
    """The words after the article word as written, without a preposition before them and up
    to the field's verb or the end of the clause."""
    subject: list[_Word] = []
    for word in after_noun:
        if subject and _CLAUSE_END.search(question[subject[-1].end : word.start]):
            break
        if word.folded in _SUBJECT_ENDS:
            break
        if subject or word.folded not in _SUBJECT_PREPOSITIONS:
            subject.append(word)
    return question[subject[0].start : subject[-1].end] if subject else ""


def named_article(index: SentenceIndex, question: MetadataQuestion) -> Article | None:
    """The article the subject names: the article index's best for its words, if it holds at
    least `MIN_SUBJECT_COVERAGE` of them; None for no subject or no such article."""
    reading = index.read(question.subject, english=question.english)
    if reading is None:
        return None
    articles = index.article_index
    best = articles.best(articles.scores(reading.stem_weights), 1)
    if not best:
        return None
    topical = [
        (term, rarity)
        for term, rarity in zip(reading.query, reading.rarity, strict=True)
        if term.topical
    ]
    if articles.coverage(topical, best[0]) < MIN_SUBJECT_COVERAGE:
        return None
    return index.articles[best[0]]


def article_fact(index: SentenceIndex, question: str) -> ArticleFact | None:
    """The answer to a question about an article itself, or None when the question is none
    or names no article the index holds (then the search is what answers it)."""
    asked = asked_about_article(question)
    if asked is None:
        return None
    article = named_article(index, asked)
    return None if article is None else ArticleFact(article, asked.field)
