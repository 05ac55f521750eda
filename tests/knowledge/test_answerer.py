"""The answerer: candidates from both levels (and the encoder), ranked and judged by a model.

The models here are made by hand, a few weights by name, so each test says which signal
decides; the shipped models' quality is the benchmarks' business.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from knowledge import Hit, SentenceIndex, corpus_sentences
from knowledge.answerer import LEXICAL_CANDIDATES, Answerer, Semantics
from knowledge.features import FEATURE_NAMES, SIMILARITY_RANKS
from knowledge.model import DECISION_NAMES, AnswerModel, Linear, probability
from knowledge.semantic import SentenceVectors
from tests.knowledge.conftest import make_article
from tests.knowledge.test_semantic import BagOfWordsEncoder

CAPTAIN = "Der Kapitän heißt Ole Hansen."
PASSENGERS = "Im Sommer nutzen täglich 400 Fahrgäste das Schiff."
ARTICLES = (
    make_article(
        "Viele Fahrgäste kommen im Sommer nach Kiel. Sie lieben den Hafen.",
        "Mehr Schiffe als je zuvor legen dort an.",
        title="Der Hafen von Kiel",
        file_name="hafen.txt",
    ),
    make_article(
        "Die Solarfähre fährt seit Mai zwischen Konstanz und Meersburg.",
        PASSENGERS,
        CAPTAIN,
        title="Die Solarfähre vom Bodensee",
        file_name="faehre.txt",
    ),
    make_article(
        "Die Lokführer streiken am Montag. Viele Züge fallen aus.",
        title="Streik bei der Bahn",
        file_name="bahn.txt",
    ),
    make_article(
        "In Hamburg regnet es seit Tagen. Die Elbe steigt.",
        title="Regen in Hamburg",
        file_name="regen.txt",
    ),
)
INDEX = SentenceIndex(corpus_sentences(ARTICLES))


def model(
    ranking: dict[str, float],
    decision_bias: float = 0.0,
    *,
    refuse_below: float = 0.5,
    sure_from: float = 0.8,
    **fields: Any,
) -> AnswerModel:
    """A model ranking by the given signals, deciding by its bias alone: the first answer's
    probability is `probability(decision_bias)`."""
    return AnswerModel(
        "test",
        Linear.of(ranking, 0.0, FEATURE_NAMES),
        Linear.of({}, decision_bias, DECISION_NAMES),
        refuse_below,
        sure_from,
        {},
        **fields,
    )


FOCUSED = model({"coverage": 1.0, "focus": 2.0}, 10.0)
"""Ranks what a question asks beyond naming its story; always answers."""


def texts(hits: list[Hit]) -> list[str]:
    return [hit.sentence.text for hit in hits]


def position_of(index: SentenceIndex, text: str) -> int:
    (position,) = [p for p, s in enumerate(index.sentences) if s.text == text]
    return position


# Candidates


def test_every_sentence_of_the_best_article_is_a_candidate_though_it_shares_no_word() -> None:
    answerer = Answerer(INDEX, FOCUSED)
    evidence = answerer.evidence("Was weiß man über die Solarfähre?")
    assert evidence is not None
    captain = position_of(INDEX, CAPTAIN)
    assert evidence.ranked.relevance[captain] == 0, "the lexical ranking has no reason for it"
    assert captain not in evidence.ranked.positions[:LEXICAL_CANDIDATES]

    candidates = answerer.candidates(evidence)

    faehre = INDEX.articles.index(ARTICLES[1])
    assert evidence.best_articles[0] == faehre
    assert set(INDEX.article_index.sentences(faehre)) <= set(candidates)
    assert len(candidates) == len(set(candidates)), "each once"


def test_a_detail_question_about_a_story_named_in_its_title_finds_the_detail() -> None:
    """`Fahrgäste` stands in the Kiel article's lead too; `Solarfähre` names the story."""
    hits = Answerer(INDEX, FOCUSED).search("Wie viele Fahrgäste hat die Solarfähre?")

    assert texts(hits)[0] == PASSENGERS


@pytest.mark.parametrize("question", ["", "und der die das", "?!.", "Wer? Wie? Was?"])
def test_a_question_without_a_word_to_search_gets_no_answer(question: str) -> None:
    answerer = Answerer(INDEX, FOCUSED)

    assert answerer.decide(question) is None
    assert answerer.search(question, min_score=0.0) == []


# Refusing, answering, and doubt


def test_the_answerer_refuses_when_the_model_doubts_the_best_candidate() -> None:
    unlikely = model({"coverage": 1.0}, -10.0, refuse_below=0.5)

    assert Answerer(INDEX, unlikely).search("Wo streiken die Lokführer?") == []


def test_the_answerer_answers_when_the_model_trusts_the_best_candidate() -> None:
    likely = model({"coverage": 1.0}, 10.0, refuse_below=0.5)

    hits = Answerer(INDEX, likely).search("Wo streiken die Lokführer?")

    assert texts(hits)[:1] == ["Die Lokführer streiken am Montag."]
    assert hits[0].score == pytest.approx(probability(10.0), abs=1e-4)


@pytest.mark.parametrize(
    ("refuse_below", "min_score", "answers"),
    [(0.4, None, True), (0.6, None, False), (0.9, 0.4, True), (0.1, 0.6, False)],
)
def test_the_threshold_is_min_score_or_else_the_models_refuse_below(
    refuse_below: float, min_score: float | None, answers: bool
) -> None:
    even = model({"coverage": 1.0}, 0.0, refuse_below=refuse_below)  # probability 0.5

    hits = Answerer(INDEX, even).search("Wo streiken die Lokführer?", min_score=min_score)

    assert bool(hits) is answers


@pytest.mark.parametrize(("sure_from", "sure"), [(0.4, True), (0.5, True), (0.6, False)])
def test_the_first_answer_is_sure_from_the_models_sure_from(sure_from: float, sure: bool) -> None:
    even = model({"coverage": 1.0}, 0.0, refuse_below=0.1, sure_from=sure_from)

    hits = Answerer(INDEX, even).search("Wo streiken die Lokführer?")

    assert hits and hits[0].sure is sure


def test_a_best_candidate_below_the_models_min_coverage_is_refused() -> None:
    guarded = model({"coverage": 1.0}, 10.0, refuse_below=0.5, min_coverage=0.9)

    # `Lokführer` is found, `Gewerkschaft` nowhere: half the question at best.
    assert Answerer(INDEX, guarded).search("Lokführer Gewerkschaft Tarifvertrag") == []


# The hits


def test_a_sentence_in_two_articles_is_answered_once() -> None:
    shared = "Die Solarfähre fährt seit Mai zwischen Konstanz und Meersburg."
    index = SentenceIndex(
        corpus_sentences(
            [
                *ARTICLES,
                make_article(
                    shared, "Ein Ticket kostet drei Euro.", title="Fähre", file_name="b.txt"
                ),
            ]
        )
    )

    hits = Answerer(index, FOCUSED).search("Seit wann fährt die Solarfähre?", k=10, min_score=0.0)

    assert texts(hits).count(shared) == 1
    assert len(texts(hits)) == len(set(texts(hits)))


@pytest.mark.parametrize("k", [0, 1, 2, 4])
def test_k_limits_the_hits(k: int) -> None:
    hits = Answerer(INDEX, FOCUSED).search(
        "Wie viele Fahrgäste hat die Solarfähre?", k=k, min_score=0.0
    )

    assert len(hits) == k


def test_further_hits_come_in_the_models_order_with_falling_scores() -> None:
    hits = Answerer(INDEX, FOCUSED).search(
        "Wie viele Fahrgäste hat die Solarfähre?", k=4, min_score=0.0
    )

    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 1 for score in scores)


# With an encoder

EXPELLED = "Der Parteiausschluss von Müller wurde am Montag beschlossen."


@pytest.fixture(scope="module")
def party() -> SentenceIndex:
    """More sentences than the encoder proposes, and one the question shares no word with."""
    return SentenceIndex(
        corpus_sentences(
            [
                *ARTICLES,
                make_article(
                    "Die Partei trifft sich in Leipzig.",
                    EXPELLED,
                    "Der Vorstand tagt im Rathaus.",
                    title="Streit in der Partei",
                    file_name="partei.txt",
                ),
            ]
        )
    )


def semantics_of(index: SentenceIndex, encoder: BagOfWordsEncoder) -> Semantics:
    return Semantics(
        encoder,
        SentenceVectors.of(
            encoder.passages([s.text for s in index.sentences]),
            encoder.passages([a.title for a in index.articles]),
            index.article_of,
        ),
    )


def test_the_encoders_closest_sentences_become_candidates(party: SentenceIndex) -> None:
    assert len(party) > SIMILARITY_RANKS
    encoder = BagOfWordsEncoder({"hinausgeworfen": "parteiausschluss"})
    question = "Wer wurde hinausgeworfen?"
    expelled = position_of(party, EXPELLED)
    lexical = Answerer(party, FOCUSED)
    evidence = lexical.evidence(question)
    assert evidence is not None and expelled not in lexical.candidates(evidence)

    answerer = Answerer(party, FOCUSED, semantics_of(party, encoder))
    evidence = answerer.evidence(question)

    assert evidence is not None and evidence.similarities is not None
    assert evidence.similarities.ranked[0] == expelled
    assert set(evidence.similarities.ranked) <= set(answerer.candidates(evidence))


def test_a_model_ranking_by_similarity_answers_what_no_word_of_the_question_finds(
    party: SentenceIndex,
) -> None:
    encoder = BagOfWordsEncoder({"hinausgeworfen": "parteiausschluss"})
    by_meaning = model({"similarity": 5.0}, 10.0)

    hits = Answerer(party, by_meaning, semantics_of(party, encoder)).search(
        "Wer wurde hinausgeworfen?"
    )

    assert texts(hits)[:1] == [EXPELLED]
    without = Answerer(party, by_meaning).search("Wer wurde hinausgeworfen?", k=10, min_score=0)
    assert EXPELLED not in texts(without), "the letters alone do not find it"


def test_the_encoders_rank_is_a_signal_of_every_candidate(party: SentenceIndex) -> None:
    """The semantic signals are read for each candidate, 0 without an encoder."""
    encoder = BagOfWordsEncoder({"hinausgeworfen": "parteiausschluss"})
    answerer = Answerer(party, FOCUSED, semantics_of(party, encoder))

    decision = answerer.decide("Wer wurde hinausgeworfen?")

    assert decision is not None
    assert len(decision.order) >= min(SIMILARITY_RANKS, len(party))
    assert np.all(np.diff(decision.scores) <= 0), "best first"


# Recency


def test_of_two_equally_good_answers_the_newer_article_s_comes_first() -> None:
    older = make_article(
        "Die Stadt baut eine neue Brücke über den Fluss.",
        title="Brücke",
        date="2023-03-01",
        file_name="alt.txt",
    )
    newer = make_article(
        "Die Stadt baut eine neue Brücke über den Strom.",
        title="Brücke",
        date="2024-03-01",
        file_name="neu.txt",
    )
    for articles in ([older, newer], [newer, older]):
        index = SentenceIndex(corpus_sentences(articles))

        hits = Answerer(index, model({"coverage": 1.0}, 10.0)).search("Wer baut eine Brücke?")

        assert hits[0].sentence.article.file_name == "neu.txt"


def test_a_clearly_better_answer_of_an_older_article_still_comes_first() -> None:
    older = make_article(
        "Die Stadt baut eine neue Brücke über den Fluss.", date="2023-03-01", file_name="alt.txt"
    )
    newer = make_article("Die Stadt plant viel.", date="2024-03-01", file_name="neu.txt")
    index = SentenceIndex(corpus_sentences([older, newer]))

    hits = Answerer(index, model({"coverage": 1.0}, 10.0)).search("Wer baut eine Brücke?")

    assert hits[0].sentence.article.file_name == "alt.txt"
