"""The answer model: a ranking and a decision over named signals, read from and written to
the JSON file the package ships."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from knowledge.features import FEATURE_NAMES
from knowledge.model import (
    DECISION_NAMES,
    SINGLE_MARGIN,
    AnswerModel,
    Linear,
    ModelError,
    model_for,
    probability,
    shipped_model,
)


def hand_made(**fields: Any) -> AnswerModel:
    """A model with a few weights by name; `fields` replace any of its other fields."""
    values: dict[str, Any] = {
        "encoder": "fake-1",
        "ranking": Linear.of({"coverage": 2.0, "focus": -1.5}, 0.25, FEATURE_NAMES),
        "decision": Linear.of({"coverage": 1.0, "ranking_margin": 0.5}, -2.0, DECISION_NAMES),
        "refuse_below": 0.2,
        "sure_from": 0.7,
        "about": {"fitted": "2026-01-01", "figures": {"r1": 0.5}, "licences": ["CC0"]},
        "min_coverage": 0.33,
    }
    values.update(fields)
    return AnswerModel(**values)


def rows(*signals: dict[str, float]) -> npt.NDArray[np.float64]:
    """One candidate row per dict of signals by name (the others 0)."""
    table = np.zeros((len(signals), len(FEATURE_NAMES)))
    for row, named in enumerate(signals):
        for name, value in named.items():
            table[row, FEATURE_NAMES.index(name)] = value
    return table


def file_of(model: AnswerModel) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model.to_json())
    return data


# The file


def test_a_model_survives_its_json_round_trip() -> None:
    model = hand_made()

    again = AnswerModel.from_json(model.to_json())

    assert again.encoder == "fake-1"
    np.testing.assert_array_equal(again.ranking.weights, model.ranking.weights)
    np.testing.assert_array_equal(again.decision.weights, model.decision.weights)
    assert (again.ranking.bias, again.decision.bias) == (0.25, -2.0)
    assert (again.refuse_below, again.sure_from, again.min_coverage) == (0.2, 0.7, 0.33)
    assert again.about == model.about


def test_the_file_names_only_the_weights_that_count() -> None:
    data = file_of(hand_made())

    assert data["ranking"]["weights"] == {"coverage": 2.0, "focus": -1.5}
    assert data["decision"]["weights"] == {"coverage": 1.0, "ranking_margin": 0.5}


def test_a_file_without_min_coverage_guards_nothing() -> None:
    data = file_of(hand_made())
    del data["decision"]["min_coverage"]

    assert AnswerModel.from_json(json.dumps(data)).min_coverage == 0.0


def broken(change: str) -> str:
    """The hand-made model's file with one thing wrong."""
    data = file_of(hand_made())
    if change == "no-ranking":
        del data["ranking"]
    elif change == "no-refuse-below":
        del data["decision"]["refuse_below"]
    elif change == "no-bias":
        del data["ranking"]["bias"]
    elif change == "no-encoder":
        del data["encoder"]
    elif change == "unknown-ranking-signal":
        data["ranking"]["weights"]["shoe_size"] = 1.0
    elif change == "decision-signal-in-ranking":
        data["ranking"]["weights"]["ranking_margin"] = 1.0
    elif change == "bias-not-a-number":
        data["decision"]["bias"] = "high"
    elif change == "weights-a-list":
        data["ranking"]["weights"] = [1.0, 2.0]
    elif change == "about-a-number":
        data["about"] = 3
    return json.dumps(data)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[]",
        "null",
        "{}",
        '{"ranking": 1, "decision": 2, "encoder": "off"}',
        *(
            broken(change)
            for change in [
                "no-ranking",
                "no-refuse-below",
                "no-bias",
                "no-encoder",
                "unknown-ranking-signal",
                "decision-signal-in-ranking",
                "bias-not-a-number",
                "weights-a-list",
                "about-a-number",
            ]
        ),
    ],
)
def test_a_file_that_does_not_fit_raises_model_error(text: str) -> None:
    with pytest.raises(ModelError):
        AnswerModel.from_json(text)


@pytest.mark.parametrize("weight", ["high", None, [1.0]], ids=["text", "null", "list"])
def test_a_weight_that_is_not_a_number_raises_model_error(weight: object) -> None:
    """Else the model loads and the first question fails inside numpy."""
    data = file_of(hand_made())
    data["ranking"]["weights"]["coverage"] = weight

    with pytest.raises(ModelError):
        AnswerModel.from_json(json.dumps(data))


# The two regressions


def test_linear_orders_weights_by_the_names_and_leaves_the_others_zero() -> None:
    linear = Linear.of({"b": 2.0, "a": 1.0}, 0.5, ["a", "b", "c"])

    assert linear.weights.tolist() == [1.0, 2.0, 0.0]
    assert linear.named(["a", "b", "c"]) == {"a": 1.0, "b": 2.0}
    assert linear.scores(np.array([[1.0, 1.0, 5.0]])).tolist() == [3.5]


def test_linear_refuses_a_weight_for_a_name_it_does_not_know() -> None:
    with pytest.raises(ModelError, match="d"):
        Linear.of({"a": 1.0, "d": 2.0}, 0.0, ["a", "b", "c"])


@pytest.mark.parametrize(
    ("log_odds", "expected"),
    [(-1000.0, 0.0), (-math.inf, 0.0), (0.0, 0.5), (1000.0, 1.0), (math.inf, 1.0)],
)
def test_probability_is_safe_for_any_size_of_log_odds(log_odds: float, expected: float) -> None:
    assert probability(log_odds) == pytest.approx(expected)


def test_probability_is_the_logistic_function() -> None:
    assert probability(math.log(3)) == pytest.approx(0.75)
    assert probability(-math.log(3)) == pytest.approx(0.25)


# Judging candidates


def test_judge_orders_candidates_by_their_ranking_score() -> None:
    model = hand_made(ranking=Linear.of({"coverage": 1.0}, 0.0, FEATURE_NAMES), min_coverage=0.0)

    judgement = model.judge(rows({"coverage": 0.2}, {"coverage": 0.9}, {"coverage": 0.5}))

    assert judgement.order.tolist() == [1, 2, 0]
    assert judgement.scores.tolist() == pytest.approx([0.9, 0.5, 0.2])


def test_judge_decides_on_the_first_by_its_score_and_its_lead_over_the_second() -> None:
    model = hand_made(
        ranking=Linear.of({"coverage": 2.0}, 0.0, FEATURE_NAMES),
        decision=Linear.of({"ranking_score": 1.0, "ranking_margin": 1.0}, -1.0, DECISION_NAMES),
        min_coverage=0.0,
    )

    judgement = model.judge(rows({"coverage": 0.5}, {"coverage": 1.0}))

    # score 2.0, lead 1.0 over the second: log-odds 2 + 1 - 1
    assert judgement.probability == pytest.approx(probability(2.0))


def test_a_single_candidate_leads_by_the_single_margin() -> None:
    model = hand_made(
        decision=Linear.of({"ranking_margin": 1.0}, -SINGLE_MARGIN, DECISION_NAMES),
        min_coverage=0.0,
    )

    assert model.judge(rows({"coverage": 1.0})).probability == pytest.approx(0.5)


def test_a_best_candidate_below_min_coverage_is_refused_whatever_the_decision_says() -> None:
    model = hand_made(
        ranking=Linear.of({"focus": 1.0}, 0.0, FEATURE_NAMES),
        decision=Linear.of({}, 100.0, DECISION_NAMES),
        min_coverage=0.5,
    )
    # The model ranks the focused one first, though the other covers more.
    candidates = rows({"coverage": 0.3, "focus": 1.0}, {"coverage": 0.9, "focus": 0.0})

    judgement = model.judge(candidates)

    assert judgement.order.tolist() == [0, 1]
    assert judgement.probability == 0.0


def test_a_best_candidate_at_min_coverage_is_decided_by_the_model() -> None:
    model = hand_made(decision=Linear.of({}, 100.0, DECISION_NAMES), min_coverage=0.5)

    assert model.judge(rows({"coverage": 0.5})).probability == pytest.approx(1.0)


# The shipped models


def test_the_model_for_answering_without_an_encoder_ships_with_the_package() -> None:
    model = shipped_model("off")

    assert model.encoder == "off"
    assert 0 <= model.refuse_below <= model.sure_from <= 1
    assert model.ranking.weights.shape == (len(FEATURE_NAMES),)
    assert model.decision.weights.shape == (len(DECISION_NAMES),)
    assert AnswerModel.from_json(model.to_json()).about == model.about


def test_a_setting_without_a_shipped_model_raises_model_error() -> None:
    with pytest.raises(ModelError, match="nonexistent"):
        shipped_model("nonexistent")


def test_without_an_encoder_the_off_model_answers() -> None:
    model, off = model_for(None), shipped_model("off")

    assert model.encoder == "off"
    np.testing.assert_array_equal(model.ranking.weights, off.ranking.weights)
    np.testing.assert_array_equal(model.decision.weights, off.decision.weights)
    assert (model.refuse_below, model.sure_from) == (off.refuse_below, off.sure_from)
