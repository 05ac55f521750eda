"""The fitted models that rank candidate sentences and decide whether the best one answers.

Both are logistic regressions over named signals (`knowledge.features`), shipped as a small
JSON file per encoder setting in `knowledge/models/`, fitted by `make fit-ranker` from the
data in `../shared` and cross-validated by article there (`bench.fit`); nothing is
trained when the bot starts. The file says what it was fitted on and its figures.

The ranking model scores every candidate; the decision model reads the best candidate's
signals plus how far it leads the next, and gives the probability that it answers the
question: below `refuse_below` the bot says it does not know, below `sure_from` it
answers with doubt.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from knowledge.encoder import Encoder
from knowledge.features import FEATURE_NAMES

logger = logging.getLogger(__name__)

DECISION_EXTRAS = ("ranking_score", "ranking_margin")
"""What the decision model reads beyond the best candidate's `Features`: its ranking score,
and how far it leads the second candidate."""
DECISION_NAMES = FEATURE_NAMES + DECISION_EXTRAS
SINGLE_MARGIN = 10.0
"""The lead of a best candidate that has no rival."""
_COVERAGE = FEATURE_NAMES.index("coverage")

MODELS_PACKAGE = "knowledge.models"
OFF = "off"
"""The model for answering without an encoder."""
BUNDLED = "bundled"
"""The model for the encoder the package bundles (`BOT_ENCODER=bundled`)."""


class ModelError(Exception):
    """A model file that is missing, unreadable or names signals this code does not compute."""


@dataclass(frozen=True, slots=True)
class Linear:
    """A logistic regression: a weight per named signal, and a bias."""

    weights: npt.NDArray[np.float64]
    bias: float

    @classmethod
    def of(cls, weights: Mapping[str, float], bias: float, names: Sequence[str]) -> Linear:
        """Weights by name, in the order of `names`; a signal the model does not name weighs 0."""
        unknown = set(weights) - set(names)
        if unknown:
            raise ModelError(f"unknown signals: {', '.join(sorted(unknown))}")
        values = [weights.get(name, 0.0) for name in names]
        if not all(isinstance(value, int | float) and math.isfinite(value) for value in values):
            raise ModelError("every weight must be a finite number")
        return cls(np.array(values, dtype=np.float64), float(bias))

    def scores(self, rows: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The log-odds of each row."""
        return rows @ self.weights + self.bias

    def named(self, names: Sequence[str]) -> dict[str, float]:
        """The non-zero weights by name, rounded for a file people read."""
        return {
            name: round(float(weight), 4)
            for name, weight in zip(names, self.weights.tolist(), strict=True)
            if weight
        }


def decision_row(
    rows: npt.NDArray[np.float64], scores: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
    """The candidates best first by their ranking scores, and what the decision model reads
    of the first: its signals, its score, and its lead over the second."""
    order = np.argsort(-scores, kind="stable")
    first = int(order[0])
    margin = float(scores[first] - scores[order[1]]) if len(order) > 1 else SINGLE_MARGIN
    return order, np.concatenate([rows[first], [scores[first], margin]])


@dataclass(frozen=True, slots=True)
class Judgement:
    """A model's verdict on one question's candidates."""

    order: npt.NDArray[np.intp]
    """Candidate rows, best first."""
    scores: npt.NDArray[np.float64]
    """Each candidate's ranking score, in `order`."""
    probability: float
    """That the first answers the question (0 below the model's `min_coverage`)."""


def probability(log_odds: float) -> float:
    """The logistic function, safe for any float."""
    if log_odds >= 0:
        return 1 / (1 + math.exp(-log_odds))
    odds = math.exp(log_odds)
    return odds / (1 + odds)


@dataclass(frozen=True, slots=True)
class AnswerModel:
    """Ranking and decision for one encoder setting, with the decision's two thresholds."""

    encoder: str
    ranking: Linear
    decision: Linear
    refuse_below: float
    sure_from: float
    about: Mapping[str, Any]
    min_coverage: float = 0.0
    """Below this share of the question's topic words in its sentence (or paragraph, in
    part), the best candidate is refused whatever the model says. Without an encoder the
    signals are all letters, and a corpus-calibrated model misjudges a tiny archive; the
    lexical engine's own calibrated threshold (`DEFAULT_MIN_SCORE`) guards it."""
    """What it was fitted on, when, by which command, its cross-validated figures, licences."""

    def judge(self, rows: npt.NDArray[np.float64]) -> Judgement:
        """Rank one question's candidates (one row of `Features` each, at least one) and
        decide on the first."""
        scores = self.ranking.scores(rows)
        order, row = decision_row(rows, scores)
        chance = (
            probability(float(self.decision.scores(row[None, :])[0]))
            if rows[order[0], _COVERAGE] >= self.min_coverage
            else 0.0
        )
        return Judgement(order, scores[order], chance)

    def to_json(self) -> str:
        """The file's text: the weights by name, so a reader sees what matters."""
        return json.dumps(
            {
                "encoder": self.encoder,
                "ranking": {
                    "weights": self.ranking.named(FEATURE_NAMES),
                    "bias": round(self.ranking.bias, 4),
                },
                "decision": {
                    "weights": self.decision.named(DECISION_NAMES),
                    "bias": round(self.decision.bias, 4),
                    "refuse_below": self.refuse_below,
                    "sure_from": self.sure_from,
                    "min_coverage": self.min_coverage,
                },
                "about": self.about,
            },
            ensure_ascii=False,
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> AnswerModel:
        """A model from its file's text; `ModelError` when it does not fit this code."""
        try:
            data = json.loads(text)
            ranking, decision = data["ranking"], data["decision"]
            return cls(
                str(data["encoder"]),
                Linear.of(ranking["weights"], float(ranking["bias"]), FEATURE_NAMES),
                Linear.of(decision["weights"], float(decision["bias"]), DECISION_NAMES),
                float(decision["refuse_below"]),
                float(decision["sure_from"]),
                dict(data.get("about", {})),
                float(decision.get("min_coverage", 0.0)),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ModelError(f"not a model file: {error}") from error


def model_file(setting: str) -> str:
    """The file name of the shipped model for an encoder setting (`off` or `bundled`)."""
    return f"ranker-{setting}.json"


def shipped_model(setting: str) -> AnswerModel:
    """The model the package ships for an encoder setting; `ModelError` if there is none."""
    try:
        text = resources.files(MODELS_PACKAGE).joinpath(model_file(setting)).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as error:
        raise ModelError(f"no model shipped for {setting!r}") from error
    return AnswerModel.from_json(text)


def model_for(encoder: Encoder | None) -> AnswerModel:
    """The shipped model for answering with this encoder, or without one.

    An encoder of the deployment's own (`BOT_ENCODER=/path`) gets the bundled encoder's
    model, with a warning: its signals mean the same, but its doubt and refusal were
    calibrated on another encoder's cosines.
    """
    if encoder is None:
        return shipped_model(OFF)
    model = shipped_model(BUNDLED)
    if model.encoder != encoder.name:
        logger.warning(
            "the answer model was fitted for encoder %s, not %s; its doubt and refusal "
            "thresholds may not fit this one",
            model.encoder,
            encoder.name,
        )
    return model
