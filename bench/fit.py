"""Fitting the answer models on reader questions, cross-validated by article.

Usage: `python -m bench.fit [--data DIR] [--eval DIR] [--seeds DIR] [--encoder off|bundled]
[--write]` (or `make fit-ranker`, which writes both shipped models).

Every reader question is asked of the seed plus the 1,028 reader articles; its candidates
and their signals come from the answerer itself (`knowledge.answerer`), so training and
answering compute them with the same code. A candidate is right when it is in the
question's article and holds its expected text.

Two logistic regressions are fitted: the ranking over every candidate, and the decision
over each question's best candidate (right or not; an unanswerable question's best is
never right). Their two thresholds are chosen by rule, not by hand: `refuse_below` is the
highest that refuses at most `REFUSED_ANSWERABLE` of the answerable questions, `sure_from`
the lowest at which `SURE_PRECISION` of the sure answers are right.

Reader questions that the articles do not answer are follow-ups on the same stories; a bot
is also asked about things the archive never covered. XQuAD-R's questions (Wikipedia
topics, German and English) asked of the reader archive are such questions: a sample of
`OFF_TOPIC` of them are unanswerable examples for the decision model, in folds of their own,
and count in no reported figure.

The held-out articles (`bench.reader.HELD_OUT_ARTICLES`) are never fitted on: the shipped
model learns from the other 30 articles, and every figure reported for those is
cross-validated by article (`FOLDS` folds, each predicted by a model that never saw it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bench.datasets import XQUAD_FILES, DataError, add_data_arguments, load_xquad
from bench.reader_questions import (
    ENGLISH,
    GERMAN_KINDS,
    HELD_OUT_ARTICLES,
    READER_QUESTIONS_FILE,
    UNANSWERABLE,
    ReaderQuestion,
    add_encoder_arguments,
    load_reader_engine,
    load_reader_questions,
)
from knowledge import DEFAULT_MIN_SCORE, KnowledgeBase
from knowledge.answerer import Answerer
from knowledge.features import FEATURE_NAMES, candidate_features
from knowledge.model import (
    BUNDLED,
    DECISION_NAMES,
    OFF,
    AnswerModel,
    Linear,
    decision_row,
    model_file,
)

FOLDS = 5
OFF_TOPIC = 300
"""XQuAD-R questions per language asked of the reader archive as unanswerable examples."""
OFF_TOPIC_KIND = "off-topic"
L2 = 0.01
"""Ridge penalty of both regressions, on signals scaled to unit spread: cosines differ by
hundredths, and an unscaled penalty kept their weights from mattering (R@1 0.557 -> 0.614
cross-validated, German dev, when scaling was added)."""
NEWTON_STEPS = 25
REFUSED_ANSWERABLE = 0.08
"""At most this share of answerable questions refused (the issue allows 10%)."""
LEAST_THRESHOLD = 0.0001
"""The lowest `refuse_below`: above 0, so a probability of 0 is always refused."""
SURE_PRECISION = 0.85
"""At least this share of sure answers right (the issue asks 80%)."""
LICENCES = ("Reader questions and articles: 10kGNAD (CC BY-NC-SA 4.0), questions by the project.",)

Rows = npt.NDArray[np.float64]
Labels = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Example:
    """One question's candidates: positions, signals, and which are right."""

    question: ReaderQuestion
    positions: tuple[int, ...]
    rows: Rows
    right: Labels


def examples(answerer: Answerer, questions: Sequence[ReaderQuestion]) -> list[Example]:
    """Every question's candidates with their signals, as the answerer computes them."""
    found: list[Example] = []
    index = answerer.index
    for question in questions:
        evidence = answerer.evidence(question.question)
        positions = answerer.candidates(evidence) if evidence is not None else []
        rows = (
            candidate_features(index, evidence, positions)
            if evidence is not None and positions
            else np.zeros((0, len(FEATURE_NAMES)))
        )
        right = np.array(
            [question.answered_by(index.sentences[position]) for position in positions], dtype=bool
        )
        found.append(Example(question, tuple(positions), rows, right))
    return found


def logistic(rows: Rows, labels: Labels) -> Linear:
    """A ridge-penalised logistic regression by Newton's method, fitted on the signals scaled
    to unit spread and returned for the signals as they are (the bias is not penalised; a
    signal that never varies weighs 0)."""
    count, width = rows.shape
    spread = rows.std(axis=0)
    scale = np.where(spread > 0, spread, np.inf)
    design = np.hstack([rows / scale, np.ones((count, 1))])
    target = labels.astype(np.float64)
    penalty = L2 * np.diag(np.r_[np.ones(width), 0.0])
    weights = np.zeros(width + 1)
    for _ in range(NEWTON_STEPS):
        chance = 1 / (1 + np.exp(-np.clip(design @ weights, -30, 30)))
        gradient = design.T @ (chance - target) + penalty @ weights
        hessian = (design * (chance * (1 - chance))[:, None]).T @ design + penalty
        weights -= np.linalg.solve(hessian, gradient)
    return Linear(weights[:-1] / scale, float(weights[-1]))


@dataclass(frozen=True, slots=True)
class Prediction:
    """What a model made of one question: its candidates best first, and the decision."""

    question: ReaderQuestion
    ranked_right: tuple[bool, ...]
    probability: float


def decision_rows(ranking: Linear, found: Sequence[Example]) -> tuple[Rows, Labels]:
    """Each question's best candidate by `ranking`, as the decision model reads it."""
    rows: list[Rows] = []
    labels: list[bool] = []
    for example in found:
        if len(example.positions):
            order, row = decision_row(example.rows, ranking.scores(example.rows))
            rows.append(row)
            labels.append(bool(example.right[order[0]]))
    return np.array(rows).reshape(-1, len(DECISION_NAMES)), np.array(labels, dtype=bool)


def fit(found: Sequence[Example], encoder: str) -> AnswerModel:
    """Ranking and decision fitted on these questions; thresholds left to `with_thresholds`."""
    answerable = [example for example in found if example.right.any()]
    ranking = logistic(
        np.vstack([example.rows for example in answerable]),
        np.concatenate([example.right for example in answerable]),
    )
    decision = logistic(*decision_rows(ranking, found))
    floor = DEFAULT_MIN_SCORE if encoder == OFF else 0.0
    return AnswerModel(encoder, ranking, decision, 0.0, 0.0, {}, min_coverage=floor)


def predict(model: AnswerModel, found: Sequence[Example]) -> list[Prediction]:
    """What a model makes of each question (the answerer's `decide`, on stored signals)."""
    predictions: list[Prediction] = []
    for example in found:
        if not len(example.positions):
            predictions.append(Prediction(example.question, (), 0.0))
            continue
        judgement = model.judge(example.rows)
        right = tuple(example.right[judgement.order].tolist())
        predictions.append(Prediction(example.question, right, judgement.probability))
    return predictions


def cross_validated(
    found: Sequence[Example], encoder: str, *, folds: int = FOLDS
) -> list[Prediction]:
    """Each question predicted by a model fitted on the other folds' articles, in order."""
    articles = sorted({example.question.article for example in found})
    fold_of = {article: number % folds for number, article in enumerate(articles)}
    predicted: dict[int, Prediction] = {}
    for fold in range(folds):
        training = [e for e in found if fold_of[e.question.article] != fold]
        testing = [i for i, e in enumerate(found) if fold_of[e.question.article] == fold]
        model = fit(training, encoder)
        for number, prediction in zip(
            testing, predict(model, [found[i] for i in testing]), strict=True
        ):
            predicted[number] = prediction
    return [predicted[number] for number in range(len(found))]


def off_topic_questions(data: Path) -> list[ReaderQuestion]:
    """A fixed sample of XQuAD-R questions in each language, as unanswerable reader questions,
    each its own "article" so that folds split them like the others."""
    questions: list[ReaderQuestion] = []
    for language, file_name in sorted(XQUAD_FILES.items()):
        _, asked = load_xquad(data / file_name, language=language)
        sample = random.Random(language).sample(list(asked.questions), OFF_TOPIC)
        questions += [
            ReaderQuestion(question.text, OFF_TOPIC_KIND, f"xquad-{language}-{number}", None, None)
            for number, question in enumerate(sample)
        ]
    return questions


def thresholds(predictions: Sequence[Prediction]) -> tuple[float, float]:
    """`refuse_below` and `sure_from` by the rules in this module's docstring, on the reader
    questions alone."""
    predictions = [p for p in predictions if p.question.kind != OFF_TOPIC_KIND]
    answerable = sorted(p.probability for p in predictions if p.question.answerable)
    refuse_below = answerable[int(REFUSED_ANSWERABLE * len(answerable))] if answerable else 0.0
    given = sorted(
        (p.probability, bool(p.ranked_right and p.ranked_right[0]))
        for p in predictions
        if p.probability >= refuse_below
    )
    sure_from = 1.0
    for start in range(len(given)):
        right = [is_right for _, is_right in given[start:]]
        if sum(right) / len(right) >= SURE_PRECISION:
            sure_from = given[start][0]
            break
    # A question the model's coverage floor refuses has probability 0: refuse it always.
    refuse_below = max(round(refuse_below, 4), LEAST_THRESHOLD)
    return refuse_below, round(max(sure_from, refuse_below), 4)


def with_thresholds(model: AnswerModel, predictions: Sequence[Prediction]) -> AnswerModel:
    """The model with thresholds chosen on out-of-fold predictions."""
    refuse_below, sure_from = thresholds(predictions)
    return replace(model, refuse_below=refuse_below, sure_from=sure_from)


def shipped(found: Sequence[Example], encoder: str, about: dict[str, object]) -> AnswerModel:
    """The model to ship: fitted on the dev articles, thresholds from their cross-validation."""
    dev = [e for e in found if e.question.article not in HELD_OUT_ARTICLES]
    model = with_thresholds(fit(dev, encoder), cross_validated(dev, encoder))
    return replace(model, about=about)


def about(encoder: str, command: str, figures: dict[str, object]) -> dict[str, object]:
    """What a model file says of itself."""
    return {
        "fitted": dt.date.today().isoformat(),
        "command": command,
        "encoder": encoder,
        "fitted_on": "reader questions of the 30 dev articles (the 10 held-out never)",
        "cross_validated": figures,
        "licences": list(LICENCES),
    }


def blank_model() -> AnswerModel:
    """A model that knows nothing, to load a knowledge base with before one is fitted: the
    candidates and their signals do not depend on the model."""
    return AnswerModel(
        OFF,
        Linear(np.zeros(len(FEATURE_NAMES)), 0.0),
        Linear(np.zeros(len(DECISION_NAMES)), 0.0),
        0.0,
        0.0,
        {},
    )


def fold_models(found: Sequence[Example], encoder: str) -> dict[str, AnswerModel]:
    """For each article, a model that never saw its questions: a dev article's is fitted on
    the other folds (thresholds from their own cross-validation), a held-out article's on
    all dev articles, as the shipped model is."""
    dev = [e for e in found if e.question.article not in HELD_OUT_ARTICLES]
    articles = sorted({example.question.article for example in dev})
    fold_of = {article: number % FOLDS for number, article in enumerate(articles)}
    models: dict[str, AnswerModel] = {}
    for fold in range(FOLDS):
        training = [e for e in dev if fold_of[e.question.article] != fold]
        model = with_thresholds(fit(training, encoder), cross_validated(training, encoder))
        models.update({article: model for article in articles if fold_of[article] == fold})
    final = with_thresholds(fit(dev, encoder), cross_validated(dev, encoder))
    models.update(dict.fromkeys(HELD_OUT_ARTICLES, final))
    return models


def cross_validated_searchers(
    base: KnowledgeBase, questions: Sequence[ReaderQuestion], data: Path
) -> Callable[[ReaderQuestion], Answerer]:
    """For each reader question, the knowledge base's answerer with a model that never saw
    the question's article (`fold_models`), fitted with the off-topic examples as well."""
    answerer = base.answerer
    encoder = answerer.model.encoder
    found = examples(answerer, [*questions, *off_topic_questions(data)])
    answerers: dict[int, Answerer] = {}
    by_article = {
        article: answerers.setdefault(
            id(model), Answerer(answerer.index, model, answerer.semantics)
        )
        for article, model in fold_models(found, encoder).items()
    }
    return lambda question: by_article[question.article]


def figures(predictions: Sequence[Prediction], model: AnswerModel) -> dict[str, object]:
    """The figures a model file and the report give: R@1 and R@3 of the German kinds, and
    the decision's honesty, from predictions none of which the model was fitted on."""
    german = [p for p in predictions if p.question.kind in (*GERMAN_KINDS, UNANSWERABLE)]
    answerable = [p for p in german if p.question.answerable]
    unanswerable = [p for p in german if not p.question.answerable]
    sure = [p for p in german if p.probability >= model.sure_from]
    english = [p for p in predictions if p.question.kind == ENGLISH]

    def share(items: Sequence[Prediction], test: Callable[[Prediction], bool]) -> float:
        return round(sum(map(test, items)) / len(items), 3) if items else 0.0

    def first_right(p: Prediction) -> bool:
        return bool(p.ranked_right and p.ranked_right[0])

    return {
        "questions": len(predictions),
        "german_r1": share(answerable, first_right),
        "german_r3": share(answerable, lambda p: any(p.ranked_right[:3])),
        "unanswerable_refused": share(unanswerable, lambda p: p.probability < model.refuse_below),
        "unanswerable_sure": share(unanswerable, lambda p: p.probability >= model.sure_from),
        "answerable_refused": share(answerable, lambda p: p.probability < model.refuse_below),
        "sure_right": share(sure, lambda p: p.question.answerable and first_right(p)),
        "english_r1": share(english, first_right),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Fit, report cross-validated figures, and write the model file with `--write`."""
    parser = argparse.ArgumentParser(prog="python -m bench.fit", description=__doc__)
    add_data_arguments(parser)
    add_encoder_arguments(parser)
    parser.add_argument("--write", action="store_true", help="write the shipped model file")
    args = parser.parse_args(argv)
    try:
        questions = load_reader_questions(args.eval / READER_QUESTIONS_FILE)
        base = load_reader_engine(
            args.data,
            args.seeds,
            questions,
            encoder=args.encoder,
            data_dir=args.data_dir,
            model=blank_model(),
        )
        questions += off_topic_questions(args.data)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    answerer = base.answerer
    found = examples(answerer, questions)
    dev = [e for e in found if e.question.article not in HELD_OUT_ARTICLES]
    held_out = [e for e in found if e.question.article in HELD_OUT_ARTICLES]
    encoder = OFF if base.encoder is None else base.encoder.name
    cross = cross_validated(dev, encoder)
    command = f"python -m bench.fit --encoder {args.encoder} --write"
    model = with_thresholds(fit(dev, encoder), cross)
    dev_figures = figures(cross, model)
    held_figures = figures(predict(model, held_out), model)
    off_topic = [p for p in cross if p.question.kind == OFF_TOPIC_KIND]
    dev_figures["off_topic_refused"] = round(
        sum(p.probability < model.refuse_below for p in off_topic) / max(len(off_topic), 1), 3
    )
    model = replace(
        model, about=about(encoder, command, {"dev_cv": dev_figures, "held_out": held_figures})
    )
    print(f"encoder {encoder}: refuse below {model.refuse_below}, sure from {model.sure_from}")
    print(f"  30 dev articles, {FOLDS}-fold cross-validated: {dev_figures}")
    print(f"  10 held-out articles, model fitted on the dev articles: {held_figures}")
    if args.write:
        setting = OFF if args.encoder == OFF else BUNDLED
        path = Path(__file__).parent.parent / "knowledge" / "models" / model_file(setting)
        path.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
