"""Choosing the engine's no-answer threshold (`min_score`) on data rather than by feel.

Usage: `python -m bench.threshold [--data DIR] [--eval DIR] [--seeds DIR] [--folds N]`.
Answerable questions: the seed eval set's and all of XQuAD-R German. Unanswerable
ones: the seed's, and the questions of N XQuAD-R articles held out in turn and asked
against the other articles, which do not contain their answers. For each min_score
from 0 to 1 it prints how many answerable questions the engine would wrongly refuse
and how many unanswerable ones it would wrongly answer, and the threshold with the
smallest sum of the two rates.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from bench import datasets
from bench.datasets import Corpus, DataError, QuestionSet
from bench.engine import Searcher, best_score, load_engine
from bench.report import figure, table
from knowledge import DEFAULT_MIN_SCORE

THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(21))


@dataclass(frozen=True, slots=True)
class ErrorRates:
    """The two ways a threshold is wrong, as shares of the questions it could be wrong on."""

    threshold: float
    wrongly_refused: float
    wrongly_answered: float

    @property
    def total(self) -> float:
        """Both errors weighted alike: a wrong answer misleads, a refusal disappoints."""
        return self.wrongly_refused + self.wrongly_answered


def error_rates(
    answerable: Sequence[float], unanswerable: Sequence[float], threshold: float
) -> ErrorRates:
    """Rates at one threshold, from each question's best score (see `best_score`)."""
    return ErrorRates(
        threshold,
        sum(score < threshold for score in answerable) / len(answerable),
        sum(score >= threshold for score in unanswerable) / len(unanswerable),
    )


def best_threshold(rates: Sequence[ErrorRates]) -> ErrorRates:
    """The smallest sum of both rates; among equals the lowest threshold, which refuses least."""
    return min(rates, key=lambda rate: (rate.total, rate.threshold))


def titles_of(corpus: Corpus) -> list[str]:
    """The corpus's article titles in corpus order (an XQuAD-R title spans several paragraphs)."""
    return list(dict.fromkeys(sentence.article.title for sentence in corpus.sentences))


def held_out_titles(corpus: Corpus, folds: int | None) -> list[str]:
    """`folds` article titles spread evenly over the corpus (None: all), so no topic decides."""
    titles = titles_of(corpus)
    if folds is None or folds >= len(titles):
        return titles
    return [titles[i * len(titles) // folds] for i in range(folds)]


def scores_of(searcher: Searcher, questions: Sequence[str]) -> list[float]:
    """Each question's best score against one index."""
    return [best_score(searcher, question) for question in questions]


def unanswerable_scores(
    corpus: Corpus, questions: QuestionSet, titles: Sequence[str]
) -> list[float]:
    """The questions of each held-out article, asked of an index of all the other articles."""
    scores: list[float] = []
    for title in titles:
        others = tuple(s for s in corpus.sentences if s.article.title != title)
        asked = [
            q.text
            for q in questions.questions
            if q.gold is not None and corpus.sentences[q.gold].article.title == title
        ]
        scores += scores_of(load_engine(Corpus(corpus.name, corpus.language, others)), asked)
    return scores


def sweep_table(rates: Sequence[ErrorRates]) -> str:
    """Both error rates per threshold, the best one marked."""
    best = best_threshold(rates)
    rows = [
        [
            figure(rate.threshold, 2),
            figure(rate.wrongly_refused),
            figure(rate.wrongly_answered),
            figure(rate.total),
            "best" if rate is best else "",
        ]
        for rate in rates
    ]
    return table(["min_score", "wrongly refused", "wrongly answered", "sum", ""], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    datasets.add_data_arguments(parser)
    parser.add_argument(
        "--folds", type=int, help="XQuAD-R articles held out in turn (default all 48)"
    )
    parser.add_argument("--limit", type=int, help="XQuAD-R answerable questions, evenly spread")
    args = parser.parse_args(argv)
    try:
        seed, seed_questions = datasets.load_seed(args.seeds, args.eval)
        xquad, xquad_questions = datasets.load_xquad(
            args.data / datasets.XQUAD_FILES["de"], language="de"
        )
        english, english_questions = datasets.load_xquad(
            args.data / datasets.XQUAD_FILES["en"], language="en"
        )
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    seed_engine = load_engine(seed)
    seed_answerable = [q.text for q in seed_questions.questions if q.gold is not None]
    seed_unanswerable = [q.text for q in seed_questions.questions if q.gold is None]
    asked = [q.text for q in xquad_questions.spread(args.limit).questions]
    titles = held_out_titles(xquad, args.folds)
    answerable = scores_of(seed_engine, seed_answerable) + scores_of(load_engine(xquad), asked)
    held_out = unanswerable_scores(xquad, xquad_questions, titles)
    unanswerable = scores_of(seed_engine, seed_unanswerable) + held_out

    print(
        f"answerable: {len(seed_answerable)} seed + {len(asked)} XQuAD-R questions; "
        f"unanswerable: {len(seed_unanswerable)} seed + {len(held_out)} XQuAD-R questions "
        f"of {len(titles)} held-out articles, asked of the other {len(titles_of(xquad)) - 1}\n"
    )
    rates = [error_rates(answerable, unanswerable, threshold) for threshold in THRESHOLDS]
    print(sweep_table(rates))
    best = best_threshold(rates)
    current = error_rates(answerable, unanswerable, DEFAULT_MIN_SCORE)
    print(
        f"\nbest: min_score {best.threshold:.2f} (sum {best.total:.3f}); "
        f"the engine's default {DEFAULT_MIN_SCORE}: wrongly refused "
        f"{current.wrongly_refused:.3f}, wrongly answered {current.wrongly_answered:.3f} "
        f"(sum {current.total:.3f})"
    )
    # English keeps its function words as index terms; its rates show that they count for no
    # share of a question, and that the threshold chosen on German carries over.
    in_english = error_rates(
        scores_of(
            load_engine(english), [q.text for q in english_questions.spread(args.limit).questions]
        ),
        unanswerable_scores(english, english_questions, held_out_titles(english, args.folds)),
        DEFAULT_MIN_SCORE,
    )
    print(
        f"XQuAD-R English at the default {DEFAULT_MIN_SCORE}, chosen without it: wrongly refused "
        f"{in_english.wrongly_refused:.3f}, wrongly answered {in_english.wrongly_answered:.3f} "
        f"(sum {in_english.total:.3f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
