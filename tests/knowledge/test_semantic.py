"""Sentence vectors: unit vectors, context vectors that stay inside their article, and the
question's closest sentences, best first."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pytest

from knowledge.features import SIMILARITY_RANKS
from knowledge.semantic import NEIGHBOUR_SHARE, SentenceVectors


class BagOfWordsEncoder:
    """A fake encoder for tests: the normalised, hashed bag of a text's lower-cased words,
    with `meanings` mapping a word to the word it means (so `hinausgeworfen` can mean
    `ausschluss` where no letter says so). Deterministic, and fast."""

    def __init__(
        self, meanings: Mapping[str, str] | None = None, *, dim: int = 512, name: str = "bag-1"
    ) -> None:
        self.meanings = dict(meanings or {})
        self.dim = dim
        self.name = name

    def vector(self, text: str) -> npt.NDArray[np.float32]:
        row = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            word = self.meanings.get(word, word)
            row[
                int.from_bytes(hashlib.sha256(word.encode()).digest()[:4], "little") % self.dim
            ] += 1
        length = np.linalg.norm(row)
        return row / length if length else row

    def queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self.passages(texts)

    def passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for number, text in enumerate(texts):
            rows[number] = self.vector(text)
        return rows


def basis(dim: int, *axes: int) -> npt.NDArray[np.float32]:
    """One row per axis: the unit vector along it."""
    return np.eye(dim, dtype=np.float32)[list(axes)]


def context_matrix(vectors: SentenceVectors) -> npt.NDArray[np.float32]:
    """The context vectors as rows: their cosines with each unit axis, as a question scores."""
    columns = [
        vectors.contexts(np.ascontiguousarray(vectors.sentences[:, axis]))
        for axis in range(vectors.sentences.shape[1])
    ]
    return np.stack(columns, axis=1)


def vectors_of(
    sentences: npt.ArrayLike, article_of: Sequence[int], titles: int = 1
) -> SentenceVectors:
    rows = np.asarray(sentences, dtype=np.float32)
    return SentenceVectors.of(
        rows, np.ones((titles, rows.shape[1]), np.float32), np.asarray(article_of, np.int32)
    )


def test_sentence_and_title_vectors_are_made_unit_length() -> None:
    vectors = SentenceVectors.of(
        np.array([[3.0, 4.0], [0.0, 2.0]]),
        np.array([[0.0, 5.0]]),
        np.array([0, 0], dtype=np.int32),
    )

    np.testing.assert_allclose(vectors.sentences, [[0.6, 0.8], [0.0, 1.0]], rtol=1e-6)
    np.testing.assert_allclose(vectors.titles, [[0.0, 1.0]], rtol=1e-6)
    np.testing.assert_allclose(
        np.linalg.norm(context_matrix(vectors), axis=1), [1.0, 1.0], rtol=1e-6
    )
    assert vectors.sentences.dtype == np.float32
    assert len(vectors) == 2


def test_a_zero_vector_stays_zero() -> None:
    vectors = vectors_of([[0.0, 0.0], [1.0, 0.0]], [0, 1], titles=2)

    assert vectors.sentences[0].tolist() == [0.0, 0.0]
    assert np.all(np.isfinite(context_matrix(vectors)))


def test_a_context_vector_mixes_in_the_sentences_before_and_after_it() -> None:
    vectors = vectors_of(basis(3, 0, 1, 2), [0, 0, 0])

    middle = context_matrix(vectors)[1]
    expected = np.array([NEIGHBOUR_SHARE, 1.0, NEIGHBOUR_SHARE])
    np.testing.assert_allclose(middle, expected / np.linalg.norm(expected), rtol=1e-6)
    first = np.array([1.0, NEIGHBOUR_SHARE, 0.0])
    np.testing.assert_allclose(context_matrix(vectors)[0], first / np.linalg.norm(first), rtol=1e-6)


def test_a_context_never_includes_a_sentence_of_another_article() -> None:
    # Articles 0, 0, 1, 2, 2: each sentence its own axis.
    vectors = vectors_of(basis(5, 0, 1, 2, 3, 4), [0, 0, 1, 2, 2], titles=3)

    contexts = context_matrix(vectors)
    assert contexts[1, 2] == 0 and contexts[2, 1] == 0, "across the first border"
    assert contexts[2, 3] == 0 and contexts[3, 2] == 0, "across the second border"
    np.testing.assert_allclose(contexts[2], [0, 0, 1, 0, 0], err_msg="alone in its article")
    assert contexts[0, 1] > 0 and contexts[3, 4] > 0, "within an article they mix"


def test_sentences_of_interleaved_articles_never_mix_across_articles() -> None:
    vectors = vectors_of(basis(4, 0, 1, 2, 3), [0, 1, 0, 1], titles=2)

    np.testing.assert_allclose(context_matrix(vectors), basis(4, 0, 1, 2, 3))


def test_similarities_rank_the_closest_sentences_first_and_at_most_the_rank_limit() -> None:
    rng = np.random.default_rng(7)
    count = SIMILARITY_RANKS + 5
    vectors = vectors_of(rng.normal(size=(count, 6)), [0] * count)
    question = SentenceVectors.of(rng.normal(size=(1, 6)), np.ones((1, 6)), np.zeros(1, np.int32))
    unit = question.sentences[0]

    similarities = vectors.similarities(unit)

    cosines = vectors.sentences @ unit
    assert len(similarities.ranked) == SIMILARITY_RANKS
    assert list(similarities.ranked) == np.argsort(-cosines)[:SIMILARITY_RANKS].tolist()
    np.testing.assert_allclose(similarities.sentences, cosines, rtol=1e-6)
    np.testing.assert_allclose(
        similarities.contexts, context_matrix(vectors) @ unit, rtol=1e-6, atol=1e-6
    )
    np.testing.assert_allclose(similarities.titles, vectors.titles @ unit, rtol=1e-6)


@pytest.mark.parametrize("count", [1, 3, SIMILARITY_RANKS])
def test_similarities_rank_every_sentence_when_there_are_few(count: int) -> None:
    encoder = BagOfWordsEncoder()
    texts = [f"Satz {'lang ' * number}Nummer {number}" for number in range(count)]
    vectors = SentenceVectors.of(
        encoder.passages(texts), encoder.passages(["Titel"]), np.zeros(count, np.int32)
    )

    similarities = vectors.similarities(encoder.queries([texts[-1]])[0])

    assert sorted(similarities.ranked) == list(range(count))
    assert similarities.ranked[0] == count - 1, "the sentence itself is closest"


def test_similarities_of_no_sentences_rank_none() -> None:
    vectors = SentenceVectors.of(np.zeros((0, 4)), np.zeros((0, 4)), np.zeros(0, np.int32))

    similarities = vectors.similarities(np.array([1, 0, 0, 0], np.float32))

    assert similarities.ranked == ()
    assert len(similarities.sentences) == 0


def test_the_fake_encoder_puts_a_meaning_close_to_its_other_words() -> None:
    """The fake encoder the answerer tests rely on: `meanings` joins words no letter joins."""
    encoder = BagOfWordsEncoder({"hinausgeworfen": "parteiausschluss"})
    question, answer, other = encoder.passages(
        ["hinausgeworfen", "Der Parteiausschluss kam", "Der Regen kam"]
    )

    assert question @ answer > question @ other
    np.testing.assert_allclose(np.linalg.norm(answer), 1.0, rtol=1e-6)
