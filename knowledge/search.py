"""Ranking sentences for a question: an index picks candidates, evidence ranks them.

Several BM25 signals score every sentence that shares anything with the question,
each touching only the postings of the question's terms: stems (German or English by
the article's language, with related forms and typo matches, see `knowledge.query`),
character 4-grams (robust to typos and compounds), adjacent stem pairs (phrases), the
sentence's paragraph and its neighbours (context), and answer-type cues (`wie viel` wants
a number). The best few dozen are re-ranked by how much of the question they write
exactly as asked, the best five of them also by a rapidfuzz comparison. The mix was tuned
on XQuAD-R German (`python -m bench.quality`). A hit's score starts from the share of the
question the best sentence covers, which is what a no-answer threshold can be calibrated on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from knowledge.analysis import only_hyphenated, stems_by_language, title_words
from knowledge.article_index import ArticleIndex, in_lead
from knowledge.corpus import Sentence
from knowledge.cues import ANSWER_CUES
from knowledge.hits import Hit, Ranked, Reading
from knowledge.index import IntArray, Scores, SignalIndex, TermIndex
from knowledge.kernels import best, mixed, words_held
from knowledge.language import is_english, sentences_in_english
from knowledge.occurrences import Occurrences, Terms, adjacent_pairs, numbered
from knowledge.query import QueryTerm, Vocabulary, credited_share, query_terms, word_pairs
from knowledge.text import char_ngrams, content_words, fold, stemmer, written_index_words

MAX_QUESTION_LENGTH = 1000
"""Characters of a question that are searched; the rest of a pasted essay adds nothing."""

DEFAULT_MIN_SCORE = 0.33
"""Below this share of the question's weight, a best match is a guess, not an answer.

Chosen on data (`python -m bench.threshold`): the seed eval set's unanswerable
questions cover at most 0.26 of the seed article and its answerable ones at least
0.36; on XQuAD-R (answerable questions, and questions of each held-out article asked
of the other 47) 0.33 wrongly refuses 6.6% and wrongly answers 19%. The sum of both
rates is lowest at 0.40 (11% / 10%), which would refuse seed questions the articles
do answer; a bot that says "nothing found" to a fair question loses more trust here.
On XQuAD-R English, not used to choose it, 0.33 wrongly refuses 3% and wrongly answers 22%.
"""

# The ranking mix. Every signal is scaled to 0..1 for the question (1 = the best sentence
# on that signal) and weighed against the sentence's own stem BM25 (weight 1). Tuned on
# XQuAD-R German with `python -m bench.quality`; each weight was kept only where it won.
NGRAM_WEIGHT = 1.5
BIGRAM_WEIGHT = 0.3
PARAGRAPH_WEIGHT = 1.2
PARAGRAPH_NGRAM_WEIGHT = 1.0
NEIGHBOUR_WEIGHT = 0.15
CUE_WEIGHT = 0.2
FUZZY_WEIGHT = 0.3
EXACT_WEIGHT = 0.5
"""Weight of the rarity-weighted share of the question's words that a candidate writes exactly
as the question does, not just with the same stem. On XQuAD-R it moved German R@1 from 0.745
to 0.750 (11 questions fixed, 4 lost) and English from 0.776 to 0.777, typos unchanged; every
weight from 0.4 to 0.7 gains (German 0.748-0.750)."""
MIX_WEIGHTS = np.array(
    [NGRAM_WEIGHT, BIGRAM_WEIGHT, PARAGRAPH_WEIGHT, PARAGRAPH_NGRAM_WEIGHT, NEIGHBOUR_WEIGHT]
)
"""The weights in the order `knowledge.kernels.mixed` takes them."""
SENTENCE_K1 = 1.2
SENTENCE_B = 0.2
"""Sentence length matters little: a long sentence that holds the answer is not worse."""
NGRAM_B = 0.3

CANDIDATES = 30
"""Sentences taken from the mix as candidates; the best `FUZZY_CANDIDATES` are re-ranked."""
FUZZY_CANDIDATES = 5
FUZZY_TEXT_LIMIT = 500
"""Characters of a folded sentence compared; an unpunctuated wall of text must not slow every
question."""
PARAGRAPH_CREDIT = 0.25
"""How much a question word found only elsewhere in the sentence's paragraph counts as covered."""


class SentenceIndex:
    """An immutable search structure over one set of sentences.

    Immutable on purpose: a reload builds a new one and swaps it in, so a search
    never sees half of an old index and half of a new one.
    """

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.sentences = tuple(sentences)
        paragraph_of: dict[tuple[str, int], int] = {}
        self._paragraph_ids: IntArray = np.asarray(
            [
                paragraph_of.setdefault((s.article.id, s.paragraph), len(paragraph_of))
                for s in self.sentences
            ],
            dtype=np.int32,
        )

        self._folded = [fold(s.text) for s in self.sentences]
        """Each sentence's folded text, for the re-rank and for spotting repeated sentences."""
        english = sentences_in_english(self.sentences)
        analysed = [
            written_index_words(s.text, english=in_english)
            for s, in_english in zip(self.sentences, english.tolist(), strict=True)
        ]
        occurrences = Occurrences.of([words for words, _ in analysed])
        stems, vocabulary_words, vocabulary_stems = stems_by_language(occurrences, english)
        # Each sentence's index words in order, by stem and as written: a hit's matched words
        # are read from these, where tokenising its text again cost a tenth of a question.
        forms, form_ids = numbered([form for _, written in analysed for form in written])
        self._forms = list(forms)
        self._occurrence_forms = form_ids.astype(np.int32)
        self._occurrence_stems = stems.term_ids.astype(np.int32)
        self._occurrence_words = occurrences.word_ids.astype(np.int32)
        self._word_ids = {word: number for number, word in enumerate(occurrences.words)}
        self._occurrence_starts = np.searchsorted(
            occurrences.doc_of, np.arange(len(self.sentences) + 1)
        )
        grams = occurrences.expanded(char_ngrams)
        count = len(self.sentences)
        self._signals = SignalIndex.of(
            (
                TermIndex.of_terms(stems, count, k1=SENTENCE_K1, b=SENTENCE_B),
                TermIndex.of_terms(grams, count, b=NGRAM_B),
                TermIndex.of_terms(adjacent_pairs(stems), count),
                TermIndex.of_terms(self._in_paragraphs(stems), len(paragraph_of)),
                TermIndex.of_terms(self._in_paragraphs(grams), len(paragraph_of)),
            )
        )
        self._stems, self._paragraphs = self._signals.parts[0], self._signals.parts[3]
        texts = [s.text for s in self.sentences]
        self._cues = [cue.sentences_holding(occurrences, texts) for cue in ANSWER_CUES]
        article_number: dict[str, int] = {}
        self.article_of: IntArray = np.asarray(
            [article_number.setdefault(s.article.id, len(article_number)) for s in self.sentences],
            dtype=np.int32,
        )
        """Each sentence's article, numbered in order of first appearance."""
        self.articles = tuple({s.article.id: s.article for s in self.sentences}.values())
        first_of = np.unique(self.article_of, return_index=True)[1]
        # A title's words reach its article even where no sentence writes them: the article
        # index counts their stems, and the vocabulary knows them, so a question finds them.
        titles = title_words(self.articles, english[first_of].tolist() if len(english) else [])
        self.article_index = ArticleIndex.of(
            stems,
            self.article_of,
            [in_lead(s) for s in self.sentences],
            [[key for _, key in title] for title in titles],
            [article.date for article in self.articles],
        )
        named = dict(pair for title in titles for pair in title)
        self.vocabulary = Vocabulary(
            [*vocabulary_words, *named],
            stems=[*vocabulary_stems, *named.values()],
            hyphenated=only_hyphenated(occurrences, self._forms, form_ids),
        )

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def default_min_score(self) -> float:
        """The threshold `search` applies when it is given none."""
        return DEFAULT_MIN_SCORE

    def _in_paragraphs(self, terms: Terms) -> Terms:
        """The same occurrences, each counted in its sentence's paragraph."""
        return Terms(
            terms.vocabulary, terms.term_ids, self._paragraph_ids.astype(np.int64)[terms.doc_of]
        )

    def read(self, question: str, *, english: bool | None = None) -> Reading | None:
        """The question as this index reads it, or None when it holds no word to search.

        `english` says the language when the text is part of a question, too short to judge
        (`the solar ferry` of "Who wrote the article about the solar ferry?"); by default the
        text's own words decide."""
        question = question[:MAX_QUESTION_LENGTH]
        # An English question is read like an English article: English stems, and only the
        # English question words dropped.
        if english is None:
            english = is_english(question)
        query = query_terms(question, self.vocabulary, english=english)
        if not query or not self.sentences:
            return None
        asked = content_words(question, english=english)
        return Reading(question, english, tuple(query), tuple(asked), tuple(self._rarity(query)))

    def ranked(self, reading: Reading, count: int = CANDIDATES) -> Ranked:
        """The best `count` sentences for a question, re-ranked by the words they write exactly
        as asked and the best few by a rapidfuzz comparison; best first."""
        relevance = self._relevance(reading)
        candidates = best(relevance, count)
        top = candidates.tolist()
        scores = [
            score + EXACT_WEIGHT * share
            for score, share in zip(
                relevance[candidates].tolist(), self.exact_shares(reading, candidates), strict=True
            )
        ]
        asked_text = " ".join(reading.asked)
        for rank, position in enumerate(top[:FUZZY_CANDIDATES]):
            scores[rank] += FUZZY_WEIGHT * self.fuzzy_ratio(asked_text, position)
        ranked = sorted(zip(scores, top, strict=True), key=lambda pair: (-pair[0], pair[1]))
        return Ranked(
            relevance,
            tuple(position for _, position in ranked),
            tuple(score for score, _ in ranked),
        )

    def search(self, question: str, *, k: int = 3, min_score: float | None = None) -> list[Hit]:
        """The best sentences for a question, most relevant first.

        Returns at most `k` hits whose score reaches `min_score`; an empty list means no
        answer. The best hit's score is the share of the question's rarity-weighted topic
        words that its sentence holds (partial credit for related forms, typo matches and
        words found only elsewhere in its paragraph); each further hit's score scales that
        by its relevance relative to the best, so scores fall with rank. Every hit holds a
        topic word of the question (not just `the`) unless `min_score` is at most
        `PARAGRAPH_CREDIT`: context ranks sentences, but a sentence that merely stands next
        to the answer covers no more of the question than that. A text that occurs twice is
        returned once. `min_score` None means `DEFAULT_MIN_SCORE`.
        """
        if min_score is None:
            min_score = DEFAULT_MIN_SCORE
        reading = self.read(question)
        if reading is None or k <= 0:
            return []
        ranked = self.ranked(reading)
        if not ranked.positions:
            return []
        first, best_score = ranked.positions[0], ranked.scores[0]
        coverage = self.coverage(reading, first)
        if coverage < min_score:
            return []
        keys = self.topic_keys(reading)
        hits: list[Hit] = []
        seen: set[str] = set()
        for score, position in zip(ranked.scores, ranked.positions, strict=True):
            confidence = coverage * score / best_score
            if confidence < min_score or len(hits) == k:
                break
            text = self._folded[position]
            if text in seen:
                continue
            matched = self.matched(position, keys)
            # Context ranks a sentence, but alone it covers at most PARAGRAPH_CREDIT.
            if matched or min_score <= PARAGRAPH_CREDIT:
                seen.add(text)
                hits.append(self.hit(position, confidence, matched))
        return hits

    def topic_keys(self, reading: Reading) -> set[int]:
        """The stem ids of the question's topic words, whose forms a hit shows in bold."""
        stem_ids = self._stems.vocabulary
        return {
            stem_ids[key]
            for term in reading.query
            if term.topical
            for key in term.stems
            if key in stem_ids
        }

    def fuzzy_ratio(self, asked_text: str, position: int) -> float:
        """How alike (0..1) the question's words and the sentence's folded text are."""
        return fuzz.token_set_ratio(asked_text, self._folded[position][:FUZZY_TEXT_LIMIT]) / 100

    def focus(self, terms: Sequence[tuple[QueryTerm, float]], position: int) -> tuple[float, float]:
        """How much of the given question words (with their rarity) one sentence holds: the
        rarity-weighted share of their stems (related forms and typo matches in part), and a
        rapidfuzz comparison of the words with its text. Both are 1 when no word is given."""
        if not terms:
            return 1.0, 1.0
        held = self._stems.held({key for term, _ in terms for key in term.credit}, position)
        words = " ".join(term.word for term, _ in terms)
        text = self._folded[position][:FUZZY_TEXT_LIMIT]
        return credited_share(terms, held), fuzz.partial_token_set_ratio(words, text) / 100

    def holds_cue(self, cue: int, position: int) -> bool:
        """Whether a sentence holds the kind of answer of `ANSWER_CUES[cue]`."""
        return bool(self._cues[cue][position])

    def folded(self, position: int) -> str:
        """A sentence's folded text, as the index compares it."""
        return self._folded[position]

    def _relevance(self, reading: Reading) -> Scores:
        """The ranking mix of every sentence for this question (0 = shares nothing)."""
        weights = reading.stem_weights
        grams = Counter(gram for term in reading.query for gram in char_ngrams(term.word))
        stem_of = stemmer(english=reading.english)
        phrase = dict.fromkeys(word_pairs([stem_of(word) for word in reading.asked]), 1.0)
        own, ngrams, pairs, paragraph, paragraph_ngrams = self._signals.scores(
            (weights, grams, phrase, weights, grams)
        )
        relevance = mixed(
            own,
            ngrams,
            pairs,
            paragraph,
            paragraph_ngrams,
            self._paragraph_ids,
            MIX_WEIGHTS,
        )
        folded = fold(reading.question)
        for cue, holds in zip(ANSWER_CUES, self._cues, strict=True):
            if cue.asks.search(folded):
                relevance += CUE_WEIGHT * (holds & (relevance > 0))
        return relevance

    def exact_shares(self, reading: Reading, positions: npt.NDArray[np.int32]) -> list[float]:
        """For each candidate, the rarity-weighted share of the question's words that it holds
        in the very form the question writes them: stems join `Jahre` and `Jahren`, but the
        sentence that repeats the question's own words is more often the one it asks about."""
        total = sum(reading.rarity)
        asked = {
            word_id: weight / total
            for term, weight in zip(reading.query, reading.rarity, strict=True)
            if (word_id := self._word_ids.get(term.word)) is not None
        }
        if not asked:
            return [0.0] * len(positions)
        shares: list[float] = words_held(
            self._occurrence_starts,
            self._occurrence_words,
            positions,
            np.fromiter(asked, np.int32, len(asked)),
            np.fromiter(asked.values(), np.float64, len(asked)),
        ).tolist()
        return shares

    def _rarity(self, query: Sequence[QueryTerm]) -> list[float]:
        """How much each question word weighs in the shares a sentence covers: its stem's idf."""
        return [self._stems.term_idf(term.key) for term in query]

    def coverage(self, reading: Reading, position: int) -> float:
        """The share of the question's rarity-weighted topic words that one sentence holds."""
        topics = [
            (term, idf)
            for term, idf in zip(reading.query, reading.rarity, strict=True)
            if term.topical
        ]
        keys = {key for term, _ in topics for key in term.credit}
        in_sentence = self._stems.held(keys, position)
        in_paragraph = self._paragraphs.held(keys - in_sentence, int(self._paragraph_ids[position]))
        found = total = 0.0
        for term, idf in topics:
            total += idf
            found += idf * max(
                (
                    weight if key in in_sentence else PARAGRAPH_CREDIT * weight
                    for key, weight in term.credit.items()
                    if key in in_sentence or key in in_paragraph
                ),
                default=0.0,
            )
        return found / total if total else 0.0

    def matched(self, position: int, keys: set[int]) -> tuple[str, ...]:
        """The words of a sentence whose stem ids the question asked for, as written; a
        compound found by its joined form (`KIStartup` asked) gives its parts (`KI`, `Startup`)."""
        start, end = self._occurrence_starts[position : position + 2].tolist()
        matched = [
            part
            for stem_id, form_id in zip(
                self._occurrence_stems[start:end].tolist(),
                self._occurrence_forms[start:end].tolist(),
                strict=True,
            )
            if stem_id in keys
            for part in self._forms[form_id].split("-")
        ]
        return tuple(dict.fromkeys(matched))

    def hit(
        self, position: int, score: float, matched: tuple[str, ...], *, sure: bool = True
    ) -> Hit:
        """A hit, with its sentence's neighbours in the paragraph."""

        def neighbour(offset: int) -> str | None:
            other = position + offset
            if (
                0 <= other < len(self.sentences)
                and self._paragraph_ids[other] == self._paragraph_ids[position]
            ):
                return self.sentences[other].text
            return None

        return Hit(
            self.sentences[position],
            round(min(score, 1.0), 4),
            matched,
            neighbour(-1),
            neighbour(1),
            sure,
        )
