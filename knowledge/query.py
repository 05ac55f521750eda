"""Reading a question: which words carry its topic, and which index terms each may stand for.

A question word reaches the index in four ways: as its own stem; as a related
form sharing a long prefix (`investiert` -> `Investitionen`, `bewertet` ->
`Bewertung`), which German derivation produces and stemming does not join, or
differing only in a few last letters (`Indian` -> `India`, `action` -> `act`),
which stemmers leave apart; and,
when the index does not know the word at all, as the closest vocabulary words by
rapidfuzz (`Gelt` -> `Geld`, `Nvidea` -> `Nvidia`), or else as the words it is
glued from (`blackmetalgruppe` -> `Black`, `Metal`, `Gruppe`). A question in English
is read with English stems and stopwords (see `knowledge.language`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz, process

from knowledge.text import (
    ENGLISH_FUNCTION_WORDS,
    compounds,
    content_words,
    fold,
    fold_word,
    stem,
    stemmer,
)

PREFIX_LENGTH = 6
"""Letters two stems must share to count as related forms; shorter prefixes join unrelated words."""

SUFFIX_LETTERS = 3
"""Letters a related form may add to or drop from the end of a stem, however short the stem."""
MIN_SUFFIX_STEM = 5
"""Letters both stems need to be related by their ending: shorter ones are mostly function
words (`thesis` would stand for `the`, `Format` for `for`) or words of their own (`best`)."""

PREFIX_WEIGHT = 0.3
RELATED_FORM_CREDIT = 0.7
MAX_RELATED_FORMS = 8
"""Related forms a stem stands for at most: a short German stem has dozens (`uber`)."""
MAX_TYPO_MATCHES = 3
TYPO_LENGTH_SLACK = 2
GLUED_PART_LENGTH = 3
"""Letters each part of a glued word needs; shorter known words (`ab`, `im`) fit anywhere."""
MAX_GLUED_PARTS = 3
SHORT_WORD = 5
"""Up to this length, one swap can change both a word's first two letters and its last three."""
TYPO_CACHE_SIZE = 10_000
"""Question words remembered with their typo matches; emptied when full, so it stays bounded."""

ASKS_FOR_AMOUNT = re.compile(
    r"\bwie\s*(viel|viele|vielen|hoch|hohe|teuer|grosse?|lange?|alt|weit|schwer|oft|schnell|spat)\b"
)
"""`wie hoch`, `wie lange` (on folded text): the adjective belongs to the question word,
not to the topic, and the question asks for an amount."""


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """A question word and the index stems it may stand for.

    `stems` weighs each stem for ranking; `credit` says how much of the word a sentence
    holding that stem covers (see `SentenceIndex.search`). They differ for related forms:
    `Investitionen` should not outrank `investiert` for a question with `investiert`,
    yet a sentence about `Investitionen` does answer most of it.
    """

    word: str
    key: str
    """The word's own stem, by the stemmer of the question's language."""
    stems: dict[str, float]
    credit: dict[str, float]
    topical: bool
    """False for an English function word (`the`, `was`): it ranks, but is no topic."""


def typo_cutoff(word: str) -> float:
    """Short words need a closer match: one edit in four letters is already 75%."""
    return 75.0 if len(word) <= 5 else 80.0


def typo_keys(word: str, *, short: bool) -> tuple[tuple[str, str], ...]:
    """The letters an unknown word is looked up by: its first two and its last three, or for
    a short word its first one and its last two.

    One edit (a letter dropped, added or changed, or two swapped) leaves one of the two
    as it was: in a word of six letters or more no edit reaches both, and in a shorter
    one only swapping the first two letters of a three-letter word does.
    """
    if short:
        return ("first", word[:1]), ("last", word[-2:])
    return ("start", word[:2]), ("end", word[-3:])


class Vocabulary:
    """The words of an index, for mapping question words that do not match exactly."""

    def __init__(
        self,
        content_words: Iterable[str],
        *,
        stems: Iterable[str] | None = None,
        hyphenated: Iterable[str] = (),
    ) -> None:
        """`stems`: the stem of each of the words, which an English article's words have by
        the English stemmer (a word in articles of both languages is given twice, with
        each stem); without it, each word's German stem. `hyphenated`: those of the words
        that the index holds only as joined hyphenated compounds (`kistartup`, always
        written `KI-Startup`)."""
        words = list(content_words)
        keys = [stem(word) for word in words] if stems is None else list(stems)
        stems_by_word: dict[str, list[str]] = {}
        for word, key in zip(words, keys, strict=True):
            known = stems_by_word.setdefault(fold_word(word), [])
            if key not in known:
                known.append(key)
        self._stems_by_word = stems_by_word
        only_hyphenated = {fold_word(word) for word in hyphenated}
        self.hyphenated = frozenset(
            key for word in only_hyphenated for key in stems_by_word.get(word, ())
        ) - {
            key
            for word, word_stems in stems_by_word.items()
            if word not in only_hyphenated
            for key in word_stems
        }
        """Stems the index knows only from hyphenated compounds, whose parts it holds too."""
        self._typo_buckets: dict[tuple[str, str, int], list[str]] = {}
        # Alphabetical buckets: a bucket's best few then hold the alphabetically first of
        # equally close words, so ties are broken the same whatever the corpus order.
        for word in sorted(stems_by_word):
            for kind, letters in (*typo_keys(word, short=True), *typo_keys(word, short=False)):
                self._typo_buckets.setdefault((kind, letters, len(word)), []).append(word)
        self.stems = frozenset(keys)
        # Stems grouped by their first letters, each group in alphabetical order: one dict
        # lookup finds a word's related forms (a bisect of a sorted list touched a string
        # in far-apart memory at every step: 3% of a question on seed + 10kGNAD).
        self._stems_by_prefix: dict[str, list[str]] = {}
        # And each stem's longer forms (`india` -> `indian`), in alphabetical order.
        self._longer_forms: dict[str, list[str]] = {}
        for key in sorted(self.stems):
            if key[0].isdigit():
                continue
            if len(key) >= PREFIX_LENGTH:
                self._stems_by_prefix.setdefault(key[:PREFIX_LENGTH], []).append(key)
            for cut in range(1, SUFFIX_LETTERS + 1):
                if len(head := key[:-cut]) >= MIN_SUFFIX_STEM and head in self.stems:
                    self._longer_forms.setdefault(head, []).append(key)
        self._typo_cache: dict[str, dict[str, float]] = {}

    def related_forms(self, key: str) -> list[str]:
        """Stems that share a long prefix with `key`, closest in length first, then those
        that only add or drop a few last letters.

        The second kind reaches short stems, which share no long prefix with anything:
        the stemmers leave `indian` and `india`, `kenyan` and `kenya` apart. At most
        `MAX_RELATED_FORMS` in all, closest first. On XQuAD-R they moved German R@1 from
        0.7504 to 0.7521 and phone-typed from 0.7546 to 0.7563, English and typos unchanged.
        """
        if len(key) < MIN_SUFFIX_STEM or key[0].isdigit():
            return []
        forms: list[str] = []
        if len(key) >= PREFIX_LENGTH:
            group = self._stems_by_prefix.get(key[:PREFIX_LENGTH], [])
            forms = [sibling for sibling in group if sibling != key]
            forms.sort(key=lambda candidate: abs(len(candidate) - len(key)))
        shorter = [
            key[:length]
            for length in range(max(MIN_SUFFIX_STEM, len(key) - SUFFIX_LETTERS), len(key))
            if key[:length] in self.stems
        ]
        for form in (*self._longer_forms.get(key, ()), *shorter):
            if form not in forms:
                forms.append(form)
        return forms[:MAX_RELATED_FORMS]

    def _similar_words(self, word: str, *, short: bool) -> dict[str, float]:
        """Vocabulary words of about the same length that share a typo key with `word` and
        come close enough to it, with their similarity.

        A word is filed under both kinds of keys, since a short question word may stand
        for a longer word and the other way round. The buckets are scanned as they are:
        joining them into one list would cost as much as the scan.
        """
        lengths = range(len(word) - TYPO_LENGTH_SLACK, len(word) + TYPO_LENGTH_SLACK + 1)
        similar: dict[str, float] = {}
        buckets = [
            bucket
            for kind, letters in typo_keys(word, short=short)
            for length in lengths
            if (bucket := self._typo_buckets.get((kind, letters, length)))
        ]
        for bucket in buckets:
            for match, similarity, _ in process.extract(
                word,
                bucket,
                scorer=fuzz.ratio,
                score_cutoff=typo_cutoff(word),
                limit=MAX_TYPO_MATCHES,
            ):
                similar[match] = similarity
        return similar

    def glued_parts(self, word: str, *, parts: int = MAX_GLUED_PARTS) -> list[str] | None:
        """The vocabulary words an unknown word is glued from, or None.

        A phone keyboard drops hyphens: `Black-Metal-Gruppe` typed as `blackmetalgruppe`
        is a word no article holds, though every part is one. The fewest parts win, then
        the longest first part. A compound the articles never write (`Weltausstellung`)
        splits too, so the parts count only as much as related forms: taken as full
        question words they cost XQuAD-R German questions (R@1 0.744 -> 0.741); at this
        weight R@1 gains a little (without -> with: German 0.7496 -> 0.7504, with typos
        0.7227 -> 0.7244).
        """
        best: list[str] | None = None
        for cut in range(len(word) - GLUED_PART_LENGTH, GLUED_PART_LENGTH - 1, -1):
            head, rest = word[:cut], word[cut:]
            if head not in self._stems_by_word:
                continue
            if rest in self._stems_by_word:
                return [head, rest]
            if best is None and parts > 2 and (tail := self.glued_parts(rest, parts=parts - 1)):
                best = [head, *tail]
        return best

    def typo_matches(self, word: str) -> dict[str, float]:
        """Stems of the vocabulary words closest to an unknown word, weighted by similarity.

        A long word is first compared with the words sharing its first two or last three
        letters: a median of 343 of seed + 10kGNAD's 150,000 words, where the first letter
        or the last two gave 900. One typo always leaves one of those keys (see
        `typo_keys`); two may change both (`Wrschaus` for `Warschau`), so when nothing
        comes close enough, the wider keys are tried as well. Measured per unknown word of
        the benchmark's questions: a median of 0.10 ms, where the wider keys alone took
        0.24 ms.
        """
        folded = fold(word)
        cached = self._typo_cache.get(folded)
        if cached is not None:
            return cached
        similar: dict[str, float] = {}
        if not folded.isdigit() and len(folded) > 2:
            short = len(folded) <= SHORT_WORD
            similar = self._similar_words(folded, short=short)
            if not similar and not short:
                similar = self._similar_words(folded, short=True)
        closest = sorted(similar.items(), key=lambda item: (-item[1], item[0]))
        matches: dict[str, float] = {}
        for match, similarity in closest[:MAX_TYPO_MATCHES]:
            for target in self._stems_by_word[match]:
                matches[target] = max(matches.get(target, 0.0), (similarity / 100) ** 2)
        if len(self._typo_cache) >= TYPO_CACHE_SIZE:
            self._typo_cache.clear()
        self._typo_cache[folded] = matches
        return matches


def credited_share(terms: Sequence[tuple[QueryTerm, float]], held: AbstractSet[str]) -> float:
    """The rarity-weighted share of question words (each with its rarity) that a text holding
    the `held` stems covers: a word's own stem in full, a related form or typo match in part."""
    total = sum(rarity for _, rarity in terms)
    found = sum(
        rarity * max((credit for key, credit in term.credit.items() if key in held), default=0)
        for term, rarity in terms
    )
    return found / total if total else 0.0


def word_pairs(terms: Sequence[str]) -> list[str]:
    """Adjacent term pairs: a question's phrase found as a phrase is stronger evidence."""
    return [f"{a} {b}" for a, b in pairwise(terms)]


def topic_words(question: str, *, english: bool = False) -> list[str]:
    """The question's content words, without the adjective of `wie hoch`-style question words."""
    if english:
        return content_words(question, english=True)
    return content_words(ASKS_FOR_AMOUNT.sub("wie", fold(question)))


def query_terms(question: str, vocabulary: Vocabulary, *, english: bool = False) -> list[QueryTerm]:
    """Each topic word of a question with the index stems it may stand for.

    Adjacent words that the index writes as one word are joined (`Open AI` -> `OpenAI`);
    not those it knows only hyphenated (`Amazonas-Regenwald`), which it holds as their
    parts and as a phrase as well: counting the joined form too weighed them three times
    (on XQuAD-R typed on a phone, R@1 0.7504 -> 0.7546 without it, 5 fixed, none lost).
    """
    stem = stemmer(english=english)
    words = topic_words(question, english=english)
    joined = [
        a + b
        for a, b in pairwise(words)
        if (key := stem(a + b)) in vocabulary.stems and key not in vocabulary.hyphenated
    ]
    terms: dict[str, QueryTerm] = {}
    for word in words + compounds(question) + joined:
        key = stem(word)
        if key in terms:
            continue
        related = vocabulary.related_forms(key)
        if key in vocabulary.stems:
            stems = {**dict.fromkeys(related, PREFIX_WEIGHT), key: 1.0}
            credit = {**dict.fromkeys(related, RELATED_FORM_CREDIT), key: 1.0}
        elif typos := vocabulary.typo_matches(word):
            stems = typos
            credit = {typo: similarity**0.5 for typo, similarity in typos.items()}
        elif parts := vocabulary.glued_parts(word):
            part_stems = [stem(part) for part in parts]
            stems = dict.fromkeys(part_stems, PREFIX_WEIGHT)
            credit = dict.fromkeys(part_stems, RELATED_FORM_CREDIT)
        else:
            stems = dict.fromkeys(related, PREFIX_WEIGHT)
            credit = dict.fromkeys(related, RELATED_FORM_CREDIT)
        topical = not (english and word in ENGLISH_FUNCTION_WORDS)
        terms[key] = QueryTerm(word, key, stems, credit, topical)
    return list(terms.values())
