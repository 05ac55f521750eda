"""How often the engine finds the answering sentence, against BM25 and fuzzy matching.

Usage: `python -m bench.quality [--data DIR] [--eval DIR] [--seeds DIR] [--limit N]`
(or `make bench-quality`). Asks the seed eval set and XQuAD-R (German as written, with
typos, as typed on a phone, and English) of the engine and of both baselines, on the
same sentences, and prints one table: R@1/3/5, MRR@10, the engine's refusals, and the
paired difference to BM25 with a bootstrap interval, so a change to the engine can be
judged by more than one lucky number. Then the reader-questions section (`bench.reader`):
nine kinds of questions readers ask, over the seeds and all reader articles at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from bench import crosslingual, reader
from bench.baselines import Bm25Baseline, FuzzBaseline
from bench.datasets import (
    XQUAD_FILES,
    Corpus,
    DataError,
    QuestionSet,
    add_data_arguments,
    load_seed,
    load_xquad,
)
from bench.engine import EngineRanker, load_engine
from bench.metrics import (
    RANKING_DEPTH,
    gold_rank,
    paired_bootstrap,
    recall_at,
    reciprocal_ranks,
)
from bench.questions import phone_variant, typo_variant
from bench.reader_questions import add_encoder_arguments
from bench.report import MISSING, figure, table, timed
from knowledge import DEFAULT_MIN_SCORE

REFERENCE = Bm25Baseline.name


class Ranker(Protocol):
    """A method under comparison: sentence positions per question, best first."""

    name: str

    def rank_all(self, questions: Sequence[str], *, k: int) -> list[list[int]]: ...


@dataclass(frozen=True, slots=True)
class Run:
    """One method's answers to one question set, and what they cost."""

    method: str
    questions: QuestionSet
    rankings: list[list[int]]
    refused: list[bool] | None
    build_seconds: float
    query_seconds: float


def evaluate(corpus: Corpus, question_sets: Sequence[QuestionSet]) -> list[Run]:
    """Build each method once per corpus, then ask it every question set."""
    rankers: list[tuple[Ranker, float]] = [
        timed(lambda: EngineRanker(load_engine(corpus), corpus.sentences)),
        timed(lambda: Bm25Baseline(corpus.texts, language=corpus.language)),
        timed(lambda: FuzzBaseline(corpus.texts)),
    ]
    runs: list[Run] = []
    for question_set in question_sets:
        texts = [question.text for question in question_set.questions]
        for ranker, build_seconds in rankers:
            rankings, seconds = timed(partial(ranker.rank_all, texts, k=RANKING_DEPTH))
            refused = ranker.refusals(texts) if isinstance(ranker, EngineRanker) else None
            runs.append(Run(ranker.name, question_set, rankings, refused, build_seconds, seconds))
        # Progress on stderr: a full run takes minutes, and stdout stays the table alone.
        spent = ", ".join(
            f"{run.method} {run.query_seconds:.1f} s" for run in runs[-len(rankers) :]
        )
        print(f"{question_set.name}: {spent}", file=sys.stderr)
    return runs


def groups(question_set: QuestionSet) -> list[tuple[str, list[int]]]:
    """Rows of a question set: its answerable questions, then each kind if there are several."""
    questions = question_set.questions
    rows = [(question_set.name, [i for i, q in enumerate(questions) if q.gold is not None])]
    kinds = list(dict.fromkeys(question.kind for question in questions))
    if len(kinds) > 1:
        rows += [
            (f"{question_set.name}/{kind}", [i for i, q in enumerate(questions) if q.kind == kind])
            for kind in kinds
        ]
    return rows


def rank_of(run: Run, index: int) -> int | None:
    """Where the run ranked the gold sentence of one (answerable) question."""
    gold = run.questions.questions[index].gold
    assert gold is not None, "only answerable questions have a rank"
    return gold_rank(run.rankings[index], gold)


def metric_cells(run: Run, indices: Sequence[int], reference: Run, resamples: int) -> list[str]:
    """R@1, R@3, R@5, MRR@10, refused and the bootstrap difference to the reference."""
    answerable = [i for i in indices if run.questions.questions[i].gold is not None]
    refused = (
        figure(sum(run.refused[i] for i in indices) / len(indices)) if run.refused else MISSING
    )
    if not answerable:
        return [MISSING] * 4 + [refused, MISSING]
    ranks = [rank_of(run, i) for i in answerable]
    ours = reciprocal_ranks(ranks)
    difference = MISSING
    if run is not reference:
        theirs = reciprocal_ranks([rank_of(reference, i) for i in answerable])
        difference = str(paired_bootstrap(ours, theirs, resamples=resamples))
    recalls = [figure(recall_at(ranks, k)) for k in (1, 3, 5)]
    return [*recalls, figure(float(ours.mean())), refused, difference]


def quality_table(runs: Sequence[Run], resamples: int) -> str:
    """One row per question group and method, the reference method's rows included."""
    rows: list[list[str]] = []
    for set_name in dict.fromkeys(run.questions.name for run in runs):
        same_set = [run for run in runs if run.questions.name == set_name]
        reference = next(run for run in same_set if run.method == REFERENCE)
        for name, indices in groups(reference.questions):
            for run in same_set:
                cells = metric_cells(run, indices, reference, resamples)
                rows.append([name, run.method, str(len(indices)), *cells])
    header = [
        "dataset",
        "method",
        "n",
        "R@1",
        "R@3",
        "R@5",
        "MRR@10",
        "refused",
        "ΔMRR@10 vs bm25s [95% CI]",
    ]
    return table(header, rows, text_columns=2)


def timing_table(runs: Sequence[Run]) -> str:
    """Index build seconds and ranking milliseconds per question, per method and question set."""
    rows = [
        [
            run.questions.name,
            run.method,
            figure(run.build_seconds),
            figure(1000 * run.query_seconds / len(run.questions.questions)),
        ]
        for run in runs
    ]
    return table(["questions", "method", "index s", "ms/question"], rows, text_columns=2)


def load_suites(args: argparse.Namespace) -> list[tuple[Corpus, list[QuestionSet]]]:
    """Each corpus with the question sets asked of it; a sample of each with `--limit`."""
    seed, seed_questions = load_seed(args.seeds, args.eval)
    german, german_questions = load_xquad(args.data / XQUAD_FILES["de"], language="de")
    english, english_questions = load_xquad(args.data / XQUAD_FILES["en"], language="en")
    german_questions = german_questions.spread(args.limit)
    return [
        (seed, [seed_questions.spread(args.limit)]),
        (
            german,
            [
                german_questions,
                typo_variant(german_questions, seed=args.typo_seed),
                phone_variant(german_questions),
            ],
        ),
        (english, [english_questions.spread(args.limit)]),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    add_encoder_arguments(parser)
    parser.add_argument(
        "--limit",
        type=int,
        help="questions per set, evenly spread (default all; the reader section asks all)",
    )
    parser.add_argument("--typo-seed", type=int, default=0, help="seed of the typo perturbation")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    args = parser.parse_args(argv)
    try:
        suites = load_suites(args)
        reader_suite = reader.load_suite(args)
        english_suite = crosslingual.load_crosslingual(args.data)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    runs = [run for corpus, question_sets in suites for run in evaluate(corpus, question_sets)]
    print(quality_table(runs, args.resamples))
    print(
        f"\nrefused: share of the row's questions the engine leaves unanswered at its default "
        f"threshold (XQuAD-R: the lexical index's min_score {DEFAULT_MIN_SCORE}; seed: the "
        f"answer model's) (right only for seed/unanswerable).\n"
        f"R@k and MRR@10 rank without a threshold, over answerable questions; the difference "
        f"is per question, paired, {args.resamples} resamples, seed 0.\n"
    )
    print(timing_table(runs))
    print(
        "\nms/question: the time to rank the whole set, divided by its size; rapidfuzz compares on"
        " every core (cdist workers=-1), the others use one."
    )
    print("\n\nReader questions: the engine alone, on the seeds and all reader articles\n")
    reader.run_suite(reader_suite)
    print("\n\nEnglish questions about German paragraphs (no threshold)\n")
    print(
        crosslingual.report(
            english_suite, crosslingual.answerers(english_suite, args.encoder, args.data_dir)
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
