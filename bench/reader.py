"""How the engine answers what readers ask of a news archive: by kind of question, and honestly.

Usage: `python -m bench.reader [--data DIR] [--eval DIR] [--seeds DIR] [--json-out FILE]`
(also a section of `make bench-quality`). Asks the reader eval set (direct, paraphrased,
colloquial, topical, misspelt, keyword, number, unanswerable and English questions about
40 articles) of the seeds plus all 1,028 reader articles, loaded as one knowledge base the
way the bot loads its seeds, with the bot's k=3 and default threshold. A hit is right only
if it is a sentence of the question's article and contains the expected text, so a
look-alike sentence elsewhere in the archive counts as wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.datasets import DataError, add_data_arguments
from bench.engine import Searcher
from bench.fit import FOLDS, cross_validated_searchers
from bench.metrics import RANKING_DEPTH, recall_at
from bench.reader_questions import (
    GERMAN_KINDS,
    HELD_OUT_ARTICLES,
    READER_QUESTIONS_FILE,
    UNANSWERABLE,
    ReaderQuestion,
    add_encoder_arguments,
    load_reader_engine,
    load_reader_questions,
)
from bench.report import MISSING, figure, percent, table, timed
from knowledge import Hit

TOP_K = 3
"""Answers the bot shows for a question (its `top_k` default)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the engine did with one question.

    `answers` are the hits the bot would show (k=3, default threshold); `ranking` is the
    top `RANKING_DEPTH` with no threshold, to tell a ranking miss from a refusal.
    """

    question: ReaderQuestion
    answers: tuple[Hit, ...]
    ranking: tuple[Hit, ...]

    @property
    def rank(self) -> int | None:
        """1-based rank of the first right answer shown; None if refused or none is right."""
        return first_right(self.question, self.answers)

    @property
    def ranking_rank(self) -> int | None:
        """1-based rank of the first right hit without threshold, for R@10."""
        return first_right(self.question, self.ranking)

    @property
    def refused(self) -> bool:
        """The bot would say it has no answer."""
        return not self.answers

    @property
    def sure(self) -> bool:
        """The first answer is shown without a doubt marker (False when refused).

        Read with a default, so the bench runs on engines from before `Hit.sure` existed,
        where every answer given is given as sure.
        """
        return bool(self.answers) and bool(getattr(self.answers[0], "sure", True))

    @property
    def right_article(self) -> bool:
        """The first answer shown comes from the question's article (False when refused)."""
        return bool(self.answers) and self.answers[0].sentence.article.id == self.question.article

    def record(self) -> dict[str, object]:
        """The outcome as one JSON object, for reading errors question by question."""
        first = self.answers[0] if self.answers else None
        return {
            "question": self.question.question,
            "kind": self.question.kind,
            "article": self.question.article,
            "expected": self.question.expected,
            "rank": self.rank,
            "ranking_rank": self.ranking_rank,
            "refused": self.refused,
            "sure": self.sure,
            "first_article": None if first is None else first.sentence.article.id,
            "first_text": None if first is None else first.sentence.text,
        }


@dataclass(frozen=True, slots=True)
class Share:
    """A count out of a total, shown as both, since 1/40 and 2.5% say different things."""

    count: int
    total: int

    @property
    def value(self) -> float | None:
        """The share, or None when there is nothing to share out."""
        return self.count / self.total if self.total else None

    def __str__(self) -> str:
        return f"{self.count}/{self.total} ({percent(self.value)})"


def share(items: Sequence[Outcome], test: Callable[[Outcome], bool]) -> Share:
    """How many of the outcomes pass a test."""
    return Share(sum(test(item) for item in items), len(items))


@dataclass(frozen=True, slots=True)
class Honesty:
    """Whether the engine's confidence can be trusted, over the German questions.

    An unanswerable question answered as sure counts as a wrong sure answer: that is the
    answer that misleads a reader most.
    """

    unanswerable_refused: Share
    unanswerable_sure: Share
    answerable_refused: Share
    sure_precision: Share

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Honesty:
        """The four figures from every outcome; kinds outside German are left out here."""
        answerable = by_kinds(outcomes, GERMAN_KINDS)
        unanswerable = by_kinds(outcomes, (UNANSWERABLE,))
        sure = [outcome for outcome in [*answerable, *unanswerable] if outcome.sure]
        return cls(
            unanswerable_refused=share(unanswerable, lambda outcome: outcome.refused),
            unanswerable_sure=share(unanswerable, lambda outcome: outcome.sure),
            answerable_refused=share(answerable, lambda outcome: outcome.refused),
            sure_precision=share(sure, lambda outcome: outcome.rank == 1),
        )


def first_right(question: ReaderQuestion, hits: Sequence[Hit]) -> int | None:
    """1-based rank of the first right hit, or None."""
    for rank, hit in enumerate(hits, start=1):
        if question.is_right(hit):
            return rank
    return None


def evaluate(
    searcher_for: Callable[[ReaderQuestion], Searcher], questions: Sequence[ReaderQuestion]
) -> list[Outcome]:
    """Ask every question twice, of the searcher given for it: as the bot does, and for a
    ranking with no threshold."""
    outcomes: list[Outcome] = []
    for question in questions:
        searcher = searcher_for(question)
        outcomes.append(
            Outcome(
                question,
                tuple(searcher.search(question.question, k=TOP_K)),
                tuple(searcher.search(question.question, k=RANKING_DEPTH, min_score=0.0)),
            )
        )
    return outcomes


def by_kinds(outcomes: Sequence[Outcome], kinds: Sequence[str]) -> list[Outcome]:
    """The outcomes of questions of the given kinds."""
    return [outcome for outcome in outcomes if outcome.question.kind in kinds]


def row_cells(outcomes: Sequence[Outcome]) -> list[str]:
    """n, R@1, R@3, refused, first answer in the right article, and R@10 with no threshold.

    The recalls leave out unanswerable questions, which have no right answer to find.
    """
    answerable = [outcome for outcome in outcomes if outcome.question.expected is not None]
    recalls = [MISSING] * 3
    if answerable:
        ranks = [outcome.rank for outcome in answerable]
        depth_ranks = [outcome.ranking_rank for outcome in answerable]
        recalls = [
            figure(recall_at(ranks, 1)),
            figure(recall_at(ranks, 3)),
            figure(recall_at(depth_ranks, RANKING_DEPTH)),
        ]
    at_1, at_3, at_depth = recalls
    refused = percent(share(outcomes, lambda outcome: outcome.refused).value)
    right_article = percent(share(outcomes, lambda outcome: outcome.right_article).value)
    return [str(len(outcomes)), at_1, at_3, refused, right_article, at_depth]


def reader_table(outcomes: Sequence[Outcome]) -> str:
    """One row per kind, then the German kinds pooled, then split into dev and held-out."""
    german = by_kinds(outcomes, GERMAN_KINDS)
    kinds = dict.fromkeys(outcome.question.kind for outcome in outcomes)
    groups = [(kind, by_kinds(outcomes, (kind,))) for kind in kinds]
    groups += [
        ("all German", german),
        ("German dev", [o for o in german if o.question.article not in HELD_OUT_ARTICLES]),
        ("German held-out", [o for o in german if o.question.article in HELD_OUT_ARTICLES]),
    ]
    header = ["questions", "n", "R@1", "R@3", "refused", "right article", "R@10 no threshold"]
    return table(header, [[name, *row_cells(group)] for name, group in groups if group])


def honesty_table(honesty: Honesty) -> str:
    """The four honesty figures, each as a count and a percentage."""
    rows = [
        ["unanswerable refused", str(honesty.unanswerable_refused)],
        ["unanswerable answered as sure", str(honesty.unanswerable_sure)],
        ["answerable refused", str(honesty.answerable_refused)],
        ["sure first answers that are right", str(honesty.sure_precision)],
    ]
    return table(["German questions", "share"], rows)


@dataclass(frozen=True, slots=True)
class ReaderSuite:
    """The reader questions and the engine loaded to answer them, ready to be asked."""

    questions: tuple[ReaderQuestion, ...]
    searcher_for: Callable[[ReaderQuestion], Searcher]
    """Each question's searcher: the knowledge base's answerer with a model that was not
    fitted on the question's article (`bench.fit.cross_validated_searchers`)."""
    encoder: str
    shipped: bool
    """True: every question asked of the shipped model (`--shipped`)."""
    load_seconds: float


def load_suite(args: argparse.Namespace) -> ReaderSuite:
    """Everything the section reads, loaded before any question is asked.

    `bench.quality` calls this first, so missing reader data ends a run at once rather
    than after minutes of other benchmarks.
    """
    questions = tuple(load_reader_questions(args.eval / READER_QUESTIONS_FILE))

    def load() -> Callable[[ReaderQuestion], Searcher]:
        base = load_reader_engine(
            args.data, args.seeds, questions, encoder=args.encoder, data_dir=args.data_dir
        )
        if getattr(args, "shipped", False):
            return lambda _: base
        return cross_validated_searchers(base, questions, args.data)

    searcher_for, seconds = timed(load)
    shipped = bool(getattr(args, "shipped", False))
    return ReaderSuite(questions, searcher_for, args.encoder, shipped, seconds)


def write_outcomes(path: Path, outcomes: Sequence[Outcome]) -> None:
    """Every question's outcome as a JSON list, umlauts as written."""
    records = [outcome.record() for outcome in outcomes]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def run_suite(suite: ReaderSuite) -> list[Outcome]:
    """Ask every question and print the section's tables; the outcomes, for `--json-out`."""
    outcomes, seconds = timed(lambda: evaluate(suite.searcher_for, suite.questions))
    print(reader_table(outcomes))
    how = (
        "The shipped model as it is: fitted on the 30 dev articles, so only the held-out "
        "row is out of sample."
        if suite.shipped
        else f"Cross-validated by article: each question is answered by a model fitted "
        f"without its article ({FOLDS} folds of the 30 dev articles; the 10 held-out "
        f"articles by the model fitted on all 30, as shipped), with that model's thresholds."
    )
    print(
        f"\nEncoder {suite.encoder}. {how}\n"
        f"R@1, R@3, refused and right article: the bot's answers (k={TOP_K}); "
        f"R@{RANKING_DEPTH}: the ranking with no threshold. A hit is right "
        f"if it is in the question's article and contains the expected text.\n"
        f"held-out articles (left out of every choice made by hand): "
        f"{', '.join(HELD_OUT_ARTICLES)}.\n"
    )
    print(honesty_table(Honesty.of(outcomes)))
    print(
        f"\nreader section: corpus loaded in {suite.load_seconds:.1f} s, "
        f"{len(outcomes)} questions asked twice in {seconds:.1f} s "
        f"({1000 * seconds / max(2 * len(outcomes), 1):.1f} ms a search)."
    )
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    add_encoder_arguments(parser)
    parser.add_argument("--json-out", type=Path, help="write every question's outcome here")
    parser.add_argument(
        "--shipped",
        action="store_true",
        help="ask the shipped model instead of cross-validating (in sample for dev articles)",
    )
    args = parser.parse_args(argv)
    try:
        suite = load_suite(args)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    outcomes = run_suite(suite)
    if args.json_out:
        write_outcomes(args.json_out, outcomes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
