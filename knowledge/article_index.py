"""The first of the two levels: which articles a question is about, from all of its words.

A reader names a story by its subject ("die Solarfähre") and asks for a detail that
stands in another sentence ("wie viele Fahrgäste?"); no single sentence holds both, but
the article does. This index scores whole articles by BM25 over the stems of their
sentences, with the title and the lead paragraph counted more than once, because they
say what the article is about. Each article's topic stems (those of its title and lead)
tell the second level which of the question's words name the story and which ask about
something in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from knowledge.corpus import Sentence
from knowledge.index import IntArray, Scores, TermIndex
from knowledge.kernels import best
from knowledge.occurrences import Terms
from knowledge.query import QueryTerm, credited_share

LEAD_SENTENCES = 2
"""Sentences of the first paragraph that make an article's lead. Not the whole paragraph:
many archive articles are one paragraph, whose every word would then be "topic"."""
TITLE_REPEATS = 3
"""How often an article's title words count: a title names the story in a few words."""
LEAD_REPEATS = 2
"""How often the words of the lead count: it sums the story up."""
ARTICLE_K1 = 1.2
ARTICLE_B = 0.5
"""Long articles are not penalised much: the answer to a detail question is often in one."""


def recency_of(dates: Sequence[dt.date], count: int) -> npt.NDArray[np.float64]:
    """Each date's place between the oldest (0) and the newest (1); all 0 when they are one
    day, or when there are no dates."""
    if len(dates) != count or not count:
        return np.zeros(count)
    days = np.array([date.toordinal() for date in dates], dtype=np.float64)
    span = days.max() - days.min()
    return (days - days.min()) / span if span else np.zeros(count)


def in_lead(sentence: Sentence) -> bool:
    """Whether a sentence is one of its article's first `LEAD_SENTENCES`."""
    return sentence.paragraph == 1 and sentence.position <= LEAD_SENTENCES


@dataclass(frozen=True, slots=True, eq=False)
class ArticleIndex:
    """BM25 over whole articles, and each article's topic stems."""

    terms: TermIndex
    titles: tuple[frozenset[str], ...]
    """Per article, the stems of its title."""
    leads: dict[int, frozenset[str]]
    """Per lead sentence (by position), its stems."""
    recency: npt.NDArray[np.float64]
    """Per article, where its date stands between the oldest (0) and the newest (1)."""
    sentence_order: IntArray
    """Sentence positions grouped by article, in order."""
    first_sentence: IntArray
    """Per article, where its sentences start in `sentence_order`, and one more entry for
    the end."""

    @classmethod
    def of(
        cls,
        sentence_stems: Terms,
        article_of: IntArray,
        in_lead: Sequence[bool],
        title_stems: Sequence[Sequence[str]],
        dates: Sequence[dt.date] = (),
    ) -> ArticleIndex:
        """An index from the stems of every sentence (`doc_of` a sentence position), the
        article of each sentence (articles numbered from 0), which sentences stand in their
        article's lead, and the stems of each title."""
        count = len(title_stems)
        vocabulary = dict(sentence_stems.vocabulary)
        for stems in title_stems:
            for key in stems:
                vocabulary.setdefault(key, len(vocabulary))
        lead = np.asarray(in_lead, dtype=bool)[sentence_stems.doc_of]
        body_ids = np.concatenate(
            [sentence_stems.term_ids] + [sentence_stems.term_ids[lead]] * (LEAD_REPEATS - 1)
        )
        body_docs = np.concatenate(
            [article_of[sentence_stems.doc_of]]
            + [article_of[sentence_stems.doc_of[lead]]] * (LEAD_REPEATS - 1)
        )
        title_ids = np.fromiter(
            (vocabulary[key] for stems in title_stems for key in stems), dtype=np.int64
        )
        title_docs = np.repeat(
            np.arange(count, dtype=np.int64), [len(stems) for stems in title_stems]
        )
        terms = Terms(
            vocabulary,
            np.concatenate([body_ids, np.tile(title_ids, TITLE_REPEATS)]).astype(np.int64),
            np.concatenate([body_docs, np.tile(title_docs, TITLE_REPEATS)]).astype(np.int64),
        )
        names = list(vocabulary)
        leads: dict[int, set[str]] = {}
        for position, term_id in zip(
            sentence_stems.doc_of[lead].tolist(),
            sentence_stems.term_ids[lead].tolist(),
            strict=True,
        ):
            leads.setdefault(position, set()).add(names[term_id])
        order = np.argsort(article_of, kind="stable").astype(np.int32)
        first_sentence = np.searchsorted(article_of[order], np.arange(count + 1)).astype(np.int32)
        return cls(
            TermIndex.of_terms(terms, count, k1=ARTICLE_K1, b=ARTICLE_B),
            tuple(frozenset(stems) for stems in title_stems),
            {position: frozenset(stems) for position, stems in leads.items()},
            recency_of(dates, count),
            order,
            first_sentence,
        )

    def __len__(self) -> int:
        return len(self.titles)

    def topic(self, article: int, position: int) -> frozenset[str]:
        """What an article says it is about, as seen from one of its sentences: the stems of
        its title and of its lead's other sentences. A lead sentence's own words are not
        topic to it, or a lead sentence that answers a question could never hold its focus."""
        others = (
            self.leads.get(other, frozenset())
            for other in self.sentences(article)[:LEAD_SENTENCES]
            if other != position
        )
        return self.titles[article].union(*others)

    def scores(self, stem_weights: Mapping[str, float]) -> Scores:
        """Every article's BM25 score for a question's weighted stems (0 = shares none)."""
        return self.terms.scores(stem_weights)

    def coverage(self, terms: Sequence[tuple[QueryTerm, float]], article: int) -> float:
        """The rarity-weighted share of the given question words (with their rarity) that one
        article holds, related forms and typo matches in part."""
        held = self.terms.held({key for term, _ in terms for key in term.credit}, article)
        return credited_share(terms, held)

    def best(self, scores: Scores, count: int) -> list[int]:
        """The `count` best-scoring articles with a score above 0, best first."""
        return best(scores, count).tolist()  # type: ignore[no-any-return]

    def sentences(self, article: int) -> list[int]:
        """The positions of one article's sentences in the sentence index, in order."""
        start, end = self.first_sentence[article : article + 2].tolist()
        return self.sentence_order[start:end].tolist()  # type: ignore[no-any-return]
