"""The index's words as the articles' languages read them: stems, hyphenated-only words,
and the words of titles, which no sentence holds but a question may name.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from knowledge.articles import Article
from knowledge.occurrences import Ids, Occurrences, Terms, numbered
from knowledge.text import english_stem, stem, written_index_words


def stems_by_language(
    occurrences: Occurrences, english: npt.NDArray[np.bool_]
) -> tuple[Terms, list[str], list[str]]:
    """The stem of each occurrence, by the stemmer of its sentence's language (English or
    German), and each distinct word and stem pair, for the index's `Vocabulary`. Each
    word is stemmed once per language it occurs in."""
    count = len(occurrences.words)
    # A word's id, moved on by `count` where it stands in an English sentence.
    in_language = occurrences.word_ids + count * english[occurrences.doc_of]
    used = np.flatnonzero(np.bincount(in_language, minlength=2 * count)).tolist()
    words = [occurrences.words[number % count] for number in used]
    keys = [
        english_stem(word) if number >= count else stem(word)
        for number, word in zip(used, words, strict=True)
    ]
    vocabulary, key_ids = numbered(keys)
    stem_ids = np.zeros(2 * count, dtype=np.int64)
    stem_ids[used] = key_ids
    return Terms(vocabulary, stem_ids[in_language], occurrences.doc_of), words, keys


def only_hyphenated(occurrences: Occurrences, forms: Sequence[str], form_ids: Ids) -> list[str]:
    """The index words that the text writes only hyphenated (`kistartup`: always `KI-Startup`),
    given each occurrence's written form."""
    hyphenated = np.fromiter(("-" in form for form in forms), bool, len(forms))[form_ids]
    written_whole = np.zeros(len(occurrences.words), dtype=bool)
    written_whole[occurrences.word_ids[~hyphenated]] = True
    return [occurrences.words[i] for i in np.flatnonzero(~written_whole).tolist()]


def title_words(
    articles: Sequence[Article], english: Sequence[bool]
) -> list[list[tuple[str, str]]]:
    """Each article's title as index words with their stems, by the article's language."""
    return [
        [
            (word, (english_stem if in_english else stem)(word))
            for word in written_index_words(article.title, english=in_english)[0]
        ]
        for article, in_english in zip(articles, english, strict=True)
    ]
