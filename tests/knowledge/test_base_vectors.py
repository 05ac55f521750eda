"""The knowledge base's vector build: a reload answers lexically at once, the encoder's vectors
join when they are built, a later reload's articles win, and a failing encoder costs
nothing but the encoder."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from knowledge import KnowledgeBase
from knowledge import base as knowledge_base
from knowledge.model import shipped_model
from tests.knowledge.conftest import ArticleFolder
from tests.knowledge.test_semantic import BagOfWordsEncoder

QUESTION = "Welche Werft baut das Schiff?"
WAIT = 30.0
"""Seconds a test waits for a build that should take milliseconds: only a hang reaches it."""


@pytest.fixture(autouse=True)
def off_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the build, not the model: the bundled encoder's model
    (`ranker-bundled.json`) need not ship yet, so every encoder gets the lexical one."""
    monkeypatch.setattr(knowledge_base, "model_for", lambda encoder: shipped_model("off"))


@pytest.fixture
def werft(seeds: ArticleFolder) -> ArticleFolder:
    seeds.write("werft.txt", "Die Werft in Kiel baut das Schiff. Es wird im Mai fertig.")
    return seeds


class GatedEncoder(BagOfWordsEncoder):
    """Encodes passages only once `gate` is open, telling `entered` when a call waits."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.encoded: list[list[str]] = []

    def passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.entered.set()
        assert self.gate.wait(WAIT), "the test never opened the gate"
        self.encoded.append(list(texts))
        return super().passages(texts)


class BrokenEncoder(BagOfWordsEncoder):
    def passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        raise RuntimeError("the encoder broke")


def vectors_dir(tmp_path: Path) -> Path:
    return tmp_path / "vectors"


def test_the_encoders_vectors_join_once_built_and_the_base_still_answers(
    werft: ArticleFolder, tmp_path: Path
) -> None:
    knowledge = KnowledgeBase(
        werft.path, encoder=BagOfWordsEncoder(), vectors_dir=vectors_dir(tmp_path)
    )

    assert knowledge.reload().applied
    assert knowledge.wait_for_vectors(timeout=WAIT)

    assert knowledge.semantic
    hits = knowledge.search(QUESTION)
    assert hits and hits[0].sentence.text == "Die Werft in Kiel baut das Schiff."
    assert any(vectors_dir(tmp_path).rglob("vectors.bin")), "cached on disk"


def test_a_reload_answers_lexically_before_the_vectors_are_built(
    werft: ArticleFolder, tmp_path: Path
) -> None:
    encoder = GatedEncoder()
    knowledge = KnowledgeBase(werft.path, encoder=encoder, vectors_dir=vectors_dir(tmp_path))
    try:
        knowledge.reload()
        assert encoder.entered.wait(WAIT)

        assert not knowledge.semantic
        assert not knowledge.wait_for_vectors(timeout=0)
        assert knowledge.search(QUESTION), "answers meanwhile"
    finally:
        encoder.gate.set()
    assert knowledge.wait_for_vectors(timeout=WAIT)
    assert knowledge.semantic


def test_without_a_vectors_folder_the_encoder_is_not_used(werft: ArticleFolder) -> None:
    encoder = GatedEncoder()
    encoder.gate.set()
    knowledge = KnowledgeBase(werft.path, encoder=encoder)

    knowledge.reload()

    assert knowledge.wait_for_vectors(timeout=0)
    assert not knowledge.semantic
    assert encoder.encoded == []
    assert knowledge.search(QUESTION)


def test_without_an_encoder_there_are_no_vectors(werft: ArticleFolder, tmp_path: Path) -> None:
    knowledge = KnowledgeBase(werft.path, vectors_dir=vectors_dir(tmp_path))

    knowledge.reload()

    assert knowledge.wait_for_vectors(timeout=0)
    assert not knowledge.semantic
    assert not vectors_dir(tmp_path).exists()
    assert knowledge.search(QUESTION)


def test_a_reload_during_a_build_ends_with_the_new_articles_vectors(
    werft: ArticleFolder, tmp_path: Path
) -> None:
    encoder = GatedEncoder()
    knowledge = KnowledgeBase(werft.path, encoder=encoder, vectors_dir=vectors_dir(tmp_path))
    new_texts = ["Der Hafen wächst.", "Neue Kräne kommen aus Rotterdam.", "Die Werft baut mit."]
    try:
        knowledge.reload()
        assert encoder.entered.wait(WAIT), "the first build is under way"
        (werft.path / "werft.txt").unlink()
        werft.write("hafen.txt", "Der Hafen wächst. Neue Kräne kommen aus Rotterdam.", new_texts[2])
        assert knowledge.reload().applied
    finally:
        encoder.gate.set()

    assert knowledge.wait_for_vectors(timeout=WAIT)

    assert knowledge.semantic
    assert [s.text for s in knowledge._current.index.sentences] == new_texts
    semantics = knowledge._current.answerer.semantics  # the vectors answers use now
    assert semantics is not None
    expected = encoder.passages(new_texts).astype(np.float16).astype(np.float32)
    np.testing.assert_allclose(semantics.vectors.sentences, expected, atol=1e-3)
    assert knowledge.search("Woher kommen die Kräne?")


def test_a_failing_encoder_leaves_the_base_answering_lexically(
    werft: ArticleFolder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    knowledge = KnowledgeBase(
        werft.path, encoder=BrokenEncoder(), vectors_dir=vectors_dir(tmp_path)
    )

    with caplog.at_level(logging.ERROR, logger="knowledge.base"):
        assert knowledge.reload().applied
        assert knowledge.wait_for_vectors(timeout=WAIT), "the failed build ends the wait"

    assert not knowledge.semantic
    hits = knowledge.search(QUESTION)
    assert hits and hits[0].sentence.text == "Die Werft in Kiel baut das Schiff."
    assert any("sentence vectors failed" in r.getMessage() for r in caplog.records)
