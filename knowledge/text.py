"""How text becomes index terms, the same way for articles and for questions.

Matching only works if both sides are folded identically: case, Unicode forms,
umlauts and ß (`für`/`fur`, `Straße`/`Strasse`), hyphenated compounds (`KI-Startup`,
`KI Startup`, `KIStartup`) and inflection (`Risikokapitalgebern`/`Risikokapitalgeber`,
via the Snowball German stemmer, which also reads `ue` as `ü`). English text (see
`knowledge.language`) gets the Snowball English stemmer and its own stopwords.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import Stemmer
from stop_words import get_stop_words

_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[.,]\d+)*")
"""Words (hyphenated compounds whole) and numbers. Words come first: no character starts
both, so the tokens are the same, and trying the commoner case first finds them 15% faster."""

MAX_WORD_LENGTH = 64
"""Longer tokens are cut: no German word needs more, and the word caches stay bounded."""

WORD_CACHE_SIZE = 200_000
"""Distinct words whose analysis is kept: an archive's common words fit, gibberish is evicted."""

_COMBINING_MARKS = re.compile(r"[\u0300-\u036f]")

INTERROGATIVES = frozenset(
    """
    wer wen wem wessen was wann wo woher wohin warum weshalb wieso weswegen wie welche welcher
    welches welchem welchen wieviel wieviele wofur wovon worauf woruber womit wodurch wozu
    wovor worum woran worin woraus wogegen wonach inwiefern inwieweit
    """.split()
)
"""German question words (folded): they open a question and say nothing about its topic."""

QUESTION_WORDS = INTERROGATIVES | frozenset(
    """
    welch viel viele gibt gib sag sage sagen erklar erklare bitte mir heisst heissen weisst
    """.split()
)
"""Words that shape a question but say nothing about its topic (folded, like all terms)."""

ENGLISH_STOPWORDS = frozenset("what which who whom whose when where why how".split())
"""English question words: in English text they are the only words dropped. English function
words (`the`, `of`, `during`) are kept: unlike German stopwords they help XQuAD-R English
(dropping the Snowball English stopword list cost R@1 0.777 -> 0.759), and the German list would
drop English words (`was`, `war`, `an`, `also`, `will`)."""

ENGLISH_FUNCTION_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing would should could ought cannot can a an the and but if or because as until while of
    at by for with about against between into through during before after above below to from
    up down in out on off over under again further then once here there when where why how all
    any both each few more most other some such no nor not only own same so than too very isn
    aren wasn weren hasn haven hadn doesn don didn won wouldn shan shouldn couldn mustn let
    """.split()
)
"""The Snowball project's English stopword list (contractions by the part before the
apostrophe, where the tokeniser splits them). English text keeps these words for ranking,
but they say nothing about what a question asks: they count for no share of it, and an
answer does not show them in bold."""

_stemmer = Stemmer.Stemmer("german")
_english_stemmer = Stemmer.Stemmer("english")
_stemmer_lock = threading.Lock()


def fold(text: str) -> str:
    """Case- and accent-free form: `Fußball-WM für Ärzte` -> `fussball-wm fur arzte`."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return unicodedata.normalize(
        "NFC", _COMBINING_MARKS.sub("", unicodedata.normalize("NFD", text))
    )


STOPWORDS = frozenset(fold(word) for word in get_stop_words("de")) | QUESTION_WORDS


@lru_cache(maxsize=WORD_CACHE_SIZE)
def fold_word(word: str) -> str:
    """`fold` for single words, which repeat endlessly across an archive."""
    return fold(word)


def _snowball(stemmer: Stemmer.Stemmer, word: str) -> str:
    """A word's stem (a number is its own), under the lock: the bot searches in worker threads."""
    if word[0].isdigit():
        return word
    with _stemmer_lock:
        return str(stemmer.stemWord(fold_word(word)))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def stem(word: str) -> str:
    """The Snowball stem of a word's accent-folded form.

    Folding first makes `für`/`fur` and `Europäer`/`Europaer` agree by construction;
    the stemmer alone reads some umlaut spellings differently.
    """
    return _snowball(_stemmer, word)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def english_stem(word: str) -> str:
    """`stem` with the English Snowball stemmer, for words of English text."""
    return _snowball(_english_stemmer, word)


def stemmer(*, english: bool) -> Callable[[str], str]:
    """The stem function for words of a text in English or else German."""
    return english_stem if english else stem


def written_words(text: str) -> list[str]:
    """The word and number tokens of a text as written, hyphenated compounds split apart.

    Letters and digits are separate tokens (`grok2` -> `grok`, `2`), so a question
    that glues a name to a number still meets the article's `Grok 2`.
    """
    return _split_compounds(_TOKEN.findall(text), hyphens="-" in text)


def _split_compounds(tokens: list[str], *, hyphens: bool) -> list[str]:
    cut = [token[:MAX_WORD_LENGTH] for token in tokens]
    if not hyphens:
        return cut
    return [part for token in cut for part in token.split("-") if part]


def _joined_compounds(tokens: list[str]) -> list[tuple[str, str]]:
    return [
        (token, fold_word(token[:MAX_WORD_LENGTH].replace("-", "")))
        for token in tokens
        if "-" in token
    ]


def compounds(text: str) -> list[str]:
    """The joined forms of hyphenated compounds (`KI-Startup` -> `kistartup`)."""
    if "-" not in text:
        return []
    return [joined for _, joined in _joined_compounds(_TOKEN.findall(text))]


def _topic_form(token: str, stopwords: frozenset[str]) -> str | None:
    """See `topic_form`: one rule, each language's stopwords."""
    word = fold(token)
    return word if word not in stopwords and (len(word) > 1 or word.isdigit()) else None


@lru_cache(maxsize=WORD_CACHE_SIZE)
def topic_form(token: str) -> str | None:
    """The folded form of a written token, or None for stopwords, question words and single
    letters, which carry no topic."""
    return _topic_form(token, STOPWORDS)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def english_topic_form(token: str) -> str | None:
    """`topic_form` for English text."""
    return _topic_form(token, ENGLISH_STOPWORDS)


def content_words(text: str, *, english: bool = False) -> list[str]:
    """The folded tokens of a text that say what it is about."""
    form = english_topic_form if english else topic_form
    return [word for token in written_words(text) if (word := form(token)) is not None]


def written_index_words(text: str, *, english: bool = False) -> tuple[list[str], list[str]]:
    """The words a text is indexed by (its content words plus joined compounds; their stems
    are its index terms), and each of them as the text writes it: the word itself, or for a
    joined compound the hyphenated token (`kistartup` is written `KI-Startup`).

    The text is tokenised once for both: the regex is most of the cost of loading an
    archive.
    """
    tokens = _TOKEN.findall(text)
    hyphens = "-" in text
    words: list[str] = []
    written: list[str] = []
    form = english_topic_form if english else topic_form
    for token in _split_compounds(tokens, hyphens=hyphens):
        word = form(token)
        if word is not None:
            words.append(word)
            written.append(token)
    for token, joined in _joined_compounds(tokens) if hyphens else ():
        words.append(joined)
        written.append(token)
    return words, written


@lru_cache(maxsize=WORD_CACHE_SIZE)
def char_ngrams(word: str, n: int = 4) -> tuple[str, ...]:
    """Character n-grams of a folded word with boundary marks (`#geld#` -> `#gel`, `geld`, `eld#`).

    Shared n-grams survive typos and compounding that defeat stems: `Investitionen`
    and `investiert` share `inve`, `nves`, `vest`.
    """
    marked = f"#{fold_word(word)}#"
    if len(marked) <= n:
        return (marked,)
    return tuple(marked[i : i + n] for i in range(len(marked) - n + 1))
